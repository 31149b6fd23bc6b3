"""Queries for a group's own material: uploaded banks, review settings, disputes and decisions.

A mixin of `Store` (it uses the store's serialized `_read`, `_write` and `_select` plumbing).
Portable SQL: `?` placeholders, ON CONFLICT, RETURNING; times come from the caller as ISO text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

import aiosqlite

from bot.model import Dispute, DisputeStatus, QuizAnswerKey, UploadedBank
from bot.store.rows import ResultRow, StreakRow
from bot.store.sql import fetch_all as _all
from bot.store.sql import fetch_one as _one
from bot.store.sql import put_streak
from bot.store.sql import result_row as _result

if TYPE_CHECKING:
    from bot.store.store import Store as _Base
else:
    _Base = object

_BANK_COLS = "guild_id, name, title, source, questions, uploaded_by, uploaded_at"
_DISPUTE_COLS = (
    "id, guild_id, user_id, question_id, day, attempt_no, reply, verdict, score, reason, note, status,"
    " opened_at, decided_by, decided_at, channel_id, message_id,"
    " quiz_channel_id, quiz_started_at, quiz_number"
)
_RESULT_SELECT = (
    "SELECT guild_id, user_id, question_id, day, attempts, best_points, best_verdict, best_score,"
    " revealed, forfeited FROM results"
)


class DecideRefusal(StrEnum):
    TAKEN = "taken"  # not open any more (another moderator decided first), or the decider is the user
    STALE = "stale"  # the user's results changed since they were read: read again and retry


@dataclass(frozen=True, slots=True)
class ResultChange:
    """New best values for one of the user's results (a decision recomputes them)."""

    question_id: str
    day: date
    best_points: int
    best_verdict: str
    best_score: float


@dataclass(frozen=True, slots=True)
class DecisionWrite:
    """Everything one accepted decision writes, computed by the service from `user_results`."""

    attempt_verdict: str  # the disputed attempt's verdict from now on
    attempt_points: int
    results: tuple[ResultChange, ...] = ()
    streak: StreakRow | None = None


