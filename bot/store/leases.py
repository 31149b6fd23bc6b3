"""Leases on shards, so two bot processes sharing the database never run the same shard."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING

from bot.model import ShardLease

if TYPE_CHECKING:
    from bot.store.store import Store


def _marks(values: Sequence[object]) -> str:
    return ", ".join("?" for _ in values)


class ShardLeaseQueries:
    """Mixed into `Store`; uses its plumbing only."""

    async def take_shard_leases(
        self: Store,
        shard_ids: Sequence[int],
        owner: str,
        now: str,
        expires_at: str,
        take_from: Collection[str] = (),
    ) -> list[ShardLease]:
        """Take (or renew) the leases of `shard_ids` for `owner` until `expires_at`, all or none.

        Returns the leases in the way, and then writes nothing: those another owner holds that
        have not expired at `now` (ISO UTC), unless that owner is in `take_from` (a process the
        service found stopped).
        """
        ids, others = list(shard_ids), [owner, *take_from]
        async with self._write() as db:
            await self._serialize(db, "shard_leases")
            rows = await db.execute_fetchall(
                f"""SELECT shard_id, owner, expires_at FROM shard_leases
                    WHERE shard_id IN ({_marks(ids)}) AND expires_at > ?
                      AND owner NOT IN ({_marks(others)})
                    ORDER BY shard_id""",
                (*ids, now, *others),
            )
            held = [ShardLease(int(s), str(o), str(e)) for s, o, e in rows]
            if held:
                return held
            await db.executemany(
                """INSERT INTO shard_leases (shard_id, owner, expires_at) VALUES (?, ?, ?)
                   ON CONFLICT (shard_id) DO UPDATE SET
                     owner = excluded.owner, expires_at = excluded.expires_at""",
                [(shard, owner, expires_at) for shard in ids],
            )
            return []

    async def shard_leases(self: Store, shard_ids: Sequence[int]) -> list[ShardLease]:
        ids = list(shard_ids)
        rows = await self._select(
            f"SELECT shard_id, owner, expires_at FROM shard_leases WHERE shard_id IN ({_marks(ids)})"
            " ORDER BY shard_id",
            ids,
        )
        return [ShardLease(int(s), str(o), str(e)) for s, o, e in rows]

    async def release_shard_leases(self: Store, shard_ids: Sequence[int], owner: str) -> int:
        """Give back `owner`'s leases (a clean stop); returns how many were held."""
        ids = list(shard_ids)
        async with self._write() as db:
            cur = await db.execute(
                f"DELETE FROM shard_leases WHERE shard_id IN ({_marks(ids)}) AND owner = ?", (*ids, owner)
            )
            return int(cur.rowcount)
