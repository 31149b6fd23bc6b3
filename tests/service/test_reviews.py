"""Review cards through the service: which answers rate them, review answers, reminders, stats,
and deleting a user's data while one of their answers is being graded."""

from __future__ import annotations

import asyncio
import threading
from dataclasses import replace
from datetime import time

import pytest
from service_helpers import WRONG, Factory, FakeClock, correct, make_library, partial

from bot.grading.verdict import Verdict
from bot.i18n import ENGLISH, translator
from bot.model import (
    CONSOLE_GUILD,
    ForgetScope,
    GuildSetup,
    ReviewStatus,
    ServiceError,
    SlowDown,
    StatsPeriod,
    TopicStats,
)
from bot.rules.cards import Rating
from bot.rules.cooldown import Cooldown
from bot.service import StudyService
from bot.service.progress import sparkline, summary


async def test_only_the_first_daily_attempt_rates_the_card(service: StudyService) -> None:
    daily, _ = await service.open_day(1)
    q = daily.question
    await service.answer(1, 7, WRONG)
    await service.answer(1, 7, correct(q))  # the feedback named the key points: not a recall
    await service.reviews.flush()
    card = await service.store.get_card(1, 7, q.id)
    assert card is not None and card.reps == 1 and card.last_rating is Rating.AGAIN


async def test_quiz_answers_rate_once_per_question(service: StudyService) -> None:
    view = await service.begin_quiz(1, 50, count=2)
    q = view.question
    assert q is not None
    await service.quiz_answer(1, 50, 7, partial(q))
    await service.quiz_answer(1, 50, 7, correct(q))
    await service.reviews.flush()
    card = await service.store.get_card(1, 7, q.id)
    assert card is not None and card.reps == 1 and card.last_rating is Rating.HARD


async def test_review_answers_never_touch_points_and_refuse_a_stale_showing(
    service: StudyService, clock: FakeClock
) -> None:
    daily, _ = await service.open_day(1)
    q = daily.question
    await service.answer(1, 7, partial(q))
    before = await service.score(1, 7)
    clock.advance(minutes=10)
    prompt, queue = await service.reviews.next_card(1, 7)
    assert prompt is not None and queue.due_now == 1 and prompt.question == q
    assert (await service.reviews.answer(1, 7, q.id, prompt.card.reps, "   ")).status is ReviewStatus.EMPTY
    graded = await service.reviews.answer(1, 7, q.id, prompt.card.reps, correct(q))
    assert graded.status is ReviewStatus.GRADED and graded.rating is Rating.GOOD
    assert graded.next_due is not None and graded.next_due > clock.now
    again = await service.reviews.answer(1, 7, q.id, prompt.card.reps, WRONG)
    assert again.status is ReviewStatus.STALE
    assert await service.score(1, 7) == before
    assert (await service.reviews.answer(1, 7, "no-such-question", 0, "x")).status is ReviewStatus.GONE
    counts = await service.reviews.counts(1, 7)
    assert (counts.reviewed, counts.correct) == (1, 1)


async def test_a_burst_of_review_answers_is_paced_and_nothing_is_lost_or_doubled(
    make_service: Factory, clock: FakeClock
) -> None:
    svc = await make_service(make_library(40))
    await svc.setup_guild(GuildSetup(CONSOLE_GUILD, 0, time(0, 0), "UTC"))
    await svc.setup_guild(GuildSetup(1, 10, time(9, 0), "UTC"))
    for guild in (CONSOLE_GUILD, 1):
        for q in svc.banks.library.questions():
            await svc.reviews.note_practice(guild, 7, q.id, Verdict.WRONG)
    clock.advance(minutes=5)
    answered = 0
    while True:  # the console (one local user) answers every card in one go
        prompt, _ = await svc.reviews.next_card(CONSOLE_GUILD, 7)
        if prompt is None:
            break
        result = await svc.reviews.answer(
            CONSOLE_GUILD, 7, prompt.question.id, prompt.card.reps, correct(prompt.question)
        )
        assert result.status is ReviewStatus.GRADED
        answered += 1
    assert answered == 40 and (await svc.reviews.counts(CONSOLE_GUILD, 7)).reviewed == 40
    refused = 0
    for _ in range(40):  # on Discord the same burst is paced
        prompt, _ = await svc.reviews.next_card(1, 7)
        assert prompt is not None
        try:
            await svc.reviews.answer(1, 7, prompt.question.id, prompt.card.reps, correct(prompt.question))
        except SlowDown:
            refused += 1
    graded = (await svc.reviews.counts(1, 7)).reviewed
    assert graded == svc.rules.answer_burst and graded + refused == 40
    assert (await svc.reviews.queue(1, 7)).due_now == 40 - graded


