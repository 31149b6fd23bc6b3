"""Discord failing under the real bot: rate limits, server errors, lost permissions, deleted
channels and messages, a dropped gateway. Nothing stored may be lost and nothing posted twice."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import time, timedelta
from types import SimpleNamespace
from typing import Any

import discord.http
import pytest
from fakediscord import LOADING, FakeDiscord, FakeUser, Fault
from fakediscord.waiting import WAIT_SECONDS

from bot.model import GuildSetup

from .limits import sent_problems
from .studybot_harness import (
    MovableClock,
    Studybot,
    eventually,
    reply_for,
    run_setup,
)
from .test_answer import button_id
from .test_daily import NINE_SHANGHAI, dailies, daily_cog, is_daily, is_summary

POINTS = {"correct": 10, "partial": 5, "wrong": 0}


@dataclass(frozen=True)
class Stored:
    """What the database holds for one user, compared before and after a fault."""

    points: int
    answered: int
    correct: int


async def stored(studybot: Studybot, guild_id: int, user_ids: list[int]) -> dict[int, Stored]:
    out = {}
    for user_id in user_ids:
        stats = await studybot.service.store.user_stats(guild_id, user_id)
        out[user_id] = Stored(stats.points, stats.answered, stats.correct)
    return out


def daily_posts_sent(fake: FakeDiscord, channel_id: int) -> list[Any]:
    """Successful POSTs of a daily question to a channel."""
    return [
        r
        for r in fake.requests_to("POST", f"/channels/{channel_id}/messages")
        if r.status == 200 and r.json and is_daily(r.json)
    ]


async def post_first_day(fake: FakeDiscord, studybot: Studybot, clock: MovableClock) -> dict[str, Any]:
    await run_setup(fake)
    clock.set(NINE_SHANGHAI + timedelta(minutes=1))
    return await fake.wait_for_message(is_daily, channel=fake.general)


async def graded(handle: Any, timeout: float = WAIT_SECONDS) -> dict[str, Any]:
    message = await handle.original(where=lambda m: not m["flags"] & LOADING, timeout=timeout)
    return message["embeds"][0]


async def bobs_result(fake: FakeDiscord, studybot: Studybot, daily: Any) -> Any:
    """Bob's stored result for the daily question, or None."""
    return await studybot.service.store.result(fake.guild.id, fake.bob.id, daily.question.id, daily.day)


def users(fake: FakeDiscord, count: int) -> list[FakeUser]:
    made = []
    for n in range(count):
        user = fake.world.add_user(f"learner{n}")
        fake.world.add_member(fake.guild, user)
        made.append(user)
    return made


async def assert_posted_once(fake: FakeDiscord, studybot: Studybot, channel_id: int) -> None:
    """One daily message in the channel, one successful POST, and the store points at it."""
    guild_id = fake.world.channels[channel_id].guild_id
    assert guild_id is not None
    # The bot stores the message id once the POST's response is back, a little after the fake
    # has the message: wait for the stored id rather than for the daily row alone.
    daily = await eventually(lambda: _posted_daily(studybot, guild_id), what="today's daily, posted")
    posts = [m for m in fake.messages_in(channel_id) if is_daily(m)]
    assert len(posts) == 1, posts
    assert len(daily_posts_sent(fake, channel_id)) == 1
    assert daily.message_id == int(posts[0]["id"]) and daily.channel_id == channel_id


async def _posted_daily(studybot: Studybot, guild_id: int) -> Any:
    daily = await studybot.service.today(guild_id)
    return daily if daily is not None and daily.message_id is not None else None


# --- rate limits and server errors -----------------------------------------------------------


