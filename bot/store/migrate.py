"""Numbered SQL migrations: `migrations/NNNN_name.sql`, tracked by `PRAGMA user_version`."""

from __future__ import annotations

import contextlib
import re
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import aiosqlite

from bot.store.errors import SchemaTooNewError, StoreError

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
# The same numbers in PostgreSQL's dialect (BIGINT ids, plpgsql triggers).
POSTGRES_MIGRATIONS_DIR = MIGRATIONS_DIR / "postgres"
_MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    statements: tuple[str, ...]


def load_migrations(folder: Path, *, whole: bool = False) -> tuple[Migration, ...]:
    """Every `NNNN_name.sql` in `folder`, numbered 0001, 0002, ... without gaps.

    `whole=True` keeps each file as one script (PostgreSQL runs several statements in one call,
    and its `$$` function bodies are not SQLite's to split).
    """
    found: dict[int, Migration] = {}
    for file in sorted(folder.glob("*.sql")):
        match = _MIGRATION_NAME.match(file.name)
        if not match:
            raise StoreError(f"Migration file name {file.name} is not NNNN_name.sql.")
        version = int(match.group(1))
        if version in found:
            raise StoreError(f"Two migrations are numbered {version:04d}.")
        text = file.read_text(encoding="utf-8")
        found[version] = Migration(version, file.name, (text,) if whole else split_sql(text))
    versions = sorted(found)
    if versions != list(range(1, len(versions) + 1)):
        raise StoreError(f"Migrations must be numbered 0001, 0002, ... without gaps; found {versions}.")
    return tuple(found[v] for v in versions)


def split_sql(script: str) -> tuple[str, ...]:
    """Split a migration into statements (executescript would commit our transaction)."""
    statements: list[str] = []
    pending = ""
    # Cut after every ";" and let SQLite say whether the text so far is a whole statement, so
    # ";" inside strings, comments and trigger bodies does not split.
    for piece in re.split(r"(?<=;)", script):
        pending += piece
        if sqlite3.complete_statement(pending):
            if pending.strip():
                statements.append(pending.strip())
            pending = ""
    if _strip_comments(pending):
        raise StoreError("A migration ends with an incomplete SQL statement.")
    return tuple(s for s in statements if _strip_comments(s))


def _strip_comments(sql: str) -> str:
    return "\n".join(line for line in sql.splitlines() if not line.strip().startswith("--")).strip(" \n;")


async def apply_migrations(conn: aiosqlite.Connection, steps: Sequence[Migration], label: str) -> None:
    """Run each migration newer than the file's user_version in its own transaction.

    Refuses (`SchemaTooNewError`) a file whose user_version is above the newest migration.
    """
    known = len(steps)
    version = await _user_version(conn)
    _refuse_newer(version, known, label)
    for step in steps:
        if step.version <= version:
            continue
        await conn.execute("BEGIN IMMEDIATE")
        try:
            # Another process may have migrated while we waited for the write lock.
            version = await _user_version(conn)
            _refuse_newer(version, known, label)
            if step.version > version:
                for statement in step.statements:
                    await _run_step_statement(conn, statement, version, label)
                await conn.execute(f"PRAGMA user_version = {step.version}")
                version = step.version
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                await conn.execute("ROLLBACK")
            raise
        await conn.execute("COMMIT")


async def _run_step_statement(conn: aiosqlite.Connection, statement: str, version: int, label: str) -> None:
    try:
        await conn.execute(statement)
    except sqlite3.OperationalError as e:
        if "already exists" not in str(e):
            raise
        # The schema is ahead of the version the file records: PRAGMA user_version was reset
        # or the tables were copied in by another tool. Guessing the version could skip a step.
        raise StoreError(
            f"The database {label} records schema version {version} but already holds later tables "
            f"({e}): its version mark (PRAGMA user_version) was changed outside studybot. Restore a "
            "backup or use another database file; the file was not changed."
        ) from e


def _refuse_newer(version: int, known: int, label: str) -> None:
    if version > known:
        raise SchemaTooNewError(
            f"The database {label} has schema version {version}, but this studybot only knows up to "
            f"version {known}. Upgrade studybot or use another database file; the file was not changed."
        )


async def _user_version(conn: aiosqlite.Connection) -> int:
    async with conn.execute("PRAGMA user_version") as cur:
        row = await cur.fetchone()
    return int(row[0]) if row else 0
