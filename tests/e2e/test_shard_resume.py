"""One shard's gateway connection drops while members answer; it RESUMEs and the bot keeps
answering on it, the other shard never notices, and nothing is posted or answered twice."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import time, timedelta

import pytest
from fakediscord import FakeDiscord
from fakediscord.shards import ShardedGateway, drop_shard, shard_of, use_shards

from bot.model import GuildSetup
from bot.settings import Settings

from .studybot_harness import MovableClock, Studybot, reply_for
from .test_daily import NINE_SHANGHAI, dailies, daily_cog
from .test_faults import graded

SHARDS = 2


@pytest.fixture
async def fake_discord() -> AsyncIterator[FakeDiscord]:
    """The fake Discord serving two shards, with a second guild on the shard the first is not on."""
    fake = FakeDiscord()
    use_shards(fake, SHARDS)
    other = fake.world.add_guild("Group B")
    while shard_of(other.id, SHARDS) == shard_of(fake.guild.id, SHARDS):  # left unconfigured
        other = fake.world.add_guild("Group B")
    fake.world.add_channel(other, "study")
    for user in (fake.alice, fake.bob):
        fake.world.add_member(other, user)
    await fake.start()
    try:
        yield fake
    finally:
        await fake.stop()
    assert not fake.unknown_routes, fake.unknown_routes


def sharded(studybot: Studybot) -> None:
    """Run the harness's bot as one process holding both shards (an AutoShardedBot)."""
    plain = studybot.settings

    def settings() -> Settings:
        return replace(plain(), shard_count=SHARDS, shard_ids=tuple(range(SHARDS)))

    studybot.settings = settings  # type: ignore[method-assign]


async def test_a_dropped_shard_resumes_and_keeps_answering_without_posting_twice(
    fake_discord: FakeDiscord, studybot: Studybot, clock: MovableClock
) -> None:
    fake = fake_discord
    gateway = fake.gateway
    assert isinstance(gateway, ShardedGateway)
    channel_b = next(c for c in fake.world.channels.values() if c.name == "study")
    guild_b = fake.world.guilds[channel_b.guild_id]
    sharded(studybot)
    studybot.dev_guild = False  # commands for every guild, not only the first
    await studybot.start()
    service = studybot.service
    assert service is not None
    await fake.wait_until(lambda: all(gateway.shard_connected(s) for s in range(SHARDS)), explain="shards")
    for guild_id, channel_id in ((fake.guild.id, fake.general.id), (guild_b.id, channel_b.id)):
        await service.setup_guild(GuildSetup(guild_id, channel_id, time(9, 0), "Asia/Shanghai"))
    clock.set(NINE_SHANGHAI + timedelta(minutes=1))
    both_posted = lambda: len(dailies(fake)) == 1 and len(dailies(fake, channel_b)) == 1  # noqa: E731
    await fake.wait_until(both_posted, explain="the two daily posts")
    daily = await service.today(fake.guild.id)
    assert daily is not None
    qid = daily.question.id

    dropped, other = shard_of(fake.guild.id, SHARDS), shard_of(guild_b.id, SHARDS)
    identifies, kept = gateway.identify_count, gateway.sessions[other].session_id
    await drop_shard(gateway, dropped)
    # Sent while the shard is away: Discord keeps it and replays it on RESUME.
    during = await fake.send_slash("answer", {"text": reply_for(qid, "partial")}, user=fake.alice)
    resumed = lambda: gateway.resume_count >= 1 and gateway.shard_connected(dropped)  # noqa: E731
    await fake.wait_until(resumed, explain="the dropped shard resumed")
    after = await fake.send_slash("answer", {"text": reply_for(qid, "correct")}, user=fake.bob)
    assert (await graded(during))["title"].startswith("🟡")
    assert (await graded(after))["title"].startswith("✅")
    b_daily = await service.today(guild_b.id)
    assert b_daily is not None
    on_b = await fake.send_slash(
        "answer", {"text": reply_for(b_daily.question.id, "correct")}, user=fake.alice, channel=channel_b
    )
    assert (await graded(on_b))["title"].startswith("✅")

    assert gateway.identify_count == identifies  # resumed, not identified again
    assert gateway.sessions[other].session_id == kept and gateway.shard_connected(other)
    for handle in (during, after, on_b):
        assert len(fake.requests_to("POST", f"/interactions/{handle.id}/{handle.token}/callback")) == 1
    assert await daily_cog(studybot).post_due() == []  # a later round posts nothing again
    assert len(dailies(fake)) == 1 and len(dailies(fake, channel_b)) == 1
    for user, points in ((fake.alice, 5), (fake.bob, 10)):
        stats = await service.store.user_stats(fake.guild.id, user.id)
        assert (stats.answered, stats.points) == (1, points)
    assert not fake.bot_errors
