"""Spaced-repetition review end to end: cards from daily answers, /review start, Answer/Next/Stop,
stale and repeated answers, settings and reminder DMs, on the real discord.py and the fake Discord."""

from __future__ import annotations

from typing import Any

from fakediscord import MODAL, UPDATE_MESSAGE, FakeDiscord, Fault

from bot.store import StoreError

from .studybot_harness import MovableClock, Studybot, eventually, reply_for
from .test_answer import answer_today, button_id, daily_posted, post_daily


async def start_review(fake: FakeDiscord, user: Any, **options: Any) -> tuple[Any, dict[str, Any]]:
    handle = await fake.send_slash("review", options, user=user, subcommand="start")
    callback = await handle.response()
    return callback, await handle.original()


async def answer_card(fake: FakeDiscord, message: dict[str, Any], user: Any, text: str) -> Any:
    click = await fake.click_button(message, button_id(message, "Answer"), user=user)
    assert (await click.response()).type == MODAL
    submitted = await click.submit_modal({"answer": text})
    return await submitted.response()


async def missed_daily(fake: FakeDiscord, studybot: Studybot, clock: MovableClock) -> Any:
    """Start the bot, post the daily and have Alice answer it wrong: her card is due in a minute."""
    await studybot.start()
    daily = await daily_posted(fake, studybot, clock)
    await answer_today(fake, fake.alice, reply_for(daily.question.id, "wrong"))
    return daily


async def test_a_missed_daily_comes_back_in_review_without_touching_points(
    fake_discord: FakeDiscord, studybot: Studybot, clock: MovableClock
) -> None:
    fake = fake_discord
    daily = await missed_daily(fake, studybot, clock)
    qid = daily.question.id

    # Rated Again: due again after FSRS's first learning step (a minute), not before.
    callback, message = await start_review(fake, fake.alice)
    assert callback.ephemeral and "Nothing is due right now" in callback.embeds[0]["description"]
    clock.advance(minutes=2)
    callback, message = await start_review(fake, fake.alice)
    _, second_session = await start_review(fake, fake.alice)  # two sessions at once
    embed = callback.embeds[0]
    assert callback.ephemeral and qid in embed["title"] and daily.question.question in embed["description"]
    assert "1 card due now" in str(embed["fields"])
    assert daily.question.answer not in str(embed)  # not before answering

    points_before = (await studybot.service.score(fake.guild.id, fake.alice.id)).points
    shown = await answer_card(fake, message, fake.alice, reply_for(qid, "correct"))
    assert shown.type == UPDATE_MESSAGE
    fields = {f["name"]: f["value"] for f in shown.embeds[0]["fields"]}
    assert shown.embeds[0]["title"].startswith("✅")
    assert fields["Reference answer"] == daily.question.answer
    assert "Rated Easy" in fields["Next review"]  # missed last time, right now: Easy (documented)
    assert (await studybot.service.score(fake.guild.id, fake.alice.id)).points == points_before
    counts = await studybot.service.reviews.counts(fake.guild.id, fake.alice.id)
    assert (counts.reviewed, counts.correct) == (1, 1)

    # The same showing answered in the other session: refused, nothing doubled.
    again = await answer_card(fake, second_session, fake.alice, reply_for(qid, "wrong"))
    assert "already answered" in again.embeds[0]["description"]
    card = await studybot.service.store.get_card(fake.guild.id, fake.alice.id, qid)
    assert card is not None and card.reps == 2
    assert (await studybot.service.reviews.counts(fake.guild.id, fake.alice.id)).reviewed == 1

    updated = fake.world.messages[int(message["id"])]
    moved = await fake.click_button(updated, button_id(updated, "Next"), user=fake.alice)
    after = await moved.response()
    assert after.type == UPDATE_MESSAGE and "Nothing is due right now" in after.embeds[0]["description"]

    other = fake.world.messages[int(second_session["id"])]
    stopped = await fake.click_button(other, button_id(other, "Stop"), user=fake.alice)
    end = await stopped.response()
    assert "Review session ended" in end.embeds[0]["description"] and not end.data.get("components")
    assert "you have answered 1 card (1 right)." in end.embeds[0]["description"]


async def test_a_user_without_cards_is_told_how_cards_appear(
    fake_discord: FakeDiscord, studybot: Studybot
) -> None:
    await studybot.start()
    callback, _ = await start_review(fake_discord, fake_discord.bob)
    assert "no review cards yet" in callback.embeds[0]["description"]
    assert not callback.data.get("components")


