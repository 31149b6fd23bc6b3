"""The PostgreSQL schema refuses what the SQLite schema refuses (test_store_constraints.py):
the same keys make double scoring impossible, whatever code writes to it."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator

import asyncpg
import pytest
from pgcluster import Cluster

from bot.store import Store

RESULT = "INSERT INTO results (guild_id, user_id, question_id, day, attempts, best_points, best_verdict) "
ATTEMPT = (
    "INSERT INTO attempts (guild_id, user_id, question_id, day, attempt_no, reply, verdict, score, points) "
)
DAILY = "INSERT INTO dailies (guild_id, day, question_id, cycle, number) "
GUILD = "INSERT INTO guilds (guild_id, channel_id, post_time, timezone, banks) "
UNIQUE, CHECK, FOREIGN = (
    asyncpg.UniqueViolationError,
    asyncpg.CheckViolationError,
    asyncpg.ForeignKeyViolationError,
)
_names = itertools.count(1)

REFUSED = [
    (RESULT + "VALUES (1, 2, 'q1', '2026-03-02', 1, 10, 'correct')", UNIQUE),  # second result row
    (ATTEMPT + "VALUES (1, 2, 'q1', '2026-03-02', 1, 'again', 'correct', 1.0, 10)", UNIQUE),
    (ATTEMPT + "VALUES (1, 2, 'q1', '2026-03-02', 0, 'r', 'wrong', 0.0, 0)", CHECK),
    (ATTEMPT + "VALUES (1, 2, 'q1', '2026-03-02', 2, 'r', 'great', 0.0, 0)", CHECK),
    (ATTEMPT + "VALUES (1, 2, 'q1', '2026-03-02', 2, 'r', 'wrong', 1.5, 0)", CHECK),
    (ATTEMPT + "VALUES (1, 2, 'q1', '2026-03-02', 2, 'r', 'wrong', 0.0, -3)", CHECK),
    (ATTEMPT + "VALUES (1, 3, 'q1', '2026-03-02', 1, 'r', 'wrong', 0.0, 0)", FOREIGN),
    (RESULT + "VALUES (1, 4, 'q1', '2026-03-02', 0, 5, NULL)", CHECK),
    (RESULT + "VALUES (1, 4, 'q1', '2026-03-02', 1, 5, NULL)", CHECK),
    (RESULT + "VALUES (1, 4, 'q1', '2026-3-2', 1, 5, 'partial')", CHECK),
    (RESULT + "VALUES (1, 4, 'q1', '2026-02-30', 1, 5, 'partial')", CHECK),
    (
        "INSERT INTO results (guild_id, user_id, question_id, day, attempts, best_points, best_verdict,"
        " revealed, forfeited) VALUES (1, 5, 'q1', '2026-03-02', 1, 10, 'correct', 1, 1)",
        CHECK,
    ),
    ("INSERT INTO streaks (guild_id, user_id, current, best) VALUES (1, 2, 5, 3)", CHECK),
    (
        DAILY + "VALUES (1, '2026-03-02', 'q2', 0, 1)",
        UNIQUE,
    ),
    (GUILD + "VALUES (1, 2, '25:00', 'UTC', '[]')", CHECK),
    (GUILD + "VALUES (1, 2, '9:00', 'UTC', '[]')", CHECK),
    (
        GUILD + "VALUES (1, 2, '09:00', 'UTC', 'x')",
        CHECK,
    ),
    (
        GUILD + "VALUES (1, 2, '09:00', 'UTC', '{}')",
        CHECK,
    ),
]


@pytest.fixture
async def db(pg_cluster: Cluster) -> AsyncIterator[asyncpg.Connection]:
    schema = f"constraints{next(_names)}"
    pg_cluster.psql(f"CREATE SCHEMA {schema}")
    url = pg_cluster.url(search_path=schema)
    async with Store.open(url):
        pass
    conn = await asyncpg.connect(url)
    await conn.execute(RESULT + "VALUES (1, 2, 'q1', '2026-03-02', 1, 10, 'correct')")
    await conn.execute(ATTEMPT + "VALUES (1, 2, 'q1', '2026-03-02', 1, 'r', 'correct', 1.0, 10)")
    await conn.execute(DAILY + "VALUES (1, '2026-03-02', 'q1', 0, 1)")
    yield conn
    await conn.close()


@pytest.mark.parametrize(("sql", "error"), REFUSED)
async def test_impossible_rows_are_refused(db: asyncpg.Connection, sql: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        await db.execute(sql)
    assert await db.fetchval("SELECT SUM(best_points) FROM results") == 10
    assert await db.fetchval("SELECT points FROM score_totals WHERE period = '' AND user_id = 2") == 10


async def test_good_rows_are_accepted(db: asyncpg.Connection) -> None:
    await db.execute(GUILD + "VALUES (1, 2, '23:59', 'UTC', '[\"llm\"]')")
    await db.execute(ATTEMPT + "VALUES (1, 2, 'q1', '2026-03-02', 2, 'r', 'wrong', 0.0, 0)")
    assert await db.fetchval("SELECT banks FROM guilds WHERE guild_id = 1") == '["llm"]'
    assert await db.fetchval("SELECT COUNT(*) FROM attempts WHERE user_id = 2") == 2
