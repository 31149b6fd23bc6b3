"""Hostile input through the real bot: whatever users type, the bot answers every interaction,
never pings anyone and never sends what Discord would refuse. Plus one user hammering /answer.

Each property test connects one bot and reuses it for all its examples (few, to stay fast).
"""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta
from typing import Any

import pytest
import yaml
from fakediscord import DEFERRED_CHANNEL_MESSAGE, LOADING, MODAL, FakeDiscord, FakeUser, InteractionHandle
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.i18n import ENGLISH, formats

from .limits import embed_problems, message_problems, sent_problems
from .studybot_harness import (
    MovableClock,
    Studybot,
    daily_thread,
    reply_for,
    write_bank,
)
from .test_answer import button_id, daily_posted, post_daily
from .test_daily import is_daily

OPTION_MAX = 6000  # Discord's cap on any string option value; declared maxima are client-side only
ANSWER_FIELD_MAX = 4000  # Discord's cap on a modal text input

NASTY = [
    "@everyone",
    "@here",
    "@\u200beveryone",
    "<@123456789012345678>",
    "<@!123456789012345678>",
    "<@&123456789012345678>",
    "<#123456789012345678>",
    "</answer:123>",
    "```",
    "`",
    "||spoiler||",
    "**",
    "__",
    "~~",
    "> ",
    "# ",
    "[link](https://example.invalid/x)",
    "https://discord.gg/invite",
    "\u202e",  # right-to-left override
    "\u200f",  # right-to-left mark
    "\u2066",
    "\u200b",
    "\u200d",
    "\ufeff",
    "\u0301\u0302\u0303\u0304\u0305\u0306\u0307\u0308",  # zalgo
    "\x00",
    "\x1b[31m",
    "\r\n",
    "\t",
    "\ud7ff",
    "👩‍👩‍👧‍👦",
    "ﷺ",
    "𒐫",
    "\\",
    "%s{0}",
    "{{",
    ":",
]

