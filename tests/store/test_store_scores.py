"""Leaderboards and user stats, including period boundaries given as `since_day`."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.store import Store

MONDAY = date(2026, 3, 2)
FIRST_OF_MONTH = date(2026, 3, 1)


@pytest.fixture
async def store(db_url: str) -> AsyncIterator[Store]:
    async with Store.open(db_url) as s:
        yield s


async def _answer(
    store: Store, user: int, day: date, points: int, verdict: str = "partial", q: str = ""
) -> None:
    score = 1.0 if verdict == "correct" else 0.5 if verdict == "partial" else 0.0
    out = await store.record_attempt(1, user, q or f"q-{day}", day, "r", verdict, score, points, 3)
    assert out.recorded


async def test_since_day_is_inclusive_for_week_and_month(store: Store) -> None:
    await _answer(store, 1, MONDAY - timedelta(days=1), 10, "correct")  # last week's Sunday, this month
    await _answer(store, 1, MONDAY, 5)  # this week's first day
    await _answer(store, 2, FIRST_OF_MONTH - timedelta(days=1), 100, "correct")  # last month
    await _answer(store, 2, MONDAY + timedelta(days=6), 3)  # this week's last day
    week, week_total = await store.leaderboard(1, since_day=MONDAY)
    month, _ = await store.leaderboard(1, since_day=FIRST_OF_MONTH)
    every, _ = await store.leaderboard(1)
    assert [(r.user_id, r.points) for r in week] == [(1, 5), (2, 3)] and week_total == 2
    assert [(r.user_id, r.points) for r in month] == [(1, 15), (2, 3)]
    assert [(r.user_id, r.points) for r in every] == [(2, 103), (1, 15)]


async def test_order_ties_ranks_and_accuracy(store: Store) -> None:
    await _answer(store, 30, MONDAY, 10, "correct")  # 10 points, 1 correct
    await _answer(store, 20, MONDAY, 5, "partial", "a")
    await _answer(store, 20, MONDAY, 5, "partial", "b")  # 10 points, 0 correct
    await _answer(store, 40, MONDAY, 10, "correct")  # ties user 30
    await _answer(store, 10, MONDAY, 0, "wrong")  # no points: not ranked
    rows, total = await store.leaderboard(1)
    assert total == 3
    assert [(r.rank, r.user_id, r.points, r.correct, r.answered) for r in rows] == [
        (1, 30, 10, 1, 1),
        (1, 40, 10, 1, 1),
        (3, 20, 10, 0, 2),
    ]
    assert [r.accuracy for r in rows] == [1.0, 1.0, 0.0]
    for row in rows:
        stats = await store.user_stats(1, row.user_id)
        assert (stats.rank, stats.points, stats.correct, stats.answered) == (
            row.rank, row.points, row.correct, row.answered,
        )  # fmt: skip
    nobody = await store.user_stats(1, 10)
    assert (nobody.rank, nobody.points, nobody.answered, nobody.accuracy) == (None, 0, 1, 0.0)


async def test_pages_and_guild_isolation(store: Store) -> None:
    for user in range(1, 26):
        await _answer(store, user, MONDAY, user)
    await store.record_attempt(2, 99, "q", MONDAY, "r", "correct", 1.0, 1000, 3)
    first, total = await store.leaderboard(1, limit=10, offset=0)
    last, _ = await store.leaderboard(1, limit=10, offset=20)
    beyond, beyond_total = await store.leaderboard(1, limit=10, offset=40)
    assert total == 25 and beyond_total == 25 and beyond == []
    assert await store.leaderboard(1, limit=0) == ([], 25)
    assert [r.user_id for r in first] == list(range(25, 15, -1))
    assert [r.rank for r in last] == [21, 22, 23, 24, 25]
    assert 99 not in {r.user_id for r in first + last}


async def test_best_attempt_counts_once(store: Store) -> None:
    for points in (3, 8, 5):
        await store.record_attempt(1, 7, "q1", MONDAY, "r", "partial", points / 10, points, 3)
    rows, _ = await store.leaderboard(1)
    assert [(r.points, r.answered) for r in rows] == [(8, 1)]


Attempt = tuple[int, str, int, str, int]  # user, question, day offset, verdict, points
attempt = st.tuples(
    st.integers(1, 6),  # user
    st.sampled_from(["q1", "q2", "q3"]),
    st.integers(0, 9),  # day offset
    st.sampled_from(["correct", "partial", "wrong"]),
    st.integers(0, 10),  # points
)


@settings(max_examples=40, deadline=None)
@given(st.lists(attempt, max_size=40), st.integers(0, 9))
def test_leaderboard_matches_a_simple_model(
    attempts: list[tuple[int, str, int, str, int]], since: int
) -> None:
    asyncio.run(_check_model(attempts, since))


async def _check_model(attempts: list[Attempt], since: int) -> None:
    start = date(2026, 1, 1)
    best: dict[tuple[int, str, int], tuple[int, bool]] = {}
    count: dict[tuple[int, str, int], int] = {}
    async with Store.open(":memory:") as store:
        for user, q, offset, verdict, points in attempts:
            key = (user, q, offset)
            out = await store.record_attempt(
                1,
                user,
                q,
                start + timedelta(days=offset),
                "r",
                verdict,
                0.5,
                points,
                2,
                stop_after_correct=False,
            )
            if count.get(key, 0) >= 2:
                assert not out.recorded
                continue
            count[key] = count.get(key, 0) + 1
            old = best.get(key)
            if old is None or points > old[0] or (points == old[0] and verdict == "correct" and not old[1]):
                best[key] = (points, verdict == "correct")
        rows, total = await store.leaderboard(1, since_day=start + timedelta(days=since), limit=100)
    expected: dict[int, tuple[int, int, int]] = {}
    for (user, _q, offset), (points, correct) in best.items():
        if offset >= since:
            p, a, c = expected.get(user, (0, 0, 0))
            expected[user] = (p + points, a + 1, c + int(correct))
    ranked = {u: v for u, v in expected.items() if v[0] > 0}
    assert total == len(ranked)
    assert {r.user_id: (r.points, r.answered, r.correct) for r in rows} == ranked
    keys = [(-r.points, -r.correct, r.user_id) for r in rows]
    assert keys == sorted(keys)


async def test_user_stats_for_a_period(store: Store) -> None:
    await _answer(store, 1, MONDAY - timedelta(days=1), 10, "correct")
    await _answer(store, 1, MONDAY, 4)
    await _answer(store, 2, MONDAY, 6)
    week = await store.user_stats(1, 1, since_day=MONDAY)
    every = await store.user_stats(1, 1)
    assert (week.points, week.answered, week.correct, week.rank) == (4, 1, 0, 2)
    assert (every.points, every.answered, every.correct, every.rank, every.accuracy) == (14, 2, 1, 1, 0.5)
    later = await store.user_stats(1, 1, since_day=MONDAY + timedelta(days=1))
    assert (later.points, later.answered, later.rank) == (0, 0, None)
