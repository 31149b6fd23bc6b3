"""Disputes: opening, deciding once, the exact score correction, and reviewed replies in grading."""

from __future__ import annotations

import asyncio
from datetime import time, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from service_helpers import START, WRONG, Factory, FakeClock, correct, make_library, partial

from bot.bank.holder import BankHolder
from bot.model import DisputeStatus, GuildSetup, Period, ServiceError
from bot.rules.settings import RuleSettings
from bot.service import StudyService
from bot.store import Store

RULES = RuleSettings(answer_refill_s=0)
SETUP = GuildSetup(guild_id=1, channel_id=10, post_time=time(9, 0), timezone="UTC")
ALICE, BOB, MOD = 101, 102, 900


async def _set_up(service: StudyService, guilds: tuple[int, ...] = (1,)) -> StudyService:
    for guild in guilds:
        await service.setup_guild(GuildSetup(guild, 10, time(9, 0), "UTC"))
    return service


async def _service(make_service: Factory, guilds: tuple[int, ...] = (1,)) -> StudyService:
    """A service on the test's backend (SQLite and PostgreSQL, by the db_url fixture)."""
    return await _set_up(await make_service(rules=RULES), guilds)


async def _memory_service(clock: FakeClock) -> StudyService:
    """A service on a fresh in-memory SQLite database: one per property-test example."""
    store = await Store.open(":memory:")
    return await _set_up(StudyService(BankHolder.of(make_library()), store, clock, RULES))


async def _answer_today(service: StudyService, user: int, text_for, guild: int = 1) -> str:
    daily, _ = await service.open_day(guild)
    result = await service.answer(guild, user, text_for(daily.question))
    assert result.grade is not None
    return daily.question.id


async def test_an_accepted_dispute_gives_the_points_once(make_service: Factory) -> None:
    service = await _service(make_service)
    qid = await _answer_today(service, ALICE, lambda q: WRONG)
    assert (await service.score(1, ALICE)).points == 0
    dispute = await service.disputes.open(1, ALICE, qid, note="I meant it")
    assert dispute.open and dispute.note == "I meant it" and dispute.verdict == "wrong"
    with pytest.raises(ServiceError, match="already disputed"):
        await service.disputes.open(1, ALICE, qid)
    with pytest.raises(ServiceError, match="own answer"):
        await service.disputes.decide(1, dispute.id, ALICE, DisputeStatus.CORRECT)
    decision = await service.disputes.decide(1, dispute.id, MOD, DisputeStatus.CORRECT)
    assert (decision.points_before, decision.points_after) == (0, 10)
    assert decision.dispute.decided_by == MOD and decision.dispute.decided_at
    stats = await service.score(1, ALICE)
    assert stats.points == 10 and stats.correct == 1 and stats.streak == 1
    board = await service.leaderboard(1, Period.WEEK)
    assert [(r.user_id, r.points) for r in board.rows] == [(ALICE, 10)]
    with pytest.raises(ServiceError, match="already decided"):
        await service.disputes.decide(1, dispute.id, MOD + 1, DisputeStatus.REJECTED)
    assert (await service.score(1, ALICE)).points == 10
    told = await service.disputes.take_outcomes(1, ALICE)
    assert [d.status for d in told] == [DisputeStatus.CORRECT]
    assert await service.disputes.take_outcomes(1, ALICE) == []


async def test_the_service_marks_an_answer_disputable_exactly_when_it_can_be_disputed(
    make_service: Factory,
) -> None:
    service = await _service(make_service)
    daily, _ = await service.open_day(1)
    question, carol = daily.question, 103
    await service.explain(1, carol, question.id, confirm=True)
    results = {
        ALICE: await service.answer(1, ALICE, WRONG),
        BOB: await service.answer(1, BOB, correct(question)),
        carol: await service.answer(1, carol, WRONG),  # saw the explanation first
    }
    assert {user: r.disputable for user, r in results.items()} == {ALICE: True, BOB: False, carol: False}
    for user, result in results.items():
        if result.disputable:
            await service.disputes.open(1, user, question.id)
        else:
            with pytest.raises(ServiceError):
                await service.disputes.open(1, user, question.id)
    assert not service.practice_answer(question.id, WRONG).disputable  # nothing stored to dispute

    view = await service.begin_quiz(1, 50, count=1, time_limit_s=30)
    assert view.question is not None
    wrong = await service.quiz_answer(1, 50, ALICE, WRONG)
    right = await service.quiz_answer(1, 50, BOB, correct(view.question))
    empty = await service.quiz_answer(1, 50, carol, "  ")
    assert (wrong.disputable, right.disputable, empty.disputable) == (True, False, False)
    assert wrong.answer is not None and right.answer is not None
    await service.disputes.open_quiz(1, ALICE, wrong.answer)
    with pytest.raises(ServiceError, match="already scored"):
        await service.disputes.open_quiz(1, BOB, right.answer)


