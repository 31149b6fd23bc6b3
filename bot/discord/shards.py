"""Which shard a guild belongs to, and whether this process runs it."""

from __future__ import annotations

from collections.abc import Sequence


def shard_of(guild_id: int, shard_count: int) -> int:
    """Discord's routing formula: the shard whose gateway session receives the guild's events."""
    return (guild_id >> 22) % shard_count


def owns_guild(guild_id: int, shard_count: int | None, shard_ids: Sequence[int] | None) -> bool:
    """True if a process running `shard_ids` of `shard_count` shards handles the guild.

    Without shard settings the process runs every shard Discord gives it: every guild is its own.
    """
    if shard_count is None or shard_ids is None:
        return True
    return shard_of(guild_id, shard_count) in shard_ids
