"""The interface in the user's and the server's language, through the real discord.py.

Private replies follow the interaction's locale; public posts (daily question, leaderboard, score,
quiz) follow the server's language: `/setup language:` or, without it, the server's locale.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from fakediscord import LOADING, MODAL, FakeDiscord

from .studybot_harness import MovableClock, Studybot, reply_for, run_setup
from .test_answer import answered, button_id
from .test_daily import NINE_SHANGHAI


@dataclass(frozen=True)
class Expected:
    """What a reader of that language sees; written out here, not read from the catalogs."""

    setup_title: str
    daily_title: str
    answer_button: str
    explain_button: str
    modal_title: str
    correct: str
    confirm: str
    show_it: str
    reference: str
    explanation: str
    score_title: str
    board_title: str
    quiz_starting: str
    quiz_question: str


CHINESE = Expected(
    setup_title="每日一题已设置",
    daily_title="每日一题 · 2026年3月2日 · ",
    answer_button="作答",
    explain_button="讲解",
    modal_title="你的回答",
    correct="✅ 正确",
    confirm="你还没有回答这道题",
    show_it="显示吧",
    reference="参考答案",
    explanation="解析",
    score_title="成绩 · ",
    board_title="排行榜 · 全部时间",
    quiz_starting="测验开始",
    quiz_question="测验 · 第 1/1 题",
)
ENGLISH = Expected(
    setup_title="Daily question set up",
    daily_title="Question of the day · Mar 2, 2026 · ",
    answer_button="Answer",
    explain_button="Explain",
    modal_title="Your answer",
    correct="✅ Correct",
    confirm="You have not answered this question yet",
    show_it="Show it",
    reference="Reference answer",
    explanation="Explanation",
    score_title="Score · ",
    board_title="Leaderboard · all time",
    quiz_starting="Quiz starting",
    quiz_question="Quiz · question 1/1",
)


def titled(prefix: str) -> Any:
    def match(message: dict[str, Any]) -> bool:
        embeds = message.get("embeds") or []
        return bool(embeds) and embeds[0].get("title", "").startswith(prefix)

    return match


def speak(fake: FakeDiscord, locale: str) -> None:
    """The server and both members use `locale` (before the bot connects)."""
    fake.guild.preferred_locale = locale
    fake.alice.locale = locale
    fake.bob.locale = locale


@pytest.mark.parametrize(("locale", "want"), [("zh-CN", CHINESE), ("en-US", ENGLISH)])
async def test_everything_a_member_sees_is_in_their_language(
    fake_discord: FakeDiscord, studybot: Studybot, clock: MovableClock, locale: str, want: Expected
) -> None:
    speak(fake_discord, locale)
    await studybot.start(quiz_poll_seconds=0.05)
    fake = fake_discord

    setup = await run_setup(fake)
    assert setup.embeds[0]["title"] == want.setup_title

    clock.set(NINE_SHANGHAI)
    post = await fake.wait_for_message(titled(want.daily_title), channel=fake.general)
    labels = [c.get("label") for row in post["components"] for c in row["components"]]
    assert labels == [want.answer_button, want.explain_button]

    click = await fake.click_button(post, button_id(post, want.answer_button), user=fake.bob)
    modal = await click.response()
    assert modal.type == MODAL and modal.data["title"] == want.modal_title
    daily = await studybot.service.today(fake.guild.id)
    assert daily is not None
    graded = await answered(await click.submit_modal({"answer": reply_for(daily.question.id, "correct")}))
    assert graded["title"].startswith(want.correct)

    asked = await fake.send_slash("explain", {}, user=fake.alice)
    assert want.confirm in (await asked.response()).content
    warning = await asked.original()
    confirm = await fake.click_button(warning, button_id(warning, want.show_it), user=fake.alice)
    shown = (await confirm.response()).embeds[0]
    assert shown["title"] == f"{want.reference} · `{daily.question.id}`"
    assert [f["name"] for f in shown["fields"]][:2] == [want.reference, want.explanation]

    score = await (await fake.send_slash("score", {}, user=fake.bob)).response()
    assert score.embeds[0]["title"].startswith(want.score_title)
    board = await (await fake.send_slash("leaderboard", {"period": "all"}, user=fake.bob)).response()
    assert board.embeds[0]["title"] == want.board_title

    start = await (await fake.send_slash("quiz", {"count": 1}, subcommand="start", user=fake.bob)).response()
    assert start.embeds[0]["title"] == want.quiz_starting
    question = await fake.wait_for_message(titled(want.quiz_question), channel=fake.general)
    assert question["components"][0]["components"][0]["label"] == want.answer_button


async def test_public_posts_follow_the_server_private_replies_follow_the_user(
    fake_discord: FakeDiscord, studybot: Studybot, clock: MovableClock
) -> None:
    fake = fake_discord
    fake.bob.locale = "zh-TW"  # a Traditional Chinese client in an English server
    fake.alice.locale = "fr"  # no French catalog: English, quietly
    await studybot.start()

    setup = await run_setup(fake, language="zh-CN")  # alice's client language has no catalog
    assert setup.embeds[0]["title"] == ENGLISH.setup_title
    stored = await studybot.service.guild_setup(fake.guild.id)
    assert stored is not None and stored.language == "zh-CN"

    clock.set(NINE_SHANGHAI)
    post = await fake.wait_for_message(titled(CHINESE.daily_title), channel=fake.general)
    handle = await fake.send_slash("answer", {"text": "完全不知道"}, user=fake.bob)
    reply = await handle.original(where=lambda m: not m["flags"] & LOADING)
    assert reply["embeds"][0]["title"] == "❌ 不太對"  # Traditional, from the Simplified catalog via OpenCC
    alice = await fake.send_slash("answer", {"text": "no idea"}, user=fake.alice)
    assert (await answered(alice))["title"] == "❌ Not quite"

    # The next day the previous question's answer goes out in the server's language too.
    clock.advance(days=1)
    summary = await fake.wait_for_message(titled("2026年3月2日 题目的答案（1/3）"), channel=fake.general)
    assert [f["name"] for f in summary["embeds"][0]["fields"]] == ["参考答案", "解析", "作答人数", "正确"]

    # Leaving the option out keeps the language; "auto" goes back to the server's locale.
    await run_setup(fake)
    assert (await studybot.service.guild_setup(fake.guild.id)).language == "zh-CN"  # type: ignore[union-attr]
    await run_setup(fake, language="auto")
    assert (await studybot.service.guild_setup(fake.guild.id)).language is None  # type: ignore[union-attr]
    assert post["embeds"][0]["footer"]["text"].startswith("用按钮或 /answer 作答")


async def test_time_zones_are_found_and_named_in_the_users_language(
    fake_discord: FakeDiscord, studybot: Studybot
) -> None:
    await studybot.start()
    values = {"channel": fake_discord.general, "time": "09:00", "timezone": "上海"}
    typed = await fake_discord.send_autocomplete("setup", values, "timezone", user=fake_discord.alice)
    fake_discord.alice.locale = "zh-CN"
    chinese = await fake_discord.send_autocomplete("setup", values, "timezone", user=fake_discord.alice)
    assert (await typed.response()).choices == []  # an English client: 上海 is nobody's name there
    assert (await chinese.response()).choices == [
        {"name": "Asia/Shanghai · 中国（上海）时间", "value": "Asia/Shanghai"}
    ]
    fake_discord.alice.locale = "zh-TW"
    values["timezone"] = "台北"
    taiwan = await fake_discord.send_autocomplete("setup", values, "timezone", user=fake_discord.alice)
    assert (await taiwan.response()).choices == [{"name": "Asia/Taipei · 台灣時間", "value": "Asia/Taipei"}]


async def test_slash_commands_carry_chinese_descriptions_and_ascii_names(
    fake_discord: FakeDiscord, studybot: Studybot
) -> None:
    await studybot.start()
    synced = {c["name"]: c for c in fake_discord.world.commands.guild_commands[fake_discord.guild.id]}
    setup = synced["setup"]
    assert setup["description_localizations"]["zh-CN"] == "设置每日一题的发布频道和时间"
    assert setup["description_localizations"]["zh-TW"] == "設定每日一題的發布頻道和時間"
    assert not setup.get("name_localizations")
    period = next(o for o in synced["leaderboard"]["options"] if o["name"] == "period")
    week = next(c for c in period["choices"] if c["value"] == "week")
    assert week["name_localizations"]["zh-CN"] == "本周" and week["name"] == "week"
