"""A shard process that starts closes only its own servers' interrupted quizzes."""

from __future__ import annotations

from datetime import time

from service_helpers import Factory

from bot.model import GuildSetup


async def test_a_starting_shard_leaves_the_other_shards_running_quizzes_alone(make_service: Factory) -> None:
    running = await make_service()  # the process of guild 3's shard, with its quiz running
    await running.setup_guild(GuildSetup(guild_id=3, channel_id=30, post_time=time(9, 0), timezone="UTC"))
    await running.begin_quiz(3, 30, count=2)
    stopped = await make_service()  # guild 2's quiz, left by a process that stopped
    await stopped.setup_guild(GuildSetup(guild_id=2, channel_id=20, post_time=time(9, 0), timezone="UTC"))
    await stopped.begin_quiz(2, 20, count=2)

    starting = await make_service()  # guild 2's shard process starting again
    closed = await starting.close_interrupted_quizzes(owns=lambda guild: guild == 2)
    assert [(v.guild_id, v.channel_id) for v in closed] == [(2, 20)]
    assert [(r.guild_id, r.channel_id) for r in await starting.store.quiz_runs()] == [(3, 30)]
    assert running.quiz(3, 30) is not None
