"""Claims on posting a guild's daily question, so two processes never both post it."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.store.store import Store


class ClaimQueries:
    """Mixed into `Store`; uses its plumbing only."""

    async def claim_post(
        self: Store,
        guild_id: int,
        day: date,
        owner: str,
        now: str,
        stale_before: str,
        take_from: str | None = None,
    ) -> bool:
        """Claim the guild's post for `day` for `owner`; True if it is (now or already) theirs.

        A claim by another owner is taken over only when it is older than `stale_before` (ISO
        UTC, like `now`), or when that owner is `take_from`: its process stopped before posting.
        """
        async with self._write() as db:
            cur = await db.execute(
                """INSERT INTO post_claims (guild_id, day, owner, claimed_at) VALUES (?, ?, ?, ?)
                   ON CONFLICT (guild_id, day) DO UPDATE SET
                     owner = excluded.owner, claimed_at = excluded.claimed_at
                   WHERE post_claims.owner = excluded.owner OR post_claims.claimed_at < ?
                      OR post_claims.owner = ?""",
                (guild_id, day.isoformat(), owner, now, stale_before, take_from),
            )
            return cur.rowcount > 0

    async def post_claim_owner(self: Store, guild_id: int, day: date) -> str | None:
        row = await self._select_one(
            "SELECT owner FROM post_claims WHERE guild_id = ? AND day = ?", (guild_id, day.isoformat())
        )
        return None if row is None else str(row[0])
