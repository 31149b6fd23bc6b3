"""The Dispute button shows exactly when the service marks the answer disputable: on wrong and
partial answers, not on correct ones nor once the explanation was seen (daily and quiz)."""

from __future__ import annotations

from typing import Any

from fakediscord import LOADING, FakeDiscord

from .studybot_harness import MovableClock, Studybot, reply_for
from .test_answer import button_id, post_daily
from .test_faults import users
from .test_quiz import quiz_button, titled


def has_dispute_button(message: dict[str, Any]) -> bool:
    try:
        button_id(message, "Dispute")
    except AssertionError:
        return False
    return True


async def _feedback(handle: Any) -> dict[str, Any]:
    return await handle.original(where=lambda m: not m["flags"] & LOADING)


async def test_daily_feedback_offers_a_dispute_only_for_a_scored_answer_short_of_full_marks(
    fake_discord: FakeDiscord, studybot: Studybot, clock: MovableClock
) -> None:
    fake, (carol,) = fake_discord, users(fake_discord, 1)
    await studybot.start()
    post = await post_daily(fake, studybot, clock)
    qid = (await studybot.service.today(fake.guild.id)).question.id  # type: ignore[union-attr]

    correct = await _feedback(
        await fake.send_slash("answer", {"text": reply_for(qid, "correct")}, user=fake.alice)
    )
    partial = await _feedback(
        await fake.send_slash("answer", {"text": reply_for(qid, "partial")}, user=fake.bob)
    )
    assert correct["embeds"][0]["title"].startswith("✅") and not has_dispute_button(correct)
    assert partial["embeds"][0]["title"].startswith("🟡") and has_dispute_button(partial)

    # Carol sees the explanation first: her wrong answer scores nothing, so there is nothing to dispute.
    click = await fake.click_button(post, button_id(post, "Explain"), user=carol)
    await click.response()
    warning = await click.original()
    await (await fake.click_button(warning, button_id(warning, "Show it"), user=carol)).response()
    late = await _feedback(await fake.send_slash("answer", {"text": reply_for(qid, "wrong")}, user=carol))
    assert late["embeds"][0]["title"].startswith("❌") and not has_dispute_button(late)


async def test_quiz_feedback_offers_no_dispute_for_a_correct_reply(
    fake_discord: FakeDiscord, studybot: Studybot, clock: MovableClock
) -> None:
    fake = fake_discord
    await studybot.start(quiz_poll_seconds=0.05)
    await (await fake.send_slash("quiz", {"count": 1}, subcommand="start", user=fake.alice)).response()
    question = await fake.wait_for_message(titled("Quiz · question 1/1"))
    view = studybot.service.quiz(fake.guild.id, fake.general.id)
    assert view is not None and view.question is not None
    replies = {}
    for user, kind in ((fake.bob, "wrong"), (fake.alice, "correct")):
        click = await fake.click_button(question, quiz_button(question), user=user)
        replies[kind] = await _feedback(
            await click.submit_modal({"answer": reply_for(view.question.id, kind)})
        )
    assert replies["wrong"]["embeds"][0]["title"].startswith("❌") and has_dispute_button(replies["wrong"])
    assert replies["correct"]["embeds"][0]["title"].startswith("✅")
    assert not has_dispute_button(replies["correct"])
