"""Which process runs a shard: a lease in the database, taken at start and renewed while it runs.

Two processes started with the same shard id would both receive that shard's events and both
answer them. The first to start holds the shard's lease; the second is refused with a message
naming the shard and when the lease runs out. A process that crashed stops renewing, so its
lease expires and a restart (or another process) takes the shard; a restart on the same machine
takes it at once when the old process is gone.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
from collections.abc import AsyncIterator, Sequence
from datetime import datetime, timedelta

from bot.logs import OutageLog
from bot.model import Clock, ServiceError, ShardLease, utc_iso
from bot.service.posting import ended_here
from bot.store import Store, StoreError

log = logging.getLogger(__name__)

LEASE = timedelta(seconds=90)  # how long a lease lasts without being renewed
RENEW_EVERY = LEASE / 3  # two renewals may fail (a database restart) before it expires


class ShardTaken(ServiceError):
    """Another running process holds the lease of a shard this process was asked to run."""

    def __init__(self, lease: ShardLease, now: datetime) -> None:
        left = datetime.fromisoformat(lease.expires_at) - now
        self.lease = lease
        super().__init__(
            "Shard {shard} is already run by another process ({owner}); its lease expires in {seconds} s "
            "if that process stopped without giving it back. Stop that process, or give this one other "
            "shard ids (--shard-ids / STUDYBOT_SHARD_IDS).",
            shard=lease.shard_id,
            owner=lease.owner,
            seconds=max(1, math.ceil(left.total_seconds())),
        )


class ShardLeases:
    def __init__(self, store: Store, clock: Clock, owner: str) -> None:
        self.store = store
        self.clock = clock
        self.owner = owner  # the same process identity as the post claims (host:pid:token)
        self.held: tuple[int, ...] = ()
        self._database = OutageLog(log, "shard leases", "will retry")

    @contextlib.asynccontextmanager
    async def kept(self, shard_ids: Sequence[int]) -> AsyncIterator[None]:
        """Hold the leases of `shard_ids` (none: nothing to hold) while the block runs: taken on
        entry (ShardTaken if another process holds one), renewed every RENEW_EVERY, given back on
        exit."""
        if not shard_ids:
            yield
            return
        await self.take(shard_ids)
        renewing = asyncio.get_running_loop().create_task(self._keep_renewing(), name="studybot-leases")
        try:
            yield
        finally:
            renewing.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await renewing
            try:
                await self.release()
            except StoreError as error:  # it expires by itself
                log.warning("could not give back the shard leases (%s); they expire in %s", error, LEASE)

    async def _keep_renewing(self) -> None:
        while True:
            await asyncio.sleep(RENEW_EVERY.total_seconds())
            self._database.start_round()
            try:
                await self.renew()
            except StoreError as error:
                self._database.failed(error)
            self._database.end_round()

    async def take(self, shard_ids: Sequence[int]) -> None:
        """Take the leases of `shard_ids`, all or none; ShardTaken naming the first one in the way."""
        ids = tuple(sorted(shard_ids))
        current = await self.store.shard_leases(ids)
        stopped = {lease.owner for lease in current if ended_here(lease.owner, self.owner)}
        now = self.clock()
        held = await self.store.take_shard_leases(
            ids, self.owner, utc_iso(now), utc_iso(now + LEASE), take_from=stopped
        )
        if held:
            raise ShardTaken(held[0], now)
        self.held = ids

    async def renew(self) -> None:
        """Extend the leases held; logs an error when another process took one (this one could
        not renew for longer than the lease: both now run that shard)."""
        if not self.held:
            return
        now = self.clock()
        until = utc_iso(now + LEASE)
        taken = await self.store.take_shard_leases(self.held, self.owner, utc_iso(now), until)
        for lease in taken:
            log.error(
                "shard %d: its lease ran out and %s took it; two processes run this shard now",
                lease.shard_id,
                lease.owner,
            )
        if taken:  # keep renewing the others
            lost = {lease.shard_id for lease in taken}
            self.held = tuple(shard for shard in self.held if shard not in lost)
            if self.held:
                await self.store.take_shard_leases(self.held, self.owner, utc_iso(now), until)

    async def release(self) -> None:
        """Give the leases back (a clean stop), so a restart can take them at once."""
        if self.held:
            await self.store.release_shard_leases(self.held, self.owner)
            self.held = ()