@pytest.mark.parametrize(
    ("fault", "times"),
    [
        # Longer than several loop ticks: the loop must not start a second post meanwhile.
        pytest.param(Fault.rate_limited(0.4), 2, id="429-twice"),
        pytest.param(Fault.rate_limited(0.2, is_global=True), 1, id="global-429"),
        pytest.param(Fault.server_error(), 1, id="500"),  # discord.py retries it after 1 s
    ],
)
async def test_a_429_or_500_on_the_daily_post_is_retried_and_posts_exactly_once(
    fake_discord: FakeDiscord, studybot: Studybot, clock: MovableClock, fault: Fault, times: int
) -> None:
    await studybot.start()
    await run_setup(fake_discord)
    general = fake_discord.general.id
    fake_discord.fail("POST", f"/channels/{general}/messages", fault, times=times)
    clock.set(NINE_SHANGHAI + timedelta(minutes=1))
    await fake_discord.wait_for_message(is_daily, channel=fake_discord.general, timeout=8)
    assert sum(r.status == fault.status for r in fake_discord.requests) == times
    await asyncio.sleep(0.2)  # a few more ticks of the loop: still one post
    assert await daily_cog(studybot).post_due() == []
    await assert_posted_once(fake_discord, studybot, general)
    bob = await (await fake_discord.send_slash("score", {}, user=fake_discord.bob)).response()
    assert bob.embeds  # the bot still answers, after a global limit too
    assert daily_cog(studybot).poster.is_running()
    assert not fake_discord.bot_errors


async def test_a_500_on_an_answer_reply_keeps_the_attempt(
    fake_discord: FakeDiscord, studybot: Studybot, clock: MovableClock
) -> None:
    await studybot.start()
    await post_first_day(fake_discord, studybot, clock)
    daily = await studybot.service.today(fake_discord.guild.id)
    assert daily is not None
    # The edit that fills in the deferred answer fails once; discord.py retries it.
    fake_discord.fail("PATCH", "/webhooks/*/*/messages/@original", Fault.server_error())
    handle = await fake_discord.send_slash(
        "answer", {"text": reply_for(daily.question.id, "correct")}, user=fake_discord.bob
    )
    assert (await graded(handle, timeout=8))["title"].startswith("✅")
    result = await bobs_result(fake_discord, studybot, daily)
    assert result is not None and result.attempts == 1 and result.best_points == 10


# --- lost permissions, deleted channels and messages ------------------------------------------


async def test_403_on_the_daily_post_skips_the_guild_tells_admins_and_others_still_post(
    fake_discord: FakeDiscord, studybot: Studybot, clock: MovableClock
) -> None:
    world = fake_discord.world
    other = world.add_guild("Night Owls")
    other_channel = world.add_channel(other, "daily")
    await studybot.start(tick_seconds=30)  # rounds are run by hand below: no race with the loop
    await run_setup(fake_discord)
    await studybot.service.setup_guild(GuildSetup(other.id, other_channel.id, time(9, 0), "Asia/Shanghai"))
    general = fake_discord.general.id
    fake_discord.fail("POST", f"/channels/{general}/messages", Fault.forbidden(), times=1000)

    clock.set(NINE_SHANGHAI + timedelta(minutes=1))
    cog = daily_cog(studybot)
    assert await cog.post_due() == [other.id]  # the other guild is not held up
    assert any(r.status == 403 for r in fake_discord.requests)
    assert dailies(fake_discord) == []
    assert await cog.post_due() == []  # backing off, not hammering a channel it cannot use
    assert cog.poster.is_running()

    # Admins are told what is wrong and what to do, where they look: /settings.
    shown = await (await fake_discord.send_slash("settings", {}, user=fake_discord.alice)).response()
    text = str(shown.embeds[0]).lower()
    assert "permission" in text and f"<#{general}>" in text

    # Nothing lost: once the permission is back and /setup re-run, the next round posts, once.
    fake_discord.faults = type(fake_discord.faults)()  # the permission is back
    await run_setup(fake_discord)
    assert await cog.post_due() == [fake_discord.guild.id]
    await assert_posted_once(fake_discord, studybot, general)
    await assert_posted_once(fake_discord, studybot, other_channel.id)
    assert not sent_problems(fake_discord)
    shown = await (await fake_discord.send_slash("settings", {}, user=fake_discord.alice)).response()
    assert "failed" not in str(shown.embeds[0])  # the note goes once the post went out


