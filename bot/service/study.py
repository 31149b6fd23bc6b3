"""The one API every front end (console, Discord) calls.

It joins the pure parts (bank, grading, rules) to storage. Front ends pass plain ids and text
and get plain values back; they hold no rules and no SQL of their own.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta

from bot.bank.holder import BankHolder
from bot.bank.model import Library, Problem, Question
from bot.grading.grader import Grader
from bot.grading.verdict import Grade, Verdict
from bot.model import (
    CONSOLE_GUILD,
    AnswerResult,
    AnswerStatus,
    Clock,
    Daily,
    DaySummary,
    GuildSetup,
    LeaderboardPage,
    Period,
    QuizAnswerKey,
    QuizReply,
    QuizReplyStatus,
    QuizView,
    Reveal,
    ServiceError,
    SlowDown,
    UserStats,
    gone_question,
)
from bot.rules.cooldown import Cooldown
from bot.rules.cycle import current_cycle, cycle_size, position
from bot.rules.quiz import QuizOutcome, QuizSession
from bot.rules.schedule import is_due, is_valid_zone, local_day, month_start, next_post, week_start
from bot.rules.scoring import attempt_points, attempts_left, keeps_streak
from bot.rules.settings import RuleSettings
from bot.rules.streaks import Streak, extend, shown
from bot.service.disputes import Disputes, can_dispute
from bot.service.graders import GraderCache
from bot.service.leases import ShardLeases
from bot.service.personal import PersonalData
from bot.service.posting import PostClaims
from bot.service.progress import Progress
from bot.service.quizstate import QuizKeeper
from bot.service.reviews import ReviewService
from bot.service.uploads import GuildBanks
from bot.settings import DEFAULT_GRADER_CACHE
from bot.store import AnswerState, DailyRow, ResultRow, Store, StreakRow

log = logging.getLogger(__name__)


# ------------------------------------------------------------------------------------ service


QUIZ_REPLY_KEPT = 4000  # characters of a quiz reply kept for a dispute (the store's limit)


@dataclass(slots=True)
class _QuizRun:
    session: QuizSession
    guild_id: int
    channel_id: int
    started_at: datetime


class StudyService:
    """Daily questions, answers, explanations, scores, practice and quizzes for every guild.

    One instance serves the whole bot. Storage does the atomic writes; this class decides what to
    write. Quiz sessions and explain warnings live in memory only (a restart ends running quizzes).
    """

    def __init__(
        self,
        banks: BankHolder,
        store: Store,
        clock: Clock,
        rules: RuleSettings | None = None,
        *,
        rng: random.Random | None = None,
        grader_cache: int = DEFAULT_GRADER_CACHE,
    ) -> None:
        self.banks = banks
        self.store = store
        self.clock = clock
        self.rules = rules or RuleSettings()
        self._rng = rng or random.Random()
        # One grader per library: guilds without uploads share the bundled library's; those of
        # guilds with uploads are kept for the `grader_cache` most recently used ones.
        self.graders = GraderCache(self.rules.max_reply_chars, grader_cache)
        self._day_locks: dict[int, asyncio.Lock] = {}
        self._warned: set[tuple[int, int, str, date]] = set()
        # Setups by guild: for the synchronous practice_question and for `cached_setup`. Written
        # by every path that reads or changes a setup; `_setup_changes` counts /setup and removals
        # so a due check that read the table before one of them does not bring back stale rows.
        self._setups: dict[int, GuildSetup] = {}
        self._setup_changes = 0
        self._last_practice: dict[int, str] = {}
        self._daily_ids: dict[int, str] = {}  # latest daily question seen per guild
        # The one registry of running quizzes (front ends keep only their timers); the keeper
        # mirrors them into the store so a restart can close them with their standings.
        self._quizzes: dict[tuple[int, int], _QuizRun] = {}
        self.quiz_keeper = QuizKeeper(store)
        self._unsaved: list[_QuizRun] = []  # abandoned quizzes whose standings are not stored yet
        self._pace = Cooldown(self.rules.answer_burst, self.rules.answer_refill_s, self._now)
        self.reviews = ReviewService(self)  # spaced-repetition cards (bot/service/reviews.py)
        self.personal = PersonalData(self)  # /mydata and /forget-me (bot/service/personal.py)
        self.progress = Progress(self)  # /stats (bot/service/progress.py)
        self.claims = PostClaims(store, self._now)  # who posts a daily when shards share the database
        self.leases = ShardLeases(store, self._now, self.claims.owner)  # which process runs a shard
        self.uploads = GuildBanks(banks, store, self._now)  # banks servers uploaded in Discord
        self.disputes = Disputes(self)

    # ------------------------------------------------------------------------------ helpers

    def _now(self) -> datetime:
        now = self.clock()
        if now.tzinfo is None:
            raise ValueError("the clock must return an aware datetime")
        return now.astimezone(UTC)

    def _check_pace(self, kind: str, guild_id: int, user_id: int) -> None:
        """Raise SlowDown when this user answers faster than the rules allow (before any work).

        Guild 0 is the console's: one local user, nobody to crowd out, and a script piping many
        lines must not be refused.
        """
        if guild_id == CONSOLE_GUILD:
            return
        wait = self._pace.take((kind, guild_id, user_id))
        if wait > 0:
            raise SlowDown(wait)

    async def _load_own_material(self) -> None:
        """Once: the guilds' uploaded banks, and which questions have reviewed replies."""
        await self.uploads.load()
        await self.disputes.load()

    def library(self, guild_id: int) -> Library:
        """The guild's questions: the bundled banks plus the banks it uploaded."""
        return self.uploads.library(guild_id)

    async def guild_library(self, guild_id: int) -> Library:
        """`library`, once the uploaded banks have been read from the store."""
        await self._load_own_material()
        return self.library(guild_id)

    def grader(self, guild_id: int | None = None) -> Grader:
        """The grader for the guild's library (the bundled one without a guild), rebuilt on change."""
        library = self.banks.library if guild_id is None else self.library(guild_id)
        if library is self.banks.library:
            return self.graders.bundled(library)
        return self.graders.guild(int(guild_id or 0), library)

    def _grade(self, question: Question, text: str, guild_id: int | None = None) -> Grade:
        return self.grader(guild_id).grade(question, text[: self.rules.max_reply_chars])

    async def _grade_reviewed(self, guild_id: int, question: Question, text: str) -> Grade:
        """The grade, adjusted by the guild's reviewed replies to the question (decided disputes)."""
        grade = await asyncio.to_thread(self._grade, question, text, guild_id)
        return await self.disputes.adjust(guild_id, question.id, text[: self.rules.max_reply_chars], grade)

    def _known(self, question_id: str | None, guild_id: int = CONSOLE_GUILD) -> Question | None:
        """The guild's question with this id; None without an id or for one no bank has."""
        return self.library(guild_id).get(question_id) if question_id else None

    def _local_today(self, setup: GuildSetup | None) -> date:
        """The guild's local date now; UTC's for a guild without a setup."""
        return local_day(self._now(), setup.timezone if setup else "UTC")

    async def _posted_later(self, setup: GuildSetup, today: date) -> date | None:
        """The day of a posted daily dated after the local `today`: after a post, a zone moved back
        across midnight makes the local date the day before the post's. That question stays the
        open one until the local date catches up (no other daily is posted before then). Asked
        only when `today` has no daily, so an answer on an ordinary day costs no extra read."""
        latest = await self.store.latest_posted_day(setup.guild_id)
        return latest if latest is not None and latest > today else None

    def _bank_ids(self, setup: GuildSetup) -> list[str]:
        return [q.id for q in self.library(setup.guild_id).questions(setup.banks or None)]

    async def reload_banks(self) -> list[Problem]:
        """Re-read the bank files; an empty list means the new banks are in use."""
        return await asyncio.to_thread(self.banks.reload)

    # -------------------------------------------------------------------------------- setup

    async def setup_guild(self, setup: GuildSetup) -> None:
        if not is_valid_zone(setup.timezone):
            raise ServiceError(
                "Unknown time zone {zone}. Use an IANA name such as Europe/Berlin, "
                "America/New_York or Asia/Shanghai.",
                zone=repr(setup.timezone),
            )
        await self._load_own_material()
        library = self.library(setup.guild_id)
        unknown = [b for b in setup.banks if library.bank(b) is None]
        if unknown:
            known = ", ".join(b.name for b in library.banks) or "none loaded"
            raise ServiceError(
                "Unknown bank(s): {unknown}. Loaded banks: {known}.", unknown=", ".join(unknown), known=known
            )
        await self.store.save_guild(setup)
        self._setups[setup.guild_id] = setup
        self._setup_changes += 1

    async def remove_uploaded_bank(self, guild_id: int, name: str) -> bool:
        """Remove a bank the server uploaded (False when it had none of that name). A setup that
        chose it stops choosing it (all banks when it was the only one): the daily post would
        find no questions, and every later /setup would be refused over the missing bank."""
        removed = await self.uploads.remove(guild_id, name)
        setup = await self.guild_setup(guild_id)
        if setup is not None and name in setup.banks:
            await self.setup_guild(replace(setup, banks=tuple(b for b in setup.banks if b != name)))
        return removed

    async def guild_setup(self, guild_id: int) -> GuildSetup | None:
        """The guild's setup as stored (None without one); also refreshes the cache."""
        await self._load_own_material()
        changes = self._setup_changes
        setup = _usable(await self.store.get_guild(guild_id))
        if changes != self._setup_changes:
            return setup  # a /setup or removal ran meanwhile and set the cache itself
        if setup is None:
            self._setups.pop(guild_id, None)
        else:
            self._setups[guild_id] = setup
        return setup

    async def cached_setup(self, guild_id: int) -> GuildSetup | None:
        """The guild's setup from memory, reading the database only when it is not cached.

        For hot paths (every answer, the /answer check) that must not queue behind other store
        calls. The cache is kept by `setup_guild`, `forget_guild` and `guild_setup` in this
        process, and refreshed for every guild by `due_guilds` (each scheduler tick), so a change
        made by another process on the same file shows within one tick. A guild without a setup
        is not cached: it is looked up each time, so a new /setup is seen at once.
        """
        cached = self._setups.get(guild_id)
        return cached if cached is not None else await self.guild_setup(guild_id)

    async def forget_guild(self, guild_id: int) -> None:
        """The bot left the guild: drop its setup and quizzes; its dailies and scores are kept."""
        await self.store.delete_guild(guild_id)
        self._setups.pop(guild_id, None)
        self._setup_changes += 1
        for key in [k for k in self._quizzes if k[0] == guild_id]:
            del self._quizzes[key]

    async def _require_setup(self, guild_id: int) -> GuildSetup:
        setup = await self.guild_setup(guild_id)
        if setup is None:
            raise ServiceError("This server has no daily question set up yet; an admin can run /setup.")
        return setup

    # -------------------------------------------------------------------------------- daily

    async def due_guilds(self, now: datetime | None = None) -> list[GuildSetup]:
        """Guilds whose local post time has been reached today and whose daily is not posted yet.

        Guilds without a channel (channel id 0, such as the console's) are never due. A guild whose
        latest posted daily is dated today or later (a time zone moved back across midnight) is
        not due either. Also refreshes the setup cache (see `cached_setup`) from the database.
        """
        now = now or self._now()
        changes = self._setup_changes
        stored = await self.store.list_guilds()
        posted = await self.store.last_posted_days()  # one query for every guild, not one each
        setups = [s for s in map(_usable, stored) if s is not None]
        if changes == self._setup_changes:  # no /setup or removal raced the reads: refresh all
            self._setups = {s.guild_id: s for s in setups}
        return [
            s
            for s in setups
            if s.channel_id != 0 and is_due(now, s.timezone, s.post_time, posted.get(s.guild_id))
        ]

    async def next_post_at(self, guild_id: int) -> datetime | None:
        """When the guild's next daily should be posted (UTC); None without a setup."""
        setup = await self.guild_setup(guild_id)
        if setup is None:
            return None
        latest = await self.store.latest_posted_day(guild_id)
        return next_post(self._now(), setup.timezone, setup.post_time, latest)

    async def open_day(self, guild_id: int) -> tuple[Daily, DaySummary | None]:
        """Today's daily (chosen once and stored) and the previous daily's summary if still open.

        When several earlier dailies are still open (the bot was down), the older ones are closed
        quietly and only the latest is summarized. Raises ServiceError without a setup or questions.
        """
        setup = await self._require_setup(guild_id)
        today = local_day(self._now(), setup.timezone)
        daily = await self._ensure_daily(setup, today)
        summary = None
        earlier = await self.store.open_dailies_before(guild_id, today)
        for row in earlier[:-1]:
            await self.store.set_daily_closed(guild_id, row.day)
        if earlier:
            summary = await self._summary(setup, earlier[-1])
        return daily, summary

    async def _ensure_daily(self, setup: GuildSetup, day: date) -> Daily:
        lock = self._day_locks.setdefault(setup.guild_id, asyncio.Lock())
        async with lock:
            row = await self.store.get_daily(setup.guild_id, day)
            if row is None:
                history = await self.store.posted_questions(setup.guild_id)
                pos = position(setup.guild_id, history, self._bank_ids(setup))
                if pos.next_id is None:
                    raise ServiceError(
                        "There are no questions to ask: the chosen banks are empty or not loaded. "
                        "Check the bank files or choose other banks with /setup."
                    )
                # The store keeps the first row for a day, so another process racing us wins cleanly.
                row = await self.store.create_daily(setup.guild_id, day, pos.next_id, pos.cycle, pos.number)
            gone = None
            if row.message_id is None and self.library(setup.guild_id).get(row.question_id) is None:
                gone, row = row.question_id, await self._move_on(setup, row)
        self._daily_ids[setup.guild_id] = row.question_id
        daily = await self._daily(setup, row)
        return daily if gone is None or row.question_id == gone else replace(daily, replaced=gone)

    async def _move_on(self, setup: GuildSetup, row: DailyRow) -> DailyRow:
        """Today's question left the banks before it was posted: take the next one that exists."""
        history = await self.store.posted_questions(setup.guild_id)
        pos = position(setup.guild_id, history, self._bank_ids(setup))
        if pos.next_id is None:
            return row
        moved = await self.store.replace_daily_question(
            setup.guild_id, row.day, row.question_id, pos.next_id, pos.cycle, pos.number
        )
        return moved or row

    async def _daily(self, setup: GuildSetup, row: DailyRow) -> Daily:
        history = await self.store.posted_questions(setup.guild_id)
        return Daily(
            guild_id=row.guild_id,
            day=row.day,
            question=self._question_or_placeholder(row.question_id, setup.guild_id),
            number=row.number,
            cycle_size=max(row.number, cycle_size(history, row.cycle, self._bank_ids(setup))),
            channel_id=row.channel_id,
            message_id=row.message_id,
            thread_id=row.thread_id,
            closed=row.closed,
        )

    def _question_or_placeholder(self, question_id: str, guild_id: int) -> Question:
        found = self.library(guild_id).get(question_id)
        return found if found is not None else gone_question(question_id)

    async def _summary(self, setup: GuildSetup, row: DailyRow) -> DaySummary:
        counts = await self.store.day_summary(setup.guild_id, row.question_id, row.day)
        return DaySummary(
            daily=await self._daily(setup, row), answered=counts.answered, correct=counts.correct
        )

    async def mark_posted(
        self, guild_id: int, day: date, channel_id: int, message_id: int, thread_id: int | None = None
    ) -> None:
        await self.store.set_daily_posted(guild_id, day, channel_id, message_id, thread_id)

    async def mark_closed(self, guild_id: int, day: date) -> bool:
        """Close a daily; True only for the call that closed it (post the summary once)."""
        return await self.store.set_daily_closed(guild_id, day)

    async def today(self, guild_id: int) -> Daily | None:
        """Today's daily if it was already chosen; never chooses one."""
        setup = await self.cached_setup(guild_id)
        if setup is None:
            return None
        day = local_day(self._now(), setup.timezone)
        row = await self.store.get_daily(guild_id, day)
        if row is None and (later := await self._posted_later(setup, day)) is not None:
            row = await self.store.get_daily(guild_id, later)
        if row is None:
            return None
        self._daily_ids[guild_id] = row.question_id
        return await self._daily(setup, row)

    async def unused_left(self, guild_id: int) -> int:
        """Questions of the guild's banks not yet given in the current cycle."""
        setup = await self.guild_setup(guild_id)
        if setup is None:
            return 0
        history = await self.store.posted_questions(guild_id)
        _, used = current_cycle(history)
        return len(set(self._bank_ids(setup)) - set(used))

    async def low_unused(self, guild_id: int) -> int | None:
        """The questions left in the cycle when few enough that admins should add more; else None."""
        left = await self.unused_left(guild_id)
        return left if left < self.rules.warn_when_unused_below else None

    # ------------------------------------------------------------------------------ answers

    async def answer(
        self, guild_id: int, user_id: int, text: str, question_id: str | None = None
    ) -> AnswerResult:
        """Grade a reply to today's daily and store it with its points and the streak.

        Raises SlowDown (a ServiceError) when the user answers too often in a short time.
        """
        self._check_pace("daily", guild_id, user_id)
        setup = await self.cached_setup(guild_id)
        if setup is None:
            return AnswerResult(AnswerStatus.NO_QUESTION)
        day, state = await self._answer_state(setup, user_id)
        target = await self._target(setup, state.daily, question_id)
        if isinstance(target, AnswerStatus):
            return AnswerResult(target, question=self._known(question_id, guild_id))
        _, question = target
        left = self.rules.max_attempts
        result = state.result
        if result is not None:
            left = attempts_left(result.attempts, self.rules)
        if not text.strip():
            return AnswerResult(AnswerStatus.EMPTY, question, _EMPTY_GRADE, attempts_left=left)
        refused = self._refusal(result)
        if refused is not None:
            return AnswerResult(refused, question, attempts_left=left, best_points=_best(result))
        grade = await self._grade_reviewed(guild_id, question, text)
        return await self._record(setup, user_id, day, question, grade, text, result, state.streak)

    async def _answer_state(self, setup: GuildSetup, user_id: int) -> tuple[date, AnswerState]:
        """The open daily's day, and its daily, this user's result and streak in one read (answers
        share one connection, so every round trip saved is waiting time saved for everyone)."""
        day = local_day(self._now(), setup.timezone)
        state = await self.store.answer_state(setup.guild_id, user_id, day)
        if state.daily is None and (later := await self._posted_later(setup, day)) is not None:
            day, state = later, await self.store.answer_state(setup.guild_id, user_id, later)
        return day, state

    async def _target(
        self, setup: GuildSetup, row: DailyRow | None, question_id: str | None
    ) -> tuple[DailyRow, Question] | AnswerStatus:
        if question_id is not None and (row is None or row.question_id != question_id):
            history = await self.store.posted_questions(setup.guild_id)
            was_daily = any(q == question_id for _, q in history)
            return AnswerStatus.CLOSED if was_daily else AnswerStatus.NO_QUESTION
        if row is None:
            return AnswerStatus.NO_QUESTION
        if row.closed:
            return AnswerStatus.CLOSED
        question = self.library(setup.guild_id).get(row.question_id)
        return AnswerStatus.QUESTION_GONE if question is None else (row, question)

    def _refusal(self, result: ResultRow | None) -> AnswerStatus | None:
        if result is None:
            return None
        if result.attempts >= self.rules.max_attempts:
            return AnswerStatus.NO_ATTEMPTS_LEFT
        if result.best_verdict == Verdict.CORRECT.value:
            return AnswerStatus.ALREADY_CORRECT
        return None

    async def _record(
        self,
        setup: GuildSetup,
        user_id: int,
        day: date,
        question: Question,
        grade: Grade,
        text: str,
        result: ResultRow | None,
        stored: StreakRow,
    ) -> AnswerResult:
        # Any attempt after seeing the explanation earns nothing, revealed before or after answering.
        forfeited = result is not None and result.revealed
        before = _as_streak(stored)
        counts = keeps_streak(grade.verdict, self.rules) and not forfeited
        after = extend(before, day) if counts else before
        points = attempt_points(grade.verdict, after.current, forfeited, self.rules)
        self.personal.check_can_store(setup.guild_id, user_id)
        outcome = await self.store.record_attempt(
            setup.guild_id,
            user_id,
            question.id,
            day,
            text[: self.rules.max_reply_chars],
            grade.verdict.value,
            grade.score,
            points,
            self.rules.max_attempts,
            after if counts else None,
        )
        if outcome.refused is not None:  # a parallel reply got there first
            status = AnswerStatus(outcome.refused.value)
            return AnswerResult(status, question, attempts_left=0, best_points=outcome.best_points)
        # The first attempt at a daily rates its review card; later ones have seen the feedback.
        origin = f"daily:{day.isoformat()}"
        await self.reviews.note_answer(setup.guild_id, user_id, question.id, grade.verdict, "daily", origin)
        return AnswerResult(
            status=AnswerStatus.GRADED,
            question=question,
            grade=grade,
            points=outcome.points,
            best_points=outcome.best_points,
            attempt=outcome.attempt_no,
            attempts_left=attempts_left(outcome.attempts_used, self.rules),
            streak=shown(after, day),
            forfeited=forfeited or outcome.forfeited,
            shortened_to=self._shortened_to(text),
            disputable=can_dispute(grade.verdict, forfeited or outcome.forfeited),
        )

    async def explain(
        self, guild_id: int, user_id: int, question_id: str | None = None, confirm: bool = False
    ) -> Reveal:
        """Show the explanation; for an unanswered daily, warn once first (it forfeits the points).

        A question that is not today's daily (a practice question, an earlier daily) is revealed
        at once: no points depend on it.
        """
        setup = await self.cached_setup(guild_id)
        if setup is None:
            return Reveal(self._known(question_id, guild_id))
        day, state = await self._answer_state(setup, user_id)
        row = state.daily
        if row is None or row.closed or (question_id is not None and question_id != row.question_id):
            return Reveal(self._known(question_id, guild_id))
        question = self.library(guild_id).get(row.question_id)
        if question is None:
            return Reveal(None)
        result = state.result
        unanswered = result is None or (result.attempts == 0 and not result.revealed)
        key = (guild_id, user_id, question.id, day)
        if unanswered and not confirm and key not in self._warned:
            self._forget_old_warnings(day)
            self._warned.add(key)
            return Reveal(question, needs_confirmation=True, forfeits=True)
        self._warned.discard(key)
        await self.store.mark_revealed(guild_id, user_id, question.id, day)
        return Reveal(question, forfeits=unanswered)

    def _forget_old_warnings(self, today: date) -> None:
        # Warnings only matter for today's daily; drop older ones so the set stays small.
        if len(self._warned) > 1000:
            self._warned = {k for k in self._warned if k[3] >= today - timedelta(days=1)}

    # ------------------------------------------------------------------------------- scores

    async def score(self, guild_id: int, user_id: int) -> UserStats:
        """All-time points, accuracy, rank and the streak as it stands today."""
        setup = await self.cached_setup(guild_id)
        stats = await self.store.user_stats(guild_id, user_id)
        today = self._local_today(setup)
        stored = await self.store.get_streak(guild_id, user_id)
        streak = shown(_as_streak(stored), today)
        return replace(stats, streak=streak)

    async def leaderboard(
        self, guild_id: int, period: Period = Period.ALL, page: int = 0, per_page: int = 10
    ) -> LeaderboardPage:
        """One page of the ranking; week and month start on the guild's local Monday / 1st."""
        per_page = max(1, min(per_page, 50))
        setup = await self.cached_setup(guild_id)
        today = self._local_today(setup)
        since = {Period.ALL: None, Period.WEEK: week_start(today), Period.MONTH: month_start(today)}[
            Period(period)
        ]
        # Counting the ranked users is most of a page's cost: ask for the page directly and only
        # read again when it lies past the end (the board shrank, or a stale page number).
        page = max(0, page)
        rows, total = await self.store.leaderboard(guild_id, since, per_page, page * per_page)
        pages = _page_count(total, per_page)
        if page > pages - 1:
            page = pages - 1
            rows, total = await self.store.leaderboard(guild_id, since, per_page, page * per_page)
            pages = _page_count(total, per_page)
            page = min(page, pages - 1)
        return LeaderboardPage(period=Period(period), rows=tuple(rows), page=page, pages=pages)

    # ----------------------------------------------------------------------------- practice

    def practice_question(
        self, guild_id: int, banks: Sequence[str] | None = None, topic: str | None = None
    ) -> Question:
        """A random question; not today's daily, nor the previous practice one, when there is a choice.

        `banks` defaults to the guild's chosen banks. Raises ServiceError when nothing matches.
        """
        pool = self._pool(guild_id, banks, topic)
        # Practising today's daily would give its answer away, so it is left out when possible.
        daily, last = self._daily_ids.get(guild_id), self._last_practice.get(guild_id)
        choices = [q for q in pool if q.id not in (daily, last)] or [q for q in pool if q.id != daily] or pool
        question = self._rng.choice(choices)
        self._last_practice[guild_id] = question.id
        return question

    def _pool(self, guild_id: int, banks: Sequence[str] | None, topic: str | None) -> list[Question]:
        setup = self._setups.get(guild_id)
        chosen = list(banks) if banks else list(setup.banks) if setup else []
        pool = self.library(guild_id).questions(chosen or None, topic or None)
        if not pool:
            if topic:
                raise ServiceError(
                    "No questions on topic {topic} in the chosen banks. Try another topic or bank.",
                    topic=repr(topic),
                )
            raise ServiceError("No questions in the chosen banks. Try another topic or bank.")
        return pool

    def _shortened_to(self, text: str) -> int:
        limit = self.rules.max_reply_chars
        return limit if len(text.strip()) > limit else 0

    def practice_answer(self, question_id: str, text: str, guild_id: int = CONSOLE_GUILD) -> AnswerResult:
        """Grade a practice reply the same way as a daily one; nothing is stored or scored."""
        question = self.library(guild_id).get(question_id)
        if question is None:
            return AnswerResult(AnswerStatus.NO_QUESTION)
        if not text.strip():
            return AnswerResult(AnswerStatus.EMPTY, question, _EMPTY_GRADE)
        return AnswerResult(
            AnswerStatus.GRADED,
            question,
            self._grade(question, text, guild_id),
            attempt=1,
            shortened_to=self._shortened_to(text),
        )

    # -------------------------------------------------------------------------------- quizzes

    async def begin_quiz(
        self,
        guild_id: int,
        channel_id: int,
        banks: Sequence[str] | None = None,
        topic: str | None = None,
        count: int | None = None,
        time_limit_s: int | None = None,
    ) -> QuizView:
        """Start a quiz in a channel and keep it in the store until it ends (see
        close_interrupted_quizzes); ServiceError if one is running there or nothing matches.

        A quiz whose current question ran out long ago (nobody moved it on) counts as abandoned:
        it is finished and the new quiz starts; its standings are stored by the next quiz call
        that ends a quiz.
        """
        pool = self._pool(guild_id, banks, topic)
        now = self._now()
        run = self._quizzes.get((guild_id, channel_id))
        if run is not None:
            idle = timedelta(seconds=self.rules.quiz_abandon_after_s)
            if not run.session.timed_out(now - idle):
                raise ServiceError(
                    "A quiz is already running in this channel; stop it first or wait for it to end."
                )
            run.session.stop()
            self._unsaved.append(run)
        count = max(1, min(count or self.rules.quiz_count, self.rules.quiz_max_count))
        wanted = time_limit_s or self.rules.quiz_time_limit_s
        limit = max(self.rules.quiz_min_time_limit_s, min(wanted, self.rules.quiz_max_time_limit_s))
        # Quiz answers are shown after each question, so today's daily stays out when possible.
        daily = self._daily_ids.get(guild_id)
        pool = [q for q in pool if q.id != daily] or pool
        chosen = self._rng.sample(pool, min(count, len(pool)))
        session = QuizSession(chosen, timedelta(seconds=limit), now, self.rules.quiz_points)
        run = _QuizRun(session, guild_id, channel_id, now)
        # Registered before the first await, so a second start in the channel meanwhile is refused.
        self._quizzes[(guild_id, channel_id)] = run
        view = _quiz_view(run)
        await self.quiz_keeper.started(guild_id, channel_id, run.started_at, run.session)
        return view

    async def close_interrupted_quizzes(self, owns: Callable[[int], bool] | None = None) -> list[QuizView]:
        """Quizzes a stopped process left in the store end now with the standings they had; their
        results are stored and returned (finished, with standings) for the channels to be told.
        `owns` (guild id -> bool) leaves out the guilds of other shard processes, whose quizzes run."""
        return await self.quiz_keeper.close_interrupted(set(self._quizzes), owns)

    def quiz(self, guild_id: int, channel_id: int) -> QuizView | None:
        """The channel's running quiz, or None."""
        run = self._quizzes.get((guild_id, channel_id))
        return None if run is None else _quiz_view(run)

    async def quiz_answer(
        self, guild_id: int, channel_id: int, user_id: int, text: str, number: int | None = None
    ) -> QuizReply:
        """Grade a quiz reply; raises SlowDown (a ServiceError) when the user replies too often.

        A reply made for question `number` (the Answer button's modal) is too late (TIMED_OUT)
        once that question is no longer the open one, rather than counting for the next.
        """
        self._check_pace("quiz", guild_id, user_id)
        run = self._quizzes.get((guild_id, channel_id))
        question = None if run is None else run.session.current()
        if run is None or question is None:
            return QuizReply(QuizReplyStatus.NO_QUIZ if number is None else QuizReplyStatus.TIMED_OUT)
        asked = run.session.number
        if number is not None and number != asked:
            return QuizReply(QuizReplyStatus.TIMED_OUT)
        if not text.strip():
            return QuizReply(QuizReplyStatus.EMPTY, question, _EMPTY_GRADE)
        now = self._now()
        if run.session.timed_out(now):
            return QuizReply(QuizReplyStatus.TIMED_OUT, question)
        grade = await self._grade_reviewed(guild_id, question, text)
        if run.session.number != asked:  # the quiz moved on while this reply was graded
            return QuizReply(QuizReplyStatus.TIMED_OUT, question)
        answered_at = self._now()
        self.personal.check_can_store(guild_id, user_id)
        number = asked
        outcome = run.session.answer(user_id, grade.verdict, answered_at)
        points = run.session.points if outcome is QuizOutcome.SCORED else 0
        answer = None
        if outcome in (QuizOutcome.SCORED, QuizOutcome.NOT_CORRECT):
            answer = await self._keep_quiz_answer(
                run, number, user_id, question.id, text, grade, points, answered_at
            )
            scored_at = answered_at if outcome is QuizOutcome.SCORED else None
            await self.quiz_keeper.answered(guild_id, channel_id, user_id, run.session, scored_at)
        if outcome is not QuizOutcome.TIMED_OUT and outcome is not QuizOutcome.FINISHED:
            origin = f"quiz:{channel_id}:{run.started_at.isoformat()}:{number}"
            await self.reviews.note_answer(guild_id, user_id, question.id, grade.verdict, "quiz", origin)
        status = (
            QuizReplyStatus(outcome.value) if outcome is not QuizOutcome.FINISHED else QuizReplyStatus.NO_QUIZ
        )
        total = next((s.points for s in run.session.ranking() if s.user_id == user_id), 0)
        disputable = answer is not None and can_dispute(grade.verdict, forfeited=False)
        return QuizReply(status, question, grade, points, total, answer, disputable)

    async def _keep_quiz_answer(
        self,
        run: _QuizRun,
        number: int,
        user_id: int,
        question_id: str,
        text: str,
        grade: Grade,
        points: int,
        answered_at: datetime,
    ) -> QuizAnswerKey | None:
        """Store a graded quiz reply so it can be disputed; its key, or None if it was not kept."""
        key = QuizAnswerKey(run.channel_id, run.started_at, number)
        attempt = await self.store.save_quiz_answer(
            run.guild_id, user_id, key, question_id, text.strip()[:QUIZ_REPLY_KEPT],
            grade.verdict.value, min(1.0, max(0.0, grade.score)), points, answered_at,
        )  # fmt: skip
        return None if attempt is None else replace(key, attempt_no=attempt)

    def quiz_run(self, guild_id: int, channel_id: int, started_at: datetime) -> _QuizRun | None:
        """The quiz held in memory that started in the channel at `started_at` (running, or
        finished with its standings not stored yet), or None."""
        held = [self._quizzes.get((guild_id, channel_id)), *self._unsaved]
        key = (guild_id, channel_id, started_at)
        return next(
            (r for r in held if r is not None and (r.guild_id, r.channel_id, r.started_at) == key), None
        )

    async def quiz_next(self, guild_id: int, channel_id: int) -> QuizView | None:
        """Move on; after the last question the quiz ends and its standings are stored."""
        run = self._quizzes.get((guild_id, channel_id))
        if run is None:
            return None
        if run.session.next(self._now()) is None:
            return await self._finish(run)
        await self.quiz_keeper.moved(guild_id, channel_id, run.session)
        return _quiz_view(run)

    async def quiz_stop(self, guild_id: int, channel_id: int) -> QuizView | None:
        """End the channel's quiz now; returns the final standings (None if no quiz ran)."""
        run = self._quizzes.get((guild_id, channel_id))
        if run is None:
            return None
        run.session.stop()
        return await self._finish(run)

    async def _finish(self, run: _QuizRun) -> QuizView:
        if self._quizzes.get((run.guild_id, run.channel_id)) is run:
            del self._quizzes[(run.guild_id, run.channel_id)]
            await self.quiz_keeper.ended(run.guild_id, run.channel_id)
        for done in [*self._unsaved, run]:
            standings = done.session.ranking()
            if standings:
                await self.store.record_quiz(done.guild_id, done.channel_id, done.started_at, standings)
        self._unsaved.clear()
        return _quiz_view(run)


