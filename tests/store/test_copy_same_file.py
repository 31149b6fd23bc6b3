"""`studybot db copy` refuses one SQLite file named two ways: with --force it would empty it."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from bot.store import Store, StoreError
from bot.store.copy import copy_database

DAY = date(2026, 3, 2)


@pytest.mark.parametrize("other_name", ["link", "absolute"])
async def test_one_file_under_two_names_is_the_same_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, other_name: str
) -> None:
    monkeypatch.chdir(tmp_path)
    async with Store.open("live.db") as store:
        await store.record_attempt(1, 2, "q1", DAY, "r", "correct", 1.0, 10, 3)
    other = tmp_path / "live.db"
    if other_name == "link":
        other = tmp_path / "link.db"
        os.symlink("live.db", other)
    with pytest.raises(StoreError, match="the same database"):
        await copy_database("live.db", str(other), force=True)
    async with Store.open("live.db") as store:
        assert (await store.leaderboard(1))[1] == 1
