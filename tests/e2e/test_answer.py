"""Answering and explaining today's question, and the scores that follow, on the real library."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fakediscord import LOADING, MODAL, UPDATE_MESSAGE, FakeDiscord, Fault

from bot.model import Daily

from .studybot_harness import (
    MovableClock,
    Studybot,
    daily_thread,
    reply_for,
    run_setup,
)
from .test_daily import NINE_SHANGHAI, is_daily


async def post_daily(
    fake: FakeDiscord, studybot: Studybot, clock: MovableClock, **setup: Any
) -> dict[str, Any]:
    await run_setup(fake, **setup)
    clock.set(NINE_SHANGHAI + timedelta(minutes=1))
    return await fake.wait_for_message(is_daily, channel=fake.general)


async def daily_posted(fake: FakeDiscord, studybot: Studybot, clock: MovableClock, **setup: Any) -> Daily:
    """Set the server up, let the daily post go out and return today's record of it."""
    await post_daily(fake, studybot, clock, **setup)
    daily = await studybot.service.today(fake.guild.id)
    assert daily is not None
    return daily


async def answered(handle: Any) -> dict[str, Any]:
    """The ephemeral reply to a deferred answer, once filled in."""
    message = await handle.original(where=lambda m: not m["flags"] & LOADING)
    return message["embeds"][0]


async def answer_today(fake: FakeDiscord, user: Any, text: str) -> dict[str, Any]:
    """/answer as `user`; the feedback embed once it is filled in."""
    return await answered(await fake.send_slash("answer", {"text": text}, user=user))


def button_id(message: dict[str, Any], label: str) -> str:
    for row in message["components"]:
        for component in row["components"]:
            if component.get("label", "").startswith(label):
                return component["custom_id"]
    raise AssertionError(f"no button {label!r}")


async def test_three_users_answer_and_the_leaderboard_ranks_them(
    fake_discord: FakeDiscord, studybot: Studybot, clock: MovableClock
) -> None:
    carol = fake_discord.world.add_user("carol")
    fake_discord.world.add_member(fake_discord.guild, carol)
    await studybot.start()
    post = await post_daily(fake_discord, studybot, clock)
    daily = await studybot.service.today(fake_discord.guild.id)
    assert daily is not None
    qid = daily.question.id

    correct = await fake_discord.send_slash(
        "answer", {"text": reply_for(qid, "correct")}, user=fake_discord.alice
    )
    assert (await correct.response()).ephemeral
    embed = await answered(correct)
    assert embed["title"].startswith("✅")

    # bob answers with the button and its modal
    click = await fake_discord.click_button(post, button_id(post, "Answer"), user=fake_discord.bob)
    assert (await click.response()).type == MODAL
    submitted = await click.submit_modal({"answer": reply_for(qid, "partial")})
    embed = await answered(submitted)
    assert embed["title"].startswith("🟡")
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    assert "Missing:" in embed["description"] and fields["Attempts left"] == "2"

    wrong = await fake_discord.send_slash("answer", {"text": reply_for(qid, "wrong")}, user=carol)
    embed = await answered(wrong)
    assert embed["title"].startswith("❌")
    for handle in (correct, submitted, wrong):  # the reference answer stays hidden while open
        assert daily.question.answer not in str((await handle.original())["embeds"])

    board = await (await fake_discord.send_slash("leaderboard", {"period": "all"}, user=carol)).response()
    lines = board.embeds[0]["description"].splitlines()
    assert f"<@{fake_discord.alice.id}>" in lines[0] and f"<@{fake_discord.bob.id}>" in lines[1]
    assert "100%" in lines[0]

    score = await (await fake_discord.send_slash("score", {"user": fake_discord.bob})).response()
    fields = {f["name"]: f["value"] for f in score.embeds[0]["fields"]}
    assert fields["Rank"] == "#2"


