"""Kept quiz replies and their disputes, on both backends: scoring twice on one quiz question, a
second dispute of it, or a half-named quiz are refused by the schema, whatever code writes."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta

import pytest

from bot.model import QuizAnswerKey
from bot.store import Store
from bot.store.errors import StoreError

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
KEY = QuizAnswerKey(50, START, 1)
ANSWER = (
    "INSERT INTO quiz_answers (guild_id, channel_id, started_at, number, user_id, attempt_no, question_id,"
    " reply, verdict, score, points, answered_at) "
)
DISPUTE = (
    "INSERT INTO disputes (guild_id, user_id, question_id, day, attempt_no, reply, verdict, score, opened_at,"
    " quiz_channel_id, quiz_started_at, quiz_number) "
)


@pytest.fixture
async def store(db_url: str) -> AsyncIterator[Store]:
    async with Store.open(db_url) as s:
        yield s


async def _execute(store: Store, sql: str) -> None:
    async with store._write() as db:
        await db.execute(sql)


async def test_replies_are_numbered_and_only_one_scores_per_question(store: Store) -> None:
    at = START + timedelta(seconds=5)
    first = await store.save_quiz_answer(1, 7, KEY, "q1", "no idea", "wrong", 0.0, 0, at)
    second = await store.save_quiz_answer(1, 7, KEY, "q1", "the answer", "correct", 1.0, 1, at)
    assert (first, second) == (1, 2)
    # A second scoring reply to the same quiz question is not kept (the partial unique index).
    assert await store.save_quiz_answer(1, 7, KEY, "q1", "again", "correct", 1.0, 1, at) is None
    rows = await store.quiz_replies(1, 7, 50, START)
    assert [(r.attempt_no, r.verdict, r.points) for r in rows] == [(1, "wrong", 0), (2, "correct", 1)]
    started = START.isoformat()
    with pytest.raises(StoreError):
        await _execute(
            store, ANSWER + f"VALUES (1, 50, '{started}', 1, 7, 9, 'q1', 'r', 'correct', 1, 1, 'x')"
        )
    with pytest.raises(StoreError):  # only a correct reply earns points
        await _execute(
            store, ANSWER + f"VALUES (1, 50, '{started}', 2, 7, 1, 'q1', 'r', 'partial', 1, 1, 'x')"
        )


async def test_one_dispute_per_user_and_quiz_question(store: Store) -> None:
    await store.save_quiz_answer(1, 7, KEY, "q1", "no idea", "wrong", 0.0, 0, START)
    reply = (await store.quiz_replies(1, 7, 50, START))[0]
    opened = await store.open_quiz_dispute(1, 7, KEY, reply, date(2026, 3, 2), "note", "t")
    assert opened is not None and opened.quiz == KEY
    assert await store.open_quiz_dispute(1, 7, KEY, reply, date(2026, 3, 2), "", "t") is None
    # A daily dispute of the same question and day is another answer: allowed.
    daily = await store.open_dispute(1, 7, "q1", date(2026, 3, 2), 1, "r", "wrong", 0.0, "", "", "t")
    assert daily is not None and daily.quiz is None
    started = START.isoformat()
    with pytest.raises(StoreError):
        await _execute(
            store, DISPUTE + f"VALUES (1, 7, 'q1', '2026-03-02', 2, 'r', 'wrong', 0, 't', 50, '{started}', 1)"
        )
    with pytest.raises(StoreError):  # a quiz named by halves
        await _execute(
            store, DISPUTE + "VALUES (1, 8, 'q1', '2026-03-02', 1, 'r', 'wrong', 0, 't', 50, NULL, 1)"
        )
