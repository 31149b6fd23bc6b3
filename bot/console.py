"""A terminal front end: today's question, graded answers, scores and practice, no Discord needed.

It plays guild 0 (UTC, no channel) as user 0 and reads one line at a time, so it works both on a
terminal and with any text stream (tests drive it with StringIO).
"""

from __future__ import annotations

import asyncio
import difflib
import tempfile
from collections.abc import Sequence
from datetime import UTC, datetime, time
from pathlib import Path
from typing import TextIO

from bot.bank.holder import BankHolder
from bot.bank.model import BankError, Question
from bot.grading.verdict import Grade, Verdict
from bot.i18n import Translator, translator
from bot.model import (
    AnswerResult,
    AnswerStatus,
    GuildSetup,
    LeaderboardPage,
    Period,
    ReviewAnswer,
    ReviewPrompt,
    ReviewStatus,
    ServiceError,
    StatsPeriod,
    UserStats,
)
from bot.service import StudyService
from bot.store import Store, StoreError

GUILD = 0

HELP = """\
Type your answer to the question as a sentence or two and press Enter.
Commands:
  today                      show today's question again (and answer it)
  next                       a practice question (graded, not scored)
  explain                    show the answer and explanation
  score                      your points, accuracy and streak
  review                     review the cards that are due (stop to leave)
  stats [30|90|365]          a chart of your progress as a PNG file, and a sparkline
  leaderboard [all|week|month] [page]
  help                       this list
  quit                       leave (Ctrl-D works too)"""

COMMANDS = ("today", "next", "explain", "score", "leaderboard", "review", "stop", "stats", "help", "quit")
ALIASES = {"exit": "quit", "q": "quit", "lb": "leaderboard", "top": "leaderboard", "?": "help"}

VERDICT_TEXT = {
    Verdict.CORRECT: "Correct!",
    Verdict.PARTIAL: "Partly right.",
    Verdict.WRONG: "Not quite.",
}


class Console:
    def __init__(
        self, service: StudyService, out: TextIO, user_id: int, stats_dir: Path | None = None
    ) -> None:
        self.service = service
        self.out = out
        self.user_id = user_id
        self.practice: Question | None = None  # set while answering a practice question
        self.reviewing: ReviewPrompt | None = None  # set while answering a review card
        self.stats_dir = stats_dir or Path(tempfile.gettempdir())
        self.t = translator(None)

    def say(self, text: str = "") -> None:
        self.out.write(text + "\n")
        self.out.flush()

    # --------------------------------------------------------------------------- dispatch

    async def handle(self, line: str) -> bool:
        """Act on one input line; False when the user wants to leave."""
        text = line.strip()
        if not text:
            self.say("Type your answer to the question, or help to see the commands.")
            return True
        command, args = _command(text)
        if command == "quit":
            self.say("Bye.")
            return False
        try:
            if command is None:
                await self.answer(text)
            else:
                await self.run(command, args)
        except ServiceError as e:  # its text is written for the user (slow down, no questions, ...)
            self.say(str(e))
        return True

    async def run(self, command: str, args: list[str]) -> None:
        if command == "help":
            self.say(HELP)
        elif command == "today":
            self.practice = self.reviewing = None
            await self.show_today()
        elif command == "next":
            self.reviewing = None
            self.next_practice()
        elif command == "explain":
            await self.explain()
        elif command == "score":
            self.say(_stats_text(await self.service.score(GUILD, self.user_id)))
        elif command == "leaderboard":
            await self.leaderboard(args)
        elif command == "review":
            self.practice = None
            await self.next_review()
        elif command == "stop":
            self.stop_review()
        elif command == "stats":
            await self.stats(args)
        else:
            self.say(_unknown(command))

    # ----------------------------------------------------------------------------- actions

    async def show_today(self) -> None:
        daily, _ = await self.service.open_day(GUILD)
        self.say(f"Today's question ({daily.day.isoformat()}, #{daily.number} of {daily.cycle_size}):")
        self.say(daily.question.question)
        self.say("Type your answer, or help for the commands.")

    def next_practice(self) -> None:
        self.practice = self.service.practice_question(GUILD)
        self.say("Practice question (not scored):")
        self.say(self.practice.question)
        self.say("Type your answer; next for another one, today to go back to today's question.")

    async def answer(self, text: str) -> None:
        if self.reviewing is not None:
            await self.review_answer(self.reviewing, text)
            return
        if self.practice is not None:
            result = self.service.practice_answer(self.practice.id, text)
            if result.status is AnswerStatus.GRADED and result.grade is not None:
                await self.service.reviews.note_practice(
                    GUILD, self.user_id, self.practice.id, result.grade.verdict
                )
            self.say(_result_text(result, self.service.rules.max_attempts, practice=True))
            return
        result = await self.service.answer(GUILD, self.user_id, text)
        self.say(_result_text(result, self.service.rules.max_attempts, practice=False))

    async def explain(self) -> None:
        qid = self.practice.id if self.practice is not None else None
        reveal = await self.service.explain(GUILD, self.user_id, qid)
        if reveal.question is None:
            self.say("There is no question to explain yet. Type today to see today's question.")
        elif reveal.needs_confirmation:
            self.say(
                "You have not answered yet: seeing the explanation now means today's question earns "
                "you no points. Type explain again to see it anyway."
            )
        else:
            if reveal.forfeits:
                self.say("(Today's question now earns you no points.)")
            self.say(f"Answer: {reveal.question.answer}")
            self.say(f"Explanation: {reveal.question.explanation}")

    async def next_review(self) -> None:
        t = self.t
        prompt, queue = await self.service.reviews.next_card(GUILD, self.user_id)
        self.reviewing = prompt
        if prompt is None:
            if queue.total == 0:
                self.say(t.gettext("No review cards yet: every question you answer becomes one."))
            elif queue.next_due is None:
                self.say(t.gettext("Nothing to review right now."))
            else:
                when = queue.next_due.strftime("%Y-%m-%d %H:%M UTC")
                self.say(t.gettext("Nothing to review right now; the next card is due {when}.", when=when))
            return
        self.say(t.ngettext("Review ({n} card due):", "Review ({n} cards due):", queue.due_now))
        self.say(prompt.question.question)
        self.say(t.gettext("Type your answer; stop to end the review."))

    def stop_review(self) -> None:
        if self.reviewing is None:
            self.say(self.t.gettext("No review is running; type review to start one."))
            return
        self.reviewing = None
        self.say(self.t.gettext("Review stopped. Type today for today's question."))

    async def review_answer(self, prompt: ReviewPrompt, text: str) -> None:
        result = await self.service.reviews.answer(
            GUILD, self.user_id, prompt.question.id, prompt.card.reps, text
        )
        self.say(_review_text(result, self.t))
        if result.status is not ReviewStatus.EMPTY:
            await self.next_review()

    async def stats(self, args: list[str]) -> None:
        from bot.service.progress import sparkline

        t = self.t
        days = int(args[0]) if args and args[0].isdigit() else 30
        if days not in {p.value for p in StatsPeriod} or len(args) > 1:
            self.say(t.gettext("Usage: stats [30|90|365]"))
            return
        chart = await self.service.progress.chart(GUILD, self.user_id, StatsPeriod(days), t, t.gettext("you"))
        path = self.stats_dir / f"studybot-stats-{days}.png"
        await asyncio.to_thread(path.write_bytes, chart.png)
        self.say(t.gettext("Chart written to {path}", path=path))
        self.say("[" + sparkline(chart.stats) + "]")
        self.say(chart.summary)

    async def leaderboard(self, args: list[str]) -> None:
        period, page, problem = _board_args(args)
        if problem:
            self.say(problem)
            return
        board = await self.service.leaderboard(GUILD, period, page)
        self.say(_board_text(board, self.user_id))


