"""Spaced-repetition review: every answered question becomes a card, FSRS says when it is due.

`StudyService` creates one `ReviewService` (as `service.reviews`) and calls `note_answer` after
every graded daily and quiz answer; front ends call the rest. Review answers are graded like
daily ones but never touch `results`, so the leaderboard cannot change through them.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
from collections.abc import AsyncIterator, Callable, Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from bot.grading.verdict import Verdict
from bot.logs import OutageLog
from bot.model import (
    CONSOLE_GUILD,
    ReminderDue,
    ReviewAnswer,
    ReviewCounts,
    ReviewPrompt,
    ReviewQueue,
    ReviewSettings,
    ReviewStatus,
    ServiceError,
    SlowDown,
)
from bot.rules.cards import ReviewCard
from bot.rules.cooldown import Cooldown
from bot.rules.review import MAX_RETENTION, MIN_RETENTION, new_card, rating_for, review, valid_retention
from bot.rules.schedule import is_valid_zone, local_day
from bot.rules.schedule import zone as zone_info
from bot.store import StoreError
from bot.store.reviews import RateOutcome, RateRequest

if TYPE_CHECKING:
    from bot.service.study import StudyService

log = logging.getLogger(__name__)

SOURCES = ("daily", "quiz", "practice", "review")
_DUE_PAGE = 100  # due cards read at a time while looking for one whose question is loaded
# Ratings kept while the database is away; past this the oldest are dropped (with a warning) so
# a long outage cannot grow memory without bound.
MAX_QUEUED_RATINGS = 5000

KEEP = object()  # "leave this setting as it is" in update_settings


class ReviewService:
    def __init__(self, study: StudyService) -> None:
        self.study = study
        self.store = study.store
        rules = study.rules
        self._pace = Cooldown(rules.answer_burst, rules.answer_refill_s, study._now)
        self._pending: list[RateRequest] = []  # ratings of answers, written by `_writer`
        self._writer: asyncio.Task[None] | None = None
        self.max_queued = MAX_QUEUED_RATINGS
        self._database = OutageLog(log, "review ratings", "kept for the next try")

    def _now(self) -> datetime:
        return self.study._now()

    # ------------------------------------------------------------------------- card updates

    async def note_answer(
        self, guild_id: int, user_id: int, question_id: str, verdict: Verdict, source: str, origin: str
    ) -> None:
        """Rate the user's card for a graded answer (creating the card), shortly after.

        `origin` names the answer (e.g. "daily:2026-03-02"): one origin rates a card once, so a
        second attempt at the same daily, or a retried call, changes nothing. The rating is
        queued and written by one background task, batched with the ratings of other answers
        arriving at the same time: a burst of answers costs one or two more transactions, not
        one per answer, and no answer's reply waits for its card. Never raises: the answer
        itself is already stored, and a card that cannot be updated must not lose it. Ratings
        the database could not take stay queued (up to `max_queued`) for the next write.
        """
        if source not in SOURCES:
            raise ValueError(f"unknown review source {source!r}")
        if self.study.personal.is_erasing(guild_id, user_id):
            return
        self._pending.append(self._request(guild_id, user_id, question_id, verdict, source, origin, None))
        self._trim()
        self._start_writer()

    async def note_practice(self, guild_id: int, user_id: int, question_id: str, verdict: Verdict) -> None:
        """Rate the card for a practice answer (each practice answer is its own origin)."""
        origin = f"practice:{self._now().isoformat()}"
        await self.note_answer(guild_id, user_id, question_id, verdict, "practice", origin)

    def _start_writer(self) -> None:
        if self._pending and (self._writer is None or self._writer.done()):
            self._writer = asyncio.get_running_loop().create_task(self._write_pending())

    async def _write_pending(self) -> None:
        await asyncio.sleep(0)  # answers arriving in the same moment join this batch
        while self._pending:
            batch, self._pending = self._pending, []
            self._database.start_round()
            try:
                await self.store.rate_cards(batch)
            except StoreError as error:
                # The database is away: keep the ratings (a rating is the user's data) and stop
                # until the next answer or flush tries again. One origin rates a card once, so a
                # batch that was written after all is not counted twice.
                self._pending = batch + self._pending
                self._trim()
                self._database.failed(error)
                return
            except Exception:
                log.exception("could not update the review cards of %d answers", len(batch))
            else:
                self._database.end_round()

    def _trim(self) -> None:
        extra = len(self._pending) - self.max_queued
        if extra > 0:
            del self._pending[:extra]
            log.warning(
                "dropped the %d oldest queued review ratings: more than %d waited for the database",
                extra,
                self.max_queued,
            )

    @property
    def queued(self) -> int:
        """Ratings waiting to be written (kept across a database outage)."""
        return len(self._pending)

    async def flush(self) -> None:
        """Try once to write every queued rating, and wait for it (reads that must see them call
        this). Ratings the database could not take stay queued."""
        self._start_writer()
        while self._writer is not None and not self._writer.done():
            await asyncio.shield(self._writer)

    async def close(self) -> int:
        """On shutdown: one last try to write the queued ratings; logs and returns how many were lost."""
        await self.flush()
        lost, self._pending = len(self._pending), []
        if lost:
            log.warning("%d review ratings could not be written before shutdown and are lost", lost)
        return lost

    def drop_queued(self, user_id: int, guild_id: int | None) -> None:
        """Forget the user's queued ratings in the guild (None: every guild), as their data is deleted."""
        self._pending = [
            r for r in self._pending if not (r.user_id == user_id and guild_id in (None, r.guild_id))
        ]

    def _request(
        self,
        guild_id: int,
        user_id: int,
        question_id: str,
        verdict: Verdict,
        source: str,
        origin: str,
        expected_reps: int | None,
    ) -> RateRequest:
        now = self._now()

        def rate(card: ReviewCard | None, retention: float) -> ReviewCard:
            current = card or new_card(guild_id, user_id, question_id, now)
            return review(current, rating_for(verdict, current.last_rating), now, retention)

        return RateRequest(guild_id, user_id, question_id, origin, source, verdict.value, rate, expected_reps)

    async def _rate_now(
        self, guild_id: int, user_id: int, question_id: str, verdict: Verdict, origin: str, reps: int
    ) -> bool:
        """Rate a card shown with `reps` ratings, now (a review answer waits for its outcome)."""
        request = self._request(guild_id, user_id, question_id, verdict, "review", origin, reps)
        (outcome,) = await self.store.rate_cards([request])
        return outcome is RateOutcome.RATED

    # ------------------------------------------------------------------------------ sessions

    async def queue(self, guild_id: int, user_id: int) -> ReviewQueue:
        await self.flush()
        return await self._queue_at(guild_id, user_id, self._now())

    async def _queue_at(self, guild_id: int, user_id: int, now: datetime) -> ReviewQueue:
        """The queue as a session sees it: cards of removed banks are kept but never shown, so
        they are not counted as due, in all, or as the next one due."""
        library = await self.study.guild_library(guild_id)
        cards = await self.store.card_dues(guild_id, user_id)
        dues = [due for qid, due in cards if library.get(qid) is not None]
        later = [due for due in dues if due > now]
        return ReviewQueue(len(dues) - len(later), len(dues), min(later, default=None))

    async def next_card(
        self, guild_id: int, user_id: int, skip: Sequence[str] = ()
    ) -> tuple[ReviewPrompt | None, ReviewQueue]:
        """The most overdue card whose question is still loaded (None when nothing is due).

        `skip` leaves out questions already shown in this session (a card answered Again is due
        again in a minute; the session moves on instead of repeating it at once).
        """
        await self.flush()
        now = self._now()
        queue = await self._queue_at(guild_id, user_id, now)
        library = await self.study.guild_library(guild_id)
        shown = set(skip)
        # Cards of removed banks are kept but never shown: however many of them are due, the
        # first due card whose question is still loaded is the one to show.
        async for question_id in self._due_ids(guild_id, user_id, now):
            question = library.get(question_id)
            if question_id in shown or question is None:
                continue
            card = await self.store.get_card(guild_id, user_id, question_id)
            if card is not None:
                return ReviewPrompt(card, question, queue), queue
        return None, queue

    async def _due_ids(self, guild_id: int, user_id: int, now: datetime) -> AsyncIterator[str]:
        """The question ids of the user's due cards, most overdue first, read a page at a time (a
        huge history costs one short read in the usual case)."""
        for offset in itertools.count(0, _DUE_PAGE):
            page = await self.store.due_question_ids(guild_id, user_id, now, _DUE_PAGE, offset)
            for question_id in page:
                yield question_id
            if len(page) < _DUE_PAGE:
                return

    async def answer(
        self, guild_id: int, user_id: int, question_id: str, reps: int, text: str
    ) -> ReviewAnswer:
        """Grade a review answer to the card shown when it had `reps` ratings, and reschedule it.

        STALE when that showing was already answered (another session, a double click) or the
        card is gone; the leaderboard and results are never touched.
        """
        self._check_pace(guild_id, user_id)
        question = (await self.study.guild_library(guild_id)).get(question_id)
        if question is None:
            return ReviewAnswer(ReviewStatus.GONE)
        if not text.strip():
            return ReviewAnswer(ReviewStatus.EMPTY, question)
        await self.flush()
        card = await self.store.get_card(guild_id, user_id, question_id)
        if card is None or card.reps != reps:
            return ReviewAnswer(ReviewStatus.STALE, question, queue=await self.queue(guild_id, user_id))
        grade = await self.study._grade_reviewed(guild_id, question, text)
        self.study.personal.check_can_store(guild_id, user_id)
        origin = f"review:{reps}"
        if not await self._rate_now(guild_id, user_id, question_id, grade.verdict, origin, reps):
            return ReviewAnswer(ReviewStatus.STALE, question, queue=await self.queue(guild_id, user_id))
        stored = await self.store.get_card(guild_id, user_id, question_id)
        return ReviewAnswer(
            ReviewStatus.GRADED,
            question,
            grade,
            stored.last_rating if stored else None,
            stored.due if stored else None,
            await self.queue(guild_id, user_id),
        )

    def _check_pace(self, guild_id: int, user_id: int) -> None:
        if guild_id == CONSOLE_GUILD:
            return
        wait = self._pace.take(("review", guild_id, user_id))
        if wait > 0:
            raise SlowDown(wait)

    async def counts(self, guild_id: int, user_id: int) -> ReviewCounts:
        await self.flush()
        return await self.store.review_counts(guild_id, user_id)

    # ------------------------------------------------------------------------------ settings

    async def settings(self, guild_id: int, user_id: int) -> ReviewSettings:
        return await self.store.review_settings(guild_id, user_id)

    async def update_settings(
        self,
        guild_id: int,
        user_id: int,
        *,
        reminder_hour: int | object | None = KEEP,
        retention: float | object = KEEP,
        prefer_dm: bool | object = KEEP,
    ) -> ReviewSettings:
        """Change some settings (the others stay); ServiceError for an hour or retention out of range."""
        current = await self.store.review_settings(guild_id, user_id)
        hour = current.reminder_hour if reminder_hour is KEEP else reminder_hour
        if hour is not None and (not isinstance(hour, int) or not 0 <= hour <= 23):
            raise ServiceError("The reminder hour must be a whole hour from 0 to 23.")
        wanted = current.retention if retention is KEEP else retention
        if not isinstance(wanted, int | float) or not valid_retention(float(wanted)):
            raise ServiceError(
                "The target retention must be between {low} and {high}.",
                low=MIN_RETENTION,
                high=MAX_RETENTION,
            )
        dm = current.prefer_dm if prefer_dm is KEEP else bool(prefer_dm)
        updated = ReviewSettings(hour, round(float(wanted), 4), dm, current.last_reminded)
        await self.store.save_review_settings(guild_id, user_id, updated)
        return updated

    # ----------------------------------------------------------------------------- reminders

    async def reminders_due(
        self, now: datetime | None = None, owns: Callable[[int], bool] | None = None
    ) -> list[ReminderDue]:
        """Users to remind now: their hour has come in the guild's zone, not reminded today, cards due.

        Each user is claimed once per local day (also when nothing is due, so the check is not
        repeated every tick); the claim is atomic, so two processes never both remind. `owns`
        (guild id -> bool) leaves out the guilds another shard process runs: claimed here, their
        reminders could not be sent from here and would be lost.
        """
        now = now or self._now()
        await self.flush()  # cards rated a moment ago count
        # Local dates lie within a day of UTC's: rows reminded after that are skipped in SQL,
        # the rest are compared with their own zone's date here, so a claim is written only
        # once per user and day.
        latest = (now + timedelta(days=1)).date()
        due: list[ReminderDue] = []
        for guild_id, user_id, hour, zone, last in await self.store.reminder_candidates(latest):
            if owns is not None and not owns(guild_id):
                continue
            zone = zone if is_valid_zone(zone) else "UTC"
            today = local_day(now, zone)
            if (last is not None and last >= today) or now.astimezone(zone_info(zone)).hour < hour:
                continue
            if not await self.store.claim_reminder(guild_id, user_id, today):
                continue  # another process claimed it first
            queue = await self._queue_at(guild_id, user_id, now)
            if queue.due_now:  # cards of removed banks are never shown, so they remind of nothing
                due.append(ReminderDue(guild_id, user_id, queue.due_now))
        return due
