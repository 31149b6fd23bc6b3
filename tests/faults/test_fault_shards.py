"""Bot processes running different shards of one bot against one PostgreSQL database.

The fake Discord serves two shards (tests/fakediscord/shards.py). Process A runs shard 0, process
B shard 1, and process C is misconfigured with shard 0 as well. Every guild's daily question is
posted exactly once, by a process holding its shard; C is refused at start (A holds shard 0's
lease) with a message naming the shard; answers reaching A and B are scored exactly once;
restarting A (its lease given back as it stops) leaves B's session and B's guilds alone and posts
nothing again.
"""

from __future__ import annotations

import asyncio
import sys
from datetime import UTC, datetime, time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))  # the fake Discord lives with the e2e tests

from bot_process import BotProcess  # noqa: E402
from fakediscord import FakeDiscord  # noqa: E402
from fakediscord.shards import ShardedGateway, shard_of, use_shards  # noqa: E402
from pgcluster import Cluster  # noqa: E402
from test_fault_bot_sigkill import START_TIMEOUT, midday_zone  # noqa: E402

from bot.model import GuildSetup  # noqa: E402
from bot.store import Store  # noqa: E402

SHARDS = 2
GUILDS_PER_SHARD = 2


def build_world(fake: FakeDiscord) -> dict[int, int]:
    """Guilds until each shard has GUILDS_PER_SHARD; guild id -> its channel id."""
    channels = {fake.guild.id: fake.general.id}
    for n in range(40):
        by_shard = [sum(1 for g in channels if shard_of(g, SHARDS) == s) for s in range(SHARDS)]
        if min(by_shard) >= GUILDS_PER_SHARD:
            return channels
        guild = fake.world.add_guild(f"Group {n}")
        if by_shard[shard_of(guild.id, SHARDS)] >= GUILDS_PER_SHARD:
            fake.world.ids.next()  # skip an id so the next guild lands on the other shard
        channels[guild.id] = fake.world.add_channel(guild, "study").id
    raise AssertionError(f"could not spread guilds over the shards: {channels}")


def channel_posts(fake: FakeDiscord, channel_id: int) -> int:
    return sum(1 for r in fake.requests_to("POST", f"/channels/{channel_id}/messages") if r.status == 200)


async def posted(url: str) -> dict[int, int]:
    async with Store.open(url) as store:
        rows = await store._select(
            "SELECT guild_id, COUNT(*) FROM dailies WHERE message_id IS NOT NULL GROUP BY guild_id"
        )
    return {int(g): int(n) for g, n in rows}


@pytest.mark.timeout(400)
async def test_shard_processes_post_once_and_score_exactly(pg_cluster: Cluster, tmp_path: Path) -> None:
    fake = FakeDiscord()
    gateway = use_shards(fake, SHARDS)
    channels = build_world(fake)
    students = [fake.world.add_user(f"student{i}") for i in range(6)]
    for guild_id in channels:
        for user in students:
            fake.world.add_member(fake.world.guilds[guild_id], user)
    await fake.start()
    pg_cluster.psql("DROP SCHEMA IF EXISTS shards CASCADE; CREATE SCHEMA shards")
    url = pg_cluster.url(search_path="shards")
    zone = midday_zone(datetime.now(UTC))
    async with Store.open(url) as store:
        for guild_id, channel_id in channels.items():
            await store.save_guild(GuildSetup(guild_id, channel_id, time(0, 0), zone))

    def start(name: str, shard_ids: str) -> BotProcess:
        env = {"STUDYBOT_SHARD_COUNT": str(SHARDS), "STUDYBOT_SHARD_IDS": shard_ids}
        return BotProcess(fake.api_base, url, tmp_path / name, name, env)

    bots: list[BotProcess] = []
    try:
        bots += [start("a", "0"), start("b", "1")]
        a, _b = bots
        await a.wait_for(
            lambda: gateway.shard_connected(0) and gateway.shard_connected(1), START_TIMEOUT, "both shards"
        )
        c = start("c", "0")  # misconfigured: shard 0 again
        assert c.proc.wait(timeout=START_TIMEOUT) == 2, c.log()
        assert "Shard 0 is already run by another process" in c.log(), c.log()
        assert "lease expires in" in c.log(), c.log()
        everywhere = set(channels)
        deadline = asyncio.get_running_loop().time() + START_TIMEOUT
        while set(await posted(url)) != everywhere:
            assert all(p.alive for p in bots), "\n".join(p.log() for p in bots)
            assert asyncio.get_running_loop().time() < deadline, f"posted: {await posted(url)}"
            await asyncio.sleep(0.2)

        # Answers reaching both processes: one guild of each shard, every student.
        by_shard = {shard_of(g, SHARDS): g for g in channels}
        handles = []
        for guild_id in by_shard.values():
            guild = fake.world.guilds[guild_id]
            channel = fake.world.channels[channels[guild_id]]
            for user in students:
                handles.append(
                    fake.send_slash("answer", {"text": "attention weights"}, user=user, channel=channel)
                )
                assert guild.id == channel.guild_id
        sent = await asyncio.gather(*handles)
        await fake.wait_until(lambda: all(h.callback is not None for h in sent), 60, "answers acknowledged")
        await asyncio.sleep(1.0)

        # Restart A: B keeps its session, nothing is posted again.
        b_session = gateway.sessions[1].session_id
        assert a.interrupt() in (0, 130), a.log()
        again = start("a2", "0")
        bots.append(again)
        await again.wait_for(lambda: "connected as" in again.log(20_000), START_TIMEOUT, "the restart")
        await asyncio.sleep(2.0)  # a posting round would have run by now
        assert gateway.sessions[1].session_id == b_session
    finally:
        for bot in bots:
            bot.stop()
        await fake.stop()

    for guild_id, channel_id in channels.items():
        assert channel_posts(fake, channel_id) == 1, (guild_id, channel_posts(fake, channel_id))
    assert await posted(url) == dict.fromkeys(channels, 1)
    async with Store.open(url) as store:
        for guild_id in by_shard.values():
            for user in students:
                stats = await store.user_stats(guild_id, user.id)
                assert stats.answered == 1, (guild_id, user.id, stats)
        attempts = await store._select_one(
            "SELECT COUNT(*), COUNT(DISTINCT (guild_id, user_id)) FROM attempts"
        )
    assert tuple(attempts) == (len(students) * SHARDS, len(students) * SHARDS)
    # Each process posted only for its own shard's guilds.
    for bot, shard in ((bots[0], 0), (bots[1], 1)):
        log = bot.log(100_000)
        for guild_id in channels:
            if f"guild {guild_id}: posted" in log:
                assert shard_of(guild_id, SHARDS) == shard, (bot.log_path, guild_id)
    assert isinstance(gateway, ShardedGateway)
    assert fake.unknown_routes == [], fake.unknown_routes
