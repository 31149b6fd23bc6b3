"""The review session's buttons read as what they do in every language."""

from __future__ import annotations

from typing import Any

import discord

from bot.discord.exts.review import after_answer_view
from bot.i18n import translator
from bot.model import ReviewAnswer, ReviewStatus


def labels(view: discord.ui.View) -> list[str]:
    items: list[Any] = view.children
    return [str(getattr(item, "item", item).label) for item in items]


async def test_the_next_button_says_next_card_not_next_page() -> None:
    graded = ReviewAnswer(ReviewStatus.GRADED)
    assert labels(after_answer_view(1, graded, 1, translator("en-US"))) == ["Next card", "Stop"]
    # The leaderboard pager's "Next" is "下一页" (next page): the review button must not share it.
    assert labels(after_answer_view(1, graded, 1, translator("zh-CN"))) == ["下一张", "结束"]
    assert labels(after_answer_view(1, graded, 1, translator("zh-TW"))) == ["下一張", "結束"]
