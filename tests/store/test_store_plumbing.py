"""The plumbing feature modules write their queries against, on both backends."""

from __future__ import annotations

import pytest

from bot.store import Store, StoreError
from bot.store.postgres import dollar_params, rowcount


def test_placeholders_are_numbered_outside_quotes_and_comments() -> None:
    sql = "SELECT '?', \"a?\" FROM t WHERE x = ? AND y = ? -- why?\nAND z = ?"
    assert dollar_params(sql) == "SELECT '?', \"a?\" FROM t WHERE x = $1 AND y = $2 -- why?\nAND z = $3"
    assert dollar_params("SELECT 'it''s ?' WHERE a = ?") == "SELECT 'it''s ?' WHERE a = $1"


@pytest.mark.parametrize(
    ("tag", "count"), [("INSERT 0 1", 1), ("UPDATE 3", 3), ("DELETE 0", 0), ("BEGIN", -1)]
)
def test_rowcount_from_command_tags(tag: str, count: int) -> None:
    assert rowcount(tag) == count


async def test_execute_rowcount_returning_and_helpers(db_url: str) -> None:
    async with Store.open(db_url) as store:
        async with store._write() as db:
            cur = await db.execute(
                "INSERT INTO streaks (guild_id, user_id, current, best) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (guild_id, user_id) DO NOTHING RETURNING user_id, best",
                (1, 2**62, 1, 3),
            )
            # With RETURNING read the rows: SQLite knows the row count only after they are fetched.
            assert await cur.fetchone() == (2**62, 3)
            async with db.execute(
                "UPDATE streaks SET best = best + 1 WHERE guild_id = ? RETURNING best", (1,)
            ) as cur:
                assert await cur.fetchall() == [(4,)]
            again = await db.execute(
                "INSERT INTO streaks (guild_id, user_id) VALUES (?, ?) ON CONFLICT DO NOTHING", (1, 2**62)
            )
            assert again.rowcount == 0
        assert await store._select_one("SELECT user_id, best FROM streaks") is not None
        assert tuple(await store._select_one("SELECT user_id, best FROM streaks")) == (2**62, 4)
        with pytest.raises(StoreError, match="constraint"):
            async with store._write() as db:
                await db.execute("UPDATE streaks SET current = ? WHERE guild_id = ?", (1, 1))
                await db.execute("UPDATE streaks SET best = ? WHERE guild_id = ?", (0, 1))
        # The failed transaction left nothing behind.
        assert tuple(await store._select_one("SELECT current, best FROM streaks")) == (1, 4)