EXAMPLES = settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def hostile_text(max_size: int = OPTION_MAX) -> st.SearchStrategy[str]:
    """Short mixes of nasty pieces and random text, and long ones right at the limit."""
    piece = st.one_of(st.sampled_from(NASTY), st.text(max_size=20))
    mixed = st.lists(piece, min_size=1, max_size=25).map("".join).map(lambda s: s[:max_size])
    unit = st.sampled_from([*NASTY, "a", "é", "字"]).filter(bool)
    at_limit = st.tuples(unit, st.sampled_from([max_size, max_size - 1])).map(
        lambda pair: (pair[0] * max_size)[: pair[1]]
    )
    zalgo = st.integers(1, max(1, max_size // 4)).map(lambda n: ("Z\u0336\u0317\u0353" * n)[:max_size])
    return st.one_of(mixed, at_limit, zalgo).filter(len)


def new_member(fake: FakeDiscord) -> FakeUser:
    """A new member per example, so per-user limits do not hide what is being tested."""
    user = fake.world.add_user("someone")
    fake.world.add_member(fake.guild, user)
    return user


async def settled(handle: InteractionHandle) -> Any:
    """The interaction's response, and for a deferred one its filled-in message."""
    callback = await handle.response()
    if callback.type == DEFERRED_CHANNEL_MESSAGE:
        await handle.original(where=lambda m: not m["flags"] & LOADING)
    return callback


def assert_clean(fake: FakeDiscord, since: int, pingable_roles: tuple[int, ...] = ()) -> None:
    problems = sent_problems(fake, since, pingable_roles)
    assert not problems, problems
    assert not fake.bot_errors, fake.bot_errors


def assert_no_internal_error(handle: InteractionHandle, fake: FakeDiscord) -> None:
    """An unexpected exception shows up as "Something went wrong"; bad input must not cause one."""
    texts = [str(handle.callback.data if handle.callback else "")]
    message = fake.world.messages.get(handle.original_message_id or 0)
    if message is not None:
        texts.append(str(message))
    assert not any("Something went wrong" in t for t in texts), texts


async def answered_properly(fake: FakeDiscord, handle: InteractionHandle, since: int) -> Any:
    callback = await settled(handle)
    assert_no_internal_error(handle, fake)
    assert_clean(fake, since)
    return callback


# --- the checker itself ------------------------------------------------------------------------


def test_the_checker_flags_oversized_embeds_and_pings() -> None:
    assert message_problems({"content": "hi", "allowed_mentions": {"parse": []}}) == []
    too_big = {"title": "t" * 257, "fields": [{"name": "n", "value": "v" * 1025}] * 26}
    assert len(message_problems({"embeds": [too_big]})) >= 4  # title, field count, value, total
    assert embed_problems({"description": "d" * 4000, "footer": {"text": "f" * 2001}})  # total 6001
    assert embed_problems({"author": {"name": "a" * 257}})
    assert message_problems({"content": "x" * 2001, "allowed_mentions": {"parse": []}})
    assert message_problems({"content": "@everyone", "allowed_mentions": {"parse": []}})
    assert message_problems({"content": "<@1>"})  # no allowed_mentions: Discord would ping
    assert message_problems({"content": "<@&5>", "allowed_mentions": {"parse": ["roles"]}})
    assert message_problems({"content": "<@&5>", "allowed_mentions": {"roles": ["5"]}})
    assert not message_problems({"content": "<@&5>", "allowed_mentions": {"roles": ["5"]}}, [5])


# --- /answer and the Answer modal -------------------------------------------------------------


@EXAMPLES
@given(text=hostile_text())
async def test_hostile_answer_text(
    fake_discord: FakeDiscord, studybot: Studybot, clock: MovableClock, text: str
) -> None:
    if studybot.bot is None:
        await studybot.start()
        await post_daily(fake_discord, studybot, clock)
    since = len(fake_discord.requests)
    handle = await fake_discord.send_slash("answer", {"text": text}, user=new_member(fake_discord))
    await answered_properly(fake_discord, handle, since)


@EXAMPLES
@given(text=hostile_text(ANSWER_FIELD_MAX))
async def test_hostile_answer_modal(
    fake_discord: FakeDiscord, studybot: Studybot, clock: MovableClock, text: str
) -> None:
    if studybot.bot is None:
        await studybot.start()
        studybot.post = await post_daily(fake_discord, studybot, clock)  # type: ignore[attr-defined]
    post = studybot.post  # type: ignore[attr-defined]
    since = len(fake_discord.requests)
    click = await fake_discord.click_button(post, button_id(post, "Answer"), user=new_member(fake_discord))
    assert (await click.response()).type == MODAL
    submitted = await click.submit_modal({"answer": text})
    await answered_properly(fake_discord, submitted, since)


# --- /setup, /explain, /quiz start, /leaderboard ----------------------------------------------


@EXAMPLES
@given(
    time=st.one_of(hostile_text(), st.just("21:30")),
    zone=st.one_of(hostile_text(), st.just("Asia/Shanghai")),
    banks=st.one_of(st.none(), hostile_text(), st.just("test-bank")),
)
async def test_hostile_setup_options(
    fake_discord: FakeDiscord, studybot: Studybot, time: str, zone: str, banks: str | None
) -> None:
    if studybot.bot is None:
        await studybot.start()
    before = await studybot.service.guild_setup(fake_discord.guild.id)
    since = len(fake_discord.requests)
    values: dict[str, Any] = {"channel": fake_discord.general, "time": time, "timezone": zone}
    if banks is not None:
        values["banks"] = banks
    handle = await fake_discord.send_slash("setup", values, user=fake_discord.alice)
    reply = await answered_properly(fake_discord, handle, since)
    assert reply.ephemeral
    after = await studybot.service.guild_setup(fake_discord.guild.id)
    # Blank entries in the comma-separated bank list are ignored; no names at all means every bank.
    named = {n.strip() for n in (banks or "").split(",") if n.strip()}
    valid = time == "21:30" and zone == "Asia/Shanghai" and named <= {"test-bank"}
    if valid:
        assert after is not None and after.post_time.hour == 21 and after.timezone == zone
    else:
        assert after == before  # a refused setup changes nothing

    typed = await fake_discord.send_autocomplete("setup", values, "timezone", user=fake_discord.alice)
    await answered_properly(fake_discord, typed, since)


@EXAMPLES
@given(text=hostile_text(4000))
async def test_hostile_thread_replies(
    fake_discord: FakeDiscord, studybot: Studybot, clock: MovableClock, text: str
) -> None:
    if studybot.bot is None:
        studybot.message_content = True
        await studybot.start()
        await post_daily(fake_discord, studybot, clock, thread=True)

    thread = await daily_thread(fake_discord, studybot)
    since = len(fake_discord.requests)
    user = new_member(fake_discord)
    await fake_discord.send_message(text, user=user, channel=thread)
    if text.strip():  # blank messages are not replies; anything else is graded and gets a DM
        await fake_discord.wait_for_message(channel=fake_discord.world.dm_channel(user))
    assert_clean(fake_discord, since)


@EXAMPLES
@given(question=hostile_text())
async def test_hostile_explain_question_id(
    fake_discord: FakeDiscord, studybot: Studybot, clock: MovableClock, question: str
) -> None:
    if studybot.bot is None:
        await studybot.start()
        await post_daily(fake_discord, studybot, clock)
    since = len(fake_discord.requests)
    handle = await fake_discord.send_slash("explain", {"question": question}, user=new_member(fake_discord))
    reply = await answered_properly(fake_discord, handle, since)
    assert reply.ephemeral


@EXAMPLES
@given(topic=st.one_of(st.none(), hostile_text()), bank=st.one_of(st.none(), hostile_text()))
async def test_hostile_quiz_topic_and_bank(
    fake_discord: FakeDiscord, studybot: Studybot, topic: str | None, bank: str | None
) -> None:
    if studybot.bot is None:
        await studybot.start(quiz_poll_seconds=0.05)
    since = len(fake_discord.requests)
    options = {k: v for k, v in (("topic", topic), ("bank", bank)) if v is not None}
    handle = await fake_discord.send_slash("quiz", options, subcommand="start", user=fake_discord.bob)
    await answered_properly(fake_discord, handle, since)
    if studybot.service.quiz(fake_discord.guild.id, fake_discord.general.id) is not None:
        stop = await fake_discord.send_slash("quiz", {}, subcommand="stop", user=fake_discord.bob)
        await answered_properly(fake_discord, stop, since)
        await fake_discord.wait_until(
            lambda: studybot.service.quiz(fake_discord.guild.id, fake_discord.general.id) is None,
            5,
            "the quiz did not stop",
        )
    for focused in options:
        typed = await fake_discord.send_autocomplete(
            "quiz", options, focused, subcommand="start", user=fake_discord.bob
        )
        await answered_properly(fake_discord, typed, since)


@EXAMPLES
@given(period=st.one_of(st.sampled_from(["all", "week", "month"]), hostile_text(200)))
async def test_hostile_leaderboard_period(fake_discord: FakeDiscord, studybot: Studybot, period: str) -> None:
    if studybot.bot is None:
        await studybot.start()
    since = len(fake_discord.requests)
    handle = await fake_discord.send_slash("leaderboard", {"period": period}, user=fake_discord.bob)
    reply = await answered_properly(fake_discord, handle, since)
    if period not in ("all", "week", "month"):
        assert "Choose a period" in str(reply.embeds)


# --- names the bot shows -----------------------------------------------------------------------


async def test_hostile_names_in_score_and_leaderboard(
    fake_discord: FakeDiscord, studybot: Studybot, clock: MovableClock
) -> None:
    names = ["@everyone", "<@&1>||x||", "```", "\u202eevil", "Z\u0336" * 16]
    await studybot.start()
    daily = await daily_posted(fake_discord, studybot, clock)
    since = len(fake_discord.requests)
    for name in names:
        user = fake_discord.world.add_user(name[:32])
        fake_discord.world.add_member(fake_discord.guild, user, nick=name[:32])
        handle = await fake_discord.send_slash(
            "answer", {"text": reply_for(daily.question.id, "correct")}, user=user
        )
        await answered_properly(fake_discord, handle, since)
        score = await fake_discord.send_slash("score", {"user": user}, user=user)
        reply = await answered_properly(fake_discord, score, since)
        assert not reply.ephemeral  # public: exactly where a ping would hurt
    board = await fake_discord.send_slash("leaderboard", {}, user=fake_discord.bob)
    await answered_properly(fake_discord, board, since)


# --- one user hammering the answer paths ------------------------------------------------------


def reply_text(fake: FakeDiscord, handle: InteractionHandle) -> str:
    message = fake.world.messages.get(handle.original_message_id or 0)
    embeds = (message or {}).get("embeds") or (handle.callback.embeds if handle.callback else [])
    return " ".join(f"{e.get('title', '')} {e.get('description', '')}" for e in embeds)


async def test_a_spammer_is_slowed_down_while_everyone_else_is_graded(
    fake_discord: FakeDiscord, studybot: Studybot, clock: MovableClock
) -> None:
    others = [new_member(fake_discord) for _ in range(5)]
    spammer = new_member(fake_discord)
    await studybot.start()
    post = await post_daily(fake_discord, studybot, clock)
    daily = await studybot.service.today(fake_discord.guild.id)
    assert daily is not None
    qid = daily.question.id
    rules = studybot.service.rules
    since = len(fake_discord.requests)

    # Half of the spam by /answer, half by the Answer button's modal (which no command cooldown covers).
    clicks = [
        await fake_discord.click_button(post, button_id(post, "Answer"), user=spammer) for _ in range(25)
    ]
    await asyncio.gather(*(c.response() for c in clicks))
    wrong = reply_for(qid, "wrong")
    spam_calls = [fake_discord.send_slash("answer", {"text": wrong}, user=spammer) for _ in range(25)]
    spam_calls += [c.submit_modal({"answer": wrong}) for c in clicks]
    fair_calls = [
        fake_discord.send_slash("answer", {"text": reply_for(qid, "correct")}, user=u) for u in others
    ]
    # Everyone at once: the others' answers arrive in the middle of the spam.
    handles = await asyncio.gather(*spam_calls[:25], *fair_calls, *spam_calls[25:])
    fair = handles[25:30]
    spam = handles[:25] + handles[30:]
    for handle in handles:
        await settled(handle)
        assert_no_internal_error(handle, fake_discord)
    assert_clean(fake_discord, since)

    for handle in fair:
        assert reply_text(fake_discord, handle).startswith("✅"), reply_text(fake_discord, handle)
    texts = [reply_text(fake_discord, h) for h in spam]
    graded = [t for t in texts if t.startswith("❌")]
    slowed = [t for t in texts if "Slow down" in t]
    assert len(graded) == rules.max_attempts
    assert len(slowed) >= len(spam) - rules.answer_burst
    assert all(t in graded or t in slowed or "No attempts left" in t for t in texts), texts
    assert any("Try again in" in t for t in slowed)  # says how long to wait

    result = await studybot.service.store.result(fake_discord.guild.id, spammer.id, qid, daily.day)
    assert result is not None and result.attempts <= rules.max_attempts
    for user in others:
        stats = await studybot.service.score(fake_discord.guild.id, user.id)
        assert (stats.answered, stats.correct, stats.points) == (1, 1, 10)

    # Waiting as told works: the next answer is not slowed down (and is refused for attempts).
    clock.advance(seconds=rules.answer_refill_s)
    click = await fake_discord.click_button(post, button_id(post, "Answer"), user=spammer)
    later = await click.submit_modal({"answer": wrong})
    await settled(later)
    assert "No attempts left" in reply_text(fake_discord, later)


def count_finished_calls(service: Any, name: str) -> list[int]:
    """Count finished calls (returned or raised) of a service method, to know the bot is done."""
    done = [0]
    method = getattr(service, name)

    async def counted(*args: Any, **kwargs: Any) -> Any:
        try:
            return await method(*args, **kwargs)
        finally:
            done[0] += 1

    setattr(service, name, counted)
    return done


async def test_plain_message_spam_in_a_quiz_is_ignored_quietly(
    fake_discord: FakeDiscord, studybot: Studybot, caplog: pytest.LogCaptureFixture
) -> None:
    studybot.message_content = True
    spammer, player = new_member(fake_discord), new_member(fake_discord)
    await studybot.start(quiz_poll_seconds=0.05)
    await (
        await fake_discord.send_slash("quiz", {"count": 1}, subcommand="start", user=fake_discord.alice)
    ).response()
    view = await fake_discord.wait_until(
        lambda: studybot.service.quiz(fake_discord.guild.id, fake_discord.general.id), 5, "no quiz"
    )
    assert view.question is not None
    done = count_finished_calls(studybot.service, "quiz_answer")
    spam = studybot.service.rules.answer_burst + 6
    for n in range(spam):
        await fake_discord.send_message(f"spam {n}", user=spammer)
    mine = await fake_discord.send_message(reply_for(view.question.id, "correct"), user=player)
    await fake_discord.wait_until(lambda: done[0] == spam + 1, 5, "not every message reached the quiz")

    def reacted() -> bool:
        message = fake_discord.world.messages[int(mine["id"])]
        return any(r["emoji"]["name"] == "✅" for r in message.get("reactions", []))

    await fake_discord.wait_until(reacted, 5, "the player's correct reply was not scored")
    assert not fake_discord.bot_errors, fake_discord.bot_errors
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], caplog.text


async def test_thread_reply_spam_is_ignored_quietly(
    fake_discord: FakeDiscord, studybot: Studybot, clock: MovableClock, caplog: pytest.LogCaptureFixture
) -> None:
    studybot.message_content = True
    spammer = new_member(fake_discord)
    await studybot.start()
    await post_daily(fake_discord, studybot, clock, thread=True)

    thread = await daily_thread(fake_discord, studybot)
    done = count_finished_calls(studybot.service, "answer")
    spam = [
        await fake_discord.send_message(f"spam {n}", user=spammer, channel=thread)
        for n in range(studybot.service.rules.answer_burst + 4)
    ]
    await fake_discord.wait_until(lambda: done[0] == len(spam), 5, "not every reply reached the service")
    daily = await studybot.service.today(fake_discord.guild.id)
    assert daily is not None
    result = await studybot.service.store.result(
        fake_discord.guild.id, spammer.id, daily.question.id, daily.day
    )
    assert result is not None and result.attempts == studybot.service.rules.max_attempts
    assert len(spam) > studybot.service.rules.answer_burst
    assert not fake_discord.bot_errors, fake_discord.bot_errors
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], caplog.text