class OwnMaterialQueries(_Base):
    # ------------------------------------------------------------------------ uploaded banks

    async def save_uploaded_bank(self, bank: UploadedBank) -> bool:
        """Store a server's bank, replacing one of the same name; True when it replaced one."""
        async with self._write() as db:
            before = await _one(
                db, "SELECT 1 FROM uploaded_banks WHERE guild_id = ? AND name = ?", (bank.guild_id, bank.name)
            )
            await db.execute(
                f"""INSERT INTO uploaded_banks ({_BANK_COLS}) VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (guild_id, name) DO UPDATE SET
                      title = excluded.title, source = excluded.source, questions = excluded.questions,
                      uploaded_by = excluded.uploaded_by, uploaded_at = excluded.uploaded_at""",
                (
                    bank.guild_id,
                    bank.name,
                    bank.title,
                    bank.source,
                    bank.questions,
                    bank.uploaded_by,
                    bank.uploaded_at,
                ),
            )
        return before is not None

    async def uploaded_banks(self, guild_id: int | None = None) -> list[UploadedBank]:
        """A server's uploaded banks by name (every server's, by server, with None)."""
        if guild_id is None:
            rows = await self._select(f"SELECT {_BANK_COLS} FROM uploaded_banks ORDER BY guild_id, name")
        else:
            rows = await self._select(
                f"SELECT {_BANK_COLS} FROM uploaded_banks WHERE guild_id = ? ORDER BY name", (guild_id,)
            )
        return [_bank(r) for r in rows]

    async def delete_uploaded_bank(self, guild_id: int, name: str) -> bool:
        async with self._write() as db:
            cur = await db.execute(
                "DELETE FROM uploaded_banks WHERE guild_id = ? AND name = ?", (guild_id, name)
            )
            return cur.rowcount > 0

    # ----------------------------------------------------------------------- review settings

    async def save_dispute_settings(self, guild_id: int, channel_id: int | None, role_id: int | None) -> None:
        async with self._write() as db:
            await db.execute(
                """INSERT INTO dispute_settings (guild_id, review_channel_id, reviewer_role_id)
                   VALUES (?, ?, ?) ON CONFLICT (guild_id) DO UPDATE SET
                     review_channel_id = excluded.review_channel_id,
                     reviewer_role_id = excluded.reviewer_role_id""",
                (guild_id, channel_id, role_id),
            )

    async def dispute_settings(self, guild_id: int) -> tuple[int | None, int | None]:
        """(review channel, reviewer role) of a server; (None, None) when not set."""
        row = await self._select_one(
            "SELECT review_channel_id, reviewer_role_id FROM dispute_settings WHERE guild_id = ?", (guild_id,)
        )
        return (None, None) if row is None else (row[0], row[1])

    # ------------------------------------------------------------------------------ disputes

    async def open_dispute(
        self,
        guild_id: int,
        user_id: int,
        question_id: str,
        day: date,
        attempt_no: int,
        reply: str,
        verdict: str,
        score: float,
        reason: str,
        note: str,
        opened_at: str,
    ) -> Dispute | None:
        """Open a dispute; None when this answer (guild, user, question, day) was disputed already."""
        async with self._write() as db:
            row = await _one(
                db,
                f"""INSERT INTO disputes (guild_id, user_id, question_id, day, attempt_no, reply, verdict,
                                          score, reason, note, opened_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (guild_id, user_id, question_id, day) WHERE quiz_channel_id IS NULL
                    DO NOTHING
                    RETURNING {_DISPUTE_COLS}""",
                (guild_id, user_id, question_id, day.isoformat(), attempt_no, reply, verdict, score,
                 reason, note, opened_at),
            )  # fmt: skip
        return None if row is None else _dispute(row)

    async def dispute(self, dispute_id: int) -> Dispute | None:
        row = await self._select_one(f"SELECT {_DISPUTE_COLS} FROM disputes WHERE id = ?", (dispute_id,))
        return None if row is None else _dispute(row)

    async def dispute_of(self, guild_id: int, user_id: int, question_id: str, day: date) -> Dispute | None:
        row = await self._select_one(
            f"""SELECT {_DISPUTE_COLS} FROM disputes
                WHERE guild_id = ? AND user_id = ? AND question_id = ? AND day = ?
                  AND quiz_channel_id IS NULL""",
            (guild_id, user_id, question_id, day.isoformat()),
        )
        return None if row is None else _dispute(row)

    async def set_dispute_message(self, dispute_id: int, channel_id: int, message_id: int) -> None:
        async with self._write() as db:
            await db.execute(
                "UPDATE disputes SET channel_id = ?, message_id = ? WHERE id = ?",
                (channel_id, message_id, dispute_id),
            )

    async def disputes(
        self,
        guild_id: int,
        status: DisputeStatus | None = DisputeStatus.OPEN,
        limit: int = 10,
        offset: int = 0,
    ) -> tuple[list[Dispute], int]:
        """One page of a server's disputes (oldest first) and how many there are in all."""
        # Two spellings rather than "? IS NULL OR ...": an untyped NULL parameter is an error on
        # PostgreSQL.
        where, params = ("guild_id = ?", (guild_id,))
        if status is not None:
            where, params = ("guild_id = ? AND status = ?", (guild_id, status.value))
        async with self._read() as db:
            total = await _one(db, f"SELECT COUNT(*) FROM disputes WHERE {where}", params)
            rows = await _all(
                db,
                f"SELECT {_DISPUTE_COLS} FROM disputes WHERE {where} ORDER BY id LIMIT ? OFFSET ?",
                (*params, max(0, limit), max(0, offset)),
            )
        return [_dispute(r) for r in rows], int(total[0])

    async def user_disputes(self, guild_id: int, user_id: int, limit: int = 5) -> list[Dispute]:
        """A user's latest disputes, newest first."""
        rows = await self._select(
            f"""SELECT {_DISPUTE_COLS} FROM disputes WHERE guild_id = ? AND user_id = ?
                ORDER BY id DESC LIMIT ?""",
            (guild_id, user_id, max(0, limit)),
        )
        return [_dispute(r) for r in rows]

    async def reviewed_replies(self, guild_id: int, question_id: str) -> list[tuple[str, str]]:
        """(reply, verdict) of the server's decided disputes of a question, oldest decision first.

        Accepted ones carry their decided verdict (correct / partial), rejected ones 'wrong'.
        """
        rows = await self._select(
            """SELECT reply, CASE status WHEN 'rejected' THEN 'wrong' ELSE status END FROM disputes
               WHERE guild_id = ? AND question_id = ? AND status <> 'open' ORDER BY decided_at, id""",
            (guild_id, question_id),
        )
        return [(str(r), str(v)) for r, v in rows]

    async def reviewed_questions(self) -> list[tuple[int, str]]:
        """(guild, question) of every question with a decided dispute."""
        rows = await self._select(
            "SELECT DISTINCT guild_id, question_id FROM disputes WHERE status <> 'open'"
        )
        return [(int(g), str(q)) for g, q in rows]

    async def user_results(self, guild_id: int, user_id: int) -> list[ResultRow]:
        """Every result of a user in a server, by day: what a decision recomputes."""
        rows = await self._select(
            _RESULT_SELECT + " WHERE guild_id = ? AND user_id = ? ORDER BY day, question_id",
            (guild_id, user_id),
        )
        return [_result(r) for r in rows]

    async def latest_result(self, guild_id: int, user_id: int, question_id: str | None) -> ResultRow | None:
        """The user's latest answered result for a question, or for any with None (what /dispute means)."""
        where, params = "guild_id = ? AND user_id = ?", (guild_id, user_id)
        if question_id is not None:
            where, params = f"{where} AND question_id = ?", (guild_id, user_id, question_id)
        row = await self._select_one(
            f"{_RESULT_SELECT} WHERE {where} AND attempts > 0 ORDER BY day DESC LIMIT 1", params
        )
        return None if row is None else _result(row)

    async def decide_dispute(
        self,
        dispute: Dispute,
        status: DisputeStatus,
        decided_by: int,
        decided_at: str,
        seen: Sequence[ResultRow],
        write: DecisionWrite | None,
    ) -> DecideRefusal | None:
        """Record a decision and, for an acceptance, the recomputed scores, in one transaction.

        Exactly one of any number of concurrent calls changes the dispute (a conditional UPDATE
        on status 'open'); the others get TAKEN and write nothing. When the user's results differ
        from `seen` (they answered meanwhile), STALE: nothing is written, read again and retry.
        """
        async with self._write() as db:
            now = await _all(
                db,
                _RESULT_SELECT + " WHERE guild_id = ? AND user_id = ? ORDER BY day, question_id",
                (dispute.guild_id, dispute.user_id),
            )
            if [_result(r) for r in now] != list(seen):
                return DecideRefusal.STALE
            if not await _take_decision(db, dispute.id, status, decided_by, decided_at):
                return DecideRefusal.TAKEN
            if write is not None:
                await _apply(db, dispute, write)
        return None

    async def claim_outcomes(self, guild_id: int, user_id: int) -> list[Dispute]:
        """Decided disputes of a user not yet told; each is returned to exactly one caller."""
        async with self._write() as db:
            rows = await _all(
                db,
                f"""UPDATE disputes SET notified = 1
                    WHERE guild_id = ? AND user_id = ? AND notified = 0 AND status <> 'open'
                    RETURNING {_DISPUTE_COLS}""",
                (guild_id, user_id),
            )
        return sorted((_dispute(r) for r in rows), key=lambda d: d.id)

    async def unclaim_outcomes(self, dispute_ids: Sequence[int]) -> None:
        """Mark decisions as not told again (telling the user failed)."""
        async with self._write() as db:
            for dispute_id in dispute_ids:
                await db.execute("UPDATE disputes SET notified = 0 WHERE id = ?", (dispute_id,))

    async def users_with_outcomes(self) -> list[tuple[int, int]]:
        """(guild, user) of every decided dispute not yet told (to remember after a restart)."""
        rows = await self._select(
            "SELECT DISTINCT guild_id, user_id FROM disputes WHERE notified = 0 AND status <> 'open'"
        )
        return [(int(g), int(u)) for g, u in rows]