_EMPTY_GRADE = Grade(Verdict.WRONG, 0.0, reason="The reply is empty: type your answer as a sentence or two.")


def _usable(setup: GuildSetup | None) -> GuildSetup | None:
    """The setup, with UTC instead of a time zone this system does not know (e.g. older tzdata).

    One bad row must not stop daily questions for every other guild.
    """
    if setup is None or is_valid_zone(setup.timezone):
        return setup
    log.warning("guild %s has unknown time zone %r; using UTC", setup.guild_id, setup.timezone)
    return replace(setup, timezone="UTC")


def _as_streak(stored: StreakRow) -> Streak:
    return Streak(stored.current, stored.best, stored.last_day)


def _page_count(total: int, per_page: int) -> int:
    """Pages needed for `total` rows (rounded up); at least one, so an empty board has a page."""
    return max(1, -(-total // per_page))


def _best(result: ResultRow | None) -> int:
    return 0 if result is None else result.best_points


def _quiz_view(run: _QuizRun) -> QuizView:
    s = run.session
    done = s.finished
    return QuizView(
        guild_id=run.guild_id,
        channel_id=run.channel_id,
        question=s.current(),
        number=s.number,
        total=s.total,
        deadline=None if done else s.deadline,
        time_limit_s=int(s.time_limit.total_seconds()),
        finished=done,
        standings=tuple(s.ranking()) if done else (),
    )
