"""`run_bot(settings)`: the production entry point against the fake Discord."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from discord.gateway import DiscordWebSocket
from discord.http import Route
from fakediscord import FakeDiscord

from bot.discord.app import run_bot
from bot.model import utc_iso
from bot.service.leases import LEASE
from bot.settings import Settings
from bot.store import Store, StoreError

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


async def test_a_second_process_for_a_running_shard_exits_2_naming_it(
    fake_discord: FakeDiscord, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    plain = settings_for(fake_discord, tmp_path, fake_discord.token)
    settings = replace(plain, shard_count=2, shard_ids=(1,))
    async with Store.open(settings.db_path) as store:  # a process elsewhere runs shard 1
        now = datetime.now(UTC)
        await store.take_shard_leases([1], "other-host:7:0a0b", utc_iso(now), utc_iso(now + LEASE))
    with caplog.at_level(logging.INFO):
        assert await run_bot(settings) == 2
    assert "Shard 1 is already run by another process (other-host:7:0a0b)" in caplog.text
    assert "its lease expires in" in caplog.text
    assert fake_discord.requests == []  # refused before connecting


async def test_a_sharded_process_gives_its_lease_back_when_it_stops(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    plain = settings_for(fake_discord, tmp_path, fake_discord.token)
    settings = replace(plain, shard_count=1, shard_ids=(0,))
    stop = asyncio.Event()
    task = asyncio.create_task(run_bot(settings, stop))
    try:
        await fake_discord.wait_until(lambda: fake_discord.world.commands.sync_count > 0, 10, "no sync")
        async with Store.open(settings.db_path) as store:
            assert [lease.shard_id for lease in await store.shard_leases([0])] == [0]
    finally:
        stop.set()
        assert await task == 0
    async with Store.open(settings.db_path) as store:
        assert await store.shard_leases([0]) == []


async def test_a_database_failing_as_the_shard_leases_are_taken_exits_2_without_a_traceback(
    fake_discord: FakeDiscord,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    plain = settings_for(fake_discord, tmp_path, fake_discord.token)
    settings = replace(plain, shard_count=2, shard_ids=(0,))

    async def away(self: Store, *args: object, **kwargs: object) -> None:
        raise StoreError("The database went away (a test).")

    monkeypatch.setattr(Store, "shard_leases", away)
    with caplog.at_level(logging.INFO):
        assert await run_bot(settings) == 2
    assert "The database went away (a test)." in caplog.text
    assert not [r for r in caplog.records if r.exc_info], caplog.text
    assert fake_discord.requests == []  # refused before connecting
