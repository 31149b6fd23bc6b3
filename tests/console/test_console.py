from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from io import StringIO
from pathlib import Path

import pytest

from bot.bank.holder import BankHolder
from bot.bank.model import Bank, KeyPoint, Library, Question
from bot.console import console_main, run_console
from bot.i18n import translator
from bot.rules.cards import Rating
from bot.service import StudyService
from bot.store import Store

NOW = datetime(2024, 5, 6, 12, 0, tzinfo=UTC)


def question(i: int) -> Question:
    return Question(
        id=f"c-{i}",
        bank="console",
        question=f"What makes colour number {i}?",
        answer=f"Reference answer {i}.",
        explanation=f"Longer explanation {i}.",
        key_points=(KeyPoint(f"gamma{i}", (f"gamma{i}",)), KeyPoint(f"delta{i}", (f"delta{i}",))),
        language="en",
    )


LIBRARY = Library(banks=(Bank("console", "Console", "en", "c.yaml", (question(1), question(2))),))


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
async def service(tmp_path: Path) -> AsyncIterator[StudyService]:
    async with Store.open(tmp_path / "console.db") as store:
        yield StudyService(BankHolder.of(LIBRARY), store, Clock())


async def run(service: StudyService, *lines: str) -> str:
    out = StringIO()
    await run_console(service, StringIO("".join(line + "\n" for line in lines)), out)
    return out.getvalue()


def todays(out: str) -> Question:
    """The question the console showed as today's."""
    return next(q for q in LIBRARY.questions() if q.question in out)


def reply(q: Question, both: bool = True) -> str:
    n = q.id.split("-")[1]
    return f"it is gamma{n} and delta{n}" if both else f"mostly gamma{n} I think"


async def test_shows_todays_question_and_sets_up_guild_zero(service: StudyService) -> None:
    out = await run(service, "quit")
    assert "Today's question (May 6, 2024, #1 of 2):" in out
    assert todays(out).question in out
    assert out.rstrip().endswith("Bye.")
    setup = await service.guild_setup(0)
    assert setup is not None and (setup.timezone, setup.channel_id) == ("UTC", 0)


async def test_answers_are_graded_with_feedback(service: StudyService) -> None:
    q = todays(await run(service))
    out = await run(service, reply(q, both=False), reply(q), reply(q), "score")
    assert "Partly right." in out
    assert f"Right: gamma{q.id[-1]}." in out and f"Missing: delta{q.id[-1]}." in out
    assert "Points: 5 (best today: 5)." in out
    assert "Attempts left: 2." in out
    assert "Correct!" in out and "Points: 10 (best today: 10)." in out
    assert "already answered today's question correctly (10 points)" in out
    assert "Points: 10. Answered: 1, correct: 1 (100%). Streak: 1 (best 1). Rank: #1." in out


async def test_attempts_run_out(service: StudyService) -> None:
    out = await run(service, "no idea at all really", "still nothing useful here", "cats and dogs", "more")
    assert "Attempts left: 1." in out
    assert "No attempts left. Type explain" in out
    assert "used all 3 attempts" in out


async def test_explain_warns_then_reveals_and_forfeits(service: StudyService) -> None:
    q = todays(await run(service))
    out = await run(service, "explain", "explain", reply(q))
    assert "earns you no points. Type explain again" in out
    assert f"Answer: {q.answer}" in out and f"Explanation: {q.explanation}" in out
    assert "Points: 0 (you saw the explanation first)." in out


async def test_practice_is_graded_but_not_scored(service: StudyService) -> None:
    today = todays(await run(service))
    # Practice leaves out today's daily, so with two questions it is always the other one.
    other = next(q for q in LIBRARY.questions() if q != today)
    out = await run(service, "next", reply(other), reply(other), "explain", "today", "score")
    assert f"Practice question (not scored):\n{other.question}" in out
    assert out.count("Practice: not scored.") == 2
    assert out.count("Correct!") == 2  # practice answers can be repeated
    assert f"Explanation: {other.explanation}" in out and "earns you no points" not in out
    assert out.count(f"Today's question (May 6, 2024, #1 of 2):\n{today.question}") == 2
    assert "Points: 0. Answered: 0" in out


async def test_leaderboard_commands(service: StudyService) -> None:
    q = todays(await run(service))
    out = await run(service, reply(q), "leaderboard", "leaderboard week", "lb month 1", "leaderboard yearly")
    assert "Leaderboard (all time), page 1 of 1:" in out
    assert "1. you: 10 points (1/1 correct)" in out
    assert "Leaderboard (this week)" in out and "Leaderboard (this month)" in out
    assert "Usage: leaderboard [all|week|month] [page]" in out


async def test_empty_lines_and_unknown_commands_get_hints(service: StudyService) -> None:
    out = await run(service, "", "   ", "/dance", "scroe", "quit")
    assert out.count("Type your answer to the question, or help to see the commands.") == 2
    assert "Unknown command '/dance'." in out
    assert "Unknown command 'scroe'. Did you mean score?" in out
    assert await service.store.result(0, 0, todays(out).id, NOW.date()) is None  # nothing was graded


async def test_answer_starting_with_a_command_word_is_graded(service: StudyService) -> None:
    out = await run(service, "next token prediction is how it works")
    assert "Not quite." in out
    assert "Practice question" not in out


async def test_help_lists_commands(service: StudyService) -> None:
    out = await run(service, "help")
    for command in ("today", "next", "explain", "score", "leaderboard", "quit"):
        assert f"  {command}" in out