# --- a bank written by someone careless (or hostile) ------------------------------------------


def hostile_bank(prefix: str = "h") -> str:
    nasty = "".join(NASTY[:18])
    long_text = (nasty + " @everyone <@&1> ``` ") * 200
    questions = [
        {
            "id": f"{prefix}-{n:02d}",
            "question": f"{n} {long_text}"[:5000],
            "answer": f"{nasty} dropout randomly zeroes neurons " * 120,
            "explanation": long_text[:3000],
            "topics": ["@everyone", "<@&1> ||x||", "t" * 300, "```"],
            "difficulty": "hard",
            "key_points": [
                {"point": f"point {k} @here " + "k" * 300, "phrasings": [f"phrase{k}", f"zero{k} @everyone"]}
                for k in range(30)
            ],
        }
        for n in range(2)
    ]
    return yaml.safe_dump(
        {"bank": "hostile-bank", "title": "@everyone " + "T" * 400, "language": "en", "questions": questions},
        allow_unicode=True,
    )


async def test_a_hostile_bank_never_pings_and_fits_every_message(
    fake_discord: FakeDiscord, studybot: Studybot, clock: MovableClock
) -> None:
    write_bank(studybot.bank_dir, hostile_bank(), name="test.yaml")
    role = fake_discord.world.add_role(fake_discord.guild, "learners", 0)
    await studybot.start(quiz_poll_seconds=0.05)
    assert studybot.service.banks.library.get("h-00") is not None  # the bank loaded
    since = len(fake_discord.requests)
    post = await post_daily(fake_discord, studybot, clock, role=role, thread=True)
    daily = await studybot.service.today(fake_discord.guild.id)
    assert daily is not None

    user = new_member(fake_discord)
    calls = [
        fake_discord.send_slash("daily", {}, user=user),
        fake_discord.send_slash("answer", {"text": "zero1 phrase2 phrase3 " * 20}, user=user),
        fake_discord.send_slash("explain", {"question": "h-01"}, user=user),
        fake_discord.send_slash("bank", {}, subcommand="list", user=fake_discord.alice),
        fake_discord.send_autocomplete("quiz", {"topic": ""}, "topic", subcommand="start", user=user),
    ]
    for handle in [await c for c in calls]:
        await settled(handle)
        assert_no_internal_error(handle, fake_discord)
    click = await fake_discord.click_button(post, button_id(post, "Explain"), user=new_member(fake_discord))
    await settled(click)

    await (
        await fake_discord.send_slash("quiz", {"count": 1}, subcommand="start", user=fake_discord.bob)
    ).response()
    view = await fake_discord.wait_until(
        lambda: studybot.service.quiz(fake_discord.guild.id, fake_discord.general.id), 5, "no quiz"
    )
    clock.advance(seconds=view.time_limit_s)
    await fake_discord.wait_until(
        lambda: studybot.service.quiz(fake_discord.guild.id, fake_discord.general.id) is None, 5, "quiz on"
    )
    clock.advance(days=1)  # the summary of the hostile question, and the next one
    next_day = formats.day(ENGLISH, daily.day + timedelta(days=1))  # as the post's title shows it
    await fake_discord.wait_for_message(lambda m: is_daily(m) and next_day in m["embeds"][0]["title"])

    titles = [
        (m.get("embeds") or [{}])[0].get("title", "") for m in fake_discord.messages_in(fake_discord.general)
    ]
    assert any(t.startswith("Answer to") for t in titles)  # the summary with the long answer went out
    assert any(t.startswith("Time's up") for t in titles)  # so did the quiz reveal
    problems = sent_problems(fake_discord, since, pingable_roles=(role.id,))
    assert not problems, problems
    assert not fake_discord.bot_errors, fake_discord.bot_errors


