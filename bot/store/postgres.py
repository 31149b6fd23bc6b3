"""The PostgreSQL backend: an asyncpg pool behind the same plumbing the SQLite backend offers.

Store queries are written once, with `?` placeholders, and see a `db` object with the two
aiosqlite calls they use (`execute` returning `.rowcount`, `execute_fetchall`). `PgConn` gives
them the same on an asyncpg connection, numbering the placeholders `$1, $2, ...`.

A pool replaces a connection that broke (server restarted, network gone) on the next call, so the
bot reconnects by itself; the call that hit the break fails with a StoreError and, being one
transaction, leaves nothing half-written.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import os
import re
from collections.abc import AsyncIterator, Generator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from bot.store.errors import SchemaTooNewError, StoreError
from bot.store.migrate import Migration
from bot.store.target import redact

try:  # asyncpg is a dependency, but keep SQLite usable where it failed to install
    import asyncpg
except ImportError:  # pragma: no cover - exercised only on a broken install
    asyncpg = None

# pg_advisory_lock key for migrations: any constant shared by every studybot process.
MIGRATION_LOCK = 0x5354_5544_5942_4F54  # "STUDYBOT"
VERSION_TABLE = "studybot_migrations"
CONNECT_TIMEOUT_S = 10.0
# asyncpg prepares every statement, and after five runs PostgreSQL may switch a prepared statement
# to a generic plan made without the parameters' values. For "any result after this week?"
# (`day >= $2 LIMIT 1`) that plan is a sequential scan of every result: 37 ms instead of 0.03 ms
# at 600,000 results. Planning with the values costs a fraction of a millisecond.
SESSION_SETTINGS = {"plan_cache_mode": "force_custom_plan"}


class PgCursor:
    """What a store query gets back from `db.execute`: `.rowcount`, and the rows of a RETURNING
    (`fetchone`/`fetchall`, or `async with db.execute(...) as cur`), as from aiosqlite."""

    __slots__ = ("_rows", "description", "lastrowid", "rowcount")

    def __init__(
        self, rowcount: int, rows: list[tuple[Any, ...]] | None = None, names: Sequence[str] = ()
    ) -> None:
        self.rowcount = rowcount
        self.lastrowid = None  # no rowid on PostgreSQL: use RETURNING
        self._rows = rows or []
        # As DB-API: one tuple per column, its name first (known here only when rows came back).
        self.description = tuple((name, None, None, None, None, None, None) for name in names)

    async def fetchone(self) -> tuple[Any, ...] | None:
        return self._rows.pop(0) if self._rows else None

    async def fetchall(self) -> list[tuple[Any, ...]]:
        rows, self._rows = self._rows, []
        return rows

    async def close(self) -> None:
        self._rows = []

    async def __aenter__(self) -> PgCursor:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()


class _Executing:
    """`db.execute(...)`: await it for the cursor, or use it in `async with` (both as aiosqlite)."""

    __slots__ = ("_work",)

    def __init__(self, work: Any) -> None:
        self._work = work

    def __await__(self) -> Generator[Any, None, PgCursor]:
        return self._work.__await__()

    async def __aenter__(self) -> PgCursor:
        return await self._work

    async def __aexit__(self, *exc: object) -> None:
        pass


class PgConn:
    """An asyncpg connection that speaks the aiosqlite calls the store's queries use."""

    __slots__ = ("raw",)

    def __init__(self, raw: Any) -> None:
        self.raw = raw

    def execute(self, sql: str, params: Sequence[Any] = ()) -> _Executing:
        return _Executing(self._execute(sql, params))

    async def _execute(self, sql: str, params: Sequence[Any]) -> PgCursor:
        # asyncpg's public execute() drops the rows of a RETURNING and fetch() drops the command
        # tag; the call both use internally returns the two in one round trip.
        rows, status, _ = await self.raw._execute(
            dollar_params(sql), tuple(params), 0, None, return_status=True
        )
        names = list(rows[0].keys()) if rows else []
        return PgCursor(rowcount(status.decode()), [tuple(r) for r in rows], names)

    async def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        await self.raw.executemany(dollar_params(sql), rows)

    async def execute_fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        rows = await self.raw.fetch(dollar_params(sql), *params)
        return [tuple(r) for r in rows]


