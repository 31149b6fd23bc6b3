"""Online backup to a new file."""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from bot.store import Store, StoreError

DAY = date(2026, 3, 2)


async def _filled(path: Path | str) -> Store:
    store = await Store.open(path)
    for user in range(1, 51):
        await store.record_attempt(1, user, "q1", DAY, "reply " * 50, "partial", 0.5, user, 3)
    await store.create_daily(1, DAY, "q1", 0, 1)
    return store


def _check(path: Path) -> tuple[str, str, int]:
    conn = sqlite3.connect(path)
    try:
        ok = conn.execute("PRAGMA integrity_check").fetchone()[0]
        mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
        points = conn.execute("SELECT SUM(best_points) FROM results").fetchone()[0]
        return ok, mode, points
    finally:
        conn.close()


@pytest.mark.parametrize("source", ["file", "memory"])
async def test_backup_is_a_complete_checked_copy(tmp_path: Path, source: str) -> None:
    store = await _filled(tmp_path / "live.db" if source == "file" else ":memory:")
    try:
        out = await store.backup(tmp_path / "backups" / "copy.db")
        # The live database keeps working after the copy.
        await store.record_attempt(1, 999, "q1", DAY, "r", "correct", 1.0, 10, 3)
    finally:
        await store.close()
    assert out == tmp_path / "backups" / "copy.db"
    assert _check(out) == ("ok", "delete", sum(range(1, 51)))
    assert [p.name for p in out.parent.iterdir()] == ["copy.db"]
    async with Store.open(out) as copy:
        daily = await copy.get_daily(1, DAY)
        assert daily is not None and daily.question_id == "q1"
        assert (await copy.leaderboard(1))[1] == 50


async def test_backup_refuses_to_overwrite_unless_asked(tmp_path: Path) -> None:
    target = tmp_path / "copy.db"
    target.write_text("an older backup", encoding="utf-8")
    async with await _filled(tmp_path / "live.db") as store:
        with pytest.raises(StoreError, match="already exists"):
            await store.backup(target)
        assert target.read_text(encoding="utf-8") == "an older backup"
        await store.backup(target, overwrite=True)
    assert _check(target)[0] == "ok"


async def test_backup_to_a_folder_is_refused(tmp_path: Path) -> None:
    async with Store.open(":memory:") as store:
        with pytest.raises(StoreError, match="is a folder"):
            await store.backup(tmp_path)


async def test_cancelled_backup_leaves_no_file_and_store_usable(tmp_path: Path) -> None:
    async with await _filled(tmp_path / "live.db") as store:
        for steps in range(8):
            target = tmp_path / f"copy{steps}.db"
            task = asyncio.create_task(store.backup(target))
            for _ in range(steps):
                await asyncio.sleep(0)
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
            leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(target.name)]
            assert leftovers in ([], [target.name])
            if target.exists():
                assert _check(target)[0] == "ok"
        out = await store.record_attempt(1, 999, "q1", DAY, "r", "correct", 1.0, 10, 3)
        assert out.recorded


async def test_backup_onto_the_live_database_is_refused_even_with_overwrite(tmp_path: Path) -> None:
    live = tmp_path / "live.db"
    async with await _filled(live) as store:
        with pytest.raises(StoreError, match="is the database itself"):
            await store.backup(tmp_path / "." / "live.db", overwrite=True)
        await store.record_attempt(1, 999, "q1", DAY, "r", "correct", 1.0, 10, 3)
    assert _check(live) == ("ok", "wal", sum(range(1, 51)) + 10)