async def test_two_moderators_at_once_make_one_decision(make_service: Factory) -> None:
    service = await _service(make_service)
    qid = await _answer_today(service, ALICE, lambda q: WRONG)
    dispute = await service.disputes.open(1, ALICE, qid)
    results = await asyncio.gather(
        service.disputes.decide(1, dispute.id, MOD, DisputeStatus.CORRECT),
        service.disputes.decide(1, dispute.id, MOD + 1, DisputeStatus.PARTIAL),
        service.disputes.decide(1, dispute.id, MOD + 2, DisputeStatus.REJECTED),
        return_exceptions=True,
    )
    decided = [r for r in results if not isinstance(r, BaseException)]
    refused = [r for r in results if isinstance(r, ServiceError)]
    assert len(decided) == 1 and len(refused) == 2
    points = {DisputeStatus.CORRECT: 10, DisputeStatus.PARTIAL: 5, DisputeStatus.REJECTED: 0}
    assert (await service.score(1, ALICE)).points == points[decided[0].dispute.status]


async def test_nothing_to_dispute_gets_a_clear_message(make_service: Factory) -> None:
    service = await _service(make_service)
    with pytest.raises(ServiceError, match="no graded answer"):
        await service.disputes.open(1, ALICE, None)
    qid = await _answer_today(service, ALICE, correct)
    with pytest.raises(ServiceError, match="full marks"):
        await service.disputes.open(1, ALICE, qid)
    await service.explain(1, BOB, confirm=True)
    await service.answer(1, BOB, WRONG)
    with pytest.raises(ServiceError, match="explanation"):
        await service.disputes.open(1, BOB, qid)


async def test_reviewed_replies_change_later_grades_in_that_server_only(make_service: Factory) -> None:
    service = await _service(make_service, guilds=(1, 2))
    accepted = "the sky looks that way because sunlight scatters off tiny molecules in the air"
    qid = await _answer_today(service, ALICE, lambda q: accepted)
    await _answer_today(service, ALICE, lambda q: accepted, guild=2)
    dispute = await service.disputes.open(1, ALICE, qid)
    await service.disputes.decide(1, dispute.id, MOD, DisputeStatus.CORRECT)
    similar = "sunlight scatters off the tiny molecules in the air, so the sky looks that way"
    here = await service.answer(1, BOB, similar)
    assert here.grade is not None and here.grade.verdict == "correct" and here.grade.reviewed
    elsewhere = await service.answer(2, BOB, similar)
    assert elsewhere.grade is not None and elsewhere.grade.verdict == "wrong"
    assert not elsewhere.grade.reviewed


# ---------------------------------------------------------------------- property: recompute

TEXTS = {"correct": correct, "partial": partial, "wrong": lambda q: WRONG}
day_plan = st.lists(st.sampled_from(["correct", "partial", "wrong"]), min_size=0, max_size=3)
history_plan = st.lists(st.tuples(day_plan, day_plan), min_size=1, max_size=6)


async def _replay(history, override=None):  # type: ignore[no-untyped-def]
    """Answer day by day for two users; `override` = (day, user, attempt index, verdict)."""
    clock = FakeClock(START)
    service = await _memory_service(clock)
    ids: dict[tuple[int, int, int], tuple[str, int]] = {}
    for day, plans in enumerate(history):
        clock.now = START + timedelta(days=day)
        daily, _ = await service.open_day(1)
        for user, plan in zip((ALICE, BOB), plans, strict=True):
            for index, verdict in enumerate(plan):
                if override is not None and override[:3] == (day, user, index):
                    verdict = override[3]
                result = await service.answer(1, user, TEXTS[verdict](daily.question))
                if result.attempt:
                    ids[(day, user, index)] = (daily.question.id, result.attempt)
    return service, ids


async def _state(service: StudyService) -> tuple[object, ...]:
    store = service.store
    results = await store._select(
        "SELECT user_id, day, best_points, best_verdict FROM results ORDER BY user_id, day"
    )
    totals = await store._select(
        "SELECT period, user_id, points, answered, correct FROM score_totals WHERE points > 0 OR correct > 0"
        " ORDER BY period, user_id"
    )
    streaks = await store._select("SELECT user_id, current, best, last_day FROM streaks ORDER BY user_id")
    return tuple(map(tuple, results)), tuple(map(tuple, totals)), tuple(map(tuple, streaks))


