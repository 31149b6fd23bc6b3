"""Queries for a daily whose question left the loaded banks or whose server moved its time zone."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from bot.store.rows import DailyRow

if TYPE_CHECKING:
    from bot.store.store import Store as _Base
else:
    _Base = object


class DailyFixQueries(_Base):
    async def replace_daily_question(
        self, guild_id: int, day: date, old_id: str, new_id: str, cycle: int, number: int
    ) -> DailyRow | None:
        """Swap an unposted daily's question; returns the stored row after the attempt.

        Only a daily that still holds `old_id` and was never posted changes, so two racing
        callers agree on one replacement and a posted question is never swapped under its post.
        """
        from bot.store.store import _DAILY_SELECT, _daily, _iso, _one  # store.py imports this module

        async with self._write() as db:
            await db.execute(
                """UPDATE dailies SET question_id = ?, cycle = ?, number = ?
                   WHERE guild_id = ? AND day = ? AND question_id = ? AND message_id IS NULL""",
                (new_id, cycle, number, guild_id, _iso(day), old_id),
            )
            row = await _one(db, _DAILY_SELECT + " WHERE guild_id = ? AND day = ?", (guild_id, _iso(day)))
        return None if row is None else _daily(row)

    async def latest_posted_day(self, guild_id: int) -> date | None:
        """The day of the guild's latest posted daily; None before the first post."""
        row = await self._select_one(
            "SELECT MAX(day) FROM dailies WHERE guild_id = ? AND message_id IS NOT NULL", (guild_id,)
        )
        return None if row is None or row[0] is None else date.fromisoformat(str(row[0]))
