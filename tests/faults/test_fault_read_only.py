"""A database the bot may not write: refused at open with a clear message, or at the write itself."""

from __future__ import annotations

import hashlib
import os
import stat
from datetime import date
from pathlib import Path

import pytest
from faultkit import GUILD, integrity, scalar

from bot.store import Store, StoreError

DAY = date(2026, 3, 10)


async def _database_with_one_answer(path: Path) -> None:
    async with Store.open(path) as store:
        await store.record_attempt(GUILD, 1, "q-1", DAY, "first", "correct", 1.0, 10, 3)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


async def test_read_only_file_is_refused_at_open_and_left_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "bot.db"
    await _database_with_one_answer(path)
    before = _digest(path)
    os.chmod(path, stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    try:
        with pytest.raises(StoreError) as refused:
            await Store.open(path)
    finally:
        os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)
    message = str(refused.value)
    assert "read-only" in message and "writable" in message
    assert _digest(path) == before
    assert integrity(path) == ["ok"]
    assert scalar(path, "SELECT COUNT(*) FROM attempts") == 1


async def test_database_turning_read_only_fails_the_write_clearly(tmp_path: Path) -> None:
    path = tmp_path / "bot.db"
    await _database_with_one_answer(path)
    async with Store.open(path) as store:
        # query_only makes SQLite refuse writes as it does on a file or mount gone read-only.
        await store._conn.execute("PRAGMA query_only = ON")
        with pytest.raises(StoreError) as refused:
            await store.record_attempt(GUILD, 2, "q-1", DAY, "second", "correct", 1.0, 10, 3)
        assert "read-only" in str(refused.value)
        # Reading still works and still sees the earlier answer.
        board, ranked = await store.leaderboard(GUILD)
        assert ranked == 1 and board[0].user_id == 1
    assert integrity(path) == ["ok"]
    assert scalar(path, "SELECT COUNT(*) FROM attempts") == 1
    assert scalar(path, "SELECT COUNT(*) FROM results WHERE user_id = 2") == 0
