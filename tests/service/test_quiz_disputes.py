"""Disputes of quiz answers: opened while the quiz runs, decided once, the standing corrected exactly."""

from __future__ import annotations

import asyncio
from datetime import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from service_helpers import START, WRONG, Factory, FakeClock, correct, make_library, partial

from bot.bank.holder import BankHolder
from bot.model import DisputeStatus, GuildSetup, QuizReplyStatus, ServiceError
from bot.rules.settings import RuleSettings
from bot.service import StudyService
from bot.store import Store

RULES = RuleSettings(answer_refill_s=0, quiz_points=3)
ALICE, BOB, MOD = 101, 102, 900
CHANNEL = 50


async def _service(make_service: Factory) -> StudyService:
    service = await make_service(rules=RULES)
    await service.setup_guild(GuildSetup(1, 10, time(9, 0), "UTC"))
    return service


async def _run_scores(service: StudyService) -> dict[int, tuple[int, int, int]]:
    rows = await service.store._select(
        "SELECT user_id, points, correct, answered FROM quiz_run_scores"
        " WHERE guild_id = 1 AND channel_id = ?",
        (CHANNEL,),
    )
    return {int(u): (int(p), int(c), int(a)) for u, p, c, a in rows}


async def _results(service: StudyService) -> dict[int, tuple[int, int, int]]:
    return {r.user_id: (r.points, r.correct, r.answered) for r in await service.store.quiz_results(1)}


async def test_an_accepted_quiz_dispute_corrects_the_running_standing_once(make_service: Factory) -> None:
    service = await _service(make_service)
    view = await service.begin_quiz(1, CHANNEL, count=2, time_limit_s=60)
    assert view.question is not None
    wrong = await service.quiz_answer(1, CHANNEL, ALICE, WRONG)
    assert wrong.status is QuizReplyStatus.NOT_CORRECT and wrong.answer is not None
    assert (await service.quiz_answer(1, CHANNEL, BOB, correct(view.question))).points == 3
    dispute = await service.disputes.open_quiz(1, ALICE, wrong.answer, note="same meaning")
    assert dispute.quiz == wrong.answer and dispute.reply == WRONG and dispute.verdict == "wrong"
    with pytest.raises(ServiceError, match="already disputed"):
        await service.disputes.open_quiz(1, ALICE, wrong.answer)
    with pytest.raises(ServiceError, match="own answer"):
        await service.disputes.decide(1, dispute.id, ALICE, DisputeStatus.CORRECT)
    decision = await service.disputes.decide(1, dispute.id, MOD, DisputeStatus.CORRECT)
    assert (decision.points_before, decision.points_after) == (0, 3)
    assert decision.dispute.status is DisputeStatus.CORRECT and decision.dispute.quiz == wrong.answer
    assert (await _run_scores(service))[ALICE] == (3, 1, 1)
    again = await service.quiz_answer(1, CHANNEL, ALICE, correct(view.question))
    assert again.status is QuizReplyStatus.ALREADY_SCORED  # the decision counts it as solved
    with pytest.raises(ServiceError, match="already decided"):
        await service.disputes.decide(1, dispute.id, MOD + 1, DisputeStatus.CORRECT)
    final = await service.quiz_stop(1, CHANNEL)
    assert final is not None and {s.user_id: s.points for s in final.standings} == {ALICE: 3, BOB: 3}
    assert (await _results(service))[ALICE] == (3, 1, 1)
    # Quiz answers never count for daily points, streaks or leaderboards.
    stats = await service.score(1, ALICE)
    assert stats.points == 0 and stats.streak == 0
    told = await service.disputes.take_outcomes(1, ALICE)
    assert [(d.status, d.quiz) for d in told] == [(DisputeStatus.CORRECT, wrong.answer)]
    assert [d.id for d in await service.disputes.history(1, ALICE)] == [dispute.id]
    reviewed = await service.store.reviewed_replies(1, view.question.id)
    assert reviewed == [(WRONG, "correct")]


async def test_a_dispute_on_a_closed_quiz_is_refused(make_service: Factory) -> None:
    service = await _service(make_service)
    await service.begin_quiz(1, CHANNEL, count=1, time_limit_s=60)
    wrong = await service.quiz_answer(1, CHANNEL, ALICE, WRONG)
    assert wrong.answer is not None
    await service.quiz_stop(1, CHANNEL)
    with pytest.raises(ServiceError, match="quiz is over") as refused:
        await service.disputes.open_quiz(1, ALICE, wrong.answer)
    assert refused.value.message == "That quiz is over; its answers can no longer be disputed."
    assert (await service.disputes.page(1)).rows == ()


async def test_full_marks_and_strangers_answers_cannot_be_disputed(make_service: Factory) -> None:
    service = await _service(make_service)
    view = await service.begin_quiz(1, CHANNEL, count=1, time_limit_s=60)
    assert view.question is not None
    first = await service.quiz_answer(1, CHANNEL, ALICE, partial(view.question))
    scored = await service.quiz_answer(1, CHANNEL, ALICE, correct(view.question))
    assert first.answer is not None and scored.answer is not None and scored.answer.attempt_no == 2
    with pytest.raises(ServiceError, match="already scored"):
        await service.disputes.open_quiz(1, ALICE, first.answer)
    with pytest.raises(ServiceError, match="no graded answer"):
        await service.disputes.open_quiz(1, BOB, first.answer)


