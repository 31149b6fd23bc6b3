"""`run_bot(settings)`: the production entry point against the fake Discord."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from discord.gateway import DiscordWebSocket
from discord.http import Route
from fakediscord import FakeDiscord

from bot.discord.app import run_bot
from bot.settings import Settings

from .studybot_harness import write_bank


@pytest.fixture(autouse=True)
def restore_endpoints() -> Iterator[None]:
    # run_bot points discord.py at the configured host for the whole process; undo it per test.
    base, gateway = Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY
    yield
    Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY = base, gateway


def settings_for(fake: FakeDiscord, tmp_path: Path, token: str) -> Settings:
    return Settings(
        token=token,
        db_path=tmp_path / "run.db",
        bank_paths=(write_bank(tmp_path / "banks"),),
        api_base_url=fake.api_base,
        dev_guild_id=fake.guild.id,
    )


async def test_runs_against_the_configured_host_and_syncs(fake_discord: FakeDiscord, tmp_path: Path) -> None:
    task = asyncio.create_task(run_bot(settings_for(fake_discord, tmp_path, fake_discord.token)))
    try:
        await fake_discord.wait_until(lambda: fake_discord.world.commands.sync_count > 0, 10, "no sync")
        assert "setup" in fake_discord.world.commands.names(fake_discord.guild.id)
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
    assert (tmp_path / "run.db").exists()


async def test_a_rejected_token_exits_1_and_never_reaches_the_log(
    fake_discord: FakeDiscord, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    wrong = "wrong-token-0123456789abcdef"
    with caplog.at_level(logging.DEBUG):
        code = await run_bot(settings_for(fake_discord, tmp_path, wrong))
    assert code == 1
    assert "rejected the token" in caplog.text
    assert all(wrong not in handler_text for handler_text in (caplog.text, str(caplog.records)))


async def test_broken_banks_exit_2_before_connecting(fake_discord: FakeDiscord, tmp_path: Path) -> None:
    settings = settings_for(fake_discord, tmp_path, fake_discord.token)
    write_bank(settings.bank_paths[0], "bank: [unclosed\n")
    assert await run_bot(settings) == 2
    assert fake_discord.requests == []
