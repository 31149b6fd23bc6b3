"""The console forgives: command-like lines, keys and emoji never cost an attempt; a question that
left the banks gives way to one that exists; the database location is said at start."""

from io import StringIO
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from test_console import LIBRARY, Clock, question, reply, run, service, todays  # noqa: F401

from bot.bank.holder import BankHolder
from bot.bank.model import Bank, Library
from bot.console import _not_an_answer, console_main
from bot.i18n import ENGLISH
from bot.service import StudyService
from bot.store import Store

NOT_ANSWERS = [
    "clear",
    "next please",
    "score someone",
    "^[[A",
    "\x1b[A",
    "\x1b[B\x1b[A",
    "👍",
    "🙂🙂 !!",
    "…",
    "skip",
]


@pytest.mark.parametrize("line", NOT_ANSWERS)
async def test_command_like_lines_and_keys_are_not_graded(service: StudyService, line: str) -> None:  # noqa: F811
    out = await run(service, line, "score")
    assert "Nothing was graded" in out or "not graded" in out or "nothing was graded" in out
    assert "Answered: 0" in out


async def test_a_suggestion_names_the_command(service: StudyService) -> None:  # noqa: F811
    out = await run(service, "next please", "score someone", "clear")
    assert "Did you mean next?" in out and "Did you mean score?" in out and "Did you mean help?" in out


@pytest.mark.parametrize(
    "line", ["LIFO list", "a transformer", "gamma1", "注意力机制", "it is gamma1 and delta1"]
)
def test_short_real_answers_are_still_answers(line: str) -> None:
    assert _not_an_answer(line, ENGLISH) is None


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(categories=["So", "Sk", "Po", "Zs", "Sm", "Cf"]), max_size=20))
def test_lines_without_words_are_never_graded(line: str) -> None:
    assume(line.strip())  # a blank line is no reply at all; hypothesis draws another
    assert _not_an_answer(line.strip(), ENGLISH) is not None


async def test_an_attempt_is_only_used_by_a_real_answer(service: StudyService) -> None:  # noqa: F811
    first = await run(service, "today")
    q = todays(first)
    out = await run(service, "👍", "next please", reply(q, both=False), "score")
    assert "Attempts left: 2" in out and "Answered: 1" in out


async def test_a_question_that_left_the_banks_gives_way(tmp_path: Path) -> None:
    db = tmp_path / "moved.db"
    async with Store.open(db) as store:
        out = await run(StudyService(BankHolder.of(LIBRARY), store, Clock()), "today")
    shown = todays(out)
    other = question(3)
    library = Library(banks=(Bank("console", "Console", "en", "c.yaml", (other,)),))  # a new folder
    async with Store.open(db) as store:
        service = StudyService(BankHolder.of(library), store, Clock())
        out = await run(service, "today", "today")
        assert f"Question {shown.id} is no longer in the loaded banks" in out
        assert out.count(other.question) == 3  # at start and twice more: it stays today's question
        assert "no longer in the loaded banks." not in out.split("\n", 2)[2]  # said once
        graded = await run(service, "it is gamma3 and delta3")
        assert "Correct" in graded


async def test_the_database_location_is_said_at_start(tmp_path: Path) -> None:
    out = StringIO()
    db = tmp_path / "where.db"
    bank = Path(__file__).resolve().parents[2] / "questions"
    assert await console_main(db, [bank], StringIO("quit\n"), out) == 0
    assert out.getvalue().splitlines()[0] == f"Database: {db}"
