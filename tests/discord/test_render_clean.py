"""Bank text (uploaded by any server) shown in an embed keeps mentions broken, in every embed that
shows a question: the daily post, its summary, the explanation, and review prompts and answers.

Embeds never notify, but a raw `<@&id>` or `@everyone` there still renders as a live mention
that looks like the bot's own ping; `clean` breaks it with a zero-width space."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import discord
import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.bank.model import KeyPoint, Question
from bot.discord.render import clean, daily_embed, reveal_embed, summary_embed
from bot.discord.render_study import prompt_embed, review_answer_embed
from bot.grading.verdict import Grade, Verdict
from bot.i18n import ENGLISH
from bot.model import Daily, DaySummary, Reveal, ReviewAnswer, ReviewPrompt, ReviewQueue, ReviewStatus
from bot.rules.cards import Rating
from bot.rules.review import new_card

PINGS = "@everyone @here <@123> <@!123> <@&456> <#789>"
RAW_MENTION = re.compile(r"@(everyone|here)|<[@#]")
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
HOSTILE = Question(
    id="h-01",
    bank="h",
    question=f"What is dropout? {PINGS}",
    answer=f"Zeroing neurons. {PINGS}",
    explanation=f"Because. {PINGS}",
    topics=(PINGS,),
    key_points=(KeyPoint(point=f"zeroes neurons {PINGS}"),),
)
QUEUE = ReviewQueue(due_now=1, total=3, next_due=None)
GRADE = Grade(Verdict.PARTIAL, 0.5, found=(), missed=(HOSTILE.key_points[0].point,), reason="half")


def _embeds() -> dict[str, discord.Embed]:
    daily = Daily(guild_id=1, day=date(2026, 3, 2), question=HOSTILE, number=1, cycle_size=2)
    card = new_card(1, 2, HOSTILE.id, NOW)
    answer = ReviewAnswer(ReviewStatus.GRADED, HOSTILE, GRADE, Rating.HARD, NOW, QUEUE)
    return {
        "daily": daily_embed(ENGLISH, daily),
        "summary": summary_embed(ENGLISH, DaySummary(daily, answered=1, correct=0)),
        "explanation": reveal_embed(ENGLISH, Reveal(HOSTILE)),
        "review prompt": prompt_embed(ReviewPrompt(card, HOSTILE, QUEUE), ENGLISH),
        "review answer": review_answer_embed(answer, ENGLISH),
    }


def _texts(embed: discord.Embed) -> list[str]:
    texts = [embed.title or "", embed.description or "", embed.footer.text or ""]
    for f in embed.fields:
        texts += [f.name or "", f.value or ""]
    return texts


@pytest.mark.parametrize("kind", list(_embeds()))
def test_bank_text_in_an_embed_never_holds_a_live_mention(kind: str) -> None:
    embed = _embeds()[kind]
    shown = " ".join(_texts(embed))
    assert "dropout" in shown.lower() or "Zeroing" in shown  # the bank text is there, cleaned
    assert RAW_MENTION.findall(shown) == [], shown


# Whole mentions and their fragments, so that mentions also arise where pieces meet.
PIECES = ["@everyone", "@here", "<@1>", "<@&2>", "<#3>", "</a:4>", "@", "<", "everyone", "/", "\u200b", " "]


@given(st.lists(st.sampled_from(PIECES) | st.text(max_size=5), max_size=30).map("".join))
def test_clean_leaves_no_live_mention_and_only_adds_zero_width_spaces(text: str) -> None:
    cleaned = clean(text)
    assert re.search(r"@(?=everyone|here)|<(?=[@#/])", cleaned) is None
    assert cleaned.replace("\u200b", "") == text.replace("\u200b", "")  # still reads the same
