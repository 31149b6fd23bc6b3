"""The real bot process is stopped right after Discord created its daily post, before the bot
got the answer: with SIGTERM (docker stop, systemd) and with SIGKILL (a crash).

SIGTERM stops gracefully: the post in flight is recorded, the process exits 0, and the restarted
bot does not post again. SIGKILL leaves the post unrecorded: the restarted bot sends it again with
the same nonce, and Discord (the fake, with Discord's nonce rule) returns the first message, which
the bot then records. Either way the channel shows one daily post.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import sys
from datetime import UTC, datetime, time
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))  # the fake Discord lives with the e2e tests

from bot_process import BotProcess  # noqa: E402
from fakediscord import FakeDiscord  # noqa: E402

from bot.model import GuildSetup  # noqa: E402
from bot.store import Store  # noqa: E402

START_TIMEOUT = 60.0


def midday_zone(now: datetime) -> str:
    """A fixed-offset zone where it is about noon: 00:00 has passed and the day cannot change."""
    offset = 12 - now.hour
    if offset == 0:
        return "Etc/GMT"
    return f"Etc/GMT{'-' if offset > 0 else '+'}{abs(offset)}"


def recorded_message(db: Path) -> int | None:
    conn = sqlite3.connect(db, timeout=10)
    try:
        row = conn.execute("SELECT message_id FROM dailies").fetchone()
    finally:
        conn.close()
    return None if row is None or row[0] is None else int(row[0])


def is_daily(message: dict[str, Any]) -> bool:
    embeds = message.get("embeds") or []
    return bool(embeds) and str(embeds[0].get("title", "")).startswith("Question of the day")


def daily_posts(fake: FakeDiscord) -> list[Any]:
    return [
        r
        for r in fake.requests_to("POST", f"/channels/{fake.general.id}/messages")
        if r.json and is_daily(r.json)
    ]


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGKILL], ids=["sigterm", "sigkill"])
async def test_a_stop_right_after_the_post_never_posts_twice(tmp_path: Path, stop: signal.Signals) -> None:
    fake = FakeDiscord()
    await fake.start()
    db = tmp_path / "studybot.db"
    async with Store.open(db) as store:
        await store.save_guild(
            GuildSetup(fake.guild.id, fake.general.id, time(0, 0), midday_zone(datetime.now(UTC)))
        )
    bots: list[BotProcess] = []
    created: list[dict[str, Any]] = []

    async def stop_the_bot(message: dict[str, Any]) -> None:
        # Discord has made the message; the bot has not heard back yet.
        if is_daily(message) and not created:
            created.append(message)
            os.kill(bots[0].proc.pid, stop)
            if stop is signal.SIGKILL:
                await asyncio.to_thread(bots[0].proc.wait, 10)

    fake.nonces.after_create = stop_the_bot
    try:
        bots.append(BotProcess(fake.api_base, db, tmp_path / "run", "first"))
        first = bots[0]
        code = await asyncio.to_thread(first.proc.wait, START_TIMEOUT)
        post_id = int(created[0]["id"])
        if stop is signal.SIGTERM:
            assert code == 0, first.log()
            assert "stopping: finishing work in flight" in first.log(20_000)
            assert recorded_message(db) == post_id  # the post in flight was recorded before exit
        else:
            assert code == -signal.SIGKILL
            assert recorded_message(db) is None  # killed before it heard back

        fake.nonces.after_create = None
        bots.append(BotProcess(fake.api_base, db, tmp_path / "run", "second"))
        second = bots[1]
        await second.wait_for(lambda: "connected as" in second.log(20_000), START_TIMEOUT, "the restart")
        await second.wait_for(lambda: recorded_message(db) == post_id, 20, "the first post to be recorded")
        await asyncio.sleep(1.0)  # a posting round of the restarted bot has run by now
        assert second.interrupt() == 0, second.log()
    finally:
        for bot in bots:
            bot.stop()
        await fake.stop()

    assert len([m for m in fake.messages_in(fake.general) if is_daily(m)]) == 1
    posts = daily_posts(fake)
    assert len({p.json["nonce"] for p in posts}) == 1
    assert len(posts) == (1 if stop is signal.SIGTERM else 2)  # the killed bot's repost was absorbed
    assert recorded_message(db) == post_id
