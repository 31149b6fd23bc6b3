"""`run_bot` over its life: waiting for the network, a graceful stop, no voice warnings."""

from __future__ import annotations

import asyncio
import logging
import re
import socket
from pathlib import Path

import discord
import pytest
from fakediscord import FakeDiscord

from bot.discord import app
from bot.discord.app import create_bot, run_bot
from bot.settings import Settings

from .studybot_harness import Studybot, run_setup
from .test_run import restore_endpoints, settings_for  # noqa: F401  (fixture)


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # nothing listens there once the socket is closed


class LogLineCounter(logging.Handler):
    """Sets `seen` once `count` log records containing `text` have been emitted (on the loop's thread)."""

    def __init__(self, text: str, count: int) -> None:
        super().__init__(logging.INFO)
        self.text, self.left, self.seen = text, count, asyncio.Event()

    def emit(self, record: logging.LogRecord) -> None:
        if self.text in record.getMessage():
            self.left -= 1
            if self.left <= 0:
                self.seen.set()


async def test_no_network_at_start_retries_with_growing_pauses_until_stopped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(app, "FIRST_RETRY_SECONDS", 0.05)
    monkeypatch.setattr(app, "MAX_RETRY_SECONDS", 0.2)
    settings = Settings(
        token="fake-token-0123456789",
        db_path=tmp_path / "s.db",
        bank_paths=(Path(__file__).resolve().parents[2] / "questions",),
        api_base_url=f"http://127.0.0.1:{closed_port()}",
    )
    stop = asyncio.Event()
    fifth_try = LogLineCounter("cannot reach Discord", count=5)
    logging.getLogger().addHandler(fifth_try)
    try:
        with caplog.at_level(logging.INFO):
            run = asyncio.create_task(run_bot(settings, stop))
            await asyncio.wait_for(fifth_try.seen.wait(), 120)  # a hang guard, not a pace
            stop.set()
            code = await asyncio.wait_for(run, 60)
    finally:
        logging.getLogger().removeHandler(fifth_try)
    assert code == 0
    tries = [r.getMessage() for r in caplog.records if "cannot reach Discord" in r.getMessage()]
    assert len(tries) >= 5, caplog.text
    assert all("\n" not in line for line in tries)  # one line per try, no traceback
    assert not any(r.exc_info for r in caplog.records)
    pauses = [float(re.search(r"next in ([\d.]+) s", line).group(1)) for line in tries]  # type: ignore[union-attr]
    assert pauses[:3] == sorted(pauses[:3]) and pauses[0] < pauses[2] and max(pauses) <= 0.2


async def test_a_stop_signal_ends_the_run_with_0(fake_discord: FakeDiscord, tmp_path: Path) -> None:
    stop = asyncio.Event()
    run = asyncio.create_task(run_bot(settings_for(fake_discord, tmp_path, fake_discord.token), stop))
    await fake_discord.wait_until(lambda: fake_discord.world.commands.sync_count > 0, 20, "no sync")
    stop.set()
    assert await asyncio.wait_for(run, 20) == 0


async def test_stopping_refuses_new_commands_and_lets_answers_in_flight_finish(
    fake_discord: FakeDiscord, studybot: Studybot
) -> None:
    bot = await studybot.start()
    await run_setup(fake_discord)
    assert studybot.service is not None
    release, grading = asyncio.Event(), asyncio.Event()
    answer = studybot.service.answer

    async def slow_answer(*args: object, **kwargs: object) -> object:
        grading.set()
        await release.wait()  # an answer still being graded when the stop comes
        return await answer(*args, **kwargs)  # type: ignore[arg-type]

    studybot.service.answer = slow_answer  # type: ignore[method-assign]
    in_flight = await fake_discord.send_slash("answer", {"text": "a transformer"}, user=fake_discord.bob)
    await asyncio.wait_for(grading.wait(), 5)
    assert bot.in_flight()
    shutdown = asyncio.create_task(bot.shutdown(grace=10))
    await fake_discord.wait_until(lambda: bot.stopping, 5, "the stop")
    late = await fake_discord.send_slash("score", {}, user=fake_discord.alice)
    assert "restarting" in (await late.response()).content
    assert not shutdown.done()  # still waiting for the answer in flight
    release.set()
    await asyncio.wait_for(shutdown, 10)
    graded = await in_flight.original(where=lambda m: bool(m.get("embeds")), timeout=1)
    assert graded["embeds"]  # the answer in flight got its graded reply before the bot closed
    studybot.bot = None


async def test_no_voice_warnings_at_start(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, studybot: Studybot
) -> None:
    # discord.py warns once per process; make this construction the first one.
    monkeypatch.setattr(discord.VoiceClient, "warn_nacl", True)
    monkeypatch.setattr(discord.VoiceClient, "warn_dave", True)
    assert studybot.service is None
    with caplog.at_level(logging.WARNING):
        create_bot(studybot.settings(), object())  # type: ignore[arg-type]
    assert "voice" not in caplog.text