async def test_a_decision_after_the_quiz_ended_corrects_its_result(make_service: Factory) -> None:
    service = await _service(make_service)
    view = await service.begin_quiz(1, CHANNEL, count=2, time_limit_s=60)
    assert view.question is not None
    wrong = await service.quiz_answer(1, CHANNEL, ALICE, partial(view.question))
    assert wrong.answer is not None
    dispute = await service.disputes.open_quiz(1, ALICE, wrong.answer)
    nxt = await service.quiz_next(1, CHANNEL)
    assert nxt is not None and nxt.question is not None
    await service.quiz_answer(1, CHANNEL, ALICE, correct(nxt.question))
    await service.quiz_stop(1, CHANNEL)
    assert (await _results(service))[ALICE] == (3, 1, 2)
    partial_decision = await service.disputes.decide(1, dispute.id, MOD, DisputeStatus.PARTIAL)
    assert (partial_decision.points_before, partial_decision.points_after) == (3, 3)  # partial scores nothing
    assert (await _results(service))[ALICE] == (3, 1, 2)


async def test_an_accepted_decision_after_the_end_is_not_doubled(make_service: Factory) -> None:
    service = await _service(make_service)
    await service.begin_quiz(1, CHANNEL, count=1, time_limit_s=60)
    wrong = await service.quiz_answer(1, CHANNEL, ALICE, WRONG)
    assert wrong.answer is not None
    dispute = await service.disputes.open_quiz(1, ALICE, wrong.answer)
    await service.quiz_stop(1, CHANNEL)
    assert (await _results(service))[ALICE] == (0, 0, 1)
    await service.disputes.decide(1, dispute.id, MOD, DisputeStatus.CORRECT)
    with pytest.raises(ServiceError, match="already decided"):
        await service.disputes.decide(1, dispute.id, MOD, DisputeStatus.CORRECT)
    assert (await _results(service))[ALICE] == (3, 1, 1)


async def test_two_moderators_at_once_make_one_quiz_decision(make_service: Factory) -> None:
    service = await _service(make_service)
    await service.begin_quiz(1, CHANNEL, count=1, time_limit_s=60)
    wrong = await service.quiz_answer(1, CHANNEL, ALICE, WRONG)
    assert wrong.answer is not None
    dispute = await service.disputes.open_quiz(1, ALICE, wrong.answer)
    results = await asyncio.gather(
        service.disputes.decide(1, dispute.id, MOD, DisputeStatus.CORRECT),
        service.disputes.decide(1, dispute.id, MOD + 1, DisputeStatus.CORRECT),
        service.disputes.decide(1, dispute.id, MOD + 2, DisputeStatus.REJECTED),
        return_exceptions=True,
    )
    decided = [r for r in results if not isinstance(r, BaseException)]
    assert len(decided) == 1
    assert all(isinstance(r, ServiceError) for r in results if isinstance(r, BaseException))
    expected = (3, 1, 1) if decided[0].dispute.status is DisputeStatus.CORRECT else (0, 0, 1)
    assert (await _run_scores(service))[ALICE] == expected
    final = await service.quiz_stop(1, CHANNEL)
    assert final is not None and final.standings[0].points == expected[0]
    assert (await _results(service))[ALICE] == expected


# ------------------------------------------------------------ decision == grading it that way

VERDICT_TEXT = {"correct": correct, "partial": partial, "wrong": lambda q: WRONG}
# (question number 0 or 1, user 0..2, verdict) in the order given; "next" moves the quiz on.
reply_plan = st.lists(
    st.tuples(st.sampled_from(["correct", "partial", "wrong"]), st.integers(0, 2), st.booleans()),
    min_size=1,
    max_size=8,
)


async def _play(plan, override: tuple[int, str] | None = None):  # type: ignore[no-untyped-def]
    """Play the plan in a fresh quiz; reply `override[0]` gets verdict `override[1]` instead."""
    store = await Store.open(":memory:")
    clock = FakeClock(START)
    service = StudyService(BankHolder.of(make_library()), store, clock, RULES)
    await service.setup_guild(GuildSetup(1, 10, time(9, 0), "UTC"))
    await service.begin_quiz(1, CHANNEL, count=2, time_limit_s=600)
    keys = []
    for index, (verdict, user, move_on) in enumerate(plan):
        clock.advance(seconds=1)  # distinct times: who scored first decides ties
        view = service.quiz(1, CHANNEL)
        assert view is not None and view.question is not None
        chosen = override[1] if override and override[0] == index else verdict
        reply = await service.quiz_answer(1, CHANNEL, ALICE + user, VERDICT_TEXT[chosen](view.question))
        keys.append((user, reply.answer, reply.grade.verdict if reply.grade else None))
        if move_on and view.number < view.total:
            await service.quiz_next(1, CHANNEL)
    return service, keys


