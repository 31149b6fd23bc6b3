"""Review cards, their log and per-user review settings (migration 0003_personal_study).

A mixin of `Store`: it uses the store's plumbing (`_select`, `_write`, ...). Times are stored as
fixed-width UTC ISO text (`2026-03-02T09:00:00.000000Z`), so comparing the text compares the times.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

import aiosqlite

from bot.model import CardState, Rating, ReviewCard, ReviewCounts, ReviewQueue, ReviewSettings

DEFAULT_RETENTION = 0.9  # as in the migration's column default
_CARD_COLS = (
    "guild_id, user_id, question_id, due, stability, difficulty, state, step, last_review,"
    " last_rating, reps, lapses, created_at"
)
_CARD_COLS_C = ", ".join("c." + c.strip() for c in _CARD_COLS.split(","))
_SETTINGS_COLS = "reminder_hour, retention, prefer_dm, last_reminded"


class ReviewQueries:
    """Queries for spaced-repetition review; see docs/storage.md."""

    if TYPE_CHECKING:

        def _write(self) -> contextlib.AbstractAsyncContextManager[aiosqlite.Connection]: ...
        def _read(self) -> contextlib.AbstractAsyncContextManager[aiosqlite.Connection]: ...
        async def _select(self, sql: str, params: Sequence[Any] = ()) -> list[Any]: ...
        async def _select_one(self, sql: str, params: Sequence[Any] = ()) -> Any: ...

    async def get_card(self, guild_id: int, user_id: int, question_id: str) -> ReviewCard | None:
        row = await self._select_one(
            f"SELECT {_CARD_COLS} FROM review_cards WHERE guild_id = ? AND user_id = ? AND question_id = ?",
            (guild_id, user_id, question_id),
        )
        return None if row is None else _card(row)

    async def rate_card(
        self,
        guild_id: int,
        user_id: int,
        question_id: str,
        origin: str,
        source: str,
        verdict: str,
        rate: Callable[[ReviewCard | None, float], ReviewCard],
        expected_reps: int | None = None,
    ) -> RateOutcome:
        """Rate one card in one transaction: read it, let `rate` compute it, store it and its log.

        `rate(card or None, the user's retention)` returns the rated card (the service's rules;
        the store decides nothing). Refused, writing nothing: DUPLICATE when this `origin`
        already rated the card (the same answer twice), STALE when `expected_reps` is given and
        the card has another number of ratings (that showing was answered already).
        """
        async with self._write() as db:
            row = await _one_row(
                db,
                f"""SELECT {_CARD_COLS_C}, (SELECT retention FROM review_settings s
                                           WHERE s.guild_id = ? AND s.user_id = ?)
                    FROM (SELECT 1) AS one LEFT JOIN review_cards c
                      ON c.guild_id = ? AND c.user_id = ? AND c.question_id = ?""",
                (guild_id, user_id, guild_id, user_id, question_id),
            )
            card = None if row is None or row[0] is None else _card(row[:-1])
            retention = DEFAULT_RETENTION if row is None or row[-1] is None else float(row[-1])
            reps = 0 if card is None else card.reps
            if expected_reps is not None and reps != expected_reps:
                return RateOutcome.STALE
            rated = rate(card, retention)
            if rated.last_rating is None or rated.last_review is None:
                raise ValueError("a rated card has a last rating and review time")
            cur = await db.execute(
                """INSERT INTO review_logs
                     (guild_id, user_id, question_id, origin, source, rating, verdict, reviewed_at)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                   ON CONFLICT (guild_id, user_id, question_id, origin) DO NOTHING""",
                (
                    guild_id, user_id, question_id, origin, source, int(rated.last_rating), verdict,
                    _ts(rated.last_review),
                ),
            )  # fmt: skip
            if cur.rowcount != 1:
                return RateOutcome.DUPLICATE
            await _put_card(db, rated)
        return RateOutcome.RATED

    async def queue(self, guild_id: int, user_id: int, now: datetime) -> ReviewQueue:
        """Cards due at `now`, all cards, and the next due time after `now`, in one query."""
        at = _ts(now)
        row = await self._select_one(
            """SELECT COUNT(*) FILTER (WHERE due <= ?), COUNT(*), MIN(due) FILTER (WHERE due > ?)
               FROM review_cards WHERE guild_id = ? AND user_id = ?""",
            (at, at, guild_id, user_id),
        )
        return ReviewQueue(int(row[0]), int(row[1]), None if row[2] is None else _time(row[2]))

    async def most_overdue(
        self, guild_id: int, user_id: int, now: datetime, skip: Sequence[str] = ()
    ) -> ReviewCard | None:
        """The card due longest ago (due at or before `now`), leaving out the `skip` question ids."""
        holes = ", ".join("?" for _ in skip)
        unwanted = f" AND question_id NOT IN ({holes})" if skip else ""
        row = await self._select_one(
            f"""SELECT {_CARD_COLS} FROM review_cards
                WHERE guild_id = ? AND user_id = ? AND due <= ?{unwanted}
                ORDER BY due, question_id LIMIT 1""",
            (guild_id, user_id, _ts(now), *skip),
        )
        return None if row is None else _card(row)

    async def review_counts(self, guild_id: int, user_id: int) -> ReviewCounts:
        row = await self._select_one(
            """SELECT COUNT(*), COUNT(*) FILTER (WHERE verdict = 'correct') FROM review_logs
               WHERE guild_id = ? AND user_id = ? AND source = 'review'""",
            (guild_id, user_id),
        )
        return ReviewCounts(int(row[0]), int(row[1]))

    # ------------------------------------------------------------------------------ settings

    async def review_settings(self, guild_id: int, user_id: int) -> ReviewSettings:
        row = await self._select_one(
            f"SELECT {_SETTINGS_COLS} FROM review_settings WHERE guild_id = ? AND user_id = ?",
            (guild_id, user_id),
        )
        return ReviewSettings() if row is None else _settings(row)

    async def save_review_settings(self, guild_id: int, user_id: int, settings: ReviewSettings) -> None:
        """Store the user's choices (the last reminder day is kept as stored)."""
        async with self._write() as db:
            await db.execute(
                """INSERT INTO review_settings (guild_id, user_id, reminder_hour, retention, prefer_dm)
                   VALUES (?, ?, ?, ?, ?)
                   ON CONFLICT (guild_id, user_id) DO UPDATE SET
                     reminder_hour = excluded.reminder_hour, retention = excluded.retention,
                     prefer_dm = excluded.prefer_dm""",
                (guild_id, user_id, settings.reminder_hour, settings.retention, int(settings.prefer_dm)),
            )

    async def reminder_candidates(self, after: date) -> list[tuple[int, int, int, str, date | None]]:
        """(guild, user, hour, guild time zone, last reminded day) of users with a reminder on
        and not reminded since `after` (a coarse filter: the caller compares local days).

        Guilds without a setup are left out (nothing says what their local time is).
        """
        rows = await self._select(
            """SELECT s.guild_id, s.user_id, s.reminder_hour, g.timezone, s.last_reminded
               FROM review_settings s JOIN guilds g ON g.guild_id = s.guild_id
               WHERE s.reminder_hour IS NOT NULL
                 AND (s.last_reminded IS NULL OR s.last_reminded < ?)""",
            (after.isoformat(),),
        )
        return [
            (int(g), int(u), int(h), str(z), None if d is None else date.fromisoformat(d))
            for g, u, h, z, d in rows
        ]

    async def claim_reminder(self, guild_id: int, user_id: int, day: date) -> bool:
        """Mark the reminder of `day` (local) as sent; True only for the one call that marked it."""
        async with self._write() as db:
            cur = await db.execute(
                """UPDATE review_settings SET last_reminded = ?
                   WHERE guild_id = ? AND user_id = ? AND reminder_hour IS NOT NULL
                     AND (last_reminded IS NULL OR last_reminded < ?)""",
                (day.isoformat(), guild_id, user_id, day.isoformat()),
            )
            return cur.rowcount == 1