# ----------------------------------------------------------------------------- formatting


def _command(text: str) -> tuple[str | None, list[str]]:
    """(command, arguments) when the line is a command, (None, []) when it is an answer.

    A line starting with "/" is always a command; a single word close to a command name is
    treated as a mistyped command rather than graded as an answer.
    """
    words = text.split()
    head = words[0].lower()
    slash = head.startswith(("/", "!"))
    name = ALIASES.get(head.lstrip("/!"), head.lstrip("/!"))
    takes_args = (name == "leaderboard" and len(words) <= 3) or (name == "stats" and len(words) <= 2)
    if name in COMMANDS and (slash or len(words) == 1 or takes_args):
        return name, words[1:]
    if slash or (len(words) == 1 and head.isascii() and difflib.get_close_matches(head, COMMANDS, 1, 0.75)):
        return head, words[1:]
    return None, []


def _unknown(command: str) -> str:
    close = difflib.get_close_matches(command.lstrip("/!"), COMMANDS, 1, 0.6)
    hint = f" Did you mean {close[0]}?" if close else ""
    return (
        f"Unknown command {command!r}.{hint} Type help for the commands; "
        "to answer, write your answer as a sentence."
    )


def _result_text(result: AnswerResult, max_attempts: int, practice: bool) -> str:
    status = result.status
    if status is AnswerStatus.EMPTY:
        return "The reply is empty: type your answer as a sentence or two."
    if status is AnswerStatus.NO_QUESTION:
        return "There is no question to answer right now. Type today to see today's question."
    if status is AnswerStatus.CLOSED:
        return "That question is closed: its day is over. Type today for today's question."
    if status is AnswerStatus.ALREADY_CORRECT:
        return (
            f"You already answered today's question correctly ({result.best_points} points). "
            "Type next for a practice question."
        )
    if status is AnswerStatus.NO_ATTEMPTS_LEFT:
        return (
            f"You have used all {max_attempts} attempts for today's question; your best counts "
            f"({result.best_points} points). Type explain to read the explanation, or next to practise."
        )
    assert result.grade is not None
    return "\n".join(_graded_lines(result, result.grade, practice))


