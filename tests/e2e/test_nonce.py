"""The daily post carries a nonce from guild and day; the fake applies Discord's nonce rule."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import discord
import pytest
from fakediscord import FakeDiscord

from bot.discord.endpoint import follow_gateway
from bot.discord.exts.daily import daily_nonce

from .studybot_harness import MovableClock, Studybot, daily_thread, eventually, run_setup
from .test_daily import dailies, is_daily

NINE_SHANGHAI = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)


class PlainClient(discord.Client):
    def __init__(self) -> None:
        super().__init__(intents=discord.Intents(guilds=True))

    async def setup_hook(self) -> None:
        await follow_gateway(self.http)


async def test_a_repeated_enforced_nonce_returns_the_first_message(
    fake_discord: FakeDiscord, connect_client
) -> None:
    client = await connect_client(PlainClient)
    channel = client.get_channel(fake_discord.general.id)
    first = await channel.send("once", nonce="same-nonce")
    again = await channel.send("twice?", nonce="same-nonce")
    other = await channel.send("other", nonce="other-nonce")
    assert again.id == first.id and again.content == "once"
    assert other.id != first.id
    assert [m["content"] for m in fake_discord.messages_in(fake_discord.general)] == ["once", "other"]
    with pytest.raises(discord.HTTPException) as too_long:
        await channel.send("long", nonce="x" * 26)
    assert too_long.value.status == 400


async def test_the_window_passes_and_the_nonce_is_new_again(
    fake_discord: FakeDiscord, connect_client
) -> None:
    now = [0.0]
    fake_discord.nonces.clock = lambda: now[0]
    client = await connect_client(PlainClient)
    channel = client.get_channel(fake_discord.general.id)
    first = await channel.send("once", nonce="n")
    now[0] += fake_discord.nonces.window + 1
    assert (await channel.send("later", nonce="n")).id != first.id


def test_the_nonce_is_short_stable_and_differs_by_guild_and_day() -> None:
    day = date(2026, 3, 2)
    nonce = daily_nonce(123456789012345678, day)
    assert len(nonce) <= 25 and nonce == daily_nonce(123456789012345678, day)
    assert nonce != daily_nonce(123456789012345679, day)
    assert nonce != daily_nonce(123456789012345678, day + timedelta(days=1))


async def test_a_post_that_was_never_recorded_is_not_posted_twice(
    fake_discord: FakeDiscord, studybot: Studybot, clock: MovableClock
) -> None:
    """The bot sent the daily but died before recording it: the repost gets the same message."""
    await studybot.start()
    await run_setup(fake_discord)
    clock.set(NINE_SHANGHAI + timedelta(seconds=30))
    post = await fake_discord.wait_for_message(is_daily, channel=fake_discord.general)
    sent = [r for r in fake_discord.requests_to("POST", "/channels/*/messages") if r.json.get("embeds")]
    assert sent[-1].json["nonce"] == daily_nonce(fake_discord.guild.id, date(2026, 3, 2))
    assert sent[-1].json["enforce_nonce"] is True

    # As if the process had died between channel.send and mark_posted: the record is missing.
    await studybot.stop()
    async with studybot.service.store._write() as db:
        await db.execute(
            "UPDATE dailies SET message_id = NULL, channel_id = NULL WHERE guild_id = ?",
            (fake_discord.guild.id,),
        )
    await studybot.start()

    async def recorded() -> int | None:
        daily = await studybot.service.today(fake_discord.guild.id)
        return daily.message_id if daily is not None else None

    assert await eventually(recorded, what="the repost to be recorded") == int(post["id"])
    posts = [r for r in fake_discord.requests_to("POST", "/channels/*/messages") if r.json.get("embeds")]
    assert len(posts) == 2 and len({r.json["nonce"] for r in posts}) == 1  # sent twice, made once
    assert len(dailies(fake_discord)) == 1


async def test_a_repost_finds_the_thread_the_first_post_opened(
    fake_discord: FakeDiscord, studybot: Studybot, clock: MovableClock
) -> None:
    """Died after opening the thread but before recording the post: the thread is adopted, not lost."""
    await studybot.start()
    await run_setup(fake_discord, thread=True)
    clock.set(NINE_SHANGHAI + timedelta(seconds=30))
    thread = await daily_thread(fake_discord, studybot)

    await studybot.stop()
    async with studybot.service.store._write() as db:
        await db.execute(
            "UPDATE dailies SET message_id = NULL, channel_id = NULL, thread_id = NULL WHERE guild_id = ?",
            (fake_discord.guild.id,),
        )
    await studybot.start()

    async def recorded_thread() -> int | None:
        daily = await studybot.service.today(fake_discord.guild.id)
        return daily.thread_id if daily is not None else None

    assert await eventually(recorded_thread, what="the thread to be recorded again") == thread.id
    assert len(fake_discord.world.threads(fake_discord.guild)) == 1
    assert len(dailies(fake_discord)) == 1
