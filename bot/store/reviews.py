"""Review cards, their log and per-user review settings (migration 0004_personal_study).

A mixin of `Store`: it uses the store's plumbing (`_select`, `_write`, ...). Times are stored as
fixed-width UTC ISO text (`2026-03-02T09:00:00.000000Z`), so comparing the text compares the times.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

import aiosqlite

from bot.model import ReviewCounts, ReviewQueue, ReviewSettings
from bot.rules.cards import CardState, Rating, ReviewCard

DEFAULT_RETENTION = 0.9  # as in the migration's column default
_CARD_COLS = (
    "guild_id, user_id, question_id, due, stability, difficulty, state, step, last_review,"
    " last_rating, reps, lapses, created_at"
)
_BATCH = 200  # ratings per statement batch: 4 x 200 = 800 bound parameters, under any SQLite limit
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
        request = RateRequest(guild_id, user_id, question_id, origin, source, verdict, rate, expected_reps)
        return (await self.rate_cards([request]))[0]

    async def rate_cards(self, requests: Sequence[RateRequest]) -> list[RateOutcome]:
        """Several `rate_card`s, in order, in one transaction (answers arriving together).

        A fixed number of round trips to the database whatever the batch size: read the cards,
        retentions and used origins, compute in memory (a card rated twice in one batch sees its
        first rating), then write every log row and card at once.
        """
        outcomes: list[RateOutcome] = []
        async with self._write() as db:
            # Reads decide the writes: other writers of these users' cards wait (PostgreSQL).
            for guild_id, user_id in sorted({(r.guild_id, r.user_id) for r in requests}):
                await self._serialize(db, "cards", guild_id, user_id)
            for start in range(0, len(requests), _BATCH):
                outcomes += await _rate_batch(db, requests[start : start + _BATCH])
        return outcomes

    async def queue(self, guild_id: int, user_id: int, now: datetime) -> ReviewQueue:
        """Cards due at `now`, all cards, and the next due time after `now`, in one query."""
        at = _ts(now)
        row = await self._select_one(
            """SELECT COUNT(*) FILTER (WHERE due <= ?), COUNT(*), MIN(due) FILTER (WHERE due > ?)
               FROM review_cards WHERE guild_id = ? AND user_id = ?""",
            (at, at, guild_id, user_id),
        )
        return ReviewQueue(int(row[0]), int(row[1]), None if row[2] is None else _time(row[2]))

    async def due_question_ids(
        self, guild_id: int, user_id: int, now: datetime, limit: int = 100, offset: int = 0
    ) -> list[str]:
        """The question ids of the cards due at `now`, the one due longest ago first (one page)."""
        rows = await self._select(
            """SELECT question_id FROM review_cards WHERE guild_id = ? AND user_id = ? AND due <= ?
               ORDER BY due, question_id LIMIT ? OFFSET ?""",
            (guild_id, user_id, _ts(now), max(limit, 0), max(offset, 0)),
        )
        return [str(row[0]) for row in rows]

    async def card_dues(self, guild_id: int, user_id: int) -> list[tuple[str, datetime]]:
        """Every card of the user as (question id, due time), so the caller can leave out the cards
        whose question is no longer loaded."""
        rows = await self._select(
            "SELECT question_id, due FROM review_cards WHERE guild_id = ? AND user_id = ?",
            (guild_id, user_id),
        )
        return [(str(row[0]), _time(row[1])) for row in rows]

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


@dataclass(frozen=True, slots=True)
class RateRequest:
    guild_id: int
    user_id: int
    question_id: str
    origin: str  # names the answer: one origin rates a card once
    source: str  # daily, quiz, practice or review
    verdict: str
    rate: Callable[[ReviewCard | None, float], ReviewCard]  # (card or None, retention) -> rated card
    expected_reps: int | None = None  # refuse (STALE) unless the card has this many ratings


async def _rate_batch(db: aiosqlite.Connection, requests: Sequence[RateRequest]) -> list[RateOutcome]:
    keys = list(dict.fromkeys((r.guild_id, r.user_id, r.question_id) for r in requests))
    cards, retentions = await _read_cards(db, keys)
    used = await _used_origins(db, requests)
    logs: list[tuple[Any, ...]] = []
    changed: dict[tuple[int, int, str], ReviewCard] = {}
    outcomes = []
    for r in requests:
        key = (r.guild_id, r.user_id, r.question_id)
        card = cards.get(key)
        if r.expected_reps is not None and (0 if card is None else card.reps) != r.expected_reps:
            outcomes.append(RateOutcome.STALE)
            continue
        if (*key, r.origin) in used:
            outcomes.append(RateOutcome.DUPLICATE)
            continue
        rated = r.rate(card, retentions.get(key[:2], DEFAULT_RETENTION))
        if rated.last_rating is None or rated.last_review is None:
            raise ValueError("a rated card has a last rating and review time")
        used.add((*key, r.origin))
        cards[key] = changed[key] = rated
        logs.append((*key, r.origin, r.source, int(rated.last_rating), r.verdict, _ts(rated.last_review)))
        outcomes.append(RateOutcome.RATED)
    if logs:
        # The reads above ran in this write transaction, so nothing can have changed since.
        await db.executemany(
            """INSERT INTO review_logs
                 (guild_id, user_id, question_id, origin, source, rating, verdict, reviewed_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
            logs,
        )
        await db.executemany(_PUT_CARD, [_card_values(c) for c in changed.values()])
    return outcomes


