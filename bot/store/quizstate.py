"""Queries for running quizzes (migration quiz_state): what a restarted bot needs to close them."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from bot.store.sql import fetch_all as _all

if TYPE_CHECKING:
    from bot.store.store import Store as _Base
else:
    _Base = object


@dataclass(frozen=True, slots=True)
class QuizRunRow:
    guild_id: int
    channel_id: int
    started_at: datetime
    question_ids: tuple[str, ...]
    number: int
    time_limit_s: int
    opened_at: datetime


@dataclass(frozen=True, slots=True)
class QuizRunScore:
    user_id: int
    points: int
    correct: int
    answered: int
    scored_at: datetime | None


def _iso(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("quiz times must be timezone-aware")
    return moment.astimezone(UTC).isoformat()


class QuizStateQueries(_Base):
    async def save_quiz_run(self, run: QuizRunRow) -> bool:
        """Store a new running quiz; False (nothing written) when one runs in the channel already."""
        async with self._write() as db:
            cur = await db.execute(
                """INSERT INTO quiz_runs
                     (guild_id, channel_id, started_at, question_ids, number, time_limit_s, opened_at)
                   VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (guild_id, channel_id) DO NOTHING""",
                (
                    run.guild_id,
                    run.channel_id,
                    _iso(run.started_at),
                    json.dumps(list(run.question_ids)),
                    run.number,
                    run.time_limit_s,
                    _iso(run.opened_at),
                ),
            )
            return cur.rowcount == 1

    async def move_quiz_run(self, guild_id: int, channel_id: int, number: int, opened_at: datetime) -> None:
        """The quiz moved on to question `number`, opened at `opened_at`."""
        async with self._write() as db:
            await db.execute(
                "UPDATE quiz_runs SET number = ?, opened_at = ? WHERE guild_id = ? AND channel_id = ?",
                (number, _iso(opened_at), guild_id, channel_id),
            )

    async def save_quiz_score(self, guild_id: int, channel_id: int, score: QuizRunScore) -> None:
        """A participant's score so far (nothing happens once the quiz row is gone)."""
        async with self._write() as db:
            await db.execute(
                """INSERT INTO quiz_run_scores
                     (guild_id, channel_id, user_id, points, correct, answered, scored_at)
                   SELECT guild_id, channel_id, ?, ?, ?, ?, ? FROM quiz_runs
                   WHERE guild_id = ? AND channel_id = ?
                   ON CONFLICT (guild_id, channel_id, user_id) DO UPDATE SET
                     points = excluded.points, correct = excluded.correct, answered = excluded.answered,
                     scored_at = COALESCE(excluded.scored_at, quiz_run_scores.scored_at)""",
                (
                    score.user_id,
                    score.points,
                    score.correct,
                    score.answered,
                    None if score.scored_at is None else _iso(score.scored_at),
                    guild_id,
                    channel_id,
                ),
            )

    async def quiz_runs(self) -> list[QuizRunRow]:
        """Every quiz still recorded as running."""
        rows = await self._select(
            """SELECT guild_id, channel_id, started_at, question_ids, number, time_limit_s, opened_at
               FROM quiz_runs ORDER BY started_at, guild_id, channel_id"""
        )
        return [
            QuizRunRow(
                int(r[0]),
                int(r[1]),
                datetime.fromisoformat(r[2]),
                tuple(json.loads(r[3])),
                int(r[4]),
                int(r[5]),
                datetime.fromisoformat(r[6]),
            )
            for r in rows
        ]

    async def end_quiz_run(self, guild_id: int, channel_id: int) -> list[QuizRunScore] | None:
        """Forget a running quiz and return its scores; None when it was gone already, so only one
        caller (of several processes, or a stop racing a restart) ever records its standings."""
        async with self._write() as db:
            rows = await _all(
                db,
                """SELECT user_id, points, correct, answered, scored_at FROM quiz_run_scores
                   WHERE guild_id = ? AND channel_id = ?""",
                (guild_id, channel_id),
            )
            cur = await db.execute(
                "DELETE FROM quiz_runs WHERE guild_id = ? AND channel_id = ?", (guild_id, channel_id)
            )
            if cur.rowcount != 1:
                return None
        return [
            QuizRunScore(
                int(r[0]),
                int(r[1]),
                int(r[2]),
                int(r[3]),
                None if r[4] is None else datetime.fromisoformat(r[4]),
            )
            for r in rows
        ]