async def test_a_deleted_channel_is_skipped_reported_and_scores_are_kept(
    fake_discord: FakeDiscord, studybot: Studybot, clock: MovableClock
) -> None:
    learners = users(fake_discord, 3)
    await studybot.start()
    await post_first_day(fake_discord, studybot, clock)
    first = await studybot.service.today(fake_discord.guild.id)
    assert first is not None
    for user, verdict in zip(learners, ("correct", "partial", "wrong"), strict=True):
        handle = await fake_discord.send_slash(
            "answer", {"text": reply_for(first.question.id, verdict)}, user=user
        )
        await graded(handle)
    ids = [u.id for u in learners]
    before = await stored(studybot, fake_discord.guild.id, ids)
    assert [s.points for s in before.values()] == [10, 5, 0]

    fresh_admin = await fake_discord.add_channel("admins")  # somewhere to run /settings from
    await fake_discord.delete_channel(fake_discord.general)
    clock.advance(days=1)
    cog = daily_cog(studybot)
    await fake_discord.wait_until(
        lambda: fake_discord.requests_to("GET", f"/channels/{fake_discord.general.id}"),
        5,
        "the deleted channel was never tried",
    )
    assert await cog.post_due() == []
    shown = await (
        await fake_discord.send_slash("settings", {}, user=fake_discord.alice, channel=fresh_admin)
    ).response()
    assert "/setup" in str(shown.embeds[0])  # says what to do about the missing channel
    assert await stored(studybot, fake_discord.guild.id, ids) == before

    fresh = await fake_discord.add_channel("daily-2")
    values = {"channel": fresh, "time": "09:00", "timezone": "Asia/Shanghai"}
    await (
        await fake_discord.send_slash("setup", values, user=fake_discord.alice, channel=fresh_admin)
    ).response()
    await fake_discord.wait_for_message(is_daily, channel=fresh)
    await assert_posted_once(fake_discord, studybot, fresh.id)
    assert await stored(studybot, fake_discord.guild.id, ids) == before
    yesterday = await studybot.service.store.get_daily(fake_discord.guild.id, first.day)
    assert yesterday is not None and yesterday.closed  # closed once, even though its summary had no home


async def test_a_404_unknown_channel_on_the_post_is_retried_without_a_second_question(
    fake_discord: FakeDiscord, studybot: Studybot, clock: MovableClock
) -> None:
    await studybot.start()
    await run_setup(fake_discord)
    general = fake_discord.general.id
    fake_discord.fail("POST", f"/channels/{general}/messages", Fault.unknown_channel())
    clock.set(NINE_SHANGHAI + timedelta(minutes=1))
    await fake_discord.wait_for_message(is_daily, channel=fake_discord.general)
    assert any(r.status == 404 for r in fake_discord.requests)
    await assert_posted_once(fake_discord, studybot, general)
    posted = await studybot.service.store.posted_questions(fake_discord.guild.id)
    assert len(posted) == 1  # the failed try did not use up a second question


async def test_unknown_message_when_closing_yesterday_still_posts_today(
    fake_discord: FakeDiscord, studybot: Studybot, clock: MovableClock
) -> None:
    await studybot.start()
    post = await post_first_day(fake_discord, studybot, clock)
    first = await studybot.service.today(fake_discord.guild.id)
    assert first is not None
    bob_answer = await fake_discord.send_slash(
        "answer", {"text": reply_for(first.question.id, "partial")}, user=fake_discord.bob
    )
    await graded(bob_answer)
    before = await stored(studybot, fake_discord.guild.id, [fake_discord.bob.id])

    # Someone deleted yesterday's post, and Discord refuses the summary that replies to it.
    del fake_discord.world.messages[int(post["id"])]
    general = fake_discord.general.id
    fake_discord.fail("POST", f"/channels/{general}/messages", Fault.unknown_message())
    clock.advance(days=1)
    await fake_discord.wait_until(
        lambda: len(daily_posts_sent(fake_discord, general)) == 2, 5, "no daily on the second day"
    )
    assert [m for m in fake_discord.messages_in(general) if is_summary(m)] == []
    yesterday = await studybot.service.store.get_daily(fake_discord.guild.id, first.day)
    assert yesterday is not None and yesterday.closed
    today = await studybot.service.today(fake_discord.guild.id)
    assert today is not None and today.day == first.day + timedelta(days=1)
    assert len(daily_posts_sent(fake_discord, general)) == 2  # one per day, none repeated
    assert await stored(studybot, fake_discord.guild.id, [fake_discord.bob.id]) == before
    assert await daily_cog(studybot).post_due() == []


