"""Which process posts a guild's daily question when several shard processes share a database."""

from __future__ import annotations

import os
import secrets
import socket
from datetime import UTC, date, datetime, timedelta

from bot.model import Clock
from bot.store import Store

# A claim this old belongs to a process that stopped before posting; another may take it over.
STALE_AFTER = timedelta(minutes=10)


class PostClaims:
    """Claims in the database: the first process to claim a guild's day posts, others skip it."""

    def __init__(self, store: Store, clock: Clock, owner: str | None = None) -> None:
        self.store = store
        self.clock = clock
        # Unique per process run: a restarted process is a new owner (its old claim goes stale).
        self.owner = owner or f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"

    async def claim(self, guild_id: int, day: date) -> bool:
        """True if this process may post the guild's daily for `day` (it holds the claim)."""
        now = self.clock()
        return await self.store.claim_post(guild_id, day, self.owner, _iso(now), _iso(now - STALE_AFTER))

    async def holder(self, guild_id: int, day: date) -> str | None:
        return await self.store.post_claim_owner(guild_id, day)


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
