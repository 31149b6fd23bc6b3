"""The running totals (score_totals, migration 0002) against the results they are kept from."""

from __future__ import annotations

import asyncio
import random
import shutil
import sqlite3
from collections.abc import AsyncIterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from bot.rules.schedule import month_start, week_start
from bot.store import Store
from bot.store.migrate import MIGRATIONS_DIR
from bot.store.totals import summed_board

VERDICTS = (("correct", 1.0, 10), ("partial", 0.6, 5), ("wrong", 0.1, 0))

# Per-user totals summed from results, in the periods' keys (every key the results touch).
FROM_RESULTS = """
SELECT guild_id, key, user_id, SUM(best_points), SUM(attempts > 0),
       SUM(best_verdict IS 'correct' AND forfeited = 0)
FROM (SELECT *, '' AS key FROM results UNION ALL
      SELECT *, 'W' || date(day, 'weekday 0', '-6 days') FROM results UNION ALL
      SELECT *, 'M' || substr(day, 1, 7) FROM results)
GROUP BY guild_id, key, user_id ORDER BY 1, 2, 3"""
TOTALS = """SELECT guild_id, period, user_id, points, answered, correct FROM score_totals
            ORDER BY 1, 2, 3"""


@pytest.fixture
async def store(db_url: str) -> AsyncIterator[Store]:
    async with Store.open(db_url) as s:
        yield s


async def _store_tables(store: Store) -> tuple[list[tuple], list[tuple]]:
    """The same two lists through the store (either backend), the periods computed in Python."""
    sums: dict[tuple, list[int]] = {}
    for g, u, day, points, attempts, verdict, forfeited in await store._select(
        "SELECT guild_id, user_id, day, best_points, attempts, best_verdict, forfeited FROM results"
    ):
        local = date.fromisoformat(day)
        for key in ("", "W" + week_start(local).isoformat(), "M" + month_start(local).isoformat()[:7]):
            row = sums.setdefault((g, key, u), [0, 0, 0])
            row[0] += points
            row[1] += attempts > 0
            row[2] += verdict == "correct" and not forfeited
    summed = [(*k, *v) for k, v in sorted(sums.items())]
    return summed, [tuple(r) for r in await store._select(TOTALS)]


def _tables(path: Path) -> tuple[list[tuple], list[tuple]]:
    db = sqlite3.connect(path)
    try:
        return db.execute(FROM_RESULTS).fetchall(), db.execute(TOTALS).fetchall()
    finally:
        db.close()


async def test_week_and_month_keys_match_the_rules_for_every_weekday(store: Store) -> None:
    # 800 days from a Thursday: every weekday many times, two new years and the leap day of 2028.
    start = date(2026, 12, 24)
    for n in range(800):
        await store.record_attempt(1, n, "q", start + timedelta(days=n), "r", "partial", 0.5, 5, 3)
    rows = await store._select("SELECT user_id, period FROM score_totals WHERE period <> ''")
    found: dict[int, set[str]] = {}
    for user, period in rows:
        found.setdefault(user, set()).add(period)
    weekdays = set()
    for n in range(800):
        day = start + timedelta(days=n)
        weekdays.add(day.weekday())
        want = {"W" + week_start(day).isoformat(), "M" + month_start(day).isoformat()[:7]}
        assert found[n] == want, day
    assert weekdays == set(range(7))


async def test_totals_equal_the_results_after_random_answers_and_reveals(store: Store) -> None:
    rng = random.Random(20261129)
    start = date(2026, 2, 20)  # runs over two month ends and several weeks
    for _ in range(1500):
        guild, user = rng.choice((1, 1, 2)), rng.randrange(12)
        day = start + timedelta(days=rng.randrange(45))
        question = rng.choice(("q1", "q2"))
        if rng.random() < 0.1:
            await store.mark_revealed(guild, user, question, day)
            continue
        verdict, score, points = rng.choice(VERDICTS)
        await store.record_attempt(
            guild, user, question, day, "r", verdict, score, points, 3,
            stop_after_correct=rng.random() < 0.5,
        )  # fmt: skip
    summed, totals = await _store_tables(store)
    assert len(summed) > 100
    assert totals == summed


async def test_boards_from_totals_equal_boards_summed_from_results(store: Store) -> None:
    rng = random.Random(7)
    start = date(2026, 3, 1)
    for _ in range(600):
        verdict, score, points = rng.choice(VERDICTS)
        day = start + timedelta(days=rng.randrange(31))
        await store.record_attempt(1, rng.randrange(40), f"q{day}", day, "r", verdict, score, points, 3)
    for since in (None, start, date(2026, 3, 9), date(2026, 3, 30)):
        for offset in (0, 7, 30):
            board = await store.leaderboard(1, since, 10, offset)
            summed = await _summed(store, since, offset)
            assert board == summed, (since, offset)
        for user in range(40):
            stats = await store.user_stats(1, user, since)
            rows, _ = await _summed(store, since, 0, limit=100)
            row = next((r for r in rows if r.user_id == user), None)
            assert stats.rank == (row.rank if row else None)


