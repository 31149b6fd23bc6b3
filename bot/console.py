"""A terminal front end: today's question, graded answers, scores and practice, no Discord needed.

It plays guild 0 (UTC, no channel) as user 0 and reads one line at a time, so it works both on a
terminal and with any text stream (tests drive it with StringIO).
"""

from __future__ import annotations

import asyncio
import contextlib
import difflib
import re
import signal
import sys
import tempfile
import unicodedata
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, time
from pathlib import Path
from typing import TextIO

from bot.bank.holder import BankHolder
from bot.bank.model import BankError, Question
from bot.grading.verdict import Grade, Verdict
from bot.grading.wording import feedback_lines
from bot.i18n import ENGLISH, N_, Translator, formats
from bot.i18n.phrases import shortened_text
from bot.model import (
    QUESTION_REMOVED,
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
from bot.settings import default_data_dir, is_number
from bot.store import Store, StoreError

GUILD = 0

HELP = N_("""\
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
  quit                       leave (Ctrl-D works too)""")

COMMANDS = ("today", "next", "explain", "score", "leaderboard", "review", "stop", "stats", "help", "quit")
ALIASES = {"exit": "quit", "q": "quit", "lb": "leaderboard", "top": "leaderboard", "?": "help"}
# Words people type at a prompt that are not answers: what each one most likely wants.
PROMPT_WORDS = {
    "clear": "help",
    "cls": "help",
    "ls": "help",
    "dir": "help",
    "cd": "help",
    "menu": "help",
    "commands": "help",
    "hello": "help",
    "hi": "help",
    "hey": "help",
    "start": "today",
    "again": "today",
    "question": "today",
    "skip": "next",
    "another": "next",
    "practice": "next",
    "hint": "explain",
    "answer": "explain",
    "solution": "explain",
    "points": "score",
    "rank": "leaderboard",
    "ranking": "leaderboard",
    "bye": "quit",
    "leave": "quit",
}
# Terminal escape sequences (arrow keys, function keys) and other control characters.
ESCAPES = re.compile(r"\x1b(\[[0-9;?]*[ -/]*[@-~]|O.|.)?|\^\[\[?[0-9;]*[A-Za-z~]|[\x00-\x08\x0b-\x1f\x7f]")

VERDICT_TEXT = {
    Verdict.CORRECT: N_("Correct!"),
    Verdict.PARTIAL: N_("Partly right."),
    Verdict.WRONG: N_("Not quite."),
}


class Console:
    def __init__(
        self,
        service: StudyService,
        out: TextIO,
        user_id: int,
        t: Translator = ENGLISH,
        stats_dir: Path | None = None,
    ) -> None:
        self.service = service
        self.out = out
        self.user_id = user_id
        self.t = t
        self.practice: Question | None = None  # set while answering a practice question
        self.reviewing: ReviewPrompt | None = None  # set while answering a review card
        self.stats_dir = stats_dir or Path(tempfile.gettempdir())

    def say(self, text: str = "") -> None:
        self.out.write(text + "\n")
        self.out.flush()

    # --------------------------------------------------------------------------- dispatch

    async def handle(self, line: str) -> bool:
        """Act on one input line; False when the user wants to leave."""
        text = line.strip()
        if not text:
            self.say(self.t.gettext("Type your answer to the question, or help to see the commands."))
            return True
        command, args = _command(text)
        if command is None and (notice := _not_an_answer(text, self.t)) is not None:
            self.say(notice)  # nothing was graded: no attempt is used
            return True
        if command == "quit":
            self.say(self.t.gettext("Bye."))
            return False
        try:
            if command is None:
                await self.answer(text)
            else:
                await self.run(command, args)
        except ServiceError as e:  # its text is written for the user (slow down, no questions, ...)
            self.say(e.text(self.t))
        return True

    async def run(self, command: str, args: list[str]) -> None:
        if command == "help":
            self.say(self.t.gettext(HELP))
        elif command == "today":
            self.practice = self.reviewing = None
            await self.show_today()
        elif command == "next":
            self.reviewing = None
            self.next_practice()
        elif command == "explain":
            await self.explain()
        elif command == "score":
            self.say(_stats_text(self.t, await self.service.score(GUILD, self.user_id)))
        elif command == "leaderboard":
            await self.leaderboard(args)
        elif command == "review":
            await self.next_review()
        elif command == "stop":
            self.stop_review()
        elif command == "stats":
            await self.stats(args)
        else:
            self.say(_unknown(self.t, command))

    # ----------------------------------------------------------------------------- actions

    async def show_today(self) -> None:
        daily, _ = await self.service.open_day(GUILD)
        if daily.replaced is not None:
            self.say(
                self.t.gettext(
                    "Question {old} is no longer in the loaded banks; today's question is now another one.",
                    old=daily.replaced,
                )
            )
        self.say(
            self.t.gettext(
                "Today's question ({day}, #{number} of {total}):",
                day=formats.day(self.t, daily.day),
                number=daily.number,
                total=daily.cycle_size,
            )
        )
        self.say(daily.question.question)
        self.say(self.t.gettext("Type your answer, or help for the commands."))

    def next_practice(self) -> None:
        self.practice = self.service.practice_question(GUILD)
        self.say(self.t.gettext("Practice question (not scored):"))
        self.say(self.practice.question)
        self.say(
            self.t.gettext("Type your answer; next for another one, today to go back to today's question.")
        )

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
            self.say(_result_text(self.t, result, self.service.rules.max_attempts, practice=True))
            self._say_if_shortened(result)
            return
        result = await self.service.answer(GUILD, self.user_id, text)
        self.say(_result_text(self.t, result, self.service.rules.max_attempts, practice=False))
        self._say_if_shortened(result)

    def _say_if_shortened(self, result: AnswerResult) -> None:
        if result.shortened_to:
            self.say(shortened_text(self.t, result.shortened_to))

    async def explain(self) -> None:
        # The question being answered: a review card's or a practice question's (neither forfeits
        # anything), else today's.
        shown = self.reviewing.question if self.reviewing is not None else self.practice
        reveal = await self.service.explain(GUILD, self.user_id, shown.id if shown is not None else None)
        t = self.t
        if reveal.question is None:
            self.say(t.gettext("There is no question to explain yet. Type today to see today's question."))
        elif reveal.needs_confirmation:
            self.say(
                t.gettext(
                    "You have not answered yet: seeing the explanation now means today's question earns "
                    "you no points. Type explain again to see it anyway."
                )
            )
        else:
            if reveal.forfeits:
                self.say(t.gettext("(Today's question now earns you no points.)"))
            self.say(t.gettext("Answer: {answer}", answer=reveal.question.answer))
            self.say(t.gettext("Explanation: {explanation}", explanation=reveal.question.explanation))

    async def next_review(self) -> None:
        t = self.t
        prompt, queue = await self.service.reviews.next_card(GUILD, self.user_id)
        self.reviewing = prompt
        if prompt is None:  # nothing due: a practice question stays the one being answered
            if queue.total == 0:
                self.say(t.gettext("No review cards yet: every question you answer becomes one."))
            elif queue.next_due is None:
                self.say(t.gettext("Nothing to review right now."))
            else:
                when = formats.moment(t, queue.next_due)
                self.say(t.gettext("Nothing to review right now; the next card is due {when}.", when=when))
            return
        self.practice = None
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
        days = int(args[0]) if args and is_number(args[0]) else 30
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
        period, page, problem = _board_args(self.t, args)
        if problem:
            self.say(problem)
            return
        board = await self.service.leaderboard(GUILD, period, page)
        self.say(_board_text(self.t, board, self.user_id))


# ----------------------------------------------------------------------------- formatting


def _not_an_answer(text: str, t: Translator) -> str | None:
    """What to say instead of grading a line that is clearly no answer, else None.

    Keys the terminal sent as text (arrows as ^[[A), lines without a letter or digit (emoji,
    punctuation) and one or two words that look like a command are never graded, so they cost
    no attempt.
    """
    if ESCAPES.search(text):
        return t.gettext(
            "That line holds keys the terminal sent as text (arrows, function keys); nothing was graded. "
            "Type your answer or a command again."
        )
    if not any(unicodedata.category(c)[0] in "LN" for c in text):
        return t.gettext(
            "There are no words in that line, so it was not graded. Type your answer in words, "
            "or help to see the commands."
        )
    words = text.split()
    if text.startswith(("/", "!")) or len(words) > 2 or not all(w.isascii() for w in words):
        return None
    head = words[0].lower()
    name = ALIASES.get(head, head)
    if name in COMMANDS and len(words) == 2 and name != "leaderboard":
        guess = name  # "next please", "score someone"
    elif len(words) == 1 and head in PROMPT_WORDS:
        guess = PROMPT_WORDS[head]  # "clear", "skip"
    else:
        close = difflib.get_close_matches(head, [*COMMANDS, *PROMPT_WORDS], 1, 0.75)
        if not close or (len(words) == 1 and close[0] in COMMANDS):
            return None  # a single close word is handled (and suggested) as a mistyped command
        guess = PROMPT_WORDS.get(close[0], close[0])
    return t.gettext(
        "Did you mean {command}? Type it on a line of its own. Nothing was graded; to answer, "
        "write your answer as a sentence.",
        command=guess,
    )


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


def _unknown(t: Translator, command: str) -> str:
    close = difflib.get_close_matches(command.lstrip("/!"), COMMANDS, 1, 0.6)
    if close:
        return t.gettext(
            "Unknown command {command}. Did you mean {suggestion}? Type help for the commands; "
            "to answer, write your answer as a sentence.",
            command=repr(command),
            suggestion=close[0],
        )
    return t.gettext(
        "Unknown command {command}. Type help for the commands; to answer, write your answer as a sentence.",
        command=repr(command),
    )


def _result_text(t: Translator, result: AnswerResult, max_attempts: int, practice: bool) -> str:
    status = result.status
    if status is AnswerStatus.EMPTY:
        return t.gettext("The reply is empty: type your answer as a sentence or two.")
    if status is AnswerStatus.NO_QUESTION:
        return t.gettext("There is no question to answer right now. Type today to see today's question.")
    if status is AnswerStatus.QUESTION_GONE:
        return t.gettext(QUESTION_REMOVED)
    if status is AnswerStatus.CLOSED:
        return t.gettext("That question is closed: its day is over. Type today for today's question.")
    if status is AnswerStatus.ALREADY_CORRECT:
        return t.gettext(
            "You already answered today's question correctly ({points} points). "
            "Type next for a practice question.",
            points=result.best_points,
        )
    if status is AnswerStatus.NO_ATTEMPTS_LEFT:
        return t.gettext(
            "You have used all {attempts} attempts for today's question; your best counts "
            "({points} points). Type explain to read the explanation, or next to practise.",
            attempts=max_attempts,
            points=result.best_points,
        )
    assert result.grade is not None
    return "\n".join(_graded_lines(t, result, result.grade, practice))


def _graded_lines(t: Translator, result: AnswerResult, grade: Grade, practice: bool) -> list[str]:
    score = formats.percent(t, grade.score)
    lines = [
        t.gettext("{verdict} (score {score})", verdict=t.gettext(VERDICT_TEXT[grade.verdict]), score=score)
    ]
    lines += feedback_lines(grade, t, grade.language, result.question)
    if practice:
        lines.append(
            t.gettext("Practice: not scored. Type next for another question, explain to see the answer.")
        )
        return lines
    if result.forfeited:
        lines.append(t.gettext("Points: 0 (you saw the explanation first)."))
    else:
        lines.append(
            t.gettext("Points: {points} (best today: {best}).", points=result.points, best=result.best_points)
        )
    if result.streak:
        lines.append(t.ngettext("Streak: {n} day.", "Streak: {n} days.", result.streak))
    if grade.verdict is Verdict.CORRECT:
        lines.append(t.gettext("Type next for a practice question, or explain to read the explanation."))
    elif result.attempts_left:
        lines.append(
            t.gettext("Attempts left: {left}. Try again, or type explain.", left=result.attempts_left)
        )
    else:
        lines.append(t.gettext("No attempts left. Type explain to read the explanation."))
    return lines


def _review_text(result: ReviewAnswer, t: Translator) -> str:
    if result.status is ReviewStatus.GONE:
        return t.gettext("That question is no longer in the loaded banks.")
    if result.status is ReviewStatus.STALE:
        return t.gettext("That card was already answered; here is the next one.")
    if result.status is ReviewStatus.EMPTY or result.grade is None or result.question is None:
        return t.gettext("The answer is empty: type your answer as a sentence or two, or stop.")
    score = formats.percent(t, result.grade.score)
    verdict = t.gettext(VERDICT_TEXT[result.grade.verdict])
    lines = [t.gettext("{verdict} (score {score})", verdict=verdict, score=score)]
    lines += feedback_lines(result.grade, t, result.grade.language, result.question)
    lines.append(t.gettext("Answer: {answer}", answer=result.question.answer))
    lines.append(t.gettext("Explanation: {explanation}", explanation=result.question.explanation))
    if result.next_due is not None:
        when = formats.moment(t, result.next_due)
        lines.append(t.gettext("This card comes back {when}.", when=when))
    return "\n".join(lines)


def _stats_text(t: Translator, stats: UserStats) -> str:
    rank = f"#{stats.rank}" if stats.rank else t.gettext("not ranked yet")
    return t.gettext(
        "Points: {points}. Answered: {answered}, correct: {correct} ({accuracy}). "
        "Streak: {streak} (best {best}). Rank: {rank}.",
        points=formats.number(t, stats.points),
        answered=stats.answered,
        correct=stats.correct,
        accuracy=formats.percent(t, stats.accuracy),
        streak=stats.streak,
        best=stats.best_streak,
        rank=rank,
    )


def _board_args(t: Translator, args: list[str]) -> tuple[Period, int, str | None]:
    period, page = Period.ALL, 0
    for arg in args:
        if arg.lower() in {p.value for p in Period}:
            period = Period(arg.lower())
        elif is_number(arg) and int(arg) >= 1:
            page = int(arg) - 1
        else:
            return (
                period,
                page,
                t.gettext("Usage: leaderboard [all|week|month] [page], e.g. leaderboard week 2"),
            )
    return period, page, None


def _board_text(t: Translator, board: LeaderboardPage, user_id: int) -> str:
    names = {Period.ALL: N_("all time"), Period.WEEK: N_("this week"), Period.MONTH: N_("this month")}
    title = t.gettext(names[board.period])
    if not board.rows:
        return t.gettext(
            "Leaderboard ({period}): nobody has points yet. Answer today's question to be first!",
            period=title,
        )
    lines = [
        t.gettext(
            "Leaderboard ({period}), page {page} of {pages}:",
            period=title,
            page=board.page + 1,
            pages=board.pages,
        )
    ]
    for row in board.rows:
        who = t.gettext("you") if row.user_id == user_id else t.gettext("user {id}", id=row.user_id)
        line = t.gettext(
            "{who}: {points} points ({correct}/{answered} correct)",
            who=who,
            points=row.points,
            correct=row.correct,
            answered=row.answered,
        )
        lines.append(f"{row.rank:>3}. {line}")
    return "\n".join(lines)


# -------------------------------------------------------------------------------- entry


CANCELLED = object()  # Ctrl-C at the prompt: the line is dropped


async def run_console(
    service: StudyService,
    inp: TextIO,
    out: TextIO,
    user_id: int = 0,
    t: Translator = ENGLISH,
    stats_dir: Path | None = None,
) -> None:
    """Run the REPL until `quit` or the end of the input (Ctrl-D)."""
    if await service.guild_setup(GUILD) is None:
        await service.setup_guild(
            GuildSetup(guild_id=GUILD, channel_id=0, post_time=time(0, 0), timezone="UTC")
        )
    console = Console(service, out, user_id, t, stats_dir)
    console.say(t.gettext("studybot console. Type help for the commands."))
    await console.handle("today")
    terminal = _is_terminal(inp, out)
    while True:
        line = _prompt(t) if terminal else await asyncio.to_thread(inp.readline)
        if line is CANCELLED:
            continue
        if not line:
            console.say(t.gettext("Bye."))
            break
        assert isinstance(line, str)
        if not await console.handle(line):
            break
    await service.reviews.close()  # the last answers' review cards


def _is_terminal(inp: TextIO, out: TextIO) -> bool:
    """Reading the real terminal, where input() gives line editing and history (readline)."""
    return inp is sys.stdin and out is sys.stdout and inp.isatty() and out.isatty()


def _prompt(t: Translator) -> str | object:
    """One line from the terminal; CANCELLED after Ctrl-C, "" after Ctrl-D.

    It runs on the event loop's own thread: nothing else runs while the console waits. SIGINT is
    blocked everywhere else (see _sigint_here_only), so Ctrl-C interrupts this read and cancels
    the line instead of the whole console.
    """
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        _mask(signal.SIG_UNBLOCK)
        return input("> ") + "\n"
    except KeyboardInterrupt:
        sys.stdout.write("\n" + t.gettext("(line cancelled; Ctrl-D or quit leaves)") + "\n")
        return CANCELLED
    except EOFError:
        sys.stdout.write("\n")
        return ""
    finally:
        _mask(signal.SIG_BLOCK)
        signal.signal(signal.SIGINT, previous)


def _mask(how: int) -> None:
    if hasattr(signal, "pthread_sigmask"):  # not on Windows, where Ctrl-C reaches input() anyway
        signal.pthread_sigmask(how, {signal.SIGINT})


@contextlib.contextmanager
def _sigint_here_only() -> Iterator[None]:
    """Block SIGINT in this thread, so every thread started from it (the database's, asyncio's
    workers) inherits the block: the kernel then delivers Ctrl-C to this thread, the one waiting
    in input(), whose read it interrupts. A Ctrl-C during other work waits for the next prompt."""
    _mask(signal.SIG_BLOCK)
    try:
        yield
    finally:
        _mask(signal.SIG_UNBLOCK)


@contextlib.contextmanager
def _line_editing(history: Path) -> Iterator[None]:
    """Arrow keys, backspace over wide characters and history through the standard readline
    module, where the platform has it; the history is kept beside the database."""
    try:
        import readline
    except ImportError:  # Windows without pyreadline: plain input() still works
        yield
        return
    with contextlib.suppress(OSError):
        readline.read_history_file(history)
    readline.set_history_length(1000)
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            readline.write_history_file(history)


async def console_main(
    db_path: str | Path,
    bank_paths: Sequence[str | Path],
    inp: TextIO,
    out: TextIO,
    t: Translator = ENGLISH,
) -> int:
    """Open the banks and the database, then run the console; returns an exit code."""
    if not _is_terminal(inp, out):
        return await _console_main(db_path, bank_paths, inp, out, t)
    with _sigint_here_only():
        return await _console_main(db_path, bank_paths, inp, out, t)


def _files_dir(store: Store, db_path: str | Path) -> Path:
    """Where the chart and the line history go: beside a SQLite file; for PostgreSQL, whose URL
    is no folder, the data folder a SQLite file would be in."""
    if store.backend != "postgresql":
        return Path(db_path).expanduser().parent
    folder = default_data_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return Path(tempfile.gettempdir())
    return folder


async def _console_main(
    db_path: str | Path, bank_paths: Sequence[str | Path], inp: TextIO, out: TextIO, t: Translator
) -> int:
    try:
        holder = await asyncio.to_thread(BankHolder, list(bank_paths))
    except BankError as e:
        out.write(t.gettext("The question banks have problems; fix them and try again:") + "\n")
        out.write("".join(f"  {p}\n" for p in e.problems))
        return 2
    try:
        store = await Store.open(db_path)
    except StoreError as e:
        out.write(f"{e}\n")
        return 2
    out.write(t.gettext("Database: {path}", path=store.label) + "\n")  # a URL without its password
    try:
        service = StudyService(holder, store, clock=lambda: datetime.now(UTC))
        files = _files_dir(store, db_path)
        stats_dir = None if str(db_path) == ":memory:" else files
        if _is_terminal(inp, out):
            with _line_editing(files / "console_history"):
                await run_console(service, inp, out, t=t, stats_dir=stats_dir)
        else:
            await run_console(service, inp, out, t=t, stats_dir=stats_dir)
    finally:
        await store.close()
    return 0
