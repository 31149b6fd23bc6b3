"""Which users on a board have left the server.

The bot runs without the (privileged) members intent, so it is not told when someone leaves and
keeps no member list: it asks Discord about the few users on a page, in parallel and for at most
a moment, and remembers the answers for a while so paging does not ask again. A user it cannot
find out about in time counts as a member (shown as a mention, as before).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterable

import discord

# The board is the first reply to its interaction, which Discord drops after 3 s, and the page's
# database read comes first: whoever is not known by then is shown as a mention.
ASK_SECONDS = 1.0
REMEMBER_SECONDS = 600.0
MAX_REMEMBERED = 20_000  # past this the memory starts afresh, so it cannot grow without bound


class MemberCheck:
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._known: dict[tuple[int, int], tuple[bool, float]] = {}  # -> (is a member, checked at)

    async def former(self, guild: discord.Guild | None, user_ids: Iterable[int]) -> frozenset[int]:
        """Those of `user_ids` known to be no longer members of `guild`."""
        if guild is None:
            return frozenset()
        ids = list(dict.fromkeys(user_ids))
        unknown = [u for u in ids if self._remembered(guild.id, u) is None]
        if unknown:
            tasks = [asyncio.create_task(self._ask(guild, u)) for u in unknown]
            _, pending = await asyncio.wait(tasks, timeout=ASK_SECONDS)
            for task in pending:
                task.cancel()
        return frozenset(u for u in ids if self._remembered(guild.id, u) is False)

    def _remembered(self, guild_id: int, user_id: int) -> bool | None:
        entry = self._known.get((guild_id, user_id))
        if entry is None or self._clock() - entry[1] > REMEMBER_SECONDS:
            return None
        return entry[0]

    async def _ask(self, guild: discord.Guild, user_id: int) -> None:
        if guild.get_member(user_id) is not None:
            is_member = True
        else:
            try:
                await guild.fetch_member(user_id)
                is_member = True
            except discord.NotFound:
                is_member = False
            except discord.HTTPException:
                return  # not known: asked again next time
        if len(self._known) >= MAX_REMEMBERED:
            self._known.clear()
        self._known[(guild.id, user_id)] = (is_member, self._clock())
