"""Embeds always fit Discord's limits and user text never pings."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import discord
from hypothesis import given
from hypothesis import strategies as st

from bot.bank.holder import BankHolder
from bot.bank.model import Bank, Library, Question
from bot.discord import buttons
from bot.discord.own_render import outcome_embed
from bot.discord.render import (
    DESCRIPTION_MAX,
    FIELD_VALUE_MAX,
    FIELDS_MAX,
    TITLE_MAX,
    TOTAL_MAX,
    answer_embed,
    clean,
    daily_embed,
    fit,
    role_ping,
    summary_embed,
)
from bot.grading.verdict import Grade, Verdict
from bot.i18n import ENGLISH, translator
from bot.model import AnswerResult, AnswerStatus, Daily, Dispute, DisputeStatus, GuildSetup
from bot.service import StudyService
from bot.store import Store


def _question(text: str = "Q?", answer: str = "the secret reference") -> Question:
    return Question(id="t-01", bank="t", question=text, answer=answer, explanation="because")


def test_clean_breaks_every_kind_of_ping() -> None:
    raw = "@everyone @here <@123456789012345678> <@!123456789012345678> <@&123456789012345678>"
    out = clean(raw)
    for ping in ("@everyone", "@here", "<@1", "<@!", "<@&"):
        assert ping not in out
    assert "everyone" in out and "123456789012345678" in out


@given(
    title=st.text(max_size=400),
    description=st.text(max_size=6000),
    values=st.lists(st.text(max_size=1500), max_size=40),
)
def test_fit_respects_every_limit(title: str, description: str, values: list[str]) -> None:
    embed = discord.Embed(title=title, description=description)
    for i, v in enumerate(values):
        embed.add_field(name=f"f{i}", value=v)
    fit(embed)
    assert len(embed.title or "") <= TITLE_MAX
    assert len(embed.description or "") <= DESCRIPTION_MAX
    assert len(embed.fields) <= FIELDS_MAX
    assert all(len(f.value or "") <= FIELD_VALUE_MAX for f in embed.fields)
    assert len(embed) <= TOTAL_MAX


def test_daily_embed_shows_number_in_cycle_and_warns_when_few_left() -> None:
    daily = Daily(guild_id=1, day=date(2026, 1, 2), question=_question("x" * 5000), number=3, cycle_size=24)
    embed = daily_embed(ENGLISH, daily, unused_left=2)
    assert "3/24" in (embed.title or "")
    assert "2 unused" in (embed.footer.text or "")
    assert len(embed) <= TOTAL_MAX


def test_answer_embed_never_shows_the_reference_answer() -> None:
    q = _question()
    grade = Grade(Verdict.PARTIAL, 0.5, found=("a",), missed=("b",), reason="half")
    result = AnswerResult(AnswerStatus.GRADED, q, grade, points=5, best_points=5, attempt=1, attempts_left=2)
    embed = answer_embed(ENGLISH, result)
    dumped = str(embed.to_dict())
    assert "secret reference" not in dumped
    assert embed.description == "Right: a.\nMissing: b."  # each point said once


def test_role_ping_allows_only_that_role() -> None:
    allowed = role_ping(42).to_dict()
    assert allowed["parse"] == []
    assert allowed["roles"] == [42]
    assert role_ping(None).to_dict()["parse"] == []
    assert "roles" not in role_ping(None).to_dict()


def test_custom_ids_round_trip_and_stay_short() -> None:
    ref = buttons.DailyRef(123456789012345678, date(2026, 3, 4), "llm-01")
    cid = buttons.custom_id("answer", ref)
    match = buttons.template("answer").fullmatch(cid)
    assert match is not None and buttons.parse(match) == ref
    long_ref = buttons.DailyRef(1, date(2026, 3, 4), "x" * 200)
    long_id = buttons.custom_id("explain", long_ref)
    assert len(long_id) <= 100
    m = buttons.template("explain").fullmatch(long_id)
    assert m is not None and buttons.parse(m).question_id is None


OUR_BANK = b"""bank: ours
title: Ours
language: en
questions:
  - {id: o-01, question: What?, answer: That., explanation: This.}
"""


async def test_a_removed_question_reads_in_the_servers_language_in_its_summary(tmp_path: Path) -> None:
    now = [datetime(2024, 5, 6, 12, 0, tzinfo=UTC)]
    question = Question(id="b-01", bank="b", question="Why?", answer="Because.", explanation="So.")
    store = await Store.open(tmp_path / "s.db")
    try:
        bundled = BankHolder.of(Library(banks=(Bank("b", "B", "en", "b.yaml", (question,)),)))
        service = StudyService(bundled, store, lambda: now[0])
        await service.uploads.save(1, 5, await service.uploads.check(1, "ours.yaml", OUR_BANK))
        await service.setup_guild(GuildSetup(1, 10, time(9, 0), "UTC", banks=("ours",), language="zh-CN"))
        daily, _ = await service.open_day(1)
        await service.mark_posted(1, daily.day, 10, 99)
        assert await service.remove_uploaded_bank(1, "ours")
        now[0] += timedelta(days=1)
        _, summary = await service.open_day(1)
    finally:
        await store.close()
    assert summary is not None and summary.daily.question.id == "o-01"
    embed = summary_embed(translator("zh-CN"), summary)
    shown = [embed.description, *(f.value for f in embed.fields)]
    assert "这道题已不在已加载的题库中。" in shown and not any("loaded banks" in s for s in shown if s)
    assert "no longer in the loaded banks" in str(summary_embed(ENGLISH, summary).description)


def test_a_disputes_day_is_written_the_readers_way() -> None:
    dispute = Dispute(
        1, 2, 3, "q-01", date(2026, 3, 2), 1, "a reply", "wrong", 0.1, "", "",
        DisputeStatus.CORRECT, "2026-03-02",
    )  # fmt: skip
    assert "Your dispute of q-01 (Mar 2, 2026) was" in str(outcome_embed(ENGLISH, [dispute]).description)
    assert "（2026年3月2日）" in str(outcome_embed(translator("zh-CN"), [dispute]).description)
