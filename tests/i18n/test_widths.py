"""Every language's text fits where Discord shows it, without being cut.

Discord rejects a button label over 80 characters, a modal title or text input label over 45, a
slash command description or choice name over 100, an embed title over 256. `render.fit` would
clip an embed, but a clipped title reads badly: here nothing of ours may come near the limits.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time

import discord
import pytest

from bot.bank.model import Bank, KeyPoint, Question
from bot.discord import render
from bot.discord.buttons import DailyRef
from bot.discord.exts.answer import AnswerButton, AnswerModal
from bot.discord.exts.explain import ConfirmReveal, ExplainButton
from bot.discord.exts.quiz import QuizAnswerButton, QuizAnswerModal
from bot.discord.exts.scores import LeaderboardPager
from bot.discord.render import ELLIPSIS, FIELD_NAME_MAX, FOOTER_MAX, TITLE_MAX, ReloadReport
from bot.grading.verdict import Grade, Verdict
from bot.i18n import ENGLISH, Translator, translator
from bot.i18n.catalog import COMMAND_CONTEXT, po_path
from bot.i18n.catalogs import read_catalog
from bot.i18n.names import CATALOGS
from bot.model import (
    AnswerResult,
    AnswerStatus,
    Daily,
    DaySummary,
    GuildSetup,
    LeaderboardPage,
    LeaderRow,
    Period,
    QuizReply,
    QuizReplyStatus,
    QuizView,
    Reveal,
    UserStats,
)
from bot.rules.quiz import Standing

BUTTON_LABEL_MAX = 80
MODAL_TITLE_MAX = 45
INPUT_LABEL_MAX = 45
COMMAND_TEXT_MAX = 100  # slash command and option descriptions, choice names

LANGUAGES = [ENGLISH, translator("zh-CN"), translator("zh-TW")]
IDS = ["en", "zh-CN", "zh-TW"]
BIG = 99_999  # a very large count, so numbers take their widest form
SNOWFLAKE = 1_200_000_000_000_000_000
QID = "q" * 40  # bank ids are short slugs; 40 characters is generous
NAME = "N" * 32  # Discord display names have at most 32 characters


@pytest.mark.parametrize("locale", CATALOGS)
def test_slash_command_descriptions_and_choices_fit(locale: str) -> None:
    catalog = read_catalog(po_path(locale), locale)
    long = [
        f"{m.id!r} -> {m.string!r} ({len(m.string)})"
        for m in catalog
        if m.id and m.context == COMMAND_CONTEXT and len(m.string) > COMMAND_TEXT_MAX
    ]
    assert not long


@pytest.mark.parametrize("t", LANGUAGES, ids=IDS)
async def test_button_labels_and_modals_fit(t: Translator) -> None:

    daily_ref = DailyRef(SNOWFLAKE, date(2026, 3, 2), QID)
    labels = [
        AnswerButton(daily_ref, t).item.label,
        ExplainButton(daily_ref, t).item.label,
        QuizAnswerButton(SNOWFLAKE, 50, t).item.label,
    ]
    confirm = ConfirmReveal(None, SNOWFLAKE, SNOWFLAKE, QID, t)  # type: ignore[arg-type]
    pager = LeaderboardPager(None, SNOWFLAKE, SNOWFLAKE, LeaderboardPage(Period.ALL, (), 0, 2), t)  # type: ignore[arg-type]
    labels += [confirm.confirm.label, confirm.cancel.label, pager.previous.label, pager.next.label]
    for label in labels:
        assert label and len(label) <= BUTTON_LABEL_MAX, label

    for modal in (AnswerModal(SNOWFLAKE, QID, "?" * 500, t), QuizAnswerModal(SNOWFLAKE, 50, "?" * 500, t)):
        sent = modal.to_dict()  # what Discord receives
        assert len(sent["title"]) <= MODAL_TITLE_MAX, sent["title"]
        for label in sent["components"]:  # each field sits in a Label, whose text Discord shows
            assert len(label["label"]) <= INPUT_LABEL_MAX, label["label"]


def _question() -> Question:
    return Question(
        id=QID,
        bank="bank",
        question="?",
        answer="a",
        explanation="e",
        key_points=(KeyPoint("k", ("k",)),),
        topics=("topic",),
    )


def _embeds(t: Translator) -> Iterator[discord.Embed]:
    """One embed of every kind the bot sends, with the widest values that can occur."""
    q = _question()
    daily = Daily(SNOWFLAKE, date(2026, 12, 31), q, BIG, BIG)
    yield render.daily_embed(t, daily, unused_left=BIG)
    yield render.summary_embed(t, DaySummary(daily, BIG, BIG))
    grade = Grade(Verdict.PARTIAL, 0.5, ("k",), ("k",), "reason", other_question=QID)
    for status in AnswerStatus:
        result = AnswerResult(status, q, grade, BIG, BIG, 3, 2, BIG, forfeited=True)
        yield render.answer_embed(t, result)
    yield render.reveal_embed(t, Reveal(q, forfeits=True))
    yield render.stats_embed(t, UserStats(SNOWFLAKE, BIG, BIG, BIG, 1.0, BIG, BIG, BIG), NAME)
    rows = tuple(LeaderRow(BIG, SNOWFLAKE, BIG, BIG, BIG, 1.0) for _ in range(10))
    for period in Period:
        yield render.leaderboard_embed(t, LeaderboardPage(period, rows, BIG, BIG))
    setup = GuildSetup(SNOWFLAKE, SNOWFLAKE, time(23, 59), "America/Argentina/ComodRivadavia", SNOWFLAKE)
    yield render.setup_embed(t, setup, problem="p")
    bank = Bank("bank", "title", "zh", "path", (q,))
    yield render.banks_embed(t, [bank] * 30)
    yield render.reload_embed(t, ReloadReport([bank], ["problem"] * BIG))
    deadline = datetime(2026, 3, 2, tzinfo=UTC)
    view = QuizView(SNOWFLAKE, SNOWFLAKE, q, 50, 50, deadline, 300)
    yield render.quiz_question_embed(t, view)
    yield render.quiz_reveal_embed(t, view, [SNOWFLAKE] * 5)
    standings = tuple(Standing(i, SNOWFLAKE, BIG, BIG, BIG) for i in range(20))
    yield render.quiz_final_embed(t, QuizView(SNOWFLAKE, SNOWFLAKE, None, 50, 50, None, 30, True, standings))
    for status in QuizReplyStatus:
        yield render.quiz_reply_embed(t, QuizReply(status, q, grade, BIG, BIG))


@pytest.mark.parametrize("t", LANGUAGES, ids=IDS)
def test_embed_titles_field_names_and_footers_fit_uncut(t: Translator) -> None:
    for embed in _embeds(t):
        title = embed.title or ""
        assert len(title) <= TITLE_MAX and not title.endswith(ELLIPSIS), title
        for field in embed.fields:
            assert len(field.name or "") <= FIELD_NAME_MAX and not (field.name or "").endswith(ELLIPSIS)
        footer = embed.footer.text or ""
        assert len(footer) <= FOOTER_MAX and not footer.endswith(ELLIPSIS), footer


@pytest.mark.parametrize("t", LANGUAGES, ids=IDS)
def test_short_texts_stay_short(t: Translator) -> None:
    """Texts outside embeds: the daily ping line and the public one-line verdict."""
    assert len(render.daily_content(t, SNOWFLAKE) or "") <= 200
    result = AnswerResult(AnswerStatus.GRADED, _question(), Grade(Verdict.CORRECT, 1.0), BIG)
    assert len(render.verdict_line(t, result)) <= 100
