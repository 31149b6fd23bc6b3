"""All SQL of studybot, behind one async `Store`.

The store keeps facts and guarantees atomicity and constraints; it decides no rules. The service
computes points, streaks and which question comes next and passes plain values in: ints for
Discord ids, `datetime.date` for a guild's local day, strings (or `Verdict`) for verdicts.

The SQL is written once, portable between the two backends (`sqlite.py`: one aiosqlite
connection whose calls are serialized by an asyncio lock, writes under BEGIN IMMEDIATE;
`postgres.py`: an asyncpg pool): `?` placeholders, `ON CONFLICT`, times passed in from Python.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Generator, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path
from types import TracebackType
from typing import Any

import aiosqlite

from bot.grading.tuning import MAX_REPLY_CHARS as GRADED_REPLY_CHARS
from bot.model import GuildSetup, LeaderRow, UserStats, utc_iso
from bot.store.claims import ClaimQueries
from bot.store.dailyfix import DailyFixQueries
from bot.store.leases import ShardLeaseQueries
from bot.store.migrate import MIGRATIONS_DIR, POSTGRES_MIGRATIONS_DIR, load_migrations
from bot.store.own_material import OwnMaterialQueries
from bot.store.personal import PersonalDataQueries
from bot.store.postgres import PgBackend
from bot.store.quiz_answers import QuizAnswerQueries
from bot.store.quizstate import QuizStateQueries
from bot.store.reviews import ReviewQueries
from bot.store.rows import (
    AnswerState,
    AttemptOutcome,
    AttemptRow,
    DailyRow,
    DayCounts,
    QuizResultRow,
    QuizScoreLike,
    Refusal,
    ResultRow,
    StreakLike,
    StreakRow,
)
from bot.store.sql import fetch_all as _all
from bot.store.sql import fetch_one as _one
from bot.store.sql import put_streak as _put_streak
from bot.store.sql import result_row as _result
from bot.store.sqlite import SqliteBackend
from bot.store.target import parse_target
from bot.store.totals import (
    CORRECT_SQL,
    summed_board,
    summed_stats,
    totals_board,
    totals_period,
    totals_stats,
)

# A bound on stored reply text (the last kept character becomes "…"). The service stores replies
# already cut to RuleSettings.max_reply_chars, whose default this is.
MAX_REPLY_CHARS = GRADED_REPLY_CHARS
VERDICTS = ("correct", "partial", "wrong")
_VERDICT_RANK = {"wrong": 0, "partial": 1, "correct": 2}
_CORRECT_SQL = CORRECT_SQL


# ------------------------------------------------------------------------------------ opening


@dataclass(frozen=True, slots=True)
class _Options:
    path: str | os.PathLike[str]
    busy_timeout_ms: int
    migrations: Path | None
    create: bool
    pool_size: int


class _Opening:
    """Result of `Store.open`: await it, or use it directly in `async with`."""

    def __init__(self, options: _Options) -> None:
        self._options = options
        self._store: Store | None = None

    def __await__(self) -> Generator[Any, None, Store]:
        return Store._connect(self._options).__await__()

    async def __aenter__(self) -> Store:
        self._store = await Store._connect(self._options)
        return self._store

    async def __aexit__(self, *exc: object) -> None:
        if self._store is not None:
            await self._store.close()


class Store(
    DailyFixQueries,
    QuizStateQueries,
    ReviewQueries,
    PersonalDataQueries,
    ClaimQueries,
    OwnMaterialQueries,
    QuizAnswerQueries,
    ShardLeaseQueries,
):
    """The database. Build it with `await Store.open(path)` (or `async with Store.open(path)`)."""

    def __init__(self, backend: SqliteBackend | PgBackend) -> None:
        self._backend = backend
        self._label = backend.label

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str],
        *,
        busy_timeout_ms: int = 5000,
        migrations: Path | None = None,
        create: bool = True,
        pool_size: int = 5,
    ) -> _Opening:
        """Open (or create) the database at `path` and bring its schema up to date.

        `path` is a SQLite file (a path, `sqlite:PATH` or `":memory:"`) or a PostgreSQL URL
        (`postgresql://user@host/db`); any other URL scheme is refused.

        SQLite: creates missing parent folders, turns on WAL, foreign keys, a busy timeout and
        synchronous=NORMAL, then applies each numbered migration `NNNN_name.sql` newer than the
        file's `PRAGMA user_version`, each in its own transaction. `":memory:"` gives a private
        in-memory database (tests). With `create=False` a missing file is an error instead of a
        new database (for tools such as backup that must not invent an empty one).

        PostgreSQL: a pool of up to `pool_size` connections; the migrations of
        `migrations/postgres/` run under an advisory lock, so processes starting together
        migrate once.

        Raises `StoreError` with a readable message when the path is a folder, the file is
        missing (with `create=False`), read-only, locked by another program, not a database, or
        written by a newer studybot (`SchemaTooNewError`); or when PostgreSQL cannot be reached or
        refuses the login. A failed open never changes the database.
        """
        return _Opening(_Options(path, busy_timeout_ms, migrations, create, pool_size))

    @classmethod
    async def _connect(cls, options: _Options) -> Store:
        target = parse_target(options.path)
        if target.is_postgres:
            folder = options.migrations or POSTGRES_MIGRATIONS_DIR
            steps = load_migrations(folder, whole=True)
            return cls(await PgBackend.open(target.url, steps=steps, pool_size=options.pool_size))
        steps = load_migrations(options.migrations or MIGRATIONS_DIR)
        backend = await SqliteBackend.open(
            target.path, busy_timeout_ms=options.busy_timeout_ms, steps=steps, create=options.create
        )
        return cls(backend)

    @property
    def backend(self) -> str:
        """ "sqlite" or "postgresql"."""
        return self._backend.kind

    @property
    def label(self) -> str:
        """The file path or the URL (without password), for messages."""
        return self._label

    @property
    def _conn(self) -> aiosqlite.Connection:
        """The SQLite connection (tests that poke at the file use it)."""
        if not isinstance(self._backend, SqliteBackend):
            raise AttributeError("only a SQLite store has one connection")
        return self._backend.conn

    async def close(self) -> None:
        """Close the connection. Safe to call twice."""
        await self._backend.close()

    async def __aenter__(self) -> Store:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.close()

    async def schema_version(self) -> int:
        return await self._backend.schema_version()

    # ------------------------------------------------------------------------------ plumbing

    def _read(self) -> contextlib.AbstractAsyncContextManager[Any]:
        """Serialized access in one read snapshot (several SELECTs agree with each other)."""
        return self._backend.transaction(write=False)

    async def _select(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        """Rows of one SELECT, without BEGIN and COMMIT.

        A single statement reads one consistent snapshot by itself, so the two extra round trips
        buy nothing.
        """
        return await self._backend.select(sql, params)

    async def _select_one(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return next(iter(await self._select(sql, params)), None)

    def _write(self) -> contextlib.AbstractAsyncContextManager[Any]:
        """One write transaction: committed on success, rolled back on any error.

        On SQLite it is BEGIN IMMEDIATE (writers queue for the file); on PostgreSQL writers run
        side by side, so a call that reads before it writes takes `_serialize` first.
        """
        return self._backend.transaction(write=True)

    async def _serialize(self, db: Any, *key: object) -> None:
        """Inside `_write`: wait for other writers of the same key (PostgreSQL; SQLite needs none)."""
        await self._backend.serialize(db, ":".join(str(k) for k in key))

    # -------------------------------------------------------------------------------- guilds

    async def save_guild(self, setup: GuildSetup) -> None:
        """Insert or replace a guild's settings (keeps its creation time)."""
        post_time = _hhmm(setup.post_time)
        banks = json.dumps(list(setup.banks))
        async with self._write() as db:
            await db.execute(
                """INSERT INTO guilds
                     (guild_id, channel_id, post_time, timezone, role_id, thread, banks, language)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                   ON CONFLICT (guild_id) DO UPDATE SET
                     channel_id = excluded.channel_id, post_time = excluded.post_time,
                     timezone = excluded.timezone, role_id = excluded.role_id,
                     thread = excluded.thread, banks = excluded.banks, language = excluded.language,
                     updated_at = excluded.updated_at""",
                (
                    setup.guild_id,
                    setup.channel_id,
                    post_time,
                    setup.timezone,
                    setup.role_id,
                    int(bool(setup.thread)),
                    banks,
                    setup.language or None,
                ),
            )

    async def get_guild(self, guild_id: int) -> GuildSetup | None:
        row = await self._select_one(f"SELECT {_GUILD_COLS} FROM guilds WHERE guild_id = ?", (guild_id,))
        return None if row is None else _guild(row)

    async def list_guilds(self) -> list[GuildSetup]:
        """Every configured guild, by guild id."""
        rows = await self._select(f"SELECT {_GUILD_COLS} FROM guilds ORDER BY guild_id")
        return [_guild(r) for r in rows]

    async def delete_guild(self, guild_id: int) -> bool:
        """Forget a guild's settings; its dailies and scores are kept. True if it was configured."""
        async with self._write() as db:
            cur = await db.execute("DELETE FROM guilds WHERE guild_id = ?", (guild_id,))
            return cur.rowcount > 0

    # ------------------------------------------------------------------------------- dailies

    async def create_daily(
        self, guild_id: int, day: date, question_id: str, cycle: int, number: int
    ) -> DailyRow:
        """Store the guild's question for `day` unless one is stored already; return the stored row.

        Two callers racing for the same day both get the same row (the first one's question).
        """
        if cycle < 0 or number < 1 or not question_id:
            raise ValueError("cycle must be >= 0, number >= 1 and question_id not empty")
        async with self._write() as db:
            await db.execute(
                """INSERT INTO dailies (guild_id, day, question_id, cycle, number) VALUES (?, ?, ?, ?, ?)
                   ON CONFLICT (guild_id, day) DO NOTHING""",
                (guild_id, _iso(day), question_id, cycle, number),
            )
            row = await _one(db, _DAILY_SELECT + " WHERE guild_id = ? AND day = ?", (guild_id, _iso(day)))
        assert row is not None  # just inserted or already there, inside one transaction
        return _daily(row)

    async def get_daily(self, guild_id: int, day: date) -> DailyRow | None:
        row = await self._select_one(_DAILY_SELECT + " WHERE guild_id = ? AND day = ?", (guild_id, _iso(day)))
        return None if row is None else _daily(row)

    async def latest_daily(self, guild_id: int) -> DailyRow | None:
        """The guild's most recent daily (by day), posted or not."""
        async with self._read() as db:
            row = await _one(db, _DAILY_SELECT + " WHERE guild_id = ? ORDER BY day DESC LIMIT 1", (guild_id,))
        return None if row is None else _daily(row)

    async def last_posted_days(self) -> dict[int, date]:
        """For every guild with a posted daily, the latest day posted (one query for all guilds)."""
        rows = await self._select(
            "SELECT guild_id, MAX(day) FROM dailies WHERE message_id IS NOT NULL GROUP BY guild_id"
        )
        return {int(g): date.fromisoformat(d) for g, d in rows}

    async def set_daily_posted(
        self, guild_id: int, day: date, channel_id: int, message_id: int, thread_id: int | None = None
    ) -> bool:
        """Remember where the daily was posted (a repost overwrites). False if no such daily."""
        async with self._write() as db:
            cur = await db.execute(
                """UPDATE dailies SET channel_id = ?, message_id = ?, thread_id = ?, posted_at = ?
                   WHERE guild_id = ? AND day = ?""",
                (channel_id, message_id, thread_id, _now_iso(), guild_id, _iso(day)),
            )
            return cur.rowcount > 0

    async def set_daily_closed(self, guild_id: int, day: date) -> bool:
        """Close a daily. True only for the call that closed it, so a summary is posted once."""
        async with self._write() as db:
            cur = await db.execute(
                """UPDATE dailies SET closed = 1, closed_at = ?
                   WHERE guild_id = ? AND day = ? AND closed = 0""",
                (_now_iso(), guild_id, _iso(day)),
            )
            return cur.rowcount > 0

    async def open_dailies_before(self, guild_id: int, day: date) -> list[DailyRow]:
        """Dailies before `day` that were posted and not closed yet, oldest first."""
        async with self._read() as db:
            rows = await _all(
                db,
                _DAILY_SELECT + " WHERE guild_id = ? AND day < ? AND message_id IS NOT NULL AND closed = 0"
                " ORDER BY day",
                (guild_id, _iso(day)),
            )
        return [_daily(r) for r in rows]

    async def posted_questions(self, guild_id: int) -> list[tuple[int, str]]:
        """(cycle, question_id) of every daily ever chosen for the guild (posted or not), by day."""
        rows = await self._select(
            "SELECT cycle, question_id FROM dailies WHERE guild_id = ? ORDER BY day", (guild_id,)
        )
        return [(int(c), str(q)) for c, q in rows]

    # ----------------------------------------------------------------------------- answering

    async def record_attempt(
        self,
        guild_id: int,
        user_id: int,
        question_id: str,
        day: date,
        reply: str,
        verdict: str,
        score: float,
        points: int,
        max_attempts: int,
        streak: StreakLike | tuple[int, int, date | None] | None = None,
        *,
        stop_after_correct: bool = True,
    ) -> AttemptOutcome:
        """Store one graded reply, atomically, unless the user may not answer any more.

        In one BEGIN IMMEDIATE transaction:
        - refuse (`Refusal.NO_ATTEMPTS_LEFT`) when `max_attempts` attempts are stored already, or
          (`Refusal.ALREADY_CORRECT`, unless `stop_after_correct=False`) when the best attempt is
          already correct; a refusal writes nothing, not even `streak`;
        - otherwise insert the attempt as number count+1 and update the result, keeping the best
          attempt by (points, score, verdict);
        - once the explanation was revealed (see `mark_revealed`), an attempt is still stored and
          counts against `max_attempts`, but with 0 points whatever `points` says, and it does not
          replace the best attempt (unless there is none yet): what was earned before the reveal
          stays, nothing is added after it (`AttemptOutcome.forfeited`). A result revealed before
          its first attempt never counts as correct;
        - write `streak` (current, best, last_day) for the user when given.

        `reply` is cut to MAX_REPLY_CHARS characters.
        """
        verdict = _verdict(verdict)
        if not 0.0 <= score <= 1.0 or points < 0 or max_attempts < 1:
            raise ValueError("score must be in [0, 1], points >= 0 and max_attempts >= 1")
        key = (guild_id, user_id, question_id, _iso(day))
        async with self._write() as db:
            await self._serialize(db, "attempt", *key)
            row = await _one(
                db,
                """SELECT attempts, best_points, best_verdict, best_score, revealed, forfeited FROM results
                   WHERE guild_id = ? AND user_id = ? AND question_id = ? AND day = ?""",
                key,
            )
            used, best, best_verdict, best_score, revealed, forfeited = row or (0, 0, None, None, 0, 0)
            correct = best_verdict == "correct" and not forfeited
            refusal = _refusal(used, max_attempts, correct, stop_after_correct)
            if refusal is not None:
                return AttemptOutcome(refusal, 0, used, 0, best, False, 0, bool(revealed))
            stored = 0 if revealed else points
            attempt_no = used + 1
            new_key = (stored, score, _VERDICT_RANK[verdict])
            old_key = None if best_verdict is None else (best, best_score, _VERDICT_RANK[best_verdict])
            improved = old_key is None or (not revealed and new_key > old_key)
            top = (stored, verdict, score) if improved else (best, best_verdict, best_score)
            await db.execute(
                """INSERT INTO results (guild_id, user_id, question_id, day, attempts,
                                        best_points, best_verdict, best_score)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                   ON CONFLICT (guild_id, user_id, question_id, day) DO UPDATE SET
                     attempts = excluded.attempts, best_points = excluded.best_points,
                     best_verdict = excluded.best_verdict, best_score = excluded.best_score,
                     updated_at = excluded.updated_at""",
                (*key, attempt_no, *top),
            )
            await db.execute(
                """INSERT INTO attempts (guild_id, user_id, question_id, day, attempt_no,
                                         reply, verdict, score, points)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                (*key, attempt_no, clip_reply(reply), verdict, float(score), stored),
            )
            if streak is not None:
                await _put_streak(db, guild_id, user_id, _streak(streak))
        return AttemptOutcome(
            None, attempt_no, attempt_no, stored, top[0], improved, top[0] - best, bool(revealed)
        )

    async def attempts(self, guild_id: int, user_id: int, question_id: str, day: date) -> list[AttemptRow]:
        """The user's attempts at one question on one day, first first."""
        async with self._read() as db:
            rows = await _all(
                db,
                """SELECT attempt_no, reply, verdict, score, points, created_at FROM attempts
                   WHERE guild_id = ? AND user_id = ? AND question_id = ? AND day = ?
                   ORDER BY attempt_no""",
                (guild_id, user_id, question_id, _iso(day)),
            )
        return [AttemptRow(int(n), r, v, float(s), int(p), c) for n, r, v, s, p, c in rows]

    async def result(self, guild_id: int, user_id: int, question_id: str, day: date) -> ResultRow | None:
        """The user's result on one question and day; None if they neither answered nor revealed."""
        row = await self._select_one(
            _RESULT_SELECT + " WHERE guild_id = ? AND user_id = ? AND question_id = ? AND day = ?",
            (guild_id, user_id, question_id, _iso(day)),
        )
        return None if row is None else _result(row)

    async def answer_state(self, guild_id: int, user_id: int, day: date) -> AnswerState:
        """The guild's daily for `day`, the user's result on it and the user's streak, in one query.

        What an answer needs before grading; one round trip instead of three while other answers
        queue for the same connection.
        """
        row = await self._select_one(
            f"""SELECT {_DAILY_COLS_D}, {_RESULT_COLS_R}, s.current, s.best, s.last_day
                FROM dailies d
                LEFT JOIN results r ON r.guild_id = d.guild_id AND r.user_id = ?
                                   AND r.question_id = d.question_id AND r.day = d.day
                LEFT JOIN streaks s ON s.guild_id = d.guild_id AND s.user_id = ?
                WHERE d.guild_id = ? AND d.day = ?""",
            (user_id, user_id, guild_id, _iso(day)),
        )
        if row is None:
            return AnswerState(None, None, StreakRow())
        daily, result, streak = row[:9], row[9:19], row[19:]
        return AnswerState(_daily(daily), None if result[0] is None else _result(result), _streak_row(streak))

    async def mark_revealed(self, guild_id: int, user_id: int, question_id: str, day: date) -> ResultRow:
        """Record that the user saw the explanation; returns the result afterwards.

        Attempts after a reveal earn nothing (see `record_attempt`). Revealing before the first
        attempt also forfeits the question (`forfeited=True`: never counted as correct); revealing
        after answering keeps what was earned. Calling it again changes nothing.
        """
        key = (guild_id, user_id, question_id, _iso(day))
        async with self._write() as db:
            await db.execute(
                """INSERT INTO results (guild_id, user_id, question_id, day, revealed, forfeited, revealed_at)
                   VALUES (?, ?, ?, ?, 1, 1, ?)
                   ON CONFLICT (guild_id, user_id, question_id, day) DO UPDATE SET
                     revealed = 1, revealed_at = excluded.revealed_at, updated_at = excluded.updated_at
                   WHERE results.revealed = 0""",
                (*key, _now_iso()),
            )
            row = await _one(
                db,
                _RESULT_SELECT + " WHERE guild_id = ? AND user_id = ? AND question_id = ? AND day = ?",
                key,
            )
        assert row is not None
        return _result(row)

    # ---------------------------------------------------------------------------- summaries

    async def day_summary(self, guild_id: int, question_id: str, day: date) -> DayCounts:
        """How many users answered a daily, and how many of them got it right."""
        async with self._read() as db:
            row = await _one(
                db,
                f"""SELECT COUNT(*) FILTER (WHERE attempts > 0), COUNT(*) FILTER (WHERE {_CORRECT_SQL})
                    FROM results WHERE guild_id = ? AND question_id = ? AND day = ?""",
                (guild_id, question_id, _iso(day)),
            )
        assert row is not None
        return DayCounts(int(row[0]), int(row[1]))

    # ------------------------------------------------------------------------------- scores

    async def leaderboard(
        self, guild_id: int, since_day: date | None = None, limit: int = 10, offset: int = 0
    ) -> tuple[list[LeaderRow], int]:
        """One page of the guild's ranking and the number of ranked users.

        Sums results from `since_day` (inclusive; None: all time). Only users with points are
        ranked, ordered by points, then correct answers, then user id. Users equal on points and
        correct answers share a rank ("1, 2, 2, 4").

        All time, a week from its Monday and a month from its 1st are read from the running totals
        (`score_totals`); any other `since_day` is summed from the results.
        """
        limit, offset = max(limit, 0), max(offset, 0)
        async with self._read() as db:
            period = await totals_period(db, guild_id, since_day)
            if period is None:
                return await summed_board(db, guild_id, _since(since_day), limit, offset)
            return await totals_board(db, guild_id, period, limit, offset)

    async def user_stats(self, guild_id: int, user_id: int, since_day: date | None = None) -> UserStats:
        """A user's points, answers, accuracy and rank (from `since_day`; None: all time).

        `streak` and `best_streak` are the stored streak row as last written by the service, for
        all time. `rank` is None when the user has no points in the period.
        """

        async with self._read() as db:
            period = await totals_period(db, guild_id, since_day)
            if period is None:
                points, answered, correct, rank = await summed_stats(db, guild_id, _since(since_day), user_id)
            else:
                points, answered, correct, rank = await totals_stats(db, guild_id, period, user_id)
            streak = await _get_streak(db, guild_id, user_id)
        return UserStats(
            user_id, points, answered, correct, _ratio(correct, answered), streak.current, streak.best, rank
        )

    async def get_streak(self, guild_id: int, user_id: int) -> StreakRow:
        """The stored streak; zeros when the user has none."""
        row = await self._select_one(
            "SELECT current, best, last_day FROM streaks WHERE guild_id = ? AND user_id = ?",
            (guild_id, user_id),
        )
        return _streak_row(row)

    async def set_streak(
        self, guild_id: int, user_id: int, streak: StreakLike | tuple[int, int, date | None]
    ) -> None:
        async with self._write() as db:
            await _put_streak(db, guild_id, user_id, _streak(streak))

    # -------------------------------------------------------------------------------- quizzes

    async def record_quiz(
        self, guild_id: int, channel_id: int, started_at: datetime, scores: Iterable[QuizScoreLike]
    ) -> int:
        """Store a finished quiz's standings; returns rows written.

        `scores` are `QuizScore`s or any objects with `user_id`, `points` and `correct` (such as
        the quiz rules' standings); without `answered`, answered is taken to equal correct.
        Storing the same quiz twice (same channel and start time) adds nothing.
        """
        started = _utc_iso(started_at)
        params = [
            (guild_id, channel_id, started, s.user_id, s.points, s.correct, _answered(s)) for s in scores
        ]
        async with self._write() as db:
            written = 0
            for row in params:
                cur = await db.execute(
                    """INSERT INTO quiz_results
                         (guild_id, channel_id, started_at, user_id, points, correct, answered)
                       VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""",
                    row,
                )
                written += cur.rowcount
            return written

    async def quiz_results(
        self, guild_id: int, user_id: int | None = None, limit: int = 50
    ) -> list[QuizResultRow]:
        """Recent quiz standings of a guild (optionally one user's), newest quiz first."""
        async with self._read() as db:
            rows = await _all(
                db,
                """SELECT guild_id, channel_id, started_at, user_id, points, correct, answered
                   FROM quiz_results WHERE guild_id = ? AND user_id = COALESCE(?, user_id)
                   ORDER BY started_at DESC, points DESC, user_id LIMIT ?""",
                (guild_id, user_id, max(limit, 0)),
            )
        return [
            QuizResultRow(int(g), int(c), datetime.fromisoformat(s), int(u), int(p), int(k), int(a))
            for g, c, s, u, p, k, a in rows
        ]

    # -------------------------------------------------------------------------------- backup

    async def backup(self, out_path: str | os.PathLike[str], *, overwrite: bool = False) -> Path:
        """Copy the live database to `out_path` with SQLite's online backup; returns the path.

        The copy is a single self-contained file (rollback journal mode) that passed
        `PRAGMA integrity_check`; it is written next to the target and renamed into place, so a
        failed backup leaves no half-written file. An existing file is refused unless
        `overwrite=True`. On PostgreSQL it raises a StoreError that says how to use pg_dump.
        """
        return await self._backend.backup(out_path, overwrite=overwrite)


# ---------------------------------------------------------------------------------- helpers

_GUILD_COLS = "guild_id, channel_id, post_time, timezone, role_id, thread, banks, language"
_DAILY_SELECT = (
    "SELECT guild_id, day, question_id, cycle, number, channel_id, message_id, thread_id, closed FROM dailies"
)
# The same columns, qualified for the join in answer_state.
_DAILY_COLS_D = (
    "d.guild_id, d.day, d.question_id, d.cycle, d.number, d.channel_id, d.message_id, d.thread_id, d.closed"
)
_RESULT_COLS_R = (
    "r.guild_id, r.user_id, r.question_id, r.day, r.attempts, r.best_points, r.best_verdict,"
    " r.best_score, r.revealed, r.forfeited"
)
_RESULT_SELECT = (
    "SELECT guild_id, user_id, question_id, day, attempts, best_points, best_verdict, best_score,"
    " revealed, forfeited FROM results"
)


def clip_reply(reply: str) -> str:
    """Bound stored reply text to MAX_REPLY_CHARS characters."""
    if len(reply) <= MAX_REPLY_CHARS:
        return reply
    return reply[: MAX_REPLY_CHARS - 1] + "…"


def _answered(score: QuizScoreLike) -> int:
    answered = getattr(score, "answered", None)
    return score.correct if answered is None else int(answered)


def _refusal(used: int, max_attempts: int, correct: bool, stop_after_correct: bool) -> Refusal | None:
    if used >= max_attempts:
        return Refusal.NO_ATTEMPTS_LEFT
    if stop_after_correct and correct:
        return Refusal.ALREADY_CORRECT
    return None


def _since(day: date | None) -> str:
    return "" if day is None else _iso(day)


def _iso(day: date) -> str:
    if isinstance(day, datetime) or not isinstance(day, date):
        raise TypeError(f"expected a datetime.date for a day, got {type(day).__name__}")
    return day.isoformat()


def _utc_iso(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("quiz start time must be timezone-aware")
    return moment.astimezone(UTC).isoformat()


def _verdict(verdict: str) -> str:
    value = str(verdict)
    if value not in VERDICTS:
        raise ValueError(f"unknown verdict {verdict!r}; expected one of {', '.join(VERDICTS)}")
    return value


def _hhmm(moment: time) -> str:
    return f"{moment.hour:02d}:{moment.minute:02d}"


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def _streak(value: StreakLike | tuple[int, int, date | None]) -> StreakRow:
    if isinstance(value, tuple):
        row = StreakRow(*value)
    else:
        row = StreakRow(value.current, value.best, value.last_day)
    if row.current < 0 or row.best < row.current:
        raise ValueError("a streak needs 0 <= current <= best")
    return row


def _guild(row: Sequence[Any]) -> GuildSetup:

    guild_id, channel_id, post_time, tz, role_id, thread, banks, language = row
    return GuildSetup(
        guild_id=int(guild_id),
        channel_id=int(channel_id),
        post_time=time.fromisoformat(post_time),
        timezone=tz,
        role_id=None if role_id is None else int(role_id),
        thread=bool(thread),
        banks=tuple(json.loads(banks)),
        language=language or None,
    )


def _daily(row: Sequence[Any]) -> DailyRow:
    g, day, q, cycle, number, channel, message, thread, closed = row
    return DailyRow(
        int(g), date.fromisoformat(day), q, int(cycle), int(number), channel, message, thread, bool(closed)
    )


async def _get_streak(db: aiosqlite.Connection, guild_id: int, user_id: int) -> StreakRow:
    row = await _one(
        db,
        "SELECT current, best, last_day FROM streaks WHERE guild_id = ? AND user_id = ?",
        (guild_id, user_id),
    )
    return _streak_row(row)


def _streak_row(row: Sequence[Any] | None) -> StreakRow:
    if row is None or row[0] is None:  # no row, or no match in a LEFT JOIN
        return StreakRow()
    return StreakRow(int(row[0]), int(row[1]), None if row[2] is None else date.fromisoformat(row[2]))


def _now_iso() -> str:
    return utc_iso(datetime.now(UTC))