async def test_quiz_modal_spam_is_slowed_down_and_the_others_still_score(
    fake_discord: FakeDiscord, studybot: Studybot
) -> None:
    spammer, player = new_member(fake_discord), new_member(fake_discord)
    await studybot.start(quiz_poll_seconds=0.05)
    await (
        await fake_discord.send_slash("quiz", {"count": 1}, subcommand="start", user=fake_discord.alice)
    ).response()
    question = await fake_discord.wait_for_message(
        lambda m: bool(m.get("embeds")) and m["embeds"][0].get("title", "").startswith("Quiz · question")
    )
    view = studybot.service.quiz(fake_discord.guild.id, fake_discord.general.id)
    assert view is not None and view.question is not None
    quiz_button = question["components"][0]["components"][0]["custom_id"]
    since = len(fake_discord.requests)
    clicks = [await fake_discord.click_button(question, quiz_button, user=spammer) for _ in range(15)]
    mine = await fake_discord.click_button(question, quiz_button, user=player)
    await asyncio.gather(*(c.response() for c in [*clicks, mine]))
    spam = await asyncio.gather(*(c.submit_modal({"answer": "no idea"}) for c in clicks[:8]))
    fair = await mine.submit_modal({"answer": reply_for(view.question.id, "correct")})
    spam += await asyncio.gather(*(c.submit_modal({"answer": "no idea"}) for c in clicks[8:]))
    for handle in [*spam, fair]:
        await settled(handle)
        assert_no_internal_error(handle, fake_discord)
    assert_clean(fake_discord, since)
    assert reply_text(fake_discord, fair).startswith("✅")
    slowed = [h for h in spam if "Slow down" in reply_text(fake_discord, h)]
    assert len(slowed) == len(spam) - studybot.service.rules.answer_burst
