"""Disputing a quiz answer end to end: the Dispute button on the quiz feedback, the modal, the
review post that says it was a quiz answer, Accept, and the quiz standing corrected."""

from __future__ import annotations

from typing import Any

from fakediscord import LOADING, MODAL, UPDATE_MESSAGE, FakeDiscord

from bot.bank.model import Question

from .studybot_harness import MovableClock, Studybot, reply_for, run_setup
from .test_answer import button_id
from .test_quiz import quiz_button, titled


async def _final(handle: Any) -> dict[str, Any]:
    return await handle.original(where=lambda m: not m["flags"] & LOADING)


async def _bob_replies_wrong(
    fake: FakeDiscord, studybot: Studybot, count: int
) -> tuple[Question, dict[str, Any]]:
    """Alice starts a quiz in #general; Bob's reply to question 1 is graded wrong: the question
    and Bob's private feedback."""
    await (await fake.send_slash("quiz", {"count": count}, subcommand="start", user=fake.alice)).response()
    question = await fake.wait_for_message(titled(f"Quiz · question 1/{count}"))
    view = studybot.service.quiz(fake.guild.id, fake.general.id)
    assert view is not None and view.question is not None
    click = await fake.click_button(question, quiz_button(question), user=fake.bob)
    feedback = await _final(await click.submit_modal({"answer": reply_for(view.question.id, "wrong")}))
    assert feedback["embeds"][0]["title"].startswith("❌")
    return view.question, feedback


async def _bob_is_told_and_ends_with_one_quiz_point(fake: FakeDiscord, studybot: Studybot) -> None:
    """The decision reaches Bob by DM; the corrected standing is what the quiz ends with, and
    daily points are not touched."""
    told = await fake.wait_for_message(lambda m: bool(m["embeds"]), channel=fake.world.dm_channel(fake.bob))
    assert "quiz of" in told["embeds"][0]["description"]
    await (await fake.send_slash("quiz", {}, subcommand="stop", user=fake.alice)).response()
    final = await fake.wait_for_message(titled("Quiz stopped"))
    first = final["embeds"][0]["description"].splitlines()[0]
    assert f"<@{fake.bob.id}>" in first and "1 pt" in first
    results = await studybot.service.store.quiz_results(fake.guild.id, fake.bob.id)
    assert [(r.points, r.correct) for r in results] == [(1, 1)]
    assert (await studybot.service.score(fake.guild.id, fake.bob.id)).points == 0


async def test_a_quiz_answer_is_disputed_accepted_and_the_standing_corrected(
    fake_discord: FakeDiscord, studybot: Studybot, clock: MovableClock
) -> None:
    fake = fake_discord
    reviews = fake.world.add_channel(fake.guild, "reviews")
    await studybot.start(quiz_poll_seconds=0.05)
    await run_setup(fake, review_channel=reviews)
    quizzed, feedback = await _bob_replies_wrong(fake, studybot, 1)
    dispute = await fake.click_button(feedback, button_id(feedback, "Dispute"), user=fake.bob)
    assert (await dispute.response()).type == MODAL
    sent = await dispute.submit_modal({"note": "it means the same"})
    assert "sent to the moderators" in (await _final(sent))["embeds"][0]["description"]

    post = await fake.wait_for_message(
        lambda m: bool(m["embeds"]) and "Dispute #" in m["embeds"][0]["title"], channel=reviews
    )
    fields = {f["name"]: f["value"] for f in post["embeds"][0]["fields"]}
    assert fields["Quiz answer"] == f"a quiz in <#{fake.general.id}>, question 1"
    assert fields["Reference answer"] == quizzed.answer
    decided = await fake.click_button(post, button_id(post, "Accept as correct"), user=fake.alice)
    assert (await decided.response()).type == UPDATE_MESSAGE

    await _bob_is_told_and_ends_with_one_quiz_point(fake, studybot)