async def _decide_one(service: StudyService, ids, data):  # type: ignore[no-untyped-def]
    """Dispute one graded, not fully correct answer and decide it; the state and the replay override."""
    candidates = []
    for (day, user, index), (qid, attempt) in ids.items():
        result = await service.store.result(1, user, qid, (START + timedelta(days=day)).date())
        if result is not None and not result.correct:
            candidates.append((day, user, index, qid, attempt))
    if not candidates:
        return None
    day, user, index, qid, attempt = data.draw(st.sampled_from(sorted(candidates)))
    status = data.draw(
        st.sampled_from([DisputeStatus.CORRECT, DisputeStatus.PARTIAL, DisputeStatus.REJECTED])
    )
    on = (START + timedelta(days=day)).date()
    dispute = await service.disputes.open(1, user, qid, day=on, attempt_no=attempt)
    await service.disputes.decide(1, dispute.id, MOD, status)
    override = None if status is DisputeStatus.REJECTED else (day, user, index, status.value)
    return await _state(service), override


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(history_plan, st.data())
def test_a_decision_equals_grading_the_answer_that_way_from_scratch(history, data) -> None:  # type: ignore[no-untyped-def]
    async def run() -> None:
        service, ids = await _replay(history)
        try:  # a draw may end the example early: the store must be closed all the same
            decided = await _decide_one(service, ids, data)
        finally:
            await service.store.close()
        if decided is None:
            return
        state, override = decided
        fresh, _ = await _replay(history, override)
        try:
            expected = await _state(fresh)
        finally:
            await fresh.store.close()
        assert state == expected

    asyncio.run(run())


async def test_open_disputes_are_paged_for_moderators(make_service: Factory) -> None:
    service = await _service(make_service)
    users = list(range(200, 207))
    for user in users:
        qid = await _answer_today(service, user, lambda q: WRONG)
        await service.disputes.open(1, user, None)
    first = await service.disputes.page(1, 0, per_page=5)
    assert [d.user_id for d in first.rows] == users[:5] and first.pages == 2
    beyond = await service.disputes.page(1, 9, per_page=5)  # clamped to the last page
    assert beyond.page == 1 and [d.user_id for d in beyond.rows] == users[5:]
    decided = first.rows[0]
    await service.disputes.decide(1, decided.id, MOD, DisputeStatus.REJECTED)
    assert (await service.disputes.page(1, 0, per_page=5)).rows[0].user_id == users[1]
    assert [d.status for d in await service.disputes.history(1, users[0])] == [DisputeStatus.REJECTED]
    assert qid


async def test_a_moderator_regrade_counts_like_a_decided_dispute(make_service: Factory) -> None:
    service = await _service(make_service)
    qid = await _answer_today(service, ALICE, lambda q: WRONG)
    with pytest.raises(ServiceError, match="your own answer"):
        await service.disputes.regrade(1, ALICE, ALICE, qid, DisputeStatus.CORRECT)
    with pytest.raises(ServiceError, match="no graded daily answer"):
        await service.disputes.regrade(1, MOD, BOB, None, DisputeStatus.CORRECT)
    decision = await service.disputes.regrade(1, MOD, ALICE, None, DisputeStatus.PARTIAL)
    assert decision.dispute.status is DisputeStatus.PARTIAL and decision.dispute.decided_by == MOD
    assert (decision.points_before, decision.points_after) == (0, 5)
    assert (await service.score(1, ALICE)).points == 5
    with pytest.raises(ServiceError, match="already decided"):
        await service.disputes.regrade(1, MOD, ALICE, qid, DisputeStatus.CORRECT)
    assert [d.status for d in await service.disputes.take_outcomes(1, ALICE)] == [DisputeStatus.PARTIAL]
    same = await service.answer(1, BOB, WRONG)  # the regraded reply is a reviewed reply now
    assert same.grade is not None and same.grade.verdict == "partial" and same.grade.reviewed


async def test_a_regrade_decides_the_members_open_dispute(make_service: Factory) -> None:
    service = await _service(make_service)
    qid = await _answer_today(service, ALICE, lambda q: WRONG)
    dispute = await service.disputes.open(1, ALICE, qid, note="please look")
    decision = await service.disputes.regrade(1, MOD, ALICE, qid, DisputeStatus.CORRECT)
    assert decision.dispute.id == dispute.id and decision.dispute.note == "please look"
    assert (await service.score(1, ALICE)).points == 10
    assert (await service.disputes.page(1)).rows == ()