async def test_review_in_dms_and_a_reminder_once_a_day(
    fake_discord: FakeDiscord, studybot: Studybot, clock: MovableClock
) -> None:
    fake = fake_discord
    await studybot.start()
    await post_daily(fake, studybot, clock)  # 09:01 in Shanghai
    daily = await studybot.service.today(fake.guild.id)
    assert daily is not None
    await answer_today(fake, fake.bob, reply_for(daily.question.id, "partial"))

    handle = await fake.send_slash(
        "review", {"reminder_hour": 10, "retention": 0.85, "sessions": "dm"}, user=fake.bob,
        subcommand="settings",
    )  # fmt: skip
    shown = (await handle.response()).embeds[0]
    fields = {f["name"]: f["value"] for f in shown["fields"]}
    assert "10:00" in fields["Daily reminder by DM"] and "Asia/Shanghai" in fields["Daily reminder by DM"]
    assert fields["Target retention"] == "85%" and fields["Review sessions open"] == "in DMs"

    dm = fake.world.dm_channel(fake.bob)
    clock.advance(minutes=30)  # 09:31: before the reminder hour
    await studybot.bot.get_cog("Review").send_reminders()  # type: ignore[union-attr]
    assert not fake.messages_in(dm)
    clock.advance(minutes=40)  # 10:11 local: the card (Hard) is due and the hour has come
    reminder = await fake.wait_for_message(lambda m: "Time to review" in str(m["embeds"]), channel=dm)
    assert "1 review card is due in Study Hall" in reminder["embeds"][0]["description"]
    clock.advance(minutes=30)
    await studybot.bot.get_cog("Review").send_reminders()  # type: ignore[union-attr]
    assert len(fake.messages_in(dm)) == 1  # at most once a day

    callback, _ = await start_review(fake, fake.bob)  # prefers DMs now
    assert callback.ephemeral and "DMs" in callback.content
    session = await fake.wait_for_message(lambda m: "Review ·" in str(m["embeds"]), channel=dm)
    answer = await fake.click_button(session, button_id(session, "Answer"), user=fake.bob)
    submitted = await answer.submit_modal({"answer": reply_for(daily.question.id, "correct")})
    graded = await submitted.response()
    assert graded.type == UPDATE_MESSAGE and daily.question.answer in str(graded.embeds)


async def test_settings_refuse_nothing_silently_and_keep_other_choices(
    fake_discord: FakeDiscord, studybot: Studybot
) -> None:
    await studybot.start()
    fake = fake_discord
    first = await fake.send_slash("review", {"reminders": True}, user=fake.bob, subcommand="settings")
    fields = {f["name"]: f["value"] for f in (await first.response()).embeds[0]["fields"]}
    assert "18:00" in fields["Daily reminder by DM"]
    off = await fake.send_slash("review", {"reminders": False}, user=fake.bob, subcommand="settings")
    fields = {f["name"]: f["value"] for f in (await off.response()).embeds[0]["fields"]}
    assert fields["Daily reminder by DM"] == "off" and fields["Target retention"] == "90%"
    settings = await eventually(
        lambda: studybot.service.reviews.settings(fake.guild.id, fake.bob.id), what="settings"
    )
    assert settings.reminder_hour is None and settings.retention == 0.9


async def test_a_session_from_before_a_restart_still_answers(
    fake_discord: FakeDiscord, studybot: Studybot, clock: MovableClock
) -> None:
    fake = fake_discord
    daily = await missed_daily(fake, studybot, clock)
    clock.advance(hours=3)  # the session is opened, then left alone for hours
    _, message = await start_review(fake, fake.alice)
    await studybot.stop()
    clock.advance(hours=5)
    await studybot.start()
    shown = await answer_card(fake, message, fake.alice, reply_for(daily.question.id, "partial"))
    assert shown.type == UPDATE_MESSAGE and shown.embeds[0]["title"].startswith("🟡")
    assert "Rated Hard" in str(shown.embeds[0]["fields"])


async def test_review_in_dms_falls_back_here_when_dms_are_closed(
    fake_discord: FakeDiscord, studybot: Studybot, clock: MovableClock
) -> None:
    fake = fake_discord
    await studybot.start()
    daily = await daily_posted(fake, studybot, clock)
    await answer_today(fake, fake.bob, reply_for(daily.question.id, "wrong"))
    clock.advance(minutes=2)
    fake.fail("POST", "/channels/*/messages", Fault.forbidden())  # bob's DMs are closed
    callback, message = await start_review(fake, fake.bob, where="dm")
    assert callback.ephemeral and "could not DM you" in callback.embeds[0]["description"]
    assert button_id(message, "Answer").startswith("review:answer:")


async def test_a_review_answer_in_a_database_outage_is_refused_clearly_and_works_once_it_is_back(
    fake_discord: FakeDiscord, studybot: Studybot, clock: MovableClock
) -> None:
    fake = fake_discord
    qid = (await missed_daily(fake, studybot, clock)).question.id
    clock.advance(minutes=2)
    _, message = await start_review(fake, fake.alice)
    store = studybot.service.store
    write = store.rate_cards

    async def away(requests: Any) -> Any:
        raise StoreError("the database is away")

    store.rate_cards = away  # type: ignore[method-assign]
    refused = await answer_card(fake, message, fake.alice, reply_for(qid, "correct"))
    assert refused.ephemeral and "can't reach my database" in str(refused.embeds)
    card = await store.get_card(fake.guild.id, fake.alice.id, qid)
    assert card is not None and card.reps == 1 and studybot.service.reviews.queued == 0

    store.rate_cards = write  # type: ignore[method-assign]
    shown = await answer_card(fake, message, fake.alice, reply_for(qid, "correct"))
    assert shown.type == UPDATE_MESSAGE and shown.embeds[0]["title"].startswith("✅")
    assert (await studybot.service.reviews.counts(fake.guild.id, fake.alice.id)).reviewed == 1
