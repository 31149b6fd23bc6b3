"""The disk fills up while users answer: a clear error, and what was stored before stays intact.

A full disk is simulated with `PRAGMA max_page_count` on the store's own connection: SQLite then
fails writes that need a new page with SQLITE_FULL, exactly as on a full disk.
"""

from __future__ import annotations

import sqlite3
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from faultkit import GUILD, SETUP, ZONE, Clock, correct_reply, integrity, open_service, scalar

from bot.store import Store, StoreError

DAY = date(2026, 3, 10)
LONG_REPLY = "a long reply that takes room " * 40


async def _limit_pages(store: Store, extra_pages: int) -> None:
    # The connection is private to the store; the test reaches in only to play the full disk.
    conn = store._conn
    async with conn.execute("PRAGMA page_count") as cur:
        row = await cur.fetchone()
    assert row is not None
    await conn.execute(f"PRAGMA max_page_count = {int(row[0]) + extra_pages}")


async def _fill(store: Store) -> tuple[list[int], StoreError]:
    """Answer as new users until the disk is full; the users whose answer was acknowledged."""
    stored: list[int] = []
    for user in range(1, 10_000):
        try:
            await store.record_attempt(GUILD, user, "q-1", DAY, LONG_REPLY, "partial", 0.5, 5, 3)
        except StoreError as full:
            return stored, full
        stored.append(user)
    raise AssertionError("the page limit never filled the database")


async def test_full_disk_gives_a_clear_error_and_keeps_earlier_answers(tmp_path: Path) -> None:
    path = tmp_path / "bot.db"
    async with Store.open(path) as store:
        await _limit_pages(store, extra_pages=40)
        stored, full = await _fill(store)
    assert "full" in str(full) and "Free some space" in str(full)
    assert isinstance(full.__cause__, sqlite3.Error)
    assert len(stored) > 10
    assert integrity(path) == ["ok"]
    assert scalar(path, "SELECT COUNT(*) FROM attempts") == len(stored)
    assert scalar(path, "SELECT COUNT(*) FROM results") == len(stored)
    users = {r[0] for r in sqlite3.connect(path).execute("SELECT user_id FROM attempts")}
    assert users == set(stored)


async def test_store_works_again_once_space_is_free(tmp_path: Path) -> None:
    path = tmp_path / "bot.db"
    async with Store.open(path) as store:
        await _limit_pages(store, extra_pages=20)
        stored, _ = await _fill(store)
        with pytest.raises(StoreError):  # still full: refused again, not half-written
            await store.record_attempt(GUILD, 99_999, "q-1", DAY, LONG_REPLY, "wrong", 0.0, 0, 3)
        await store._conn.execute("PRAGMA max_page_count = 1073741823")
        outcome = await store.record_attempt(GUILD, 99_999, "q-1", DAY, "short", "correct", 1.0, 10, 3)
        assert outcome.recorded and outcome.attempt_no == 1
        board, ranked = await store.leaderboard(GUILD)
    assert ranked == len(stored) + 1
    assert board[0].user_id == 99_999
    assert integrity(path) == ["ok"]
    assert scalar(path, "SELECT COUNT(*) FROM attempts WHERE user_id = 99999") == 1


async def test_answer_on_a_full_disk_fails_whole_and_keeps_the_streak(tmp_path: Path) -> None:
    path = tmp_path / "bot.db"
    clock = Clock(datetime(2026, 3, 10, 10, 0, tzinfo=ZoneInfo(ZONE)))
    service = await open_service(path, clock)
    await service.setup_guild(SETUP)
    for day in range(2):
        daily, _ = await service.open_day(GUILD)
        await service.mark_posted(GUILD, daily.day, 1, 100 + day)
        if day == 0:
            first = await service.answer(GUILD, 7, correct_reply(daily.question))
            assert first.streak == 1
            clock.advance(days=1)
    before = await service.store.get_streak(GUILD, 7)
    # A long reply needs new pages (overflow), and the file may not grow by a single page.
    await _limit_pages(service.store, extra_pages=0)
    # Replies are cut to RuleSettings.max_reply_chars (1,000) before storing: 4-byte characters
    # make those 1,000 larger than a page.
    long_reply = "𝔸" * 1000 + correct_reply(daily.question)
    with pytest.raises(StoreError) as full:
        await service.answer(GUILD, 7, long_reply)
    assert "full" in str(full.value)
    assert await service.store.get_streak(GUILD, 7) == before  # written with the attempt, or not at all
    assert await service.store.result(GUILD, 7, daily.question.id, daily.day) is None
    await service.store._conn.execute("PRAGMA max_page_count = 1073741823")
    again = await service.answer(GUILD, 7, correct_reply(daily.question))
    assert again.attempt == 1 and again.streak == 2
    await service.store.close()
    assert integrity(path) == ["ok"]
    assert scalar(path, "SELECT COUNT(*) FROM attempts WHERE user_id = 7") == 2
