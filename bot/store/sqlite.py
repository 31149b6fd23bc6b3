"""The SQLite backend: one aiosqlite connection, calls serialized by an asyncio lock.

Writes use BEGIN IMMEDIATE and a busy timeout, so several processes on one file are safe too.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import sqlite3
import tempfile
from collections.abc import AsyncIterator, Awaitable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import aiosqlite

from bot.store.connection import check_sqlite_version, configure, prepare_path
from bot.store.errors import StoreError, explain, translated
from bot.store.migrate import Migration, apply_migrations

T = TypeVar("T")


class SqliteBackend:
    kind = "sqlite"

    def __init__(self, conn: aiosqlite.Connection, label: str) -> None:
        self.conn = conn
        self.label = label
        self._lock = asyncio.Lock()
        self._closed = False

    @classmethod
    async def open(
        cls, path: str, *, busy_timeout_ms: int, steps: Sequence[Migration], create: bool
    ) -> SqliteBackend:
        check_sqlite_version()
        target, label = prepare_path(path, create)
        try:
            conn = await aiosqlite.connect(target, isolation_level=None)
        except sqlite3.Error as e:
            raise StoreError(explain(e, label)) from e
        backend = cls(conn, label)
        try:
            with translated(label):
                await configure(conn, busy_timeout_ms, memory=target == ":memory:")
                await apply_migrations(conn, steps, label)
        except BaseException:
            await conn.close()
            raise
        return backend

    async def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        async with self._lock:
            await self.conn.close()

    def check_open(self) -> None:
        if self._closed:
            raise StoreError("The database is already closed.")

    async def schema_version(self) -> int:
        rows = await self.select("PRAGMA user_version")
        return int(rows[0][0])

    async def select(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        # A single statement reads one consistent snapshot by itself (autocommit mode), so the
        # two extra round trips of BEGIN and COMMIT to the database thread buy nothing.
        async with self._lock:
            self.check_open()
            with translated(self.label):
                return list(await self.conn.execute_fetchall(sql, params))

    @contextlib.asynccontextmanager
    async def transaction(self, write: bool) -> AsyncIterator[aiosqlite.Connection]:
        begin = "BEGIN IMMEDIATE" if write else "BEGIN"
        async with self._lock:
            self.check_open()
            with translated(self.label):
                try:
                    # BEGIN is inside the try: aiosqlite runs queued calls even when the awaiting
                    # task is cancelled, so a cancelled caller must still queue its ROLLBACK or
                    # the connection would stay inside a transaction for the next caller.
                    await self.conn.execute(begin)
                    yield self.conn
                except BaseException:
                    with contextlib.suppress(sqlite3.Error, ValueError):
                        await self.conn.execute("ROLLBACK")
                    raise
                await self.conn.execute("COMMIT")

    async def serialize(self, db: Any, key: str) -> None:
        """Writers already exclude each other (BEGIN IMMEDIATE): nothing to do."""

    async def tables(self) -> dict[str, list[str]]:
        """Every table and its columns (in order)."""
        names = await self.select("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        found: dict[str, list[str]] = {}
        for (name,) in names:
            if not name.startswith("sqlite_"):
                found[name] = [str(r[1]) for r in await self.select(f"PRAGMA table_info({name})")]
        return found

    # The triggers rebuild score_totals from the copied results (fast enough on SQLite).
    copies_derived = False

    copy_insert_clause = ""  # explicit ids are taken as they are

    async def before_copy(self, db: aiosqlite.Connection) -> None:
        """Nothing to prepare."""

    async def after_copy(self, db: aiosqlite.Connection) -> None:
        """Nothing to adjust: INTEGER PRIMARY KEY ids continue after the largest."""

    async def after_bulk_load(self) -> None:
        """Nothing to do: SQLite's planner needs no fresh statistics for these queries."""

    async def backup(self, out_path: str | os.PathLike[str], *, overwrite: bool = False) -> Path:
        out = Path(out_path)
        if out.is_dir():
            raise StoreError(
                f"Backup target {out} is a folder; give a file name such as {out / 'studybot.db'}."
            )
        if out.exists() and await self._is_own_file(out):
            # Replacing it would leave this connection writing to an unlinked file: lost writes.
            raise StoreError(f"Backup target {out} is the database itself; choose another file name.")
        if out.exists() and not overwrite:
            raise StoreError(
                f"Backup target {out} already exists; choose a new file name or allow overwriting."
            )
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp_name = tempfile.mkstemp(prefix=out.name + ".", suffix=".partial", dir=out.parent)
            os.close(fd)
        except OSError as e:
            raise StoreError(f"Cannot write the backup to {out}: {e.strerror or e}.") from e
        tmp = Path(tmp_name)
        try:
            await self._backup_to(tmp)
            os.replace(tmp, out)
        except OSError as e:
            raise StoreError(f"Cannot write the backup to {out}: {e.strerror or e}.") from e
        finally:
            tmp.unlink(missing_ok=True)
        return out

    async def _is_own_file(self, out: Path) -> bool:
        main = await self.file_path()
        return bool(main) and os.path.samefile(main, out)

    async def file_path(self) -> str:
        """The database file as SQLite opened it ("" for a private in-memory database)."""
        rows = await self.select("PRAGMA database_list")
        return next((str(row[2]) for row in rows if row[1] == "main"), "")

    async def _backup_to(self, tmp: Path) -> None:
        # The target connection is used from aiosqlite's worker thread, then from a helper thread.
        target = sqlite3.connect(tmp, check_same_thread=False)
        try:
            async with self._lock:
                self.check_open()
                with translated(self.label):
                    await _finish_even_if_cancelled(self.conn.backup(target))
            problems = await _finish_even_if_cancelled(asyncio.to_thread(_finish_copy, target))
        finally:
            target.close()
        if problems != ["ok"]:
            raise StoreError("The backup copy failed its integrity check: " + "; ".join(problems[:5]))


async def _finish_even_if_cancelled(work: Awaitable[T]) -> T:
    """Await `work`; if the caller is cancelled, still let it finish before re-raising, because it
    runs in another thread on a connection the caller closes next."""
    task = asyncio.ensure_future(work)
    try:
        return await asyncio.shield(task)
    except asyncio.CancelledError:
        await asyncio.wait([task])
        if not task.cancelled():
            task.exception()  # the caller's cancellation wins; do not log this one as unretrieved
        raise


def _finish_copy(target: sqlite3.Connection) -> list[str]:
    # A backup of a WAL database is itself in WAL mode; make it one self-contained file.
    target.execute("PRAGMA journal_mode = DELETE")
    return [str(r[0]) for r in target.execute("PRAGMA integrity_check").fetchall()]
