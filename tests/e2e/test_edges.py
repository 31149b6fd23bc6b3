"""Edge cases: the bot removed from a guild, unexpected errors, paging, /daily, simultaneous clicks."""

from __future__ import annotations

import asyncio
import sys
from datetime import timedelta
from typing import Any

import pytest
from fakediscord import LOADING, UPDATE_MESSAGE, FakeDiscord

from bot.store import StoreError

from .studybot_harness import (
    MovableClock,
    Studybot,
    eventually,
    reply_for,
    run_setup,
)
from .test_answer import button_id, daily_posted, post_daily
from .test_daily import NINE_SHANGHAI, is_daily


async def test_removal_from_a_guild_forgets_its_setup(fake_discord: FakeDiscord, studybot: Studybot) -> None:
    await studybot.start()
    await run_setup(fake_discord)
    await fake_discord.remove_bot_from_guild()

    async def forgotten() -> bool:
        return await studybot.service.guild_setup(fake_discord.guild.id) is None

    await eventually(forgotten, what="the setup to be forgotten")


async def test_unexpected_errors_get_a_plain_message_without_details(
    fake_discord: FakeDiscord, studybot: Studybot, monkeypatch: object
) -> None:
    await studybot.start()

    async def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("database path /secret/place and token fake-token")

    studybot.service.score = broken  # type: ignore[method-assign]
    reply = await (await fake_discord.send_slash("score", {}, user=fake_discord.bob)).response()
    text = str(reply.data)
    assert reply.ephemeral and "Something went wrong" in text
    assert "secret" not in text and "fake-token" not in text
    assert studybot.bot is not None and not studybot.bot.is_closed()


async def test_leaderboard_pages_only_for_the_invoker(
    fake_discord: FakeDiscord, studybot: Studybot, clock: MovableClock
) -> None:
    await studybot.start()
    await post_daily(fake_discord, studybot, clock)
    service = studybot.service
    daily = await service.today(fake_discord.guild.id)
    assert daily is not None
    for user_id in range(1, 13):  # twelve players: two pages of ten
        await service.answer(fake_discord.guild.id, user_id, reply_for(daily.question.id, "correct"))

    handle = await fake_discord.send_slash("leaderboard", {}, user=fake_discord.bob)
    first = await handle.original()
    assert first["embeds"][0]["footer"]["text"] == "Page 1/2"
    assert len(first["embeds"][0]["description"].splitlines()) == 10

    other = await fake_discord.click_button(first, button_id(first, "Next"), user=fake_discord.alice)
    assert "Only the person who asked" in (await other.response()).embeds[0]["description"]

    mine = await fake_discord.click_button(first, button_id(first, "Next"), user=fake_discord.bob)
    page = await mine.response()
    assert page.type == UPDATE_MESSAGE and page.embeds[0]["footer"]["text"] == "Page 2/2"
    assert len(page.embeds[0]["description"].splitlines()) == 2


async def test_daily_command_shows_todays_question_only_to_the_caller(
    fake_discord: FakeDiscord, studybot: Studybot, clock: MovableClock
) -> None:
    await studybot.start()
    await run_setup(fake_discord)
    early = await (await fake_discord.send_slash("daily", {}, user=fake_discord.bob)).response()
    assert early.ephemeral and "not been posted yet" in early.embeds[0]["description"]

    clock.set(NINE_SHANGHAI + timedelta(minutes=1))
    post = await fake_discord.wait_for_message(is_daily, channel=fake_discord.general)
    again = await (await fake_discord.send_slash("daily", {}, user=fake_discord.bob)).response()
    assert again.ephemeral and again.embeds[0]["description"] == post["embeds"][0]["description"]


async def test_two_simultaneous_answers_by_one_user_count_as_two_attempts(
    fake_discord: FakeDiscord, studybot: Studybot, clock: MovableClock
) -> None:
    await studybot.start()
    post = await post_daily(fake_discord, studybot, clock)
    daily = await studybot.service.today(fake_discord.guild.id)
    assert daily is not None
    clicks = [
        await fake_discord.click_button(post, button_id(post, "Answer"), user=fake_discord.bob) for _ in "ab"
    ]
    text = reply_for(daily.question.id, "partial")
    submitted = await asyncio.gather(*(c.submit_modal({"answer": text}) for c in clicks))
    left = set()
    for handle in submitted:
        message = await handle.original(where=lambda m: not m["flags"] & LOADING)
        fields = {f["name"]: f["value"] for f in message["embeds"][0]["fields"]}
        left.add(fields["Attempts left"])
    assert left == {"2", "1"}


async def test_answer_at_the_option_length_limit_is_graded(
    fake_discord: FakeDiscord, studybot: Studybot, clock: MovableClock
) -> None:
    await studybot.start()
    daily = await daily_posted(fake_discord, studybot, clock)
    text = reply_for(daily.question.id, "correct")
    text = (text + " " * 1500)[:1500]
    handle = await fake_discord.send_slash("answer", {"text": text}, user=fake_discord.bob)
    message = await handle.original(where=lambda m: not m["flags"] & LOADING)
    assert message["embeds"][0]["title"].startswith("✅")


async def test_leaderboard_buttons_are_disabled_when_paging_times_out(
    fake_discord: FakeDiscord, studybot: Studybot, clock: MovableClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    await studybot.start()
    # load_extension put its own copy of the module in sys.modules; shorten that copy's timeout.
    monkeypatch.setattr(sys.modules["bot.discord.exts.scores"], "PAGE_SECONDS", 0.2)
    daily = await daily_posted(fake_discord, studybot, clock)
    for user_id in range(1, 13):
        await studybot.service.answer(fake_discord.guild.id, user_id, reply_for(daily.question.id, "partial"))

    handle = await fake_discord.send_slash("leaderboard", {"period": "week"}, user=fake_discord.bob)

    def disabled(message: dict[str, Any]) -> bool:
        buttons = [c for row in message.get("components") or [] for c in row["components"]]
        return bool(buttons) and all(c.get("disabled") for c in buttons)

    message = await handle.original(where=disabled)
    assert message["embeds"][0]["title"] == "Leaderboard · this week"


async def test_answer_cooldown_gets_a_clear_message(
    fake_discord: FakeDiscord, studybot: Studybot, clock: MovableClock
) -> None:
    await studybot.start()
    await post_daily(fake_discord, studybot, clock)
    first = await fake_discord.send_slash("answer", {"text": "first try"}, user=fake_discord.bob)
    await first.original(where=lambda m: not m["flags"] & LOADING)
    second = await (
        await fake_discord.send_slash("answer", {"text": "second try"}, user=fake_discord.bob)
    ).response()
    assert second.ephemeral and "Slow down" in second.embeds[0]["description"]
    result = await studybot.service.score(fake_discord.guild.id, fake_discord.bob.id)
    assert result.answered == 1


async def test_database_errors_tell_the_user_to_try_again_later(
    fake_discord: FakeDiscord, studybot: Studybot
) -> None:
    await studybot.start()

    async def away(*args: object, **kwargs: object) -> None:
        raise StoreError("Lost the connection to PostgreSQL at db:5432 (closed); try again.")

    studybot.service.score = away  # type: ignore[method-assign]
    reply = await (await fake_discord.send_slash("score", {}, user=fake_discord.bob)).response()
    text = str(reply.data)
    assert reply.ephemeral and "can't reach my database" in text and "try again" in text
    assert "5432" not in text  # the operator's details stay in the log
