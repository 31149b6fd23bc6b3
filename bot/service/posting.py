"""Which process posts a guild's daily question when several shard processes share a database."""

from __future__ import annotations

import os
import secrets
import socket
from datetime import date, timedelta

from bot.model import Clock, utc_iso
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
        if await self.store.claim_post(guild_id, day, self.owner, utc_iso(now), utc_iso(now - STALE_AFTER)):
            return True
        holder = await self.holder(guild_id, day)
        if holder is None or not ended_here(holder, self.owner):
            return False
        # An earlier run on this machine claimed the day and stopped before recording its post
        # (a crash or restart): take over at once, so the repost carries the same nonce within
        # Discord's window and Discord returns the first message instead of posting again.
        return await self.store.claim_post(
            guild_id, day, self.owner, utc_iso(now), utc_iso(now - STALE_AFTER), take_from=holder
        )

    async def holder(self, guild_id: int, day: date) -> str | None:
        return await self.store.post_claim_owner(guild_id, day)


def ended_here(holder: str, me: str) -> bool:
    """True when `holder` was a process on this machine that no longer runs (`host:pid:token`)."""
    try:
        host, pid, _ = holder.rsplit(":", 2)
        my_host, my_pid, _ = me.rsplit(":", 2)
        number = int(pid)
    except ValueError:
        return False
    if host != my_host:
        return False
    if pid == my_pid:  # our pid, another token: an earlier run that had our pid (pid 1 in a container)
        return True
    try:
        os.kill(number, 0)
    except ProcessLookupError:
        return True
    except OSError:  # alive, owned by someone else
        return False
    return False