async def _standings(service: StudyService) -> tuple[tuple[int, int, int, int], ...]:
    final = await service.quiz_stop(1, CHANNEL)
    assert final is not None
    return tuple((s.rank, s.user_id, s.points, s.correct) for s in final.standings)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reply_plan, st.data())
def test_a_quiz_decision_equals_grading_the_reply_that_way_from_scratch(plan, data) -> None:  # type: ignore[no-untyped-def]
    async def run() -> None:
        service, keys = await _play(plan)
        try:
            open_ = [
                (i, user, key)
                for i, (user, key, verdict) in enumerate(keys)
                if key is not None and verdict != "correct"
            ]
            if not open_:
                return
            index, user, key = data.draw(st.sampled_from(open_))
            try:
                dispute = await service.disputes.open_quiz(1, ALICE + user, key)
            except ServiceError:
                return  # already scored on that question, or disputed it: nothing to decide
            await service.disputes.decide(1, dispute.id, MOD, DisputeStatus.CORRECT)
            decided = await _standings(service)
            stored = await _results(service)
        finally:
            await service.store.close()
        fresh, _ = await _play(plan, (index, "correct"))
        try:
            expected = await _standings(fresh)
            assert decided == expected
            assert stored == await _results(fresh)
        finally:
            await fresh.store.close()

    asyncio.run(run())


async def test_a_regrade_in_a_quiz_channel_decides_the_members_latest_reply_there(
    make_service: Factory,
) -> None:
    service = await _service(make_service)
    daily, _ = await service.open_day(1)
    await service.answer(1, ALICE, WRONG)  # a graded daily answer too, before the quiz
    view = await service.begin_quiz(1, CHANNEL, count=2, time_limit_s=60)
    first = view.question
    assert first is not None
    await service.quiz_answer(1, CHANNEL, ALICE, WRONG)
    nxt = await service.quiz_next(1, CHANNEL)
    assert nxt is not None and nxt.question is not None
    second = await service.quiz_answer(1, CHANNEL, ALICE, partial(nxt.question))
    assert second.answer is not None
    mine = await service.disputes.open_quiz(1, ALICE, second.answer, note="it is complete")

    # Without a question: the latest reply in the channel's quiz, deciding her open dispute of it.
    rejected = await service.disputes.regrade(1, MOD, ALICE, None, DisputeStatus.REJECTED, channel_id=CHANNEL)
    assert rejected.dispute.id == mine.id and rejected.dispute.status is DisputeStatus.REJECTED
    assert (rejected.points_before, rejected.points_after) == (0, 0)
    # A question of the quiz: that reply; one not in it: the daily answer, as in any other channel.
    taken = await service.disputes.regrade(1, MOD, ALICE, first.id, DisputeStatus.CORRECT, channel_id=CHANNEL)
    assert taken.dispute.quiz is not None and taken.dispute.quiz.number == 1
    assert (taken.points_before, taken.points_after) == (0, 3)
    with pytest.raises(ServiceError, match="already scored"):
        await service.disputes.regrade(1, MOD, ALICE, first.id, DisputeStatus.CORRECT, channel_id=CHANNEL)
    on_daily = await service.disputes.regrade(
        1, MOD, ALICE, daily.question.id, DisputeStatus.CORRECT, channel_id=CHANNEL
    )
    assert on_daily.dispute.quiz is None and on_daily.points_after > on_daily.points_before
    final = await service.quiz_stop(1, CHANNEL)
    assert final is not None and {s.user_id: s.points for s in final.standings} == {ALICE: 3}
    # The quiz is over: the channel's /regrade means the daily answer again.
    with pytest.raises(ServiceError, match="full marks"):
        await service.disputes.regrade(1, MOD, ALICE, None, DisputeStatus.CORRECT, channel_id=CHANNEL)


async def test_the_key_a_dispute_command_uses_in_a_quiz_channel(make_service: Factory) -> None:
    service = await _service(make_service)
    view = await service.begin_quiz(1, CHANNEL, count=2, time_limit_s=60)
    first = view.question
    assert first is not None
    latest = service.disputes.quiz.latest_key
    assert await latest(1, ALICE, CHANNEL, None) is None  # no reply yet
    one = await service.quiz_answer(1, CHANNEL, ALICE, WRONG)
    nxt = await service.quiz_next(1, CHANNEL)
    assert nxt is not None and nxt.question is not None
    two = await service.quiz_answer(1, CHANNEL, ALICE, partial(nxt.question))
    assert await latest(1, ALICE, CHANNEL, None) == two.answer  # the latest reply there
    assert await latest(1, ALICE, CHANNEL, first.id) == one.answer  # or the one to that question
    assert await latest(1, ALICE, CHANNEL, "not-in-this-quiz") is None
    assert await latest(1, ALICE, CHANNEL + 1, None) is None  # no quiz in that channel
    assert await latest(1, BOB, CHANNEL, None) is None  # nothing of another member
    await service.quiz_stop(1, CHANNEL)
    assert await latest(1, ALICE, CHANNEL, None) is None  # over: the daily answer again