async def test_a_quiz_answer_cannot_be_disputed_once_the_quiz_is_closed(
    fake_discord: FakeDiscord, studybot: Studybot, clock: MovableClock
) -> None:
    fake = fake_discord
    await studybot.start(quiz_poll_seconds=0.05)
    _, feedback = await _bob_replies_wrong(fake, studybot, 1)
    await (await fake.send_slash("quiz", {}, subcommand="stop", user=fake.alice)).response()
    await fake.wait_for_message(titled("Quiz stopped"))
    dispute = await fake.click_button(feedback, button_id(feedback, "Dispute"), user=fake.bob)
    sent = await dispute.submit_modal({"note": ""})
    assert "quiz is over" in (await _final(sent))["embeds"][0]["description"]
    assert await studybot.service.store.user_disputes(fake.guild.id, fake.bob.id) == []


async def test_a_moderator_regrades_a_reply_in_the_running_quiz_of_the_channel(
    fake_discord: FakeDiscord, studybot: Studybot
) -> None:
    fake = fake_discord
    elsewhere = fake.world.add_channel(fake.guild, "elsewhere")
    await studybot.start(quiz_poll_seconds=0.05)
    quizzed, _ = await _bob_replies_wrong(fake, studybot, 2)

    # Elsewhere no quiz runs: /regrade means the daily answer, and bob has none.
    daily = await fake.send_slash(
        "regrade", {"member": fake.bob, "verdict": "correct"}, user=fake.alice, channel=elsewhere
    )
    assert "no graded daily answer" in (await daily.response()).embeds[0]["description"]
    own = await fake.send_slash("regrade", {"member": fake.alice, "verdict": "correct"}, user=fake.alice)
    assert "your own answer" in (await own.response()).embeds[0]["description"]

    done = await fake.send_slash("regrade", {"member": fake.bob, "verdict": "correct"}, user=fake.alice)
    text = (await done.response()).embeds[0]["description"]
    assert f"quiz question 1 ({quizzed.id})" in text and "from 0 to 1" in text
    again = await fake.send_slash("regrade", {"member": fake.bob, "verdict": "correct"}, user=fake.alice)
    assert "already scored" in (await again.response()).embeds[0]["description"]
    await _bob_is_told_and_ends_with_one_quiz_point(fake, studybot)


async def test_a_plain_message_quiz_reply_is_disputed_with_the_dispute_command_in_that_channel(
    fake_discord: FakeDiscord, studybot: Studybot
) -> None:
    """With the message content intent a quiz reply is a plain message: it gets a reaction, not a
    Dispute button, so /dispute in the quiz's channel means the member's latest reply there."""
    fake = fake_discord
    reviews = fake.world.add_channel(fake.guild, "reviews")
    elsewhere = fake.world.add_channel(fake.guild, "elsewhere")
    studybot.message_content = True
    await studybot.start(quiz_poll_seconds=0.05)
    await run_setup(fake, review_channel=reviews)
    await (await fake.send_slash("quiz", {"count": 1}, subcommand="start", user=fake.alice)).response()
    await fake.wait_for_message(titled("Quiz · question 1/1"))
    view = studybot.service.quiz(fake.guild.id, fake.general.id)
    assert view is not None and view.question is not None
    await fake.send_message(reply_for(view.question.id, "wrong"), user=fake.bob)
    await fake.wait_for_request("PUT", "/channels/*/messages/*/reactions/*/@me")

    # Elsewhere /dispute still means the daily answer, and Bob has none.
    daily = await fake.send_slash("dispute", {}, user=fake.bob, channel=elsewhere)
    no_daily = await _final(await daily.submit_modal({"note": ""}))
    assert "no graded answer" in no_daily["embeds"][0]["description"]

    here = await fake.send_slash("dispute", {}, user=fake.bob)
    assert (await here.response()).type == MODAL
    sent = await _final(await here.submit_modal({"note": "same meaning"}))
    assert "sent to the moderators" in sent["embeds"][0]["description"]
    post = await fake.wait_for_message(
        lambda m: bool(m["embeds"]) and "Dispute #" in m["embeds"][0]["title"], channel=reviews
    )
    fields = {f["name"]: f["value"] for f in post["embeds"][0]["fields"]}
    assert fields["Quiz answer"] == f"a quiz in <#{fake.general.id}>, question 1"
    decided = await fake.click_button(post, button_id(post, "Accept as correct"), user=fake.alice)
    assert (await decided.response()).type == UPDATE_MESSAGE
    await _bob_is_told_and_ends_with_one_quiz_point(fake, studybot)
