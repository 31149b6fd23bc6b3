"""Checks on a database path before SQLite sees it, and the connection settings."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import aiosqlite

from bot.store.errors import StoreError

MIN_SQLITE = (3, 37, 0)  # STRICT tables


def check_sqlite_version() -> None:
    if sqlite3.sqlite_version_info < MIN_SQLITE:
        raise StoreError(
            f"SQLite {sqlite3.sqlite_version} is too old; studybot needs 3.37 or newer "
            "(use a newer Python build)."
        )


def prepare_path(path: str | os.PathLike[str], create: bool) -> tuple[str, str]:
    """Check the path before SQLite sees it; returns (what to connect to, how to name it)."""
    raw = os.fspath(path)
    if raw in ("", ":memory:"):
        return ":memory:", "in-memory database"
    p = Path(raw).expanduser()
    label = str(p)
    problem = path_problem(p, create)
    if problem is not None:
        raise StoreError(problem)
    if not p.exists():
        try:
            p.parent.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise StoreError(f"Cannot create the folder for the database {label}: {e.strerror or e}.") from e
    return str(p), label


def path_problem(p: Path, create: bool = True) -> str | None:
    """Why `p` cannot be the database (read-only checks, nothing created), or None."""
    label = str(p)
    if p.is_dir():
        return f"{label} is a folder, not a database file; give a file path such as {p / 'studybot.db'}."
    if p.exists():
        if not p.is_file():
            return f"{label} is not a regular file; give the path of a database file."
        if _read_only(p):
            return (
                f"The database file {label} is read-only. Make it writable (chmod u+w) or choose another "
                "file; nothing was changed."
            )
        return None
    if not create:
        return f"There is no database at {label}; check the path (nothing was created)."
    ancestor = next((a for a in p.parents if a.exists()), None)
    if ancestor is not None and (not ancestor.is_dir() or not os.access(ancestor, os.W_OK | os.X_OK)):
        return f"Cannot create the database {label}: {ancestor} is not a writable folder."
    return None


def _read_only(p: Path) -> bool:
    # No write bit at all is treated as "keep out" even for root, who could otherwise write it.
    mode = p.stat().st_mode
    return not os.access(p, os.W_OK) or not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)


async def configure(conn: aiosqlite.Connection, busy_timeout_ms: int, memory: bool) -> None:
    await conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
    await conn.execute("PRAGMA foreign_keys = ON")
    if not memory:
        async with conn.execute("PRAGMA journal_mode = WAL") as cur:
            row = await cur.fetchone()
        if row is None or str(row[0]).lower() != "wal":
            raise StoreError("Could not switch the database to WAL mode (is it on a network drive?).")
    await conn.execute("PRAGMA synchronous = NORMAL")
