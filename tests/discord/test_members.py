"""Telling who left the server, without the members intent."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace
from typing import Any

import discord
import pytest

from bot.discord import members
from bot.discord.members import MemberCheck


def http_error(kind: type[discord.HTTPException], status: int) -> discord.HTTPException:
    return kind(SimpleNamespace(status=status, reason="x"), "x")  # type: ignore[arg-type]


class Guild:
    """Stays 1; left 2; 3 cannot be asked (server error); asking about 4 never ends."""

    id = 10

    def __init__(self) -> None:
        self.asked: list[int] = []

    def get_member(self, user_id: int) -> Any:
        return None  # nothing is cached without the members intent

    async def fetch_member(self, user_id: int) -> Any:
        self.asked.append(user_id)
        if user_id == 2:
            raise http_error(discord.NotFound, 404)
        if user_id == 3:
            raise http_error(discord.DiscordServerError, 500)
        if user_id == 4:
            await asyncio.sleep(3600)
        return object()


async def test_only_users_known_to_have_left_are_former_and_answers_are_remembered(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(members, "ASK_SECONDS", 0.05)
    now = [0.0]
    check = MemberCheck(clock=lambda: now[0])
    guild: Any = Guild()
    assert await check.former(guild, [1, 2, 3, 4, 2]) == {2}
    assert sorted(guild.asked) == [1, 2, 3, 4]
    guild.asked.clear()
    assert await check.former(guild, [1, 2, 3]) == {2}
    assert guild.asked == [3]  # only the one that could not be told is asked again
    now[0] += members.REMEMBER_SECONDS + 1
    guild.asked.clear()
    assert await check.former(guild, [2]) == {2} and guild.asked == [2]
    assert await check.former(None, [1, 2]) == frozenset()