async def test_explain_before_answering_warns_once_then_forfeits(
    fake_discord: FakeDiscord, studybot: Studybot, clock: MovableClock
) -> None:
    await studybot.start()
    post = await post_daily(fake_discord, studybot, clock)
    daily = await studybot.service.today(fake_discord.guild.id)
    assert daily is not None

    click = await fake_discord.click_button(post, button_id(post, "Explain"), user=fake_discord.bob)
    warning = await click.response()
    assert warning.ephemeral and "forfeit" in warning.content and not warning.embeds
    message = await click.original()
    confirm = await fake_discord.click_button(message, button_id(message, "Show it"), user=fake_discord.bob)
    shown = await confirm.response()
    assert shown.type == UPDATE_MESSAGE
    assert daily.question.answer in str(shown.embeds)

    late = await fake_discord.send_slash(
        "answer", {"text": reply_for(daily.question.id, "correct")}, user=fake_discord.bob
    )
    embed = await answered(late)
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    assert fields["Points"].startswith("0 ")

    unknown = await (await fake_discord.send_slash("explain", {"question": "nope-99"})).response()
    assert "no question with id" in unknown.embeds[0]["description"]


async def test_cancelling_the_warning_reveals_nothing_and_keeps_the_points(
    fake_discord: FakeDiscord, studybot: Studybot, clock: MovableClock
) -> None:
    await studybot.start()
    daily = await daily_posted(fake_discord, studybot, clock)
    handle = await fake_discord.send_slash("explain", {}, user=fake_discord.bob)
    message = await handle.original()
    cancel = await fake_discord.click_button(message, button_id(message, "Cancel"), user=fake_discord.bob)
    kept = await cancel.response()
    assert kept.type == UPDATE_MESSAGE and "Kept hidden" in kept.content
    assert daily.question.answer not in str(kept.data)

    text = reply_for(daily.question.id, "correct")
    embed = await answer_today(fake_discord, fake_discord.bob, text)
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    assert not fields["Points"].startswith("0 ")


async def test_replies_in_the_thread_are_graded_with_a_reaction_and_a_dm(
    fake_discord: FakeDiscord, studybot: Studybot, clock: MovableClock
) -> None:
    studybot.message_content = True
    await studybot.start()
    await post_daily(fake_discord, studybot, clock, thread=True)

    thread = await daily_thread(fake_discord, studybot)
    daily = await studybot.service.today(fake_discord.guild.id)
    assert daily is not None
    await fake_discord.send_message(
        reply_for(daily.question.id, "partial"), user=fake_discord.bob, channel=thread
    )
    reaction = await fake_discord.wait_for_request("PUT", "/channels/*/messages/*/reactions/*/@me")
    assert "🟡" in reaction.path or "%F0%9F%9F%A1" in reaction.path
    dm_channel = fake_discord.world.dm_channel(fake_discord.bob)
    dm = await fake_discord.wait_for_message(channel=dm_channel)
    assert dm["embeds"][0]["title"].startswith("🟡")
    assert daily.question.answer not in str(dm["embeds"])


async def test_closed_dms_fall_back_to_a_short_reply_without_the_answer(
    fake_discord: FakeDiscord, studybot: Studybot, clock: MovableClock
) -> None:
    studybot.message_content = True
    dm = fake_discord.world.dm_channel(fake_discord.bob)
    cannot_dm = Fault(403, {"message": "Cannot send messages to this user", "code": 50007})
    fake_discord.fail("POST", f"/channels/{dm.id}/messages", cannot_dm)
    await studybot.start()
    await post_daily(fake_discord, studybot, clock, thread=True)

    thread = await daily_thread(fake_discord, studybot)
    daily = await studybot.service.today(fake_discord.guild.id)
    assert daily is not None
    await fake_discord.send_message(
        reply_for(daily.question.id, "wrong"), user=fake_discord.bob, channel=thread
    )
    fallback = await fake_discord.wait_for_message(lambda m: m["author"]["bot"], channel=thread)
    assert fallback["content"].startswith("❌ Not quite")
    assert daily.question.answer not in fallback["content"]
    assert fake_discord.messages_in(dm) == []


async def test_buttons_of_a_post_still_work_after_a_restart(
    fake_discord: FakeDiscord, studybot: Studybot, clock: MovableClock
) -> None:
    await studybot.start()
    post = await post_daily(fake_discord, studybot, clock)
    daily = await studybot.service.today(fake_discord.guild.id)
    assert daily is not None
    await studybot.stop()
    await studybot.start()

    click = await fake_discord.click_button(post, button_id(post, "Answer"), user=fake_discord.bob)
    submitted = await click.submit_modal({"answer": reply_for(daily.question.id, "correct")})
    assert (await answered(submitted))["title"].startswith("✅")
    explain = await fake_discord.click_button(post, button_id(post, "Explain"), user=fake_discord.bob)
    shown = await explain.response()
    assert shown.ephemeral and daily.question.answer in str(shown.embeds)  # answered: no warning
