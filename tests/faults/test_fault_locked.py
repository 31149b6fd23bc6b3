"""Another program holds the database's write lock while a user answers."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from faultkit import GUILD, SETUP, ZONE, Clock, correct_reply, integrity, open_service, scalar

from bot.model import AnswerStatus
from bot.service import StudyService
from bot.store import StoreError

HOLD_SECONDS = 1.5


@contextmanager
def exclusive_lock(
    path: Path, seconds: float, until: threading.Event | None = None
) -> Iterator[threading.Event]:
    """Hold BEGIN EXCLUSIVE on `path` from another connection for `seconds` (in a thread), or
    until `until` is set (at most 60 s) when the test must not depend on how fast it runs.

    Yields an event that is set once the other connection has committed and let go.
    """
    taken, released = threading.Event(), threading.Event()

    def hold() -> None:
        db = sqlite3.connect(path, isolation_level=None, timeout=10)
        try:
            db.execute("BEGIN EXCLUSIVE")
            taken.set()
            if until is None:
                threading.Event().wait(seconds)
            else:
                until.wait(60)
            db.execute("COMMIT")
            released.set()
        finally:
            taken.set()
            db.close()

    thread = threading.Thread(target=hold)
    thread.start()
    try:
        assert taken.wait(10), "the locking thread never took the lock"
        yield released
    finally:
        thread.join()


async def _posted_service(path: Path, clock: Clock, busy_timeout_ms: int) -> StudyService:
    service = await open_service(path, clock, busy_timeout_ms=busy_timeout_ms)
    await service.setup_guild(SETUP)
    daily, _ = await service.open_day(GUILD)
    await service.mark_posted(GUILD, daily.day, 1, 2)
    return service


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2026, 3, 10, 12, 0, tzinfo=ZoneInfo(ZONE)))


async def test_answer_waits_for_the_lock_and_is_stored_once(tmp_path: Path, clock: Clock) -> None:
    path = tmp_path / "bot.db"
    service = await _posted_service(path, clock, busy_timeout_ms=10_000)
    daily = await service.today(GUILD)
    assert daily is not None
    with exclusive_lock(path, HOLD_SECONDS) as released:
        result = await service.answer(GUILD, 7, correct_reply(daily.question))
        assert released.is_set(), "the answer was stored while another program held the lock"
    assert result.status is AnswerStatus.GRADED
    assert result.attempt == 1
    await service.store.close()
    assert integrity(path) == ["ok"]
    assert scalar(path, "SELECT COUNT(*) FROM attempts") == 1
    assert scalar(path, "SELECT SUM(attempts) FROM results") == 1


async def test_answer_past_the_busy_timeout_fails_clearly_and_writes_nothing(
    tmp_path: Path, clock: Clock
) -> None:
    path = tmp_path / "bot.db"
    service = await _posted_service(path, clock, busy_timeout_ms=100)
    daily = await service.today(GUILD)
    assert daily is not None
    await service.answer(GUILD, 1, "alpha only")  # one answer before the lock
    failed_now = threading.Event()  # the lock stays until the answer gave up, however slow it is
    with exclusive_lock(path, HOLD_SECONDS, until=failed_now), pytest.raises(StoreError) as failed:
        try:
            await service.answer(GUILD, 7, correct_reply(daily.question))
        finally:
            failed_now.set()
    message = str(failed.value)
    assert "locked" in message and "try again" in message
    # The user tries again once the other program let go: the first try left nothing behind.
    again = await service.answer(GUILD, 7, correct_reply(daily.question))
    assert again.status is AnswerStatus.GRADED and again.attempt == 1
    await service.store.close()
    assert integrity(path) == ["ok"]
    assert scalar(path, "SELECT COUNT(*) FROM attempts") == 2
    assert scalar(path, "SELECT COUNT(*) FROM attempts WHERE user_id = 7") == 1
    assert scalar(path, "SELECT attempts FROM results WHERE user_id = 7") == 1


async def test_many_answers_during_a_lock_all_land_exactly_once(tmp_path: Path, clock: Clock) -> None:
    path = tmp_path / "bot.db"
    service = await _posted_service(path, clock, busy_timeout_ms=10_000)
    daily = await service.today(GUILD)
    assert daily is not None
    users = range(100, 150)
    with exclusive_lock(path, HOLD_SECONDS):
        results = await asyncio.gather(
            *(service.answer(GUILD, u, correct_reply(daily.question)) for u in users)
        )
    assert [r.status for r in results] == [AnswerStatus.GRADED] * len(users)
    await service.store.close()
    assert integrity(path) == ["ok"]
    assert scalar(path, "SELECT COUNT(*) FROM attempts") == len(users)
    assert scalar(path, "SELECT COUNT(DISTINCT user_id) FROM results WHERE attempts = 1") == len(users)
