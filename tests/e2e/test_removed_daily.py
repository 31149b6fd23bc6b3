"""Today's daily question taken out of the banks while the day is open."""

from __future__ import annotations

from typing import Any

from fakediscord import MODAL, FakeDiscord

from bot.model import Daily

from .studybot_harness import BANK_YAML, MovableClock, Studybot, reply_for, write_bank
from .test_answer import answered, button_id, post_daily


def without_question(question_id: str) -> str:
    """The test bank with one question's entry cut out."""
    start = BANK_YAML.index(f"  - id: {question_id}\n")
    end = BANK_YAML.find("  - id: ", start + 1)
    return BANK_YAML[:start] + (BANK_YAML[end:] if end != -1 else "")


async def posted_then_removed(
    fake: FakeDiscord, studybot: Studybot, clock: MovableClock
) -> tuple[dict[str, Any], Daily]:
    """Start the bot, post today's question, then reload the banks without it."""
    await studybot.start()
    post = await post_daily(fake, studybot, clock)
    daily = await studybot.service.today(fake.guild.id)
    assert daily is not None
    write_bank(studybot.bank_dir, without_question(daily.question.id))
    assert studybot.service.banks.reload() == []
    assert studybot.service.library(fake.guild.id).get(daily.question.id) is None
    return post, daily


async def test_answering_a_removed_daily_says_it_was_removed_in_the_readers_language(
    fake_discord: FakeDiscord, studybot: Studybot, clock: MovableClock
) -> None:
    fake_discord.bob.locale = "zh-CN"
    post, daily = await posted_then_removed(fake_discord, studybot, clock)

    # The button says so at once (no modal whose prompt is an English placeholder to type into).
    click = await fake_discord.click_button(post, button_id(post, "Answer"), user=fake_discord.bob)
    shown = await click.response()
    assert shown.type != MODAL and shown.ephemeral
    assert shown.embeds[0]["title"] == "题目已移除"
    assert "已从题库中移除" in shown.embeds[0]["description"]

    typed = await fake_discord.send_slash(
        "answer", {"text": reply_for(daily.question.id, "correct")}, user=fake_discord.alice
    )
    embed = await answered(typed)
    assert embed["title"] == "Question removed"
    assert "removed from the question banks" in embed["description"]
    assert "no open question" not in embed["description"]


async def test_explaining_a_removed_daily_says_it_was_removed(
    fake_discord: FakeDiscord, studybot: Studybot, clock: MovableClock
) -> None:
    post, _ = await posted_then_removed(fake_discord, studybot, clock)
    click = await fake_discord.click_button(post, button_id(post, "Explain"), user=fake_discord.bob)
    typed = await fake_discord.send_slash("explain", {}, user=fake_discord.alice)
    for handle in (click, typed):
        text = (await handle.response()).embeds[0]["description"]
        assert "removed from the question banks" in text, text