# --- the gateway drops while people answer ----------------------------------------------------


async def test_gateway_drop_during_answers_resumes_and_scores_stay_exact(
    fake_discord: FakeDiscord, studybot: Studybot, clock: MovableClock
) -> None:
    learners = users(fake_discord, 6)
    await studybot.start()
    post = await post_first_day(fake_discord, studybot, clock)
    daily = await studybot.service.today(fake_discord.guild.id)
    assert daily is not None
    qid = daily.question.id
    verdicts = ["correct", "partial", "wrong", "correct", "partial", "wrong"]

    before_drop = [
        await fake_discord.send_slash("answer", {"text": reply_for(qid, v)}, user=u)
        for u, v in zip(learners[:3], verdicts[:3], strict=True)
    ]
    await fake_discord.drop_gateway()  # these arrive while the bot is away: replayed on RESUME
    during = [
        await fake_discord.send_slash("answer", {"text": reply_for(qid, v)}, user=u)
        for u, v in zip(learners[3:], verdicts[3:], strict=True)
    ]
    await fake_discord.wait_for_resume()
    # A second answer by modal after the resume: the buttons work on the resumed session.
    click = await fake_discord.click_button(post, button_id(post, "Answer"), user=learners[2])
    retry = await click.submit_modal({"answer": reply_for(qid, "partial")})

    titles = [(await graded(h))["title"] for h in before_drop + during]
    assert [t[0] for t in titles] == ["✅", "🟡", "❌", "✅", "🟡", "❌"]
    assert (await graded(retry))["title"].startswith("🟡")

    want = [POINTS[v] for v in verdicts]
    want[2] = POINTS["partial"]  # the wrong answer was improved by the retry
    got = await stored(studybot, fake_discord.guild.id, [u.id for u in learners])
    assert [s.points for s in got.values()] == want
    assert [s.answered for s in got.values()] == [1] * 6
    result = await studybot.service.store.result(fake_discord.guild.id, learners[2].id, qid, daily.day)
    assert result is not None and result.attempts == 2
    assert fake_discord.gateway.resume_count >= 1
    assert all(h.callback is not None for h in before_drop + during)
    assert not fake_discord.bot_errors
    assert not sent_problems(fake_discord)


async def test_a_rate_limited_answer_reply_is_delivered_and_counted_once(
    fake_discord: FakeDiscord, studybot: Studybot, clock: MovableClock
) -> None:
    await studybot.start()
    await post_first_day(fake_discord, studybot, clock)
    daily = await studybot.service.today(fake_discord.guild.id)
    assert daily is not None
    fake_discord.fail("PATCH", "/webhooks/*/*/messages/@original", Fault.rate_limited(0.2), times=2)
    handle = await fake_discord.send_slash(
        "answer", {"text": reply_for(daily.question.id, "partial")}, user=fake_discord.bob
    )
    assert (await graded(handle))["title"].startswith("🟡")
    assert sum(r.status == 429 for r in fake_discord.requests) == 2
    result = await bobs_result(fake_discord, studybot, daily)
    assert result is not None and result.attempts == 1 and result.best_points == 5