async def _summed(store: Store, since: date | None, offset: int, limit: int = 10) -> tuple[list, int]:
    async with store._read() as db:
        return await summed_board(db, 1, "" if since is None else since.isoformat(), limit, offset)


async def test_results_after_the_week_still_count_from_its_monday(store: Store) -> None:
    # A guild that moved its time zone back across midnight can hold a result dated after the
    # current week; the board from Monday still means "every result from Monday on".
    monday = date(2026, 3, 2)
    await store.record_attempt(1, 1, "q1", monday, "r", "partial", 0.5, 5, 3)
    await store.record_attempt(1, 2, "q2", monday + timedelta(days=7), "r", "correct", 1.0, 10, 3)
    rows, total = await store.leaderboard(1, monday)
    assert total == 2 and [(r.user_id, r.points) for r in rows] == [(2, 10), (1, 5)]
    assert (await store.user_stats(1, 2, monday)).rank == 1


def test_deleting_or_moving_a_result_keeps_the_totals_exact(tmp_path: Path) -> None:
    path = tmp_path / "raw.db"
    _open_and_close(path)
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA foreign_keys = ON")
    rows = [(1, u, "q", f"2026-03-{d:02d}", 1, 5 * (u % 3), "partial" if u % 3 else "wrong", 0.5)
            for u in range(6) for d in (1, 2, 9, 31)]  # fmt: skip
    db.executemany(
        "INSERT INTO results (guild_id, user_id, question_id, day, attempts, best_points, best_verdict,"
        " best_score) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    db.execute("DELETE FROM results WHERE user_id = 1 AND day = '2026-03-02'")
    db.execute("UPDATE results SET day = '2026-04-01' WHERE user_id = 2 AND day = '2026-03-31'")
    db.execute("UPDATE results SET user_id = 9, guild_id = 3 WHERE user_id = 4 AND day = '2026-03-09'")
    summed = db.execute(FROM_RESULTS).fetchall()
    nonzero = db.execute(
        "SELECT guild_id, period, user_id, points, answered, correct FROM score_totals"
        " WHERE points + answered + correct > 0 ORDER BY 1, 2, 3"
    ).fetchall()
    db.close()
    assert nonzero == summed


def _open_and_close(path: Path, migrations: Path = MIGRATIONS_DIR) -> None:
    async def run() -> None:
        async with Store.open(path, migrations=migrations):
            pass

    asyncio.run(run())


def test_migration_backfills_the_totals_of_stored_results(tmp_path: Path) -> None:
    only_first = tmp_path / "migrations"
    only_first.mkdir()
    shutil.copy(MIGRATIONS_DIR / "0001_initial.sql", only_first)
    path = tmp_path / "old.db"
    _open_and_close(path, only_first)
    db = sqlite3.connect(path)
    with db:
        db.executemany(
            "INSERT INTO results (guild_id, user_id, question_id, day, attempts, best_points,"
            " best_verdict, best_score, revealed, forfeited) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (1, 1, "q", "2026-03-01", 1, 10, "correct", 1.0, 0, 0),
                (1, 1, "q", "2026-03-02", 2, 5, "partial", 0.5, 0, 0),
                (1, 2, "q", "2026-03-02", 1, 0, "correct", 1.0, 1, 1),  # forfeited: not correct
                (1, 3, "q", "2026-03-02", 0, 0, None, None, 1, 1),  # revealed only
                (2, 1, "q", "2026-02-28", 1, 10, "correct", 1.0, 0, 0),
            ],
        )
    db.close()
    _open_and_close(path)
    summed, totals = _tables(path)
    assert totals == summed
    assert (1, "", 1, 15, 2, 1) in totals and (1, "W2026-02-23", 1, 10, 1, 1) in totals


async def test_every_page_equals_its_slice_of_the_whole_board(store: Store) -> None:
    # Pages past the middle are read from the far end of the ranking; they must still be the
    # same slice, ties (equal points and correct answers) included.
    rng = random.Random(3)
    for user in range(25):
        verdict, score, points = rng.choice(VERDICTS[:2])
        await store.record_attempt(1, user, "q1", date(2026, 3, 2), "r", verdict, score, points, 3)
    whole, total = await store.leaderboard(1, limit=100)
    assert total == 25 and len({r.rank for r in whole}) < 25  # there are ties
    for limit in (1, 7, 10):
        for offset in range(0, 28):
            page, count = await store.leaderboard(1, limit=limit, offset=offset)
            assert count == total and page == whole[offset : offset + limit], (limit, offset)
