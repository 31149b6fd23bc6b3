"""Everything stored about one user: export it, delete it, and the history /stats draws.

A mixin of `Store`. `USER_DATA` is the one list of tables that hold data about a user; a feature
that adds such a table adds one line there, and /mydata and /forget-me cover it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import aiosqlite

from bot.model import DayStats
from bot.store.reviews import _ts

# (table, column holding the user's id). Every table here also has `guild_id`. Children come
# before their parents (attempts reference results); deleting results lets the totals triggers
# take the user's points out of `score_totals`, whose rows for the user are deleted after.
USER_DATA: tuple[tuple[str, str], ...] = (
    ("attempts", "user_id"),
    ("results", "user_id"),
    ("streaks", "user_id"),
    ("score_totals", "user_id"),
    ("quiz_results", "user_id"),
    ("quiz_run_scores", "user_id"),
    ("quiz_answers", "user_id"),
    ("review_logs", "user_id"),
    ("review_cards", "user_id"),
    ("review_settings", "user_id"),
    ("disputes", "user_id"),  # with the replies in them, the server's reviewed replies go too
)

# Rows that belong to the server or to another member but name the user: a bank the user uploaded,
# the decision they took on someone else's dispute. Deleting them would take from others, so the
# user's id in them is replaced by FORGOTTEN_USER (no Discord id is 0).
USER_REFERENCES: tuple[tuple[str, str], ...] = (
    ("uploaded_banks", "uploaded_by"),
    ("disputes", "decided_by"),
)
FORGOTTEN_USER = 0

_COUNTED = "(best_verdict IN ('correct', 'partial') AND forfeited = 0)"
_CORRECT = "(best_verdict = 'correct' AND forfeited = 0)"


class PersonalDataQueries:
    if TYPE_CHECKING:

        def _write(self) -> contextlib.AbstractAsyncContextManager[aiosqlite.Connection]: ...
        def _read(self) -> contextlib.AbstractAsyncContextManager[aiosqlite.Connection]: ...
        async def _select(self, sql: str, params: Sequence[Any] = ()) -> list[Any]: ...

    async def export_user(self, guild_id: int, user_id: int) -> dict[str, list[dict[str, Any]]]:
        """Every row about the user in the guild, by table, as column -> value dicts."""
        found: dict[str, list[dict[str, Any]]] = {}
        async with self._read() as db:
            for table, column in USER_DATA:
                cur = await db.execute(
                    f"SELECT * FROM {table} WHERE {column} = ? AND guild_id = ?", (user_id, guild_id)
                )
                names = [d[0] for d in cur.description]
                rows = await cur.fetchall()
                await cur.close()
                found[table] = [dict(zip(names, row, strict=True)) for row in rows]
        return found

    async def forget_user(self, user_id: int, guild_id: int | None, requested: str, now: datetime) -> int:
        """Delete every row about the user (in one guild, or everywhere with None); rows deleted.

        One transaction: either all of it goes, or nothing. Rows of `USER_REFERENCES` stay with
        the user's id in them replaced. An audit row keeps only that a deletion happened, when,
        where and who asked (the user or an admin), not whose data it was.
        """
        where = f"= ? AND guild_id = {'?' if guild_id is not None else 'guild_id'}"
        params: tuple[int, ...] = (user_id,) if guild_id is None else (user_id, guild_id)
        deleted = 0
        async with self._write() as db:
            for table, column in USER_DATA:
                cur = await db.execute(f"DELETE FROM {table} WHERE {column} {where}", params)
                deleted += max(cur.rowcount, 0)
            for table, column in USER_REFERENCES:
                await db.execute(
                    f"UPDATE {table} SET {column} = {FORGOTTEN_USER} WHERE {column} {where}", params
                )
            await db.execute(
                "INSERT INTO data_deletions (guild_id, requested, deleted_at) VALUES (?, ?, ?)",
                (guild_id, requested, _ts(now)),
            )
        return deleted

    async def day_stats(self, guild_id: int, user_id: int, since: date) -> list[DayStats]:
        """Per local day from `since` on: daily points, answered, correct and whether it kept the streak."""
        rows = await self._select(
            f"""SELECT day, SUM(best_points), COUNT(*) FILTER (WHERE attempts > 0),
                       COUNT(*) FILTER (WHERE {_CORRECT}), COUNT(*) FILTER (WHERE {_COUNTED})
                FROM results WHERE guild_id = ? AND user_id = ? AND day >= ?
                GROUP BY day ORDER BY day""",
            (guild_id, user_id, since.isoformat()),
        )
        return [
            DayStats(date.fromisoformat(d), int(p), int(a), int(c), int(k) > 0)
            for d, p, a, c, k in rows
            if int(a) > 0 or int(p) > 0
        ]

    async def question_stats(
        self, guild_id: int, user_id: int, since: datetime
    ) -> list[tuple[str, int, int]]:
        """(question, answers, correct ones) over every rated answer since `since` (first tries)."""
        rows = await self._select(
            """SELECT question_id, COUNT(*), COUNT(*) FILTER (WHERE verdict = 'correct')
               FROM review_logs WHERE guild_id = ? AND user_id = ? AND reviewed_at >= ?
               GROUP BY question_id""",
            (guild_id, user_id, _ts(since)),
        )
        return [(str(q), int(n), int(c)) for q, n, c in rows]
