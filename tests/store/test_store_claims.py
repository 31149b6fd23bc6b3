"""Claims on posting a daily: one process posts a guild's day, on either backend."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta

from bot.service.posting import STALE_AFTER, PostClaims
from bot.store import Store

DAY = date(2026, 3, 2)
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


async def test_one_of_many_processes_claims_a_guild_day(db_url: str) -> None:
    async with Store.open(db_url) as a, Store.open(db_url) as b:
        claims = [PostClaims(store, lambda: NOW, owner=f"p{i}") for i, store in enumerate((a, b, a, b))]
        won = await asyncio.gather(*(c.claim(7, DAY) for c in claims))
        assert sum(won) == 1
        winner = claims[won.index(True)]
        assert await winner.claim(7, DAY)  # its own claim stays its own (a retry after an error)
        assert await claims[0].holder(7, DAY) == winner.owner
        assert all(await asyncio.gather(*(c.claim(8, DAY + timedelta(days=i)) for i, c in enumerate(claims))))


async def test_a_stale_claim_is_taken_over(db_url: str) -> None:
    now = NOW
    async with Store.open(db_url) as store:
        first = PostClaims(store, lambda: now, owner="died")
        second = PostClaims(store, lambda: now, owner="alive")
        assert await first.claim(7, DAY)
        now = NOW + STALE_AFTER - timedelta(seconds=1)
        assert not await second.claim(7, DAY)
        now = NOW + STALE_AFTER + timedelta(seconds=1)
        assert await second.claim(7, DAY)
        assert not await first.claim(7, DAY)