@functools.lru_cache(maxsize=1024)
def dollar_params(sql: str) -> str:
    """`?` placeholders as `$1, $2, ...`, leaving quoted text and comments alone."""
    out: list[str] = []
    n = 0
    for token in _TOKENS.findall(sql):
        if token == "?":
            n += 1
            out.append(f"${n}")
        else:
            out.append(token)
    return "".join(out)


# Quoted strings, quoted names and comments pass through whole; any other character one by one.
_TOKENS = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|--[^\n]*|.", re.DOTALL)


def rowcount(status: str) -> int:
    """Rows changed, from a command tag such as 'INSERT 0 1', 'UPDATE 3' or 'DELETE 0'."""
    last = status.rsplit(" ", 1)[-1]
    return int(last) if last.isdigit() else -1


class PgBackend:
    kind = "postgresql"

    def __init__(self, pool: Any, label: str, host: str) -> None:
        self.pool = pool
        self.label = label
        self._host = host
        self._closed = False

    @classmethod
    async def open(cls, url: str, *, steps: Sequence[Migration], pool_size: int = 5) -> PgBackend:
        if asyncpg is None:
            raise StoreError("PostgreSQL needs the asyncpg package: pip install asyncpg.")
        label, host = redact(url), _host(url)
        quiet_pool_retries()
        with translated_pg(label, host):
            pool = await asyncpg.create_pool(
                url,
                min_size=1,
                max_size=max(pool_size, 1),
                timeout=CONNECT_TIMEOUT_S,
                reset=_keep_session,
                server_settings=SESSION_SETTINGS,
            )
        backend = cls(pool, label, host)
        try:
            with translated_pg(label, host):
                async with pool.acquire() as conn:
                    await apply_pg_migrations(conn, steps, label)
        except BaseException:
            await pool.close()
            raise
        return backend

    async def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self.pool.close(), 10)

    def check_open(self) -> None:
        if self._closed:
            raise StoreError("The database is already closed.")

    async def schema_version(self) -> int:
        rows = await self.select(f"SELECT COALESCE(MAX(version), 0) FROM {VERSION_TABLE}")
        return int(rows[0][0])

    async def select(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        self.check_open()
        with translated_pg(self.label, self._host):
            async with self.pool.acquire() as conn:
                return await PgConn(conn).execute_fetchall(sql, params)

    @contextlib.asynccontextmanager
    async def transaction(self, write: bool) -> AsyncIterator[PgConn]:
        self.check_open()
        # Reads see one snapshot across their statements, as BEGIN does on SQLite.
        options = {} if write else {"isolation": "repeatable_read", "readonly": True}
        with translated_pg(self.label, self._host):
            async with self.pool.acquire() as conn, conn.transaction(**options):
                yield PgConn(conn)

    async def serialize(self, db: PgConn, key: str) -> None:
        """Make writers of the same `key` wait for each other until the end of the transaction.

        SQLite writers never overlap; PostgreSQL's run side by side, so a read-then-write (count
        the attempts, then store the next one) takes this lock first.
        """
        await db.raw.execute("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", key)

    async def tables(self) -> dict[str, list[str]]:
        """Every table of the schema and its columns (in order), but the migration bookkeeping."""
        rows = await self.select(
            """SELECT table_name, column_name FROM information_schema.columns
               WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position"""
        )
        found: dict[str, list[str]] = {}
        for table, column in rows:
            if table != VERSION_TABLE:
                found.setdefault(table, []).append(column)
        return found

    # Rebuilding score_totals row by row through the trigger (three upserts per result) leaves
    # its ranking index bloated with dead entries: 6,000 pages instead of a few hundred after a
    # million attempts, and leaderboards 5-10x slower until a REINDEX. So a copy into PostgreSQL
    # turns the trigger off (for this transaction only: ALTER TABLE is transactional) and copies
    # the totals as they are; the copy's checks then compare them with the results.
    copies_derived = True

    async def before_copy(self, db: PgConn) -> None:
        await db.execute("ALTER TABLE results DISABLE TRIGGER USER")

    # Rows keep their ids, also in columns GENERATED ALWAYS AS IDENTITY (data_deletions).
    copy_insert_clause = "OVERRIDING SYSTEM VALUE"

    async def after_copy(self, db: PgConn) -> None:
        """Triggers back on; rows were copied with their ids: move every id sequence past them."""
        await db.execute("ALTER TABLE results ENABLE TRIGGER USER")
        identities = await db.execute_fetchall(
            "SELECT table_name, column_name FROM information_schema.columns"
            " WHERE table_schema = current_schema() AND is_identity = 'YES'"
        )
        for table, column in identities:
            await db.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', '{column}'),"
                f" COALESCE(MAX({column}), 0) + 1, false) FROM {table}"
            )

    async def after_bulk_load(self) -> None:
        """VACUUM ANALYZE (outside any transaction): fresh statistics, and the visibility map set,
        without which an index-only scan (the leaderboards) visits the table row by row."""
        self.check_open()
        with translated_pg(self.label, self._host):
            async with self.pool.acquire() as conn:
                await conn.execute("VACUUM ANALYZE")

    async def backup(self, out_path: str | os.PathLike[str], *, overwrite: bool = False) -> Path:
        raise StoreError(PG_BACKUP_HELP.format(url=self.label, out=os.fspath(out_path)))


