"""One reply length, read everywhere a reply is cut; users are told when theirs was."""

from datetime import UTC, datetime
from io import StringIO
from pathlib import Path

from bot.bank.holder import BankHolder
from bot.bank.loader import load_library
from bot.console import run_console
from bot.discord.render import answer_embed, verdict_line
from bot.discord.respond import ANSWER_MAX
from bot.grading import reference
from bot.grading.grader import Grader
from bot.grading.tuning import MAX_REPLY_CHARS
from bot.grading.verdict import Grade, Verdict
from bot.i18n import ENGLISH
from bot.model import AnswerResult, AnswerStatus
from bot.rules.settings import RuleSettings
from bot.service import StudyService
from bot.store import MAX_REPLY_CHARS as STORED_REPLY_CHARS
from bot.store import Store

BANKS = Path(__file__).resolve().parent.parent / "questions"
NOTE = "only its first {n} characters were graded"


def clock() -> datetime:
    return datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


def test_every_cut_uses_the_one_length() -> None:
    limit = RuleSettings().max_reply_chars
    assert limit == MAX_REPLY_CHARS == STORED_REPLY_CHARS == ANSWER_MAX == reference.MAX_REPLY_CHARS
    assert Grader([]).max_reply_chars == limit


async def test_the_console_says_when_a_reply_was_cut(tmp_path: Path) -> None:
    library = load_library([str(BANKS)])
    async with Store.open(tmp_path / "s.db") as store:
        service = StudyService(BankHolder.of(library), store, clock, RuleSettings(max_reply_chars=50))
        assert service.grader().max_reply_chars == 50  # the grader reads the setting
        lines = ["x" * 49 + " and more words after the cut", "next", "y" * 80, "a short reply"]
        out = StringIO()
        await run_console(service, StringIO("".join(line + "\n" for line in lines)), out)
        stored = await store.attempts(0, 0, next(iter(await store.posted_questions(0)))[1], clock().date())
    # The daily reply and the long practice reply are flagged; the short one is not.
    assert out.getvalue().count(NOTE.format(n=50)) == 2
    assert len(stored[0].reply) <= 50


def test_discord_replies_say_it_too() -> None:
    grade = Grade(Verdict.PARTIAL, 0.5, ("a",), ("b",), "")
    cut = AnswerResult(AnswerStatus.GRADED, None, grade, points=5, best_points=5, shortened_to=1000)
    assert NOTE.format(n=1000) in (answer_embed(ENGLISH, cut).footer.text or "")
    assert NOTE.format(n=1000) in verdict_line(ENGLISH, cut)
    plain = AnswerResult(AnswerStatus.GRADED, None, grade, points=5, best_points=5)
    assert "characters" not in (answer_embed(ENGLISH, plain).footer.text or "")
    assert "characters" not in verdict_line(ENGLISH, plain)
