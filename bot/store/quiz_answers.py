"""Queries for quiz answers kept one by one, and for disputes of them (migration quiz_disputes).

A mixin of `Store`. A quiz is keyed by (guild, channel, started_at); each graded reply in it is a
row of `quiz_answers`, so a dispute can point at exactly one and a decision can recompute the
user's standing from them. Portable SQL; times come from the caller.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import aiosqlite

from bot.model import Dispute, DisputeStatus, QuizAnswerKey
from bot.store.own_material import _DISPUTE_COLS, DecideRefusal, _dispute, _take_decision
from bot.store.quizstate import _iso
from bot.store.sql import fetch_all as _all
from bot.store.sql import fetch_one as _one

if TYPE_CHECKING:
    from bot.store.store import Store as _Base
else:
    _Base = object

_ANSWER_COLS = "number, attempt_no, question_id, reply, verdict, score, points, answered_at"
_QUIZ_USER = "guild_id = ? AND channel_id = ? AND started_at = ? AND user_id = ?"


@dataclass(frozen=True, slots=True)
class QuizAnswerRow:
    number: int
    attempt_no: int
    question_id: str
    reply: str
    verdict: str
    score: float
    points: int
    answered_at: datetime


@dataclass(frozen=True, slots=True)
class QuizDecisionWrite:
    """What an accepted quiz dispute writes: the reply's new verdict, what each of the user's
    replies in that quiz now earns, and their recomputed standing."""

    verdict: str
    earned: tuple[tuple[int, int, int], ...]  # (number, attempt, points)
    points: int
    correct: int
    answered: int
    scored_at: datetime | None


class QuizAnswerQueries(_Base):
    async def save_quiz_answer(
        self,
        guild_id: int,
        user_id: int,
        key: QuizAnswerKey,
        question_id: str,
        reply: str,
        verdict: str,
        score: float,
        points: int,
        answered_at: datetime,
    ) -> int | None:
        """Keep one graded quiz reply; returns its attempt number (the key's is ignored).

        None when it was not kept: a scoring reply to a question a decision has just credited
        (one scoring reply per question, by the partial unique index).
        """
        started = _iso(key.started_at)
        quiz = (guild_id, key.channel_id, started, key.number, user_id)
        async with self._write() as db:
            row = await _one(
                db,
                f"""INSERT INTO quiz_answers
                      (guild_id, channel_id, started_at, user_id, {_ANSWER_COLS})
                    SELECT ?, ?, ?, ?, ?, COALESCE(MAX(attempt_no), 0) + 1, ?, ?, ?, ?, ?, ?
                    FROM quiz_answers
                    WHERE guild_id = ? AND channel_id = ? AND started_at = ? AND number = ? AND user_id = ?
                    ON CONFLICT DO NOTHING
                    RETURNING attempt_no""",
                (
                    guild_id,
                    key.channel_id,
                    started,
                    user_id,
                    key.number,
                    question_id,
                    reply,
                    verdict,
                    score,
                    points,
                    _iso(answered_at),
                    *quiz,
                ),
            )
        return None if row is None else int(row[0])

    async def quiz_replies(
        self, guild_id: int, user_id: int, channel_id: int, started_at: datetime
    ) -> list[QuizAnswerRow]:
        """A user's graded replies in one quiz, by question and attempt."""
        rows = await self._select(
            f"SELECT {_ANSWER_COLS} FROM quiz_answers WHERE {_QUIZ_USER} ORDER BY number, attempt_no",
            (guild_id, channel_id, _iso(started_at), user_id),
        )
        return [_answer(r) for r in rows]

    async def quiz_is_running(self, guild_id: int, channel_id: int, started_at: datetime) -> bool:
        row = await self._select_one(
            "SELECT 1 FROM quiz_runs WHERE guild_id = ? AND channel_id = ? AND started_at = ?",
            (guild_id, channel_id, _iso(started_at)),
        )
        return row is not None

    async def running_quiz_start(self, guild_id: int, channel_id: int) -> datetime | None:
        """When the quiz running in the channel started, or None without one."""
        row = await self._select_one(
            "SELECT started_at FROM quiz_runs WHERE guild_id = ? AND channel_id = ?", (guild_id, channel_id)
        )
        return None if row is None else datetime.fromisoformat(row[0])

    async def quiz_dispute_of(self, guild_id: int, user_id: int, key: QuizAnswerKey) -> Dispute | None:
        """The user's dispute of that quiz question (any attempt: one dispute per question)."""
        row = await self._select_one(
            f"""SELECT {_DISPUTE_COLS} FROM disputes
                WHERE guild_id = ? AND user_id = ? AND quiz_channel_id = ? AND quiz_started_at = ?
                  AND quiz_number = ?""",
            (guild_id, user_id, key.channel_id, _iso(key.started_at), key.number),
        )
        return None if row is None else _dispute(row)

    async def open_quiz_dispute(
        self,
        guild_id: int,
        user_id: int,
        key: QuizAnswerKey,
        answer: QuizAnswerRow,
        day: date,
        note: str,
        opened_at: str,
    ) -> Dispute | None:
        """Open a dispute of a quiz reply; None when the user disputed that quiz question already."""
        async with self._write() as db:
            row = await _one(
                db,
                f"""INSERT INTO disputes (guild_id, user_id, question_id, day, attempt_no, reply, verdict,
                                          score, reason, note, opened_at, quiz_channel_id, quiz_started_at,
                                          quiz_number)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, '', ?, ?, ?, ?, ?)
                    ON CONFLICT (guild_id, user_id, quiz_channel_id, quiz_started_at, quiz_number)
                    WHERE quiz_channel_id IS NOT NULL DO NOTHING
                    RETURNING {_DISPUTE_COLS}""",
                (guild_id, user_id, answer.question_id, day.isoformat(), answer.attempt_no, answer.reply,
                 answer.verdict, answer.score, note, opened_at, key.channel_id, _iso(key.started_at),
                 key.number),
            )  # fmt: skip
        return None if row is None else _dispute(row)

    async def decide_quiz_dispute(
        self,
        dispute: Dispute,
        status: DisputeStatus,
        decided_by: int,
        decided_at: str,
        seen: Sequence[QuizAnswerRow],
        write: QuizDecisionWrite | None,
    ) -> DecideRefusal | None:
        """Record a decision of a quiz dispute and, for an acceptance, the recomputed standing, in
        one transaction; exactly one of concurrent calls decides (as `decide_dispute`). STALE when
        the user's replies in that quiz changed since `seen` was read."""
        assert dispute.quiz is not None
        quiz = dispute.quiz
        user = (dispute.guild_id, quiz.channel_id, _iso(quiz.started_at), dispute.user_id)
        async with self._write() as db:
            now = await _all(
                db,
                f"SELECT {_ANSWER_COLS} FROM quiz_answers WHERE {_QUIZ_USER} ORDER BY number, attempt_no",
                user,
            )
            if [_answer(r) for r in now] != list(seen):
                return DecideRefusal.STALE
            if not await _take_decision(db, dispute.id, status, decided_by, decided_at):
                return DecideRefusal.TAKEN
            if write is not None:
                await _apply(db, user, quiz, write)
        return None

    async def put_quiz_result(
        self, guild_id: int, user_id: int, channel_id: int, started_at: datetime, write: QuizDecisionWrite
    ) -> None:
        """A finished quiz's standing of one user, corrected by a decision (it wins over the
        standing the quiz's end records, which adds nothing to a row that exists)."""
        async with self._write() as db:
            await _put_result(db, (guild_id, channel_id, _iso(started_at), user_id), write)


async def _apply(
    db: aiosqlite.Connection, user: tuple[Any, ...], quiz: QuizAnswerKey, write: QuizDecisionWrite
) -> None:
    await db.execute(
        f"UPDATE quiz_answers SET verdict = ? WHERE {_QUIZ_USER} AND number = ? AND attempt_no = ?",
        (write.verdict, *user, quiz.number, quiz.attempt_no),
    )
    # Zeros first: the partial unique index allows one scoring reply per question at any moment.
    for number, attempt, points in sorted(write.earned, key=lambda e: e[2]):
        await db.execute(
            f"UPDATE quiz_answers SET points = ? WHERE {_QUIZ_USER} AND number = ? AND attempt_no = ?",
            (points, *user, number, attempt),
        )
    scored_at = None if write.scored_at is None else _iso(write.scored_at)
    running = await _one(
        db, "SELECT 1 FROM quiz_runs WHERE guild_id = ? AND channel_id = ? AND started_at = ?", user[:3]
    )
    if running is not None:
        await db.execute(
            """UPDATE quiz_run_scores SET points = ?, correct = ?, answered = ?, scored_at = ?
               WHERE guild_id = ? AND channel_id = ? AND user_id = ?""",
            (write.points, write.correct, write.answered, scored_at, user[0], user[1], user[3]),
        )
    else:
        await _put_result(db, user, write)


async def _put_result(db: aiosqlite.Connection, user: tuple[Any, ...], write: QuizDecisionWrite) -> None:
    await db.execute(
        """INSERT INTO quiz_results (guild_id, channel_id, started_at, user_id, points, correct, answered)
           VALUES (?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (guild_id, channel_id, started_at, user_id) DO UPDATE SET
             points = excluded.points, correct = excluded.correct, answered = excluded.answered""",
        (*user, write.points, write.correct, write.answered),
    )


def _answer(row: Sequence[Any]) -> QuizAnswerRow:
    number, attempt, qid, reply, verdict, score, points, at = row
    return QuizAnswerRow(
        int(number), int(attempt), str(qid), str(reply), str(verdict), float(score), int(points),
        datetime.fromisoformat(at),
    )  # fmt: skip
