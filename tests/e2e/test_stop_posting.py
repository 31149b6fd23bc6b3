"""A stop during a posting round finishes the post in progress and starts no other."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from fakediscord import FakeDiscord

from .studybot_harness import MovableClock, Studybot, run_setup
from .test_daily import NINE_SHANGHAI, dailies, daily_cog


async def test_a_stopping_bot_starts_no_new_post_and_posts_at_its_next_start(
    fake_discord: FakeDiscord, studybot: Studybot, clock: MovableClock
) -> None:
    await studybot.start()
    await run_setup(fake_discord)
    assert studybot.bot is not None
    studybot.bot.stopping = True  # what SIGTERM sets first
    clock.set(NINE_SHANGHAI + timedelta(minutes=1))
    assert await daily_cog(studybot).post_due() == []
    await asyncio.sleep(0.3)  # the loop's own rounds, too
    assert dailies(fake_discord) == []
    studybot.bot.stopping = False  # as a new process starts
    assert await daily_cog(studybot).post_due() == [fake_discord.guild.id]
    assert len(dailies(fake_discord)) == 1