PG_BACKUP_HELP = (
    "studybot backup copies SQLite files; this database is on PostgreSQL, which has its own tools. "
    "Back it up with: pg_dump --format=custom --file={out} '{url}' "
    "(restore into an empty database with pg_restore --dbname=URL {out}). "
    "Or copy it to a SQLite file with: studybot db copy '{url}' {out}"
)


async def apply_pg_migrations(conn: Any, steps: Sequence[Migration], label: str) -> None:
    """Run each migration newer than the database's version, each in its own transaction.

    A session advisory lock makes a second process starting at the same moment wait, then find
    nothing left to do. DDL is transactional on PostgreSQL: a failing migration leaves nothing.
    """
    await conn.execute("SELECT pg_advisory_lock($1)", MIGRATION_LOCK)
    try:
        await conn.execute(
            f"""CREATE TABLE IF NOT EXISTS {VERSION_TABLE} (
                    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"""
        )
        version = int(await conn.fetchval(f"SELECT COALESCE(MAX(version), 0) FROM {VERSION_TABLE}"))
        if version > len(steps):
            raise SchemaTooNewError(
                f"The database {label} has schema version {version}, but this studybot only knows up "
                f"to version {len(steps)}. Upgrade studybot or use another database; nothing was changed."
            )
        for step in steps:
            if step.version <= version:
                continue
            async with conn.transaction():
                for statement in step.statements:
                    await conn.execute(statement)
                await conn.execute(
                    f"INSERT INTO {VERSION_TABLE} (version, name, applied_at) VALUES ($1, $2, $3)",
                    step.version,
                    step.name,
                    datetime.now(UTC).isoformat(),
                )
    finally:
        with contextlib.suppress(Exception):
            await conn.execute("SELECT pg_advisory_unlock($1)", MIGRATION_LOCK)


# asyncpg's pool keeps `min_size` connections open: when the server goes away it retries in the
# background and logs each failed try as a warning with a full traceback, several a minute for
# as long as the outage lasts. The store's own errors already say the database is away, once per
# outage, in the loops' log (bot.logs.OutageLog), as on SQLite.
POOL_LOGGER = "asyncpg.pool"
POOL_RETRY = "Failed to restore the pool connection floor"


