"""Opening: migrations, schema version checks and clear errors for unusable files."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from bot.store import SchemaTooNewError, Store, StoreError
from bot.store.migrate import MIGRATIONS_DIR

DAY = date(2026, 3, 2)
TABLES = {"guilds", "dailies", "results", "attempts", "streaks", "quiz_results"}


def _latest_version() -> int:
    return len(list(MIGRATIONS_DIR.glob("*.sql")))


def _tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as conn:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_schema WHERE type = 'table'")}


def _pragma(path: Path, name: str) -> object:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f"PRAGMA {name}").fetchone()[0]
    finally:
        conn.close()


async def test_migrates_an_empty_file_and_sets_pragmas(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "er" / "bot.db"
    async with Store.open(path) as store:
        assert await store.schema_version() == _latest_version()
        pragmas = {}
        for name in ("journal_mode", "foreign_keys", "busy_timeout", "synchronous"):
            async with store._conn.execute(f"PRAGMA {name}") as cur:
                pragmas[name] = (await cur.fetchone())[0]
    assert pragmas == {"journal_mode": "wal", "foreign_keys": 1, "busy_timeout": 5000, "synchronous": 1}
    assert _tables(path) >= TABLES
    assert _pragma(path, "user_version") == _latest_version()


async def test_reopening_is_idempotent_and_keeps_data(tmp_path: Path) -> None:
    path = tmp_path / "bot.db"
    store = await Store.open(path)
    await store.record_attempt(1, 2, "q1", DAY, "r", "correct", 1.0, 10, 3)
    await store.close()
    await store.close()  # a second close is harmless
    for _ in range(2):
        async with Store.open(path) as again:
            assert await again.schema_version() == _latest_version()
            result = await again.result(1, 2, "q1", DAY)
            assert result is not None and result.best_points == 10


async def test_closed_store_refuses_calls() -> None:
    store = await Store.open(":memory:")
    await store.close()
    with pytest.raises(StoreError, match="closed"):
        await store.get_daily(1, DAY)


def _copy_migrations(tmp_path: Path, extra: dict[str, str]) -> Path:
    folder = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, folder)
    for name, sql in extra.items():
        (folder / name).write_text(sql, encoding="utf-8")
    return folder


async def test_applies_only_newer_migrations_in_order(tmp_path: Path) -> None:
    path = tmp_path / "bot.db"
    async with Store.open(path) as store:
        await store.record_attempt(1, 2, "q1", DAY, "r", "correct", 1.0, 10, 3)
    n = _latest_version()
    folder = _copy_migrations(
        tmp_path,
        {
            f"{n + 1:04d}_notes.sql": "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);\n",
            f"{n + 2:04d}_notes_more.sql": "-- a comment\nALTER TABLE notes ADD COLUMN author INTEGER;\n"
            "INSERT INTO notes (body, author) VALUES ('a;b', 1); INSERT INTO notes (body) VALUES ('c');\n"
            "CREATE TRIGGER notes_author AFTER INSERT ON notes WHEN NEW.author IS NULL\n"
            "BEGIN UPDATE notes SET author = 0 WHERE id = NEW.id; END;\n"
            "INSERT INTO notes (body) VALUES ('d'); -- trailing; comment\n",
        },
    )
    async with Store.open(path, migrations=folder) as store:
        assert await store.schema_version() == n + 2
        result = await store.result(1, 2, "q1", DAY)
        assert result is not None and result.best_points == 10
    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT body, author FROM notes ORDER BY id").fetchall()
    assert rows == [("a;b", 1), ("c", None), ("d", 0)]


async def test_failed_migration_leaves_the_file_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "bot.db"
    async with Store.open(path):
        pass
    n = _latest_version()
    broken = "CREATE TABLE half (x INTEGER);\nINSERT INTO nowhere VALUES (1);\n"
    folder = _copy_migrations(tmp_path, {f"{n + 1:04d}_broken.sql": broken})
    with pytest.raises(StoreError):
        await Store.open(path, migrations=folder)
    assert _pragma(path, "user_version") == n
    assert "half" not in _tables(path)


@pytest.mark.parametrize(
    "files",
    [{"0001_x.sql": "SELECT 1;", "0003_y.sql": "SELECT 1;"}, {"1_bad-name.sql": "SELECT 1;"}],
)
async def test_badly_numbered_migrations_are_refused(tmp_path: Path, files: dict[str, str]) -> None:
    folder = tmp_path / "m"
    folder.mkdir()
    for name, sql in files.items():
        (folder / name).write_text(sql, encoding="utf-8")
    with pytest.raises(StoreError, match=r"(?i)migration"):
        await Store.open(":memory:", migrations=folder)


async def test_newer_schema_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "bot.db"
    async with Store.open(path):
        pass
    newer = _latest_version() + 5
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {newer}")
    before = path.read_bytes()
    with pytest.raises(SchemaTooNewError, match=f"version {newer}.*Upgrade studybot"):
        await Store.open(path)
    assert path.read_bytes() == before


async def test_directory_path_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="is a folder"):
        await Store.open(tmp_path)
    assert list(tmp_path.iterdir()) == []


async def test_parent_that_is_a_file_is_refused(tmp_path: Path) -> None:
    blocker = tmp_path / "notes.txt"
    blocker.write_text("keep me", encoding="utf-8")
    with pytest.raises(StoreError, match="folder"):
        await Store.open(blocker / "bot.db")
    assert blocker.read_text(encoding="utf-8") == "keep me"


async def test_read_only_file_is_refused_and_data_kept(tmp_path: Path) -> None:
    path = tmp_path / "bot.db"
    async with Store.open(path) as store:
        await store.record_attempt(1, 2, "q1", DAY, "r", "correct", 1.0, 10, 3)
    path.chmod(0o444)
    try:
        with pytest.raises(StoreError, match="read-only"):
            await Store.open(path)
    finally:
        path.chmod(0o644)
    async with Store.open(path) as store:
        result = await store.result(1, 2, "q1", DAY)
        assert result is not None and result.best_points == 10


async def test_file_that_is_not_a_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "bot.db"
    path.write_text("these are my notes, not a database\n" * 200, encoding="utf-8")
    before = path.read_bytes()
    with pytest.raises(StoreError, match="not a usable studybot database"):
        await Store.open(path)
    assert path.read_bytes() == before


async def test_locked_file_gives_a_clear_error_at_open(tmp_path: Path) -> None:
    path = tmp_path / "bot.db"
    holder = sqlite3.connect(path, isolation_level=None)
    try:
        holder.execute("CREATE TABLE mine (x INTEGER)")
        holder.execute("INSERT INTO mine VALUES (42)")
        holder.execute("BEGIN EXCLUSIVE")
        with pytest.raises(StoreError, match="locked by another program"):
            await Store.open(path, busy_timeout_ms=50)
        holder.execute("COMMIT")
        assert holder.execute("SELECT x FROM mine").fetchall() == [(42,)]
    finally:
        holder.close()


async def test_locked_file_gives_a_clear_error_on_write_and_loses_nothing(tmp_path: Path) -> None:
    path = tmp_path / "bot.db"
    async with Store.open(path, busy_timeout_ms=50) as store:
        await store.record_attempt(1, 2, "q1", DAY, "r", "partial", 0.5, 5, 3)
        holder = sqlite3.connect(path, isolation_level=None)
        try:
            holder.execute("BEGIN IMMEDIATE")
            with pytest.raises(StoreError, match="locked by another program"):
                await store.record_attempt(1, 2, "q1", DAY, "r", "correct", 1.0, 10, 3)
            holder.execute("ROLLBACK")
        finally:
            holder.close()
        # The failed call rolled back cleanly; the store keeps working.
        out = await store.record_attempt(1, 2, "q1", DAY, "r", "correct", 1.0, 10, 3)
        assert (out.attempt_no, out.best_points) == (2, 10)


async def test_missing_file_is_refused_when_not_creating(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "bot.db"
    with pytest.raises(StoreError, match="no database at"):
        await Store.open(path, create=False)
    assert not path.parent.exists()
    async with Store.open(path):
        pass
    async with Store.open(path, create=False) as store:
        assert await store.schema_version() == _latest_version()


async def test_a_lost_schema_version_is_explained_and_the_file_kept(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    async with Store.open(path) as store:
        await store.record_attempt(1, 2, "q1", DAY, "r", "correct", 1.0, 10, 3)
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA user_version = 0")  # another tool reset the mark
    before = path.read_bytes()
    with pytest.raises(StoreError, match=r"records schema version 0 but already holds later tables"):
        await Store.open(path)
    assert path.read_bytes() == before
