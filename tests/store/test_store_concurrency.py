"""Many submissions at the same instant never score twice or exceed the attempt limit."""

from __future__ import annotations

import asyncio
import contextlib
from collections import Counter
from datetime import date

from bot.store import Refusal, Store

DAY = date(2026, 3, 2)
USERS = 1000


def _points(user: int) -> int:
    return user % 11  # 0..10, varied so totals are checked exactly


def _verdict(user: int) -> str:
    return "correct" if _points(user) == 10 else "wrong" if _points(user) == 0 else "partial"


async def test_thousand_users_at_once_each_scored_once(db_url: str) -> None:
    async with Store.open(db_url) as store:
        daily, *racers = await asyncio.gather(*(store.create_daily(1, DAY, f"q{i}", 0, 1) for i in range(20)))
        assert all(r == daily for r in racers)
        outcomes = await asyncio.gather(
            *(
                store.record_attempt(
                    1, user, daily.question_id, DAY, f"reply {user}", _verdict(user), _points(user) / 10,
                    _points(user), 3,
                )
                for user in range(1, USERS + 1)
            )
        )  # fmt: skip
        assert all(o.recorded and o.attempt_no == 1 and o.attempts_used == 1 for o in outcomes)
        rows, total = await store.leaderboard(1, limit=USERS)
        expected = {u: _points(u) for u in range(1, USERS + 1) if _points(u) > 0}
        assert total == len(expected)
        assert {r.user_id: r.points for r in rows} == expected
        assert sum(r.points for r in rows) == sum(_points(u) for u in range(1, USERS + 1))
        correct = sum(1 for u in range(1, USERS + 1) if _verdict(u) == "correct")
        assert await store.day_summary(1, daily.question_id, DAY) == (USERS, correct)
        counted = await store._select_one("SELECT COUNT(*), COUNT(DISTINCT user_id) FROM attempts")
        assert tuple(counted) == (USERS, USERS)


async def test_same_user_ten_times_at_once_respects_the_limit(db_url: str) -> None:
    async with Store.open(db_url) as store:
        outcomes = await asyncio.gather(
            *(store.record_attempt(1, 7, "q1", DAY, f"try {i}", "partial", i / 10, i, 3) for i in range(10))
        )
        recorded = [o for o in outcomes if o.recorded]
        assert len(recorded) == 3
        assert sorted(o.attempt_no for o in recorded) == [1, 2, 3]
        assert Counter(o.refused for o in outcomes if not o.recorded) == {Refusal.NO_ATTEMPTS_LEFT: 7}
        result = await store.result(1, 7, "q1", DAY)
        assert result is not None
        assert result.attempts == 3
        assert result.best_points == max(o.points for o in recorded)
        assert sum(o.points_gained for o in recorded) == result.best_points
        assert len(await store.attempts(1, 7, "q1", DAY)) == 3


async def test_same_user_correct_ten_times_at_once_scores_once(db_url: str) -> None:
    async with Store.open(db_url) as store:
        outcomes = await asyncio.gather(
            *(store.record_attempt(1, 7, "q1", DAY, "right", "correct", 1.0, 10, 5) for _ in range(10))
        )
        assert sum(o.recorded for o in outcomes) == 1
        assert sum(o.points_gained for o in outcomes) == 10
        rows, _ = await store.leaderboard(1)
        assert [(r.user_id, r.points, r.correct) for r in rows] == [(7, 10, 1)]


async def test_two_connections_on_one_file_respect_the_limit(db_url: str) -> None:
    # Two stores stand for two processes sharing the database: the lock is the database's, not
    # asyncio's (SQLite's write lock, or the advisory lock on PostgreSQL).
    async with Store.open(db_url) as a, Store.open(db_url) as b:
        outcomes = await asyncio.gather(
            *(
                (a if i % 2 else b).record_attempt(1, user, "q1", DAY, "r", "partial", 0.5, 5, 2)
                for user in range(1, 51)
                for i in range(6)
            )
        )
        assert sum(o.recorded for o in outcomes) == 100
        rows, total = await a.leaderboard(1, limit=100)
        assert total == 50 and all(r.points == 5 and r.answered == 1 for r in rows)
        assert tuple(await b._select_one("SELECT MAX(attempt_no), COUNT(*) FROM attempts")) == (2, 100)


async def test_cancelled_callers_leave_no_transaction_open() -> None:
    async with Store.open(":memory:") as store:
        for steps in range(12):
            task = asyncio.create_task(store.record_attempt(1, steps, "q1", DAY, "r", "partial", 0.5, 5, 3))
            for _ in range(steps):
                await asyncio.sleep(0)
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
            # The next caller gets a clean connection whatever point the cancel hit.
            out = await store.record_attempt(1, 100 + steps, "q1", DAY, "r", "correct", 1.0, 10, 3)
            assert out.recorded and out.attempt_no == 1
        async with store._conn.execute(
            """SELECT COUNT(*) FROM results r WHERE attempts <> (SELECT COUNT(*) FROM attempts a
               WHERE a.guild_id = r.guild_id AND a.user_id = r.user_id AND a.question_id = r.question_id
               AND a.day = r.day)"""
        ) as cur:
            assert await cur.fetchone() == (0,)
        assert not store._conn.in_transaction