def _connection_lost(error: BaseException | None) -> bool:
    """True for the errors of a server that is down, restarting or unreachable (not for a refused
    password, a missing database or a bug: those keep asyncpg's full warning)."""
    if asyncpg is None or error is None:
        return False
    lost = (
        asyncpg.PostgresConnectionError,
        asyncpg.CannotConnectNowError,
        asyncpg.AdminShutdownError,
        asyncpg.InterfaceError,
        asyncpg.InternalClientError,
        OSError,  # the retry is a connect: refused, unreachable, no such socket
        TimeoutError,
    )
    return isinstance(error, lost)


class PoolRetryLine(logging.Filter):
    """asyncpg's pool retrying to reconnect to a server that is away: one debug line, no traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if not str(record.msg).startswith(POOL_RETRY) or not _connection_lost(error):
            return True
        said = str(error) or type(error).__name__  # TimeoutError() has no text of its own
        record.msg, record.args = "%s (%s); it retries by itself", (POOL_RETRY, said)
        record.exc_info, record.exc_text = None, None
        record.levelno, record.levelname = logging.DEBUG, "DEBUG"
        return logging.getLogger(record.name).isEnabledFor(logging.DEBUG)


def quiet_pool_retries() -> None:
    """Install `PoolRetryLine` on asyncpg's pool logger (once per process)."""
    logger = logging.getLogger(POOL_LOGGER)
    if not any(isinstance(f, PoolRetryLine) for f in logger.filters):
        logger.addFilter(PoolRetryLine())


async def _keep_session(conn: Any) -> None:
    """Nothing to reset when a connection goes back to the pool: the store keeps no session state
    (no SET, LISTEN, cursors or held locks), and asyncpg's default reset costs a round trip per
    call."""


def _host(url: str) -> str:
    parts = urlsplit(url)
    host = parts.hostname or "localhost (local socket)"
    return f"{host}:{parts.port}" if parts.port else host


@contextlib.contextmanager
def translated_pg(label: str, host: str) -> Generator[None, None, None]:
    """Turn asyncpg and network errors into a StoreError that says what to do."""
    if asyncpg is None:  # pragma: no cover
        yield
        return
    try:
        yield
    except StoreError:
        raise
    except asyncpg.InvalidPasswordError as e:
        raise StoreError(
            f"PostgreSQL at {host} refused the password for {label}: check the user and password "
            "in the URL (or ~/.pgpass)."
        ) from e
    except asyncpg.InvalidAuthorizationSpecificationError as e:
        raise StoreError(f"PostgreSQL at {host} refused the login for {label}: {e}.") from e
    except asyncpg.InvalidCatalogNameError as e:
        raise StoreError(
            f"The database in {label} does not exist on {host}: create it (createdb NAME) or fix the URL."
        ) from e
    except asyncpg.TooManyConnectionsError as e:
        raise StoreError(
            f"PostgreSQL at {host} has no free connections: raise max_connections or run fewer processes."
        ) from e
    except asyncpg.IntegrityConstraintViolationError as e:
        raise StoreError(f"Refused by a database constraint ({e}).") from e
    except (
        asyncpg.PostgresConnectionError,
        asyncpg.CannotConnectNowError,
        asyncpg.AdminShutdownError,
        asyncpg.InterfaceError,
        asyncpg.InternalClientError,  # a connection cut in the middle of a call
    ) as e:
        raise StoreError(
            f"Lost the connection to PostgreSQL at {host} ({e}); nothing of this call was saved. "
            "It reconnects by itself: try again in a moment."
        ) from e
    except (OSError, TimeoutError) as e:
        raise StoreError(
            f"Cannot reach PostgreSQL at {host} ({e.strerror or e or type(e).__name__}): is the server "
            "running, and are the host and port in the URL right?"
        ) from e
    except asyncpg.PostgresError as e:
        raise StoreError(f"Database error on {label}: {e}.") from e
