"""A full quiz in a channel, answered by button and modal, and stopping one."""

from __future__ import annotations

from typing import Any

from fakediscord import LOADING, MODAL, FakeDiscord

from .studybot_harness import MovableClock, Studybot, reply_for


def titled(prefix: str) -> Any:
    def match(message: dict[str, Any]) -> bool:
        embeds = message.get("embeds") or []
        return bool(embeds) and embeds[0].get("title", "").startswith(prefix)

    return match


def quiz_button(message: dict[str, Any]) -> str:
    return message["components"][0]["components"][0]["custom_id"]


async def answer_in_modal(fake: FakeDiscord, message: dict[str, Any], user: Any, text: str) -> dict[str, Any]:
    click = await fake.click_button(message, quiz_button(message), user=user)
    assert (await click.response()).type == MODAL
    submitted = await click.submit_modal({"answer": text})
    reply = await submitted.original(where=lambda m: not m["flags"] & LOADING)
    return reply["embeds"][0]


async def test_full_quiz_scores_correct_answers_and_ranks_players(
    fake_discord: FakeDiscord, studybot: Studybot, clock: MovableClock
) -> None:
    await studybot.start(quiz_poll_seconds=0.05)
    service = studybot.service
    start = await fake_discord.send_slash("quiz", {"count": 2}, subcommand="start", user=fake_discord.bob)
    started = await start.response()
    assert not started.ephemeral and started.embeds[0]["title"] == "Quiz starting"

    again = await (await fake_discord.send_slash("quiz", {}, subcommand="start")).response()
    assert again.ephemeral and "already running" in again.embeds[0]["description"]

    for number in (1, 2):
        question = await fake_discord.wait_for_message(titled(f"Quiz · question {number}/2"))
        view = service.quiz(fake_discord.guild.id, fake_discord.general.id)
        assert view is not None and view.number == number and view.question is not None
        qid = view.question.id
        first = await answer_in_modal(fake_discord, question, fake_discord.bob, reply_for(qid, "correct"))
        assert first["title"] == "✅ Correct!"
        again_reply = await answer_in_modal(
            fake_discord, question, fake_discord.bob, reply_for(qid, "correct")
        )
        assert "already scored" in again_reply["description"]
        if number == 1:
            partial = await answer_in_modal(
                fake_discord, question, fake_discord.alice, reply_for(qid, "partial")
            )
            assert partial["title"].startswith("🟡") and view.question.answer not in str(partial)
        clock.advance(seconds=view.time_limit_s)  # the question's time runs out on the shared clock
        late = await answer_in_modal(fake_discord, question, fake_discord.alice, reply_for(qid, "correct"))
        # Refused at the click if the timer has moved on already, else at the modal's submission.
        assert "over" in late["description"] or "Time is up" in late["description"]
        reveal = await fake_discord.wait_for_message(titled(f"Time's up · question {number}/2"))
        fields = {f["name"]: f["value"] for f in reveal["embeds"][0]["fields"]}
        assert fields["Reference answer"] == view.question.answer
        assert f"<@{fake_discord.bob.id}>" in fields["Correct"]

    final = await fake_discord.wait_for_message(titled("Quiz over"))
    lines = final["embeds"][0]["description"].splitlines()
    assert lines[0].startswith("**1.**") and f"<@{fake_discord.bob.id}>" in lines[0] and "2 pt" in lines[0]
    assert service.quiz(fake_discord.guild.id, fake_discord.general.id) is None


async def test_only_the_starter_or_a_moderator_can_stop_a_quiz(
    fake_discord: FakeDiscord, studybot: Studybot
) -> None:
    await studybot.start(quiz_poll_seconds=0.05)
    await (
        await fake_discord.send_slash("quiz", {"count": 3}, subcommand="start", user=fake_discord.alice)
    ).response()
    await fake_discord.wait_for_message(titled("Quiz · question 1/3"))

    refused = await (
        await fake_discord.send_slash("quiz", {}, subcommand="stop", user=fake_discord.bob)
    ).response()
    assert refused.ephemeral and "Manage Messages" in refused.embeds[0]["description"]

    stopped = await (
        await fake_discord.send_slash("quiz", {}, subcommand="stop", user=fake_discord.alice)
    ).response()
    assert "Stopping" in stopped.embeds[0]["description"]
    final = await fake_discord.wait_for_message(titled("Quiz stopped"))
    assert "Nobody scored" in final["embeds"][0]["description"]
    assert studybot.service.quiz(fake_discord.guild.id, fake_discord.general.id) is None


async def test_plain_messages_answer_a_quiz_when_message_content_is_on(
    fake_discord: FakeDiscord, studybot: Studybot, clock: MovableClock
) -> None:
    studybot.message_content = True
    await studybot.start(quiz_poll_seconds=0.05)
    await (
        await fake_discord.send_slash("quiz", {"count": 1}, subcommand="start", user=fake_discord.alice)
    ).response()
    await fake_discord.wait_for_message(titled("Quiz · question 1/1"))
    view = studybot.service.quiz(fake_discord.guild.id, fake_discord.general.id)
    assert view is not None and view.question is not None
    await fake_discord.send_message(reply_for(view.question.id, "correct"), user=fake_discord.bob)
    await fake_discord.wait_for_request("PUT", "/channels/*/messages/*/reactions/*/@me")
    clock.advance(seconds=view.time_limit_s)
    final = await fake_discord.wait_for_message(titled("Quiz over"))
    assert f"<@{fake_discord.bob.id}>" in final["embeds"][0]["description"]


async def test_unknown_bank_or_topic_gets_a_clear_message_and_topics_autocomplete(
    fake_discord: FakeDiscord, studybot: Studybot
) -> None:
    await studybot.start()
    nope = await (await fake_discord.send_slash("quiz", {"bank": "nope"}, subcommand="start")).response()
    assert nope.ephemeral and "No questions" in nope.embeds[0]["description"]
    assert studybot.service.quiz(fake_discord.guild.id, fake_discord.general.id) is None

    handle = await fake_discord.send_autocomplete("quiz", {"topic": "opt"}, "topic", subcommand="start")
    assert [c["value"] for c in (await handle.response()).choices] == ["optimization"]