async def test_settings_are_checked_and_kept(service: StudyService) -> None:
    with pytest.raises(ServiceError, match=r"between 0\.8 and 0\.97"):
        await service.reviews.update_settings(1, 7, retention=0.5)
    with pytest.raises(ServiceError, match="0 to 23"):
        await service.reviews.update_settings(1, 7, reminder_hour=24)
    await service.reviews.update_settings(1, 7, reminder_hour=6, retention=0.95)
    updated = await service.reviews.update_settings(1, 7, prefer_dm=True)
    assert (updated.reminder_hour, updated.retention, updated.prefer_dm) == (6, 0.95, True)


async def test_reminders_at_the_users_local_hour_at_most_once_a_day(
    service: StudyService, clock: FakeClock
) -> None:
    await service.setup_guild(GuildSetup(2, 20, time(9, 0), "Asia/Tokyo"))  # UTC+9; now 21:00 there
    q = service.banks.library.questions()[0]
    await service.reviews.note_practice(2, 7, q.id, Verdict.WRONG)
    await service.reviews.note_practice(2, 8, q.id, Verdict.WRONG)
    await service.reviews.update_settings(2, 7, reminder_hour=22)
    await service.reviews.update_settings(2, 8, reminder_hour=21)
    await service.reviews.update_settings(2, 9, reminder_hour=0)  # no cards: never reminded
    clock.advance(minutes=5)
    assert [(r.user_id, r.due_now) for r in await service.reviews.reminders_due()] == [(8, 1)]
    claims = 0
    real_claim = service.store.claim_reminder

    async def counted(*args: object) -> bool:
        nonlocal claims
        claims += 1
        return await real_claim(*args)  # type: ignore[arg-type]

    service.store.claim_reminder = counted  # type: ignore[method-assign]
    for _ in range(5):  # every tick of the rest of the hour
        assert await service.reviews.reminders_due() == []
    assert claims == 0  # nothing is written again for a user reminded today
    clock.advance(hours=1)  # 22:05 in Tokyo
    assert [r.user_id for r in await service.reviews.reminders_due()] == [7]
    clock.advance(hours=3)  # 01:05 the next local day: 9 is claimed but has nothing due
    assert await service.reviews.reminders_due() == []
    clock.advance(hours=21)  # 22:05 the next day
    assert sorted(r.user_id for r in await service.reviews.reminders_due()) == [7, 8]


async def test_stats_per_day_and_topics_weakest_first(service: StudyService, clock: FakeClock) -> None:
    for verdict in ("correct", "wrong", "partial"):
        daily, _ = await service.open_day(1)
        text = {"correct": correct, "partial": partial}.get(verdict, lambda q: WRONG)(daily.question)
        await service.answer(1, 7, text)
        clock.advance(days=1)
    stats = await service.progress.stats(1, 7, StatsPeriod.MONTH)
    assert [d.points for d in stats.days] == [10, 0, 5]
    assert [d.counted for d in stats.days] == [True, False, True]
    assert (stats.answered, stats.correct) == (3, 1)
    assert stats.topics[0].accuracy <= stats.topics[-1].accuracy
    text = summary(stats, ENGLISH)
    assert "Last 30 days: 15 points.\n1 of 3 daily questions right (33%)." in text
    assert "Accuracy by topic, weakest first:" in text
    assert sparkline(stats)[-4:] == "█▁▄ "  # three answered days, then today without an answer
    empty = await service.progress.stats(1, 99, StatsPeriod.YEAR)
    assert not empty.days and "No answers in the last 365 days yet." in summary(empty, ENGLISH)


