"""The schema itself refuses double scoring and impossible rows, whatever code writes to it."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.store import Store

RESULT = "INSERT INTO results (guild_id, user_id, question_id, day, attempts, best_points, best_verdict) "
ATTEMPT = (
    "INSERT INTO attempts (guild_id, user_id, question_id, day, attempt_no, reply, verdict, score, points) "
)


@pytest.fixture
async def db(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    path = tmp_path / "bot.db"
    async with Store.open(path):
        pass
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute(RESULT + "VALUES (1, 2, 'q1', '2026-03-02', 1, 10, 'correct')")
    conn.execute(ATTEMPT + "VALUES (1, 2, 'q1', '2026-03-02', 1, 'r', 'correct', 1.0, 10)")
    yield conn
    conn.close()


def _total_points(conn: sqlite3.Connection) -> int:
    return conn.execute("SELECT SUM(best_points) FROM results WHERE guild_id = 1").fetchone()[0]


def test_second_result_row_for_same_question_and_day_fails(db: sqlite3.Connection) -> None:
    with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):
        db.execute(RESULT + "VALUES (1, 2, 'q1', '2026-03-02', 1, 10, 'correct')")
    assert _total_points(db) == 10


def test_same_attempt_number_twice_fails(db: sqlite3.Connection) -> None:
    with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):
        db.execute(ATTEMPT + "VALUES (1, 2, 'q1', '2026-03-02', 1, 'again', 'correct', 1.0, 10)")


@pytest.mark.parametrize(
    "values",
    [
        "(1, 2, 'q1', '2026-03-02', 0, 'r', 'wrong', 0.0, 0)",  # attempt_no must be >= 1
        "(1, 2, 'q1', '2026-03-02', 2, 'r', 'great', 0.0, 0)",  # unknown verdict
        "(1, 2, 'q1', '2026-03-02', 2, 'r', 'wrong', 1.5, 0)",  # score above 1
        "(1, 2, 'q1', '2026-03-02', 2, 'r', 'wrong', 0.0, -3)",  # negative points
    ],
)
def test_impossible_attempts_fail(db: sqlite3.Connection, values: str) -> None:
    with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
        db.execute(ATTEMPT + "VALUES " + values)


def test_attempt_without_its_result_row_fails(db: sqlite3.Connection) -> None:
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
        db.execute(ATTEMPT + "VALUES (1, 3, 'q1', '2026-03-02', 1, 'r', 'wrong', 0.0, 0)")


@pytest.mark.parametrize(
    "values",
    [
        "(1, 4, 'q1', '2026-03-02', 0, 5, NULL)",  # points without an attempt
        "(1, 4, 'q1', '2026-03-02', 1, 5, NULL)",  # an attempt without a verdict
        "(1, 4, 'q1', '2026-3-2', 1, 5, 'partial')",  # day not ISO
        "(1, 4, 'q1', '2026-02-30', 1, 5, 'partial')",  # no such day
    ],
)
def test_impossible_results_fail(db: sqlite3.Connection, values: str) -> None:
    with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
        db.execute(RESULT + "VALUES " + values)


def test_forfeited_result_cannot_hold_points(db: sqlite3.Connection) -> None:
    with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
        db.execute(
            "INSERT INTO results (guild_id, user_id, question_id, day, attempts, best_points, best_verdict,"
            " revealed, forfeited) VALUES (1, 5, 'q1', '2026-03-02', 1, 10, 'correct', 1, 1)"
        )


def test_second_daily_for_same_day_fails(db: sqlite3.Connection) -> None:
    sql = "INSERT INTO dailies (guild_id, day, question_id, cycle, number) VALUES (1, '2026-03-02', ?, 0, 1)"
    db.execute(sql, ("q1",))
    with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):
        db.execute(sql, ("q2",))


def test_streak_best_below_current_fails(db: sqlite3.Connection) -> None:
    with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
        db.execute("INSERT INTO streaks (guild_id, user_id, current, best) VALUES (1, 2, 5, 3)")


def test_bad_guild_settings_fail(db: sqlite3.Connection) -> None:
    sql = "INSERT INTO guilds (guild_id, channel_id, post_time, timezone, banks) VALUES (1, 2, ?, 'UTC', ?)"
    for post_time, banks in (("25:00", "[]"), ("9:00", "[]"), ("09:00", "not json"), ("09:00", '{"a": 1}')):
        with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
            db.execute(sql, (post_time, banks))
    db.execute(sql, ("23:59", '["llm"]'))
