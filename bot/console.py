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
import unicodedata
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, time
from pathlib import Path
from typing import TextIO

from bot.bank.holder import BankHolder
from bot.bank.model import BankError, Question
from bot.grading.verdict import Grade, Verdict
from bot.i18n import ENGLISH, Translator
from bot.model import AnswerResult, AnswerStatus, GuildSetup, LeaderboardPage, Period, ServiceError, UserStats
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
  leaderboard [all|week|month] [page]
  help                       this list
  quit                       leave (Ctrl-D works too)"""

COMMANDS = ("today", "next", "explain", "score", "leaderboard", "help", "quit")
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
    "stats": "score",
    "rank": "leaderboard",
    "ranking": "leaderboard",
    "bye": "quit",
    "stop": "quit",
    "leave": "quit",
}
# Terminal escape sequences (arrow keys, function keys) and other control characters.
ESCAPES = re.compile(r"\x1b(\[[0-9;?]*[ -/]*[@-~]|O.|.)?|\^\[\[?[0-9;]*[A-Za-z~]|[\x00-\x08\x0b-\x1f\x7f]")

VERDICT_TEXT = {
    Verdict.CORRECT: "Correct!",
    Verdict.PARTIAL: "Partly right.",
    Verdict.WRONG: "Not quite.",
}


class Console:
    def __init__(self, service: StudyService, out: TextIO, user_id: int, t: Translator = ENGLISH) -> None:
        self.service = service
        self.out = out
        self.user_id = user_id
        self.t = t
        self.practice: Question | None = None  # set while answering a practice question

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
        if command is None and (notice := _not_an_answer(text, self.t)) is not None:
            self.say(notice)  # nothing was graded: no attempt is used
            return True
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
            self.practice = None
            await self.show_today()
        elif command == "next":
            self.next_practice()
        elif command == "explain":
            await self.explain()
        elif command == "score":
            self.say(_stats_text(await self.service.score(GUILD, self.user_id)))
        elif command == "leaderboard":
            await self.leaderboard(args)
        else:
            self.say(_unknown(command))

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
        self.say(f"Today's question ({daily.day.isoformat()}, #{daily.number} of {daily.cycle_size}):")
        self.say(daily.question.question)
        self.say("Type your answer, or help for the commands.")

    def next_practice(self) -> None:
        self.practice = self.service.practice_question(GUILD)
        self.say("Practice question (not scored):")
        self.say(self.practice.question)
        self.say("Type your answer; next for another one, today to go back to today's question.")

    async def answer(self, text: str) -> None:
        if self.practice is not None:
            result = self.service.practice_answer(self.practice.id, text)
            self.say(_result_text(result, self.service.rules.max_attempts, practice=True))
            self._say_if_shortened(result)
            return
        result = await self.service.answer(GUILD, self.user_id, text)
        self.say(_result_text(result, self.service.rules.max_attempts, practice=False))
        self._say_if_shortened(result)

    def _say_if_shortened(self, result: AnswerResult) -> None:
        if result.shortened_to:
            self.say(shortened_text(result.shortened_to, self.t))

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

    async def leaderboard(self, args: list[str]) -> None:
        period, page, problem = _board_args(args)
        if problem:
            self.say(problem)
            return
        board = await self.service.leaderboard(GUILD, period, page)
        self.say(_board_text(board, self.user_id))


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
    takes_args = name == "leaderboard" and len(words) <= 3
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


CANCELLED = object()  # Ctrl-C at the prompt: the line is dropped


async def run_console(
    service: StudyService, inp: TextIO, out: TextIO, user_id: int = 0, t: Translator = ENGLISH
) -> None:
    """Run the REPL until `quit` or the end of the input (Ctrl-D)."""
    if await service.guild_setup(GUILD) is None:
        await service.setup_guild(
            GuildSetup(guild_id=GUILD, channel_id=0, post_time=time(0, 0), timezone="UTC")
        )
    console = Console(service, out, user_id, t)
    console.say("studybot console. Type help for the commands.")
    await console.handle("today")
    terminal = _is_terminal(inp, out)
    while True:
        line = _prompt(t) if terminal else await asyncio.to_thread(inp.readline)
        if line is CANCELLED:
            continue
        if not line:
            console.say("Bye.")
            return
        assert isinstance(line, str)
        if not await console.handle(line):
            return


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
    db_path: str | Path, bank_paths: Sequence[str | Path], inp: TextIO, out: TextIO
) -> int:
    """Open the banks and the database, then run the console; returns an exit code."""
    if not _is_terminal(inp, out):
        return await _console_main(db_path, bank_paths, inp, out)
    with _sigint_here_only():
        return await _console_main(db_path, bank_paths, inp, out)


async def _console_main(
    db_path: str | Path, bank_paths: Sequence[str | Path], inp: TextIO, out: TextIO
) -> int:
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
    out.write(ENGLISH.gettext("Database: {path}", path=db_path) + "\n")
    try:
        service = StudyService(holder, store, clock=lambda: datetime.now(UTC))
        if _is_terminal(inp, out):
            with _line_editing(Path(db_path).parent / "console_history"):
                await run_console(service, inp, out)
        else:
            await run_console(service, inp, out)
    finally:
        await store.close()
    return 0


def shortened_text(chars: int, t: Translator) -> str:
    # The same message as the Discord reply's note (bot/discord/render.py), one catalog entry.
    return t.ngettext(
        "Your reply was long: only its first {n} character was graded.",
        "Your reply was long: only its first {n} characters were graded.",
        chars,
    )