def _graded_lines(result: AnswerResult, grade: Grade, practice: bool) -> list[str]:
    lines = [f"{VERDICT_TEXT[grade.verdict]} (score {grade.score:.0%})"]
    if grade.reason:
        lines.append(grade.reason)
    if grade.found:
        lines.append("Found: " + "; ".join(grade.found))
    if grade.missed:
        lines.append("Missed: " + "; ".join(grade.missed))
    if practice:
        lines.append("Practice: not scored. Type next for another question, explain to see the answer.")
        return lines
    if result.forfeited:
        lines.append("Points: 0 (you saw the explanation first).")
    else:
        lines.append(f"Points: {result.points} (best today: {result.best_points}).")
    if result.streak:
        lines.append(f"Streak: {result.streak} day{'s' if result.streak != 1 else ''}.")
    if grade.verdict is Verdict.CORRECT:
        lines.append("Type next for a practice question, or explain to read the explanation.")
    elif result.attempts_left:
        lines.append(f"Attempts left: {result.attempts_left}. Try again, or type explain.")
    else:
        lines.append("No attempts left. Type explain to read the explanation.")
    return lines


def _review_text(result: ReviewAnswer, t: Translator) -> str:
    if result.status is ReviewStatus.GONE:
        return t.gettext("That question is no longer in the loaded banks.")
    if result.status is ReviewStatus.STALE:
        return t.gettext("That card was already answered; here is the next one.")
    if result.status is ReviewStatus.EMPTY or result.grade is None or result.question is None:
        return t.gettext("The answer is empty: type your answer as a sentence or two, or stop.")
    lines = [f"{VERDICT_TEXT[result.grade.verdict]} (score {result.grade.score:.0%})"]
    if result.grade.missed:
        lines.append(t.gettext("Missed: {points}", points="; ".join(result.grade.missed)))
    lines.append(t.gettext("Answer: {answer}", answer=result.question.answer))
    lines.append(t.gettext("Explanation: {explanation}", explanation=result.question.explanation))
    if result.next_due is not None:
        when = result.next_due.strftime("%Y-%m-%d %H:%M UTC")
        lines.append(t.gettext("This card comes back {when}.", when=when))
    return "\n".join(lines)


def _stats_text(stats: UserStats) -> str:
    rank = f"#{stats.rank}" if stats.rank else "not ranked yet"
    return (
        f"Points: {stats.points}. Answered: {stats.answered}, correct: {stats.correct} "
        f"({stats.accuracy:.0%}). Streak: {stats.streak} (best {stats.best_streak}). Rank: {rank}."
    )


def _board_args(args: list[str]) -> tuple[Period, int, str | None]:
    period, page = Period.ALL, 0
    for arg in args:
        if arg.lower() in {p.value for p in Period}:
            period = Period(arg.lower())
        elif arg.isdigit() and int(arg) >= 1:
            page = int(arg) - 1
        else:
            return period, page, "Usage: leaderboard [all|week|month] [page], e.g. leaderboard week 2"
    return period, page, None


def _board_text(board: LeaderboardPage, user_id: int) -> str:
    title = {Period.ALL: "all time", Period.WEEK: "this week", Period.MONTH: "this month"}[board.period]
    if not board.rows:
        return f"Leaderboard ({title}): nobody has points yet. Answer today's question to be first!"
    lines = [f"Leaderboard ({title}), page {board.page + 1} of {board.pages}:"]
    for row in board.rows:
        who = "you" if row.user_id == user_id else f"user {row.user_id}"
        lines.append(f"{row.rank:>3}. {who}: {row.points} points ({row.correct}/{row.answered} correct)")
    return "\n".join(lines)


# -------------------------------------------------------------------------------- entry


async def run_console(
    service: StudyService, inp: TextIO, out: TextIO, user_id: int = 0, stats_dir: Path | None = None
) -> None:
    """Run the REPL until `quit` or the end of the input."""
    if await service.guild_setup(GUILD) is None:
        await service.setup_guild(
            GuildSetup(guild_id=GUILD, channel_id=0, post_time=time(0, 0), timezone="UTC")
        )
    console = Console(service, out, user_id, stats_dir)
    console.say("studybot console. Type help for the commands.")
    await console.handle("today")
    interactive = inp.isatty()
    while True:
        if interactive:
            out.write("> ")
            out.flush()
        line = await asyncio.to_thread(inp.readline)
        if not line or not await console.handle(line):
            break
    if not line:
        console.say("Bye.")
    await service.reviews.flush()  # the last answers' review cards


async def console_main(
    db_path: str | Path, bank_paths: Sequence[str | Path], inp: TextIO, out: TextIO
) -> int:
    """Open the banks and the database, then run the console; returns an exit code."""
    try:
        holder = await asyncio.to_thread(BankHolder, list(bank_paths))
    except BankError as e:
        out.write("The question banks have problems; fix them and try again:\n")
        out.write("".join(f"  {p}\n" for p in e.problems))
        return 2
    try:
        store = await Store.open(db_path)
    except StoreError as e:
        out.write(f"{e}\n")
        return 2
    try:
        service = StudyService(holder, store, clock=lambda: datetime.now(UTC))
        stats_dir = None if str(db_path) == ":memory:" else Path(db_path).expanduser().parent
        await run_console(service, inp, out, stats_dir=stats_dir)
    finally:
        await store.close()
    return 0
