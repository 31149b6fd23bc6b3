"""Shard routing and the shard settings."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.bank.holder import BankHolder
from bot.bank.model import Library
from bot.discord.shards import owns_guild, shard_of
from bot.service import StudyService
from bot.settings import SettingsError, load_settings
from bot.store import Store


def test_discord_formula_on_a_known_snowflake() -> None:
    # 41771983423143937 >> 22 == 9959243802
    assert shard_of(41771983423143937, 1) == 0
    assert shard_of(41771983423143937, 4) == 9959243802 % 4 == 2


@given(st.integers(min_value=0, max_value=2**63 - 1), st.integers(min_value=1, max_value=64))
def test_every_guild_belongs_to_exactly_one_process(guild_id: int, count: int) -> None:
    halves = (tuple(range(0, count, 2)), tuple(range(1, count, 2)))
    assert sum(owns_guild(guild_id, count, ids) for ids in halves) == 1
    assert owns_guild(guild_id, None, None)


def test_shard_settings_are_checked() -> None:
    s = load_settings(env={"STUDYBOT_SHARD_COUNT": "4", "STUDYBOT_SHARD_IDS": "0, 1"}, dotenv_path=None)
    assert (s.shard_count, s.shard_ids) == (4, (0, 1))
    for env, problem in (
        ({"STUDYBOT_SHARD_IDS": "0"}, "total number"),
        ({"STUDYBOT_SHARD_COUNT": "2", "STUDYBOT_SHARD_IDS": "1,2"}, "do not exist"),
        ({"STUDYBOT_SHARD_COUNT": "0"}, "number of shards"),
        ({"STUDYBOT_SHARD_COUNT": "2", "STUDYBOT_SHARD_IDS": "1,1"}, "twice"),
        ({"STUDYBOT_SHARD_COUNT": "2", "STUDYBOT_SHARD_IDS": "a"}, "shard numbers"),
    ):
        with pytest.raises(SettingsError, match=problem):
            load_settings(env=env, dotenv_path=None)


async def test_sharded_bot_runs_the_given_shards() -> None:
    from bot.discord.app import ShardedStudyBot, StudyBot, create_bot

    settings = load_settings(env={"STUDYBOT_SHARD_COUNT": "4", "STUDYBOT_SHARD_IDS": "1,3"}, dotenv_path=None)
    async with Store.open(":memory:") as store:
        service = StudyService(BankHolder.of(Library()), store, lambda: datetime(2026, 3, 2, tzinfo=UTC))
        bot = create_bot(settings, service)
        assert isinstance(bot, ShardedStudyBot)
        assert (bot.shard_count, bot.shard_ids) == (4, [1, 3])
        assert [g for g in range(8) if bot.owns_guild(g << 22)] == [1, 3, 5, 7]
        plain = create_bot(load_settings(env={}, dotenv_path=None), service)
        assert type(plain) is StudyBot and plain.owns_guild(12345)
