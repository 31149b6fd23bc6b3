"""`run_bot` on PostgreSQL never logs the database password."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from pathlib import Path

import pytest
from fakediscord import FakeDiscord
from pgcluster import Cluster

from bot.discord.app import run_bot
from bot.settings import Settings

from .studybot_harness import write_bank
from .test_run import restore_endpoints  # noqa: F401  (undoes run_bot's endpoint change)

PASSWORD = "Sekr3t-Passw0rd-x9"  # the throwaway cluster trusts local users and ignores it


async def test_the_database_password_never_reaches_the_log(
    fake_discord: FakeDiscord, pg_cluster: Cluster, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    schema = "run_secrets"
    pg_cluster.psql(f"DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}")
    settings = Settings(
        token=fake_discord.token,
        db_path=pg_cluster.url(password=PASSWORD, search_path=schema),
        bank_paths=(write_bank(tmp_path / "banks"),),
        api_base_url=fake_discord.api_base,
        dev_guild_id=fake_discord.guild.id,
    )
    with caplog.at_level(logging.INFO):
        task = asyncio.create_task(run_bot(settings))
        try:
            await fake_discord.wait_until(lambda: fake_discord.world.commands.sync_count > 0, 10, "no sync")
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
    assert "database: postgresql://postgres:***@" in caplog.text
    assert PASSWORD not in caplog.text