async def _take_decision(
    db: aiosqlite.Connection, dispute_id: int, status: DisputeStatus, decided_by: int, decided_at: str
) -> bool:
    """Record the decision if the dispute is still open and not the moderator's own; of any number
    of concurrent calls exactly one gets True (a conditional UPDATE)."""
    cur = await db.execute(
        """UPDATE disputes SET status = ?, decided_by = ?, decided_at = ?
           WHERE id = ? AND status = 'open' AND user_id <> ?""",
        (status.value, decided_by, decided_at, dispute_id, decided_by),
    )
    return cur.rowcount == 1


async def _apply(db: aiosqlite.Connection, dispute: Dispute, write: DecisionWrite) -> None:
    day = dispute.day.isoformat()
    await db.execute(
        """UPDATE attempts SET verdict = ?, points = ?
           WHERE guild_id = ? AND user_id = ? AND question_id = ? AND day = ? AND attempt_no = ?""",
        (write.attempt_verdict, write.attempt_points, dispute.guild_id, dispute.user_id,
         dispute.question_id, day, dispute.attempt_no),
    )  # fmt: skip
    for change in write.results:
        # The triggers of migration 0002 move the running totals by the difference.
        await db.execute(
            """UPDATE results SET best_points = ?, best_verdict = ?, best_score = ?
               WHERE guild_id = ? AND user_id = ? AND question_id = ? AND day = ?""",
            (change.best_points, change.best_verdict, change.best_score, dispute.guild_id,
             dispute.user_id, change.question_id, change.day.isoformat()),
        )  # fmt: skip
    if write.streak is not None:
        await put_streak(db, dispute.guild_id, dispute.user_id, write.streak)


def _bank(row: Sequence[Any]) -> UploadedBank:
    g, name, title, source, questions, by, at = row
    return UploadedBank(int(g), name, title, source, int(questions), int(by), at)


def _dispute(row: Sequence[Any]) -> Dispute:
    (i, g, u, q, day, n, reply, verdict, score, reason, note, status, opened, by, at, channel, message,
     quiz_channel, quiz_started, quiz_number) = row  # fmt: skip
    quiz = None
    if quiz_channel is not None:
        quiz = QuizAnswerKey(
            int(quiz_channel), datetime.fromisoformat(quiz_started), int(quiz_number), int(n)
        )
    return Dispute(
        int(i), int(g), int(u), q, date.fromisoformat(day), int(n), reply, verdict, float(score), reason,
        note, DisputeStatus(status), opened, None if by is None else int(by), at,
        None if channel is None else int(channel), None if message is None else int(message), quiz,
    )  # fmt: skip
