"""Reading and writing rows inside a transaction, shared by the Store and its query mixins."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import aiosqlite

from bot.store.rows import ResultRow, StreakRow


# execute_fetchall runs, fetches and closes in one round trip to aiosqlite's thread; with
# execute + fetchone + close every read cost three, and answers queue behind each other's.
async def fetch_one(db: aiosqlite.Connection, sql: str, params: Sequence[Any] = ()) -> Any:
    rows = await db.execute_fetchall(sql, params)
    return next(iter(rows), None)


async def fetch_all(db: aiosqlite.Connection, sql: str, params: Sequence[Any] = ()) -> list[Any]:
    return list(await db.execute_fetchall(sql, params))


def result_row(row: Sequence[Any]) -> ResultRow:
    """A `results` row read in the column order of ResultRow."""
    g, u, q, day, attempts, best, verdict, score, revealed, forfeited = row
    return ResultRow(
        int(g), int(u), q, date.fromisoformat(day), int(attempts), int(best), verdict,
        None if score is None else float(score), bool(revealed), bool(forfeited),
    )  # fmt: skip


async def put_streak(db: aiosqlite.Connection, guild_id: int, user_id: int, streak: StreakRow) -> None:
    last = None if streak.last_day is None else streak.last_day.isoformat()
    await db.execute(
        """INSERT INTO streaks (guild_id, user_id, current, best, last_day) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (guild_id, user_id) DO UPDATE SET
             current = excluded.current, best = excluded.best, last_day = excluded.last_day""",
        (guild_id, user_id, streak.current, streak.best, last),
    )