async def _read_cards(
    db: aiosqlite.Connection, keys: list[tuple[int, int, str]]
) -> tuple[dict[tuple[int, int, str], ReviewCard], dict[tuple[int, int], float]]:
    # Plain ORs rather than a row-value IN (VALUES ...): PostgreSQL cannot type untyped VALUES.
    values = " OR ".join("(guild_id = ? AND user_id = ? AND question_id = ?)" for _ in keys)
    flat = [x for key in keys for x in key]
    rows = await db.execute_fetchall(f"SELECT {_CARD_COLS} FROM review_cards WHERE {values}", flat)
    cards = {(c.guild_id, c.user_id, c.question_id): c for c in map(_card, rows)}
    users = list(dict.fromkeys(key[:2] for key in keys))
    pairs = " OR ".join("(guild_id = ? AND user_id = ?)" for _ in users)
    found = await db.execute_fetchall(
        f"SELECT guild_id, user_id, retention FROM review_settings WHERE {pairs}",
        [x for user in users for x in user],
    )
    return cards, {(int(g), int(u)): float(r) for g, u, r in found}


async def _used_origins(
    db: aiosqlite.Connection, requests: Sequence[RateRequest]
) -> set[tuple[int, int, str, str]]:
    values = " OR ".join(
        "(guild_id = ? AND user_id = ? AND question_id = ? AND origin = ?)" for _ in requests
    )
    flat = [x for r in requests for x in (r.guild_id, r.user_id, r.question_id, r.origin)]
    rows = await db.execute_fetchall(
        f"SELECT guild_id, user_id, question_id, origin FROM review_logs WHERE {values}",
        flat,
    )
    return {(int(g), int(u), str(q), str(o)) for g, u, q, o in rows}


_PUT_CARD = f"""INSERT INTO review_cards ({_CARD_COLS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (guild_id, user_id, question_id) DO UPDATE SET
      due = excluded.due, stability = excluded.stability, difficulty = excluded.difficulty,
      state = excluded.state, step = excluded.step, last_review = excluded.last_review,
      last_rating = excluded.last_rating, reps = excluded.reps, lapses = excluded.lapses"""


def _card_values(card: ReviewCard) -> tuple[Any, ...]:
    return (
        card.guild_id, card.user_id, card.question_id, _ts(card.due), card.stability, card.difficulty,
        int(card.state), card.step, None if card.last_review is None else _ts(card.last_review),
        None if card.last_rating is None else int(card.last_rating), card.reps, card.lapses,
        _ts(card.created_at),
    )  # fmt: skip


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