async def test_new_day_brings_a_new_question(service: StudyService) -> None:
    first = todays(await run(service))
    clock = service.clock
    assert isinstance(clock, Clock)
    clock.now = NOW + timedelta(days=1)
    out = await run(service, "today")
    assert "Today's question (May 7, 2024, #2 of 2):" in out
    assert todays(out) != first


async def test_the_console_speaks_chinese_when_asked(service: StudyService) -> None:
    out = StringIO()
    lines = "score\nleaderboard week\nexplain\n/xyz\nquit\n"
    await run_console(service, StringIO(lines), out, t=translator("zh-CN"))
    text = out.getvalue()
    assert "今天的题目（2024年5月6日，第 1/2 题）：" in text
    assert "积分：0。作答：0，答对：0（0%）。" in text
    assert "排行榜（本周）：还没有人得分。" in text
    assert "你还没有作答" in text
    assert "未知命令 '/xyz'。输入 help 查看命令" in text
    assert text.rstrip().endswith("再见。")


async def test_console_main_reports_bank_problems(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("bank: [unclosed\n", encoding="utf-8")
    out = StringIO()
    code = await console_main(tmp_path / "x.db", [bad], StringIO("quit\n"), out)
    assert code == 2
    assert "question banks have problems" in out.getvalue()
    assert "bad.yaml" in out.getvalue()


async def test_console_main_runs_with_the_shipped_banks(tmp_path: Path) -> None:
    shipped = Path(__file__).resolve().parents[2] / "questions"
    out = StringIO()
    code = await console_main(tmp_path / "real.db", [shipped], StringIO("score\nquit\n"), out)
    assert code == 0
    assert "Today's question" in out.getvalue()
    assert "Points: 0." in out.getvalue()
    assert (tmp_path / "real.db").exists()


async def test_service_refusals_are_shown_not_raised(tmp_path: Path) -> None:
    empty = Library(banks=(Bank("empty", "Empty", "en", "e.yaml", ()),))
    async with Store.open(tmp_path / "empty.db") as store:
        service = StudyService(BankHolder.of(empty), store, Clock())
        out = await run(service, "today", "next", "an answer", "score", "quit")
    assert out.count("no questions") >= 2
    assert "Points: 0" in out and out.rstrip().endswith("Bye.")


async def test_review_brings_back_a_missed_question_and_stats_writes_a_png(
    service: StudyService, tmp_path: Path
) -> None:
    q = todays(await run(service))
    await run(service, "it is something else entirely")  # wrong: the card is due again in a minute
    out = await run(service, "review")
    assert "Nothing to review right now; the next card is due" in out
    service.clock.now += timedelta(minutes=5)  # type: ignore[attr-defined]
    out = await run(service, "review", reply(q), "stop")
    assert "Review (1 card due):" in out and q.question in out
    assert "Correct!" in out and f"Answer: {q.answer}" in out and "This card comes back" in out
    assert "Nothing to review right now" in out  # after the only due card
    score = await service.score(0, 0)
    assert score.points == 0  # review answers never score

    out = StringIO()
    await run_console(service, StringIO("stats 90\nstats 7\n"), out, stats_dir=tmp_path)
    text = out.getvalue()
    png = tmp_path / "studybot-stats-90.png"
    assert f"Chart written to {png}" in text and png.read_bytes().startswith(b"\x89PNG")
    assert "Last 90 days: 0 points.\n0 of 1 daily question right (0%)." in text
    assert "Usage: stats [30|90|365]" in text
    spark = next(line for line in text.splitlines() if line.startswith("["))
    assert len(spark) == 92 and spark[-2] == "▁"  # 90 days, today answered with 0 points


async def test_practice_answers_become_cards(service: StudyService) -> None:
    out = await run(service, "next", "   ", "it is nothing at all")
    q = next(q for q in LIBRARY.questions() if f"Practice question (not scored):\n{q.question}" in out)
    card = await service.store.get_card(0, 0, q.id)
    assert (
        card is not None and card.reps == 1 and card.last_rating == Rating.AGAIN
    )  # the blank line: no rating
    assert (await service.score(0, 0)).points == 0


async def test_digits_int_cannot_read_are_no_numbers(service: StudyService, tmp_path: Path) -> None:
    out = StringIO()
    lines = StringIO("stats ²\nleaderboard ①\nleaderboard week ²\n")
    await run_console(service, lines, out, stats_dir=tmp_path)
    text = out.getvalue()
    assert (tmp_path / "studybot-stats-30.png").is_file()  # like "stats abc": the default period
    assert text.count("Usage: leaderboard [all|week|month] [page]") == 2


async def test_review_with_nothing_due_leaves_the_practice_question_being_answered(
    service: StudyService,
) -> None:
    today = todays(await run(service))
    other = next(q for q in LIBRARY.questions() if q != today)
    out = await run(service, "next", "review", reply(other))
    assert "No review cards yet" in out
    assert "Practice: not scored." in out
    assert await service.store.result(0, 0, today.id, NOW.date()) is None  # no attempt used


async def test_explain_during_a_review_shows_the_card_and_leaves_today_alone(service: StudyService) -> None:
    today = todays(await run(service))
    other = next(q for q in LIBRARY.questions() if q != today)
    await run(service, "next", "it is something else entirely")  # a practice card, due in minutes
    service.clock.now += timedelta(minutes=5)  # type: ignore[attr-defined]
    out = await run(service, "review", "explain", "explain")
    assert f"Review (1 card due):\n{other.question}" in out
    assert "earns you no points" not in out
    assert out.count(f"Explanation: {other.explanation}") == 2
    assert await service.store.result(0, 0, today.id, NOW.date()) is None  # today's not revealed