class RateOutcome(StrEnum):
    RATED = "rated"
    DUPLICATE = "duplicate"  # this origin already rated the card
    STALE = "stale"  # the card changed since it was read


async def _put_card(db: aiosqlite.Connection, card: ReviewCard) -> None:
    await db.execute(
        f"""INSERT INTO review_cards ({_CARD_COLS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (guild_id, user_id, question_id) DO UPDATE SET
              due = excluded.due, stability = excluded.stability, difficulty = excluded.difficulty,
              state = excluded.state, step = excluded.step, last_review = excluded.last_review,
              last_rating = excluded.last_rating, reps = excluded.reps, lapses = excluded.lapses""",
        (
            card.guild_id, card.user_id, card.question_id, _ts(card.due), card.stability, card.difficulty,
            int(card.state), card.step, None if card.last_review is None else _ts(card.last_review),
            None if card.last_rating is None else int(card.last_rating), card.reps, card.lapses,
            _ts(card.created_at),
        ),
    )  # fmt: skip


async def _one_row(db: aiosqlite.Connection, sql: str, params: Sequence[Any]) -> Any:
    rows = await db.execute_fetchall(sql, params)
    return next(iter(rows), None)


def _ts(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("stored times must be timezone-aware")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _time(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def _card(row: Sequence[Any]) -> ReviewCard:
    g, u, q, due, stability, difficulty, state, step, last, rating, reps, lapses, created = row
    return ReviewCard(
        int(g), int(u), str(q), _time(due),
        None if stability is None else float(stability),
        None if difficulty is None else float(difficulty),
        CardState(int(state)), None if step is None else int(step),
        None if last is None else _time(last), None if rating is None else Rating(int(rating)),
        int(reps), int(lapses), _time(created),
    )  # fmt: skip


def _settings(row: Sequence[Any]) -> ReviewSettings:
    hour, retention, dm, last = row
    return ReviewSettings(
        None if hour is None else int(hour),
        float(retention),
        bool(dm),
        None if last is None else date.fromisoformat(last),
    )
