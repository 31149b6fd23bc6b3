"""Every column of the schema that holds a user's id is covered by /forget-me."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from bot.store import Store
from bot.store.personal import USER_DATA, USER_REFERENCES


async def test_every_column_naming_a_user_is_deleted_or_replaced(tmp_path: Path) -> None:
    store = await Store.open(tmp_path / "bot.db")
    await store.close()
    with sqlite3.connect(tmp_path / "bot.db") as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        naming = {
            (table, column[1])
            for table in tables
            for column in conn.execute(f"PRAGMA table_info({table})")
            if column[1] == "user_id" or column[1].endswith("_by")
        }
    covered = set(USER_DATA) | set(USER_REFERENCES)
    assert naming == covered
    assert {("uploaded_banks", "uploaded_by"), ("disputes", "decided_by")} <= naming