async def test_a_summary_of_one_answer_has_singular_counts_and_local_lists(
    service: StudyService, clock: FakeClock
) -> None:
    daily, _ = await service.open_day(1)
    await service.answer(1, 7, correct(daily.question))
    stats = replace(await service.progress.stats(1, 7, StatsPeriod.MONTH), topics=(
        TopicStats("循环网络", 2, 0), TopicStats("cnn", 2, 1)
    ))  # fmt: skip
    assert summary(replace(stats, days=(replace(stats.days[0], points=1),)), ENGLISH).startswith(
        "Last 30 days: 1 point.\n1 of 1 daily question right (100%).\n"
    )
    chinese = summary(stats, translator("zh-CN"))
    assert "每日一题作答 1 道，答对 1 道（100%）。" in chinese
    assert chinese.endswith("：循环网络 0%、cnn 50%。")


async def test_forget_me_while_an_answer_is_being_graded_keeps_nothing(
    service: StudyService, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The answer is graded while the deletion is under way: it must not be stored.

    Both steps are held at explicit gates rather than left to the event loop's timing: the
    grading waits until the deletion has begun, and the deletion waits at the store until the
    answer has come back, so the answer always meets a deletion in progress.
    """
    daily, _ = await service.open_day(1)
    grading, release = threading.Event(), threading.Event()
    deleting, may_delete = asyncio.Event(), asyncio.Event()
    real_grade, real_forget = service._grade, service.store.forget_user

    def slow_grade(question, text, guild_id=None):  # type: ignore[no-untyped-def]
        grading.set()
        release.wait(30)
        return real_grade(question, text, guild_id)

    async def held_forget(*args, **kwargs):  # type: ignore[no-untyped-def]
        deleting.set()
        await may_delete.wait()
        return await real_forget(*args, **kwargs)

    monkeypatch.setattr(service, "_grade", slow_grade)
    monkeypatch.setattr(service.store, "forget_user", held_forget)
    answer = asyncio.create_task(service.answer(1, 7, correct(daily.question)))
    assert await asyncio.to_thread(grading.wait, 30)
    forget = asyncio.create_task(service.personal.forget(7, 1, ForgetScope.HERE))
    try:
        await asyncio.wait_for(deleting.wait(), 30)  # the deletion has begun: it is at the store
        release.set()
        with pytest.raises(ServiceError, match="being deleted"):
            await answer
    finally:
        release.set()
        may_delete.set()
        await forget
    assert all(not rows for rows in (await service.store.export_user(1, 7)).values())
    assert (await service.score(1, 7)).points == 0
    after = await service.answer(1, 7, correct(daily.question))  # afterwards: a fresh start
    assert after.points == 10


async def test_forget_removes_a_running_quiz_standing_and_admins_stay_in_their_guild(
    service: StudyService,
) -> None:
    view = await service.begin_quiz(1, 50, count=1)
    assert view.question is not None
    await service.quiz_answer(1, 50, 7, correct(view.question))
    await service.personal.forget(7, 1, ForgetScope.EVERYWHERE)
    final = await service.quiz_stop(1, 50)
    assert final is not None and final.standings == ()
    with pytest.raises(ServiceError, match="this server only"):
        await service.personal.forget(7, 1, ForgetScope.EVERYWHERE, by_admin=True)


async def test_concurrent_answers_to_one_showing_count_once(service: StudyService, clock: FakeClock) -> None:
    daily, _ = await service.open_day(1)
    q = daily.question
    await service.answer(1, 7, WRONG)
    clock.advance(minutes=5)
    prompt, _ = await service.reviews.next_card(1, 7)
    assert prompt is not None
    service.reviews._pace = Cooldown(100, 0, clock)  # pacing is tested above; here only the race
    results = await asyncio.gather(
        *(service.reviews.answer(1, 7, q.id, prompt.card.reps, correct(q)) for _ in range(20))
    )
    assert sorted(r.status.value for r in results) == ["graded"] + ["stale"] * 19
    card = await service.store.get_card(1, 7, q.id)
    assert card is not None and card.reps == prompt.card.reps + 1
    assert (await service.reviews.counts(1, 7)).reviewed == 1


async def test_a_shard_process_claims_only_its_own_guilds_reminders(
    service: StudyService, clock: FakeClock
) -> None:
    q = service.banks.library.questions()[0]
    for guild in (2, 3):
        await service.setup_guild(GuildSetup(guild, 20, time(9, 0), "UTC"))
        await service.reviews.note_practice(guild, 7, q.id, Verdict.WRONG)
        await service.reviews.update_settings(guild, 7, reminder_hour=0)
    clock.advance(minutes=5)
    first = await service.reviews.reminders_due(owns=lambda guild: guild == 2)  # runs guild 2 only
    assert [r.guild_id for r in first] == [2]
    second = await service.reviews.reminders_due(owns=lambda guild: guild == 3)  # the other process
    assert [r.guild_id for r in second] == [3]


async def test_cards_of_a_removed_bank_never_hide_the_due_cards_behind_them(
    service: StudyService, clock: FakeClock
) -> None:
    questions = "".join(
        f"  - id: gone-{i:02d}\n    question: What is gizmo {i}?\n    answer: Gizmo {i} is a tool.\n"
        f"    explanation: Gizmos help.\n"
        for i in range(150)
    )
    upload = f"bank: gone\ntitle: Gone\nlanguage: en\nquestions:\n{questions}".encode()
    await service.uploads.save(1, 5, await service.uploads.check(1, "gone.yaml", upload))
    for i in range(150):  # due before the card of a question that stays: more than a page
        await service.reviews.note_answer(1, 7, f"gone-{i:02d}", Verdict.WRONG, "quiz", f"quiz:1:{i}")
    clock.advance(seconds=1)
    await service.reviews.note_answer(1, 7, "test-01", Verdict.WRONG, "quiz", "quiz:2:1")
    await service.reviews.flush()
    assert await service.remove_uploaded_bank(1, "gone")
    clock.advance(hours=1)
    prompt, queue = await service.reviews.next_card(1, 7)
    assert prompt is not None and prompt.question.id == "test-01" and queue.due_now == 1
    assert (await service.reviews.next_card(1, 7, skip=["test-01"]))[0] is None


async def test_the_queue_counts_only_cards_a_session_can_show(
    service: StudyService, clock: FakeClock
) -> None:
    upload = (
        b"bank: gone\ntitle: Gone\nlanguage: en\nquestions:\n"
        b"  - {id: gone-01, question: What is a gizmo?, answer: A tool., explanation: It helps.}\n"
        b"  - {id: gone-02, question: What is a gadget?, answer: A tool., explanation: It helps.}\n"
    )
    await service.uploads.save(1, 5, await service.uploads.check(1, "gone.yaml", upload))
    for question in ("gone-01", "test-01", "gone-02"):
        await service.reviews.note_answer(1, 7, question, Verdict.WRONG, "quiz", f"quiz:{question}")
        clock.advance(seconds=30)
    await service.reviews.flush()
    assert await service.remove_uploaded_bank(1, "gone")
    clock.advance(seconds=1)  # gone-01 and test-01 are due again, gone-02 not yet
    prompt, queue = await service.reviews.next_card(1, 7)
    assert prompt is not None and prompt.question.id == "test-01"
    assert (queue.due_now, queue.total, queue.next_due) == (1, 1, None)
    answered = await service.reviews.answer(1, 7, "test-01", prompt.card.reps, "no idea")
    assert answered.queue is not None and (answered.queue.due_now, answered.queue.total) == (0, 1)
    assert answered.queue.next_due == answered.next_due  # not gone-02, due sooner


async def test_a_reminder_counts_only_cards_a_session_can_show(
    service: StudyService, clock: FakeClock
) -> None:
    upload = (
        b"bank: gone\ntitle: Gone\nlanguage: en\nquestions:\n"
        b"  - {id: gone-01, question: What is a gizmo?, answer: A tool., explanation: It helps.}\n"
    )
    await service.uploads.save(1, 5, await service.uploads.check(1, "gone.yaml", upload))
    for user, question in ((7, "gone-01"), (7, "test-01"), (8, "gone-01")):
        await service.reviews.note_answer(1, user, question, Verdict.WRONG, "quiz", f"quiz:{question}")
        await service.reviews.update_settings(1, user, reminder_hour=12)
    assert await service.remove_uploaded_bank(1, "gone")
    clock.advance(minutes=30)  # 12:30 UTC: the hour has come and every card is due
    due = await service.reviews.reminders_due()
    assert [(r.user_id, r.due_now) for r in due] == [(7, 1)]  # 8 has only a removed question due
