"""The daily post when the bot may no longer send in its channel."""

from __future__ import annotations

from datetime import timedelta

from fakediscord import FakeDiscord, Fault

from .studybot_harness import MovableClock, Studybot, run_setup
from .test_daily import NINE_SHANGHAI, daily_cog, is_daily, is_summary


async def test_yesterdays_summary_waits_with_todays_post_while_the_bot_may_not_send(
    fake_discord: FakeDiscord, studybot: Studybot, clock: MovableClock
) -> None:
    fake = fake_discord
    await studybot.start(tick_seconds=30)  # rounds are run by hand below
    await run_setup(fake)
    clock.set(NINE_SHANGHAI + timedelta(minutes=1))
    cog = daily_cog(studybot)
    assert await cog.post_due() == [fake.guild.id]

    clock.advance(days=1)
    fake.fail("POST", f"/channels/{fake.general.id}/messages", Fault.forbidden(), times=1000)
    assert await cog.post_due() == []  # Send Messages taken away: nothing goes out

    fake.faults = type(fake.faults)()  # the permission is back; the admin re-runs /setup
    await run_setup(fake)
    assert await cog.post_due() == [fake.guild.id]
    sent = fake.messages_in(fake.general)
    assert [is_summary(m) for m in sent if is_daily(m) or is_summary(m)] == [False, True, False]


async def test_without_read_message_history_the_summary_goes_out_as_a_plain_message(
    fake_discord: FakeDiscord, studybot: Studybot, clock: MovableClock
) -> None:
    fake = fake_discord
    await studybot.start(tick_seconds=30)
    await run_setup(fake)
    clock.set(NINE_SHANGHAI + timedelta(minutes=1))
    cog = daily_cog(studybot)
    assert await cog.post_due() == [fake.guild.id]

    clock.advance(days=1)
    path = f"/channels/{fake.general.id}/messages"
    fake.fail("POST", path, Fault.forbidden())  # a reply to yesterday's post is refused once
    assert await cog.post_due() == [fake.guild.id]
    sent = [r.json for r in fake.requests_to("POST", path) if r.status == 200 and r.json]
    assert [is_summary(m) for m in sent] == [False, True, False]
    assert "message_reference" not in sent[1]  # the summary, on its own