async def test_an_expired_interaction_stores_nothing_and_the_bot_carries_on(
    fake_discord: FakeDiscord, studybot: Studybot, clock: MovableClock
) -> None:
    await studybot.start()
    post = await post_first_day(fake_discord, studybot, clock)
    daily = await studybot.service.today(fake_discord.guild.id)
    assert daily is not None
    # Discord refuses every answer to this interaction: it took too long to arrive.
    fake_discord.fail("POST", "/interactions/*/*/callback", Fault.unknown_interaction(), times=2)
    text = reply_for(daily.question.id, "correct")
    await fake_discord.send_slash("answer", {"text": text}, user=fake_discord.bob)
    await fake_discord.wait_until(
        lambda: sum(r.status == 404 for r in fake_discord.requests) == 2, 5, "the bot did not try twice"
    )
    assert await bobs_result(fake_discord, studybot, daily) is None  # nothing graded behind the user's back

    click = await fake_discord.click_button(post, button_id(post, "Answer"), user=fake_discord.bob)
    retry = await click.submit_modal({"answer": text})
    assert (await graded(retry))["title"].startswith("✅")
    stats = await studybot.service.score(fake_discord.guild.id, fake_discord.bob.id)
    assert (stats.answered, stats.points) == (1, 10)


async def test_a_lost_session_at_posting_time_still_posts_exactly_once(
    fake_discord: FakeDiscord, studybot: Studybot, clock: MovableClock
) -> None:
    await studybot.start()
    await run_setup(fake_discord)
    identified = fake_discord.gateway.identify_count
    await fake_discord.invalidate_session(resumable=False)
    clock.set(NINE_SHANGHAI + timedelta(minutes=1))
    await fake_discord.wait_for_identify(identified + 1)
    await fake_discord.wait_for_message(is_daily, channel=fake_discord.general)
    await assert_posted_once(fake_discord, studybot, fake_discord.general.id)
    reply = await (await fake_discord.send_slash("daily", {}, user=fake_discord.bob)).response()
    assert reply.embeds and reply.embeds[0]["title"].startswith("Question of the day")


async def test_no_permission_to_open_the_thread_keeps_the_post_and_the_answers(
    fake_discord: FakeDiscord, studybot: Studybot, clock: MovableClock
) -> None:
    await studybot.start()
    await run_setup(fake_discord, thread=True)
    fake_discord.fail("POST", "/channels/*/messages/*/threads", Fault.forbidden())
    clock.set(NINE_SHANGHAI + timedelta(minutes=1))
    post = await fake_discord.wait_for_message(is_daily, channel=fake_discord.general)
    await fake_discord.wait_until(
        lambda: any(r.status == 403 for r in fake_discord.requests), 5, "the thread was never tried"
    )
    await assert_posted_once(fake_discord, studybot, fake_discord.general.id)
    daily = await studybot.service.today(fake_discord.guild.id)
    assert daily is not None and daily.thread_id is None
    click = await fake_discord.click_button(post, button_id(post, "Answer"), user=fake_discord.bob)
    submitted = await click.submit_modal({"answer": reply_for(daily.question.id, "correct")})
    assert (await graded(submitted))["title"].startswith("✅")


async def test_500s_past_the_library_retries_are_retried_by_the_loop_without_a_second_question(
    fake_discord: FakeDiscord,
    studybot: Studybot,
    clock: MovableClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # discord.py tries a 5xx five times, pausing 1, 3, 5 and 7 s; shorten only its pauses.
    real_sleep = asyncio.sleep

    async def short_sleep(delay: float, *args: Any) -> Any:
        return await real_sleep(min(delay, 0.01), *args)

    monkeypatch.setattr(discord.http, "asyncio", SimpleNamespace(**{**vars(asyncio), "sleep": short_sleep}))
    await studybot.start()
    await run_setup(fake_discord)
    general = fake_discord.general.id
    fake_discord.fail("POST", f"/channels/{general}/messages", Fault.server_error(), times=5)
    clock.set(NINE_SHANGHAI + timedelta(minutes=1))
    await fake_discord.wait_for_message(is_daily, channel=fake_discord.general)
    assert sum(r.status == 500 for r in fake_discord.requests) == 5  # the library gave up once
    await assert_posted_once(fake_discord, studybot, general)
    assert len(await studybot.service.store.posted_questions(fake_discord.guild.id)) == 1
    shown = await (await fake_discord.send_slash("settings", {}, user=fake_discord.alice)).response()
    assert "failed" not in str(shown.embeds[0])  # a passing Discord outage needs no admin
    assert daily_cog(studybot).poster.is_running()
