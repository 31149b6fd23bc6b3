"""Deciding a dispute against results that changed since they were read: the store refuses (STALE)
and writes nothing, so a decision is never computed from an old picture. Both backends."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta

import pytest

from bot.model import DisputeStatus, QuizAnswerKey
from bot.store import Store
from bot.store.own_material import DecideRefusal, DecisionWrite, ResultChange
from bot.store.quiz_answers import QuizDecisionWrite

DAY = date(2026, 3, 2)
USER, MOD = 7, 900
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
KEY = QuizAnswerKey(50, START, 1)


@pytest.fixture
async def store(db_url: str) -> AsyncIterator[Store]:
    async with Store.open(db_url) as s:
        yield s


async def test_a_daily_decision_on_results_read_before_a_new_answer_is_refused(store: Store) -> None:
    await store.record_attempt(1, USER, "q1", DAY, "no idea", "wrong", 0.0, 0, 3)
    dispute = await store.open_dispute(1, USER, "q1", DAY, 1, "no idea", "wrong", 0.0, "", "", "t")
    assert dispute is not None
    seen = await store.user_results(1, USER)
    await store.record_attempt(1, USER, "q1", DAY, "half of it", "partial", 0.5, 5, 3)  # meanwhile
    write = DecisionWrite("correct", 10, (ResultChange("q1", DAY, 10, "correct", 1.0),))

    refused = await store.decide_dispute(dispute, DisputeStatus.CORRECT, MOD, "t2", seen, write)

    assert refused is DecideRefusal.STALE
    assert (await store.dispute(dispute.id)) == dispute  # still open, undecided
    assert [r.best_points for r in await store.user_results(1, USER)] == [5]
    assert [a.verdict for a in await store.attempts(1, USER, "q1", DAY)] == ["wrong", "partial"]
    fresh = await store.user_results(1, USER)
    assert await store.decide_dispute(dispute, DisputeStatus.CORRECT, MOD, "t2", fresh, write) is None
    assert [r.best_points for r in await store.user_results(1, USER)] == [10]


async def test_a_quiz_decision_on_replies_read_before_a_new_reply_is_refused(store: Store) -> None:
    await store.save_quiz_answer(1, USER, KEY, "q1", "no idea", "wrong", 0.0, 0, START)
    seen = await store.quiz_replies(1, USER, 50, START)
    dispute = await store.open_quiz_dispute(1, USER, KEY, seen[0], DAY, "", "t")
    assert dispute is not None
    later = START + timedelta(seconds=5)
    await store.save_quiz_answer(1, USER, KEY, "q1", "the answer", "correct", 1.0, 1, later)  # meanwhile
    write = QuizDecisionWrite("correct", ((1, 1, 1),), points=1, correct=1, answered=1, scored_at=START)

    refused = await store.decide_quiz_dispute(dispute, DisputeStatus.CORRECT, MOD, "t2", seen, write)

    assert refused is DecideRefusal.STALE
    assert (await store.dispute(dispute.id)) == dispute
    replies = await store.quiz_replies(1, USER, 50, START)
    assert [(r.attempt_no, r.verdict, r.points) for r in replies] == [(1, "wrong", 0), (2, "correct", 1)]


async def test_a_member_cannot_decide_their_own_dispute_even_past_the_service(store: Store) -> None:
    await store.record_attempt(1, USER, "q1", DAY, "no idea", "wrong", 0.0, 0, 3)
    dispute = await store.open_dispute(1, USER, "q1", DAY, 1, "no idea", "wrong", 0.0, "", "", "t")
    assert dispute is not None
    seen = await store.user_results(1, USER)
    write = DecisionWrite("correct", 10, (ResultChange("q1", DAY, 10, "correct", 1.0),))

    refused = await store.decide_dispute(dispute, DisputeStatus.CORRECT, USER, "t2", seen, write)

    assert refused is DecideRefusal.TAKEN
    assert (await store.dispute(dispute.id)) == dispute
    assert [r.best_points for r in await store.user_results(1, USER)] == [0]
