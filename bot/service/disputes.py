"""Disputes of a grade, moderators' decisions, and the reviewed replies they leave behind.

A user disputes one graded daily or quiz answer (one dispute per answer, by the store's key; quiz
answers: bot.service.quiz_disputes); a moderator
accepts it as correct or partial, or rejects it. An acceptance regrades that attempt and
recomputes the user's points and streak from their results (bot.rules.rescore), so the totals are
what they would be had the answer been graded that way; the store writes it all in one
transaction that only the first decision gets to make. Decided disputes are the server's reviewed
replies to their question: later grades of that question pass through bot.grading.reviewed.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from bot.grading.reviewed import ReviewedReply, adjust, reviewed_from
from bot.grading.verdict import Grade, Verdict
from bot.model import Decision, Dispute, DisputePage, DisputeStatus, QuizAnswerKey, ServiceError
from bot.rules.rescore import DayResult, best_attempt, rescore
from bot.rules.scoring import attempt_points
from bot.service.quiz_disputes import QuizDisputes
from bot.store.own_material import DecideRefusal, DecisionWrite, ResultChange
from bot.store.rows import AttemptRow, ResultRow, StreakRow

if TYPE_CHECKING:
    from bot.service.study import StudyService

log = logging.getLogger(__name__)

MAX_NOTE_CHARS = 300
DECIDE_TRIES = 5  # reads again when the user answered between reading and writing


def can_dispute(verdict: Verdict, forfeited: bool) -> bool:
    """Whether a just graded answer can be disputed: not fully correct and scored (the explanation
    was not seen). `open`, `open_quiz` and the front ends' Dispute button follow this rule."""
    return verdict is not Verdict.CORRECT and not forfeited


class Disputes:
    """Created by StudyService (as `service.disputes`); shares its store, clock and rules."""

    def __init__(self, service: StudyService) -> None:
        self._service = service
        self._reviewed: dict[tuple[int, str], list[ReviewedReply]] = {}
        # (guild, user) with a decision they were not told yet; read once from the store.
        self._untold: set[tuple[int, int]] | None = None
        # (guild, question) with any decided dispute, once loaded: answers to every other
        # question (nearly all) need no read at all on the hot path.
        self._decided_keys: set[tuple[int, str]] | None = None
        self.quiz = QuizDisputes(service)

    async def load(self) -> None:
        """Remember which questions have reviewed replies (one query; later calls do nothing)."""
        if self._decided_keys is None:
            self._decided_keys = set(await self._store.reviewed_questions())

    def drop_cache(self) -> None:
        """Forget what was read from the store (a user's disputes were deleted); read it again."""
        self._reviewed.clear()
        self._untold = None
        self._decided_keys = None

    @property
    def _store(self):  # type: ignore[no-untyped-def]
        return self._service.store

    def _now_iso(self) -> str:
        return self._service._now().isoformat()

    # ---------------------------------------------------------------------- reviewed replies

    async def reviewed(self, guild_id: int, question_id: str) -> list[ReviewedReply]:
        key = (guild_id, question_id)
        await self.load()
        if self._decided_keys is not None and key not in self._decided_keys:
            return []
        cached = self._reviewed.get(key)
        if cached is None:
            cached = reviewed_from(await self._store.reviewed_replies(guild_id, question_id))
            self._reviewed[key] = cached
        return cached

    async def adjust(self, guild_id: int, question_id: str, reply: str, grade: Grade) -> Grade:
        """The grade with the server's reviewed replies to the question taken into account."""
        reviewed = await self.reviewed(guild_id, question_id)
        return adjust(grade, reply, reviewed) if reviewed else grade

    # -------------------------------------------------------------------------------- review setup

    async def settings(self, guild_id: int) -> tuple[int | None, int | None]:
        """(review channel, reviewer role) of the server."""
        return await self._store.dispute_settings(guild_id)

    async def configure(self, guild_id: int, channel_id: int | None, role_id: int | None) -> None:
        await self._store.save_dispute_settings(guild_id, channel_id, role_id)

    # ------------------------------------------------------------------------------- opening

    async def open(
        self,
        guild_id: int,
        user_id: int,
        question_id: str | None,
        note: str = "",
        day: date | None = None,
        attempt_no: int | None = None,
    ) -> Dispute:
        """Dispute a graded daily answer: the given day's, else the latest (of any question without one).

        ServiceError when there is nothing to dispute: no graded answer, the explanation was seen,
        full marks already, or this answer was disputed before.
        """
        found = await self._graded_answer(guild_id, user_id, question_id, day, attempt_no)
        if found == _NONE:
            if question_id:
                raise ServiceError("You have no graded answer to {qid} to dispute.", qid=question_id)
            raise ServiceError("You have no graded answer to dispute.")
        if isinstance(found, _Refused):
            qid = found.qid
            if found.why == "revealed":
                raise ServiceError(
                    "You saw the explanation of {qid}, so its grade cannot be disputed.", qid=qid
                )
            raise ServiceError(
                "Your answer to {qid} already has full marks; there is nothing to dispute.", qid=qid
            )
        opened = await self._open_row(guild_id, user_id, *found, note)
        if opened is None:
            qid = found[0].question_id
            raise ServiceError("You already disputed your answer to {qid}; one dispute per answer.", qid=qid)
        return opened

    async def open_quiz(self, guild_id: int, user_id: int, key: QuizAnswerKey, note: str = "") -> Dispute:
        """Dispute one graded reply in a quiz that still runs (see bot.service.quiz_disputes)."""
        return await self.quiz.open(guild_id, user_id, key, note.strip()[:MAX_NOTE_CHARS], self._now_iso())

    async def regrade(
        self,
        guild_id: int,
        moderator_id: int,
        user_id: int,
        question_id: str | None,
        status: DisputeStatus,
        channel_id: int | None = None,
    ) -> Decision:
        """A moderator's decision on a member's latest graded answer (to a question, or to any),
        without a dispute from them: it counts like a decided dispute (score corrected, a reviewed
        reply of the question, the member told). An open dispute of that answer is decided by it.

        In a channel with a running quiz the member replied to (that question, if one is named),
        it is their latest reply there; otherwise their latest graded daily answer.
        """
        if moderator_id == user_id:
            raise ServiceError("You cannot regrade your own answer.")
        if channel_id is not None:
            now = self._now_iso()
            target = await self.quiz.regrade_target(guild_id, user_id, channel_id, question_id, now)
            if target is not None:
                return await self.decide(guild_id, target.id, moderator_id, status)
        found = await self._graded_answer(guild_id, user_id, question_id)
        if found == _NONE:
            raise ServiceError("They have no graded daily answer to regrade.")
        if isinstance(found, _Refused) and found.why == "revealed":
            raise ServiceError("They saw the explanation of {qid}, so it scores no points.", qid=found.qid)
        if isinstance(found, _Refused):
            raise ServiceError("Their answer to {qid} already has full marks.", qid=found.qid)
        result, attempt = found
        dispute = await self._open_row(guild_id, user_id, result, attempt, "")
        if dispute is None:  # the member disputed this answer: the regrade decides it
            dispute = await self._store.dispute_of(guild_id, user_id, result.question_id, result.day)
        if dispute is None:  # their data was deleted meanwhile
            raise ServiceError("They have no graded daily answer to regrade.")
        return await self.decide(guild_id, dispute.id, moderator_id, status)

    async def _graded_answer(
        self,
        guild_id: int,
        user_id: int,
        question_id: str | None,
        day: date | None = None,
        attempt_no: int | None = None,
    ) -> tuple[ResultRow, AttemptRow] | _Refused:
        """The user's graded daily answer to decide on (the latest attempt unless one is named)."""
        store = self._store
        if day is not None and question_id is not None:
            result = await store.result(guild_id, user_id, question_id, day)
        else:
            result = await store.latest_result(guild_id, user_id, question_id)
        if result is None or result.attempts == 0:
            return _NONE
        if result.revealed:
            return _Refused("revealed", result.question_id)
        if result.correct:
            return _Refused("full", result.question_id)
        attempts = await store.attempts(guild_id, user_id, result.question_id, result.day)
        chosen = next((a for a in attempts if a.attempt_no == attempt_no), attempts[-1] if attempts else None)
        return _NONE if chosen is None else (result, chosen)

    async def _open_row(
        self, guild_id: int, user_id: int, result: ResultRow, chosen: AttemptRow, note: str
    ) -> Dispute | None:
        grade_reason = ""  # the stored attempt keeps no reason; the review shows the verdict
        return await self._store.open_dispute(
            guild_id, user_id, result.question_id, result.day, chosen.attempt_no, chosen.reply,
            chosen.verdict, chosen.score, grade_reason, note.strip()[:MAX_NOTE_CHARS], self._now_iso(),
        )  # fmt: skip

    async def attach_message(self, dispute: Dispute, channel_id: int, message_id: int) -> None:
        await self._store.set_dispute_message(dispute.id, channel_id, message_id)

    # ------------------------------------------------------------------------------ deciding

    async def get(self, guild_id: int, dispute_id: int) -> Dispute:
        found = await self._store.dispute(dispute_id)
        if found is None or found.guild_id != guild_id:
            raise ServiceError("There is no such dispute in this server.")
        return found

    async def page(self, guild_id: int, page: int = 0, per_page: int = 5) -> DisputePage:
        """One page of the server's open disputes, oldest first."""
        per_page = max(1, min(per_page, 10))
        page = max(0, page)
        rows, total = await self._store.disputes(guild_id, DisputeStatus.OPEN, per_page, page * per_page)
        pages = max(1, -(-total // per_page))
        if page >= pages:
            page = pages - 1
            rows, total = await self._store.disputes(guild_id, DisputeStatus.OPEN, per_page, page * per_page)
        return DisputePage(tuple(rows), page, pages)

    async def decide(
        self, guild_id: int, dispute_id: int, moderator_id: int, status: DisputeStatus
    ) -> Decision:
        """Decide a dispute once; ServiceError when it is decided already or is the moderator's own."""
        if status is DisputeStatus.OPEN:
            raise ValueError("a decision is correct, partial or rejected")
        for _ in range(DECIDE_TRIES):
            dispute = await self.get(guild_id, dispute_id)
            if dispute.user_id == moderator_id:
                raise ServiceError("You cannot decide a dispute about your own answer.")
            if not dispute.open:
                raise ServiceError("This dispute was already decided; nothing changed.")
            if dispute.quiz is not None:
                decided = await self.quiz.decide_once(dispute, moderator_id, status, self._now_iso())
                if decided is not None:
                    await self._remember(dispute)
                    return decided
                continue  # decided by another moderator, or the user answered: read again
            seen = await self._store.user_results(guild_id, dispute.user_id)
            write = None if status is DisputeStatus.REJECTED else await self._regrade(dispute, seen, status)
            refused = await self._store.decide_dispute(
                dispute, status, moderator_id, self._now_iso(), seen, write
            )
            if refused is None:
                return await self._decided(dispute, seen)
            if refused is DecideRefusal.STALE:
                continue  # the user answered meanwhile: recompute from what is stored now
        raise ServiceError("The answer changed while it was being decided; press the button again.")

    async def _remember(self, dispute: Dispute) -> None:
        """A decision was taken: the question's reviewed replies changed, the user is to be told."""
        self._reviewed.pop((dispute.guild_id, dispute.question_id), None)
        if self._decided_keys is not None:
            self._decided_keys.add((dispute.guild_id, dispute.question_id))
        await self._untold_set()
        assert self._untold is not None
        self._untold.add((dispute.guild_id, dispute.user_id))

    async def _decided(self, dispute: Dispute, seen: Sequence[ResultRow]) -> Decision:
        await self._remember(dispute)
        after = await self.get(dispute.guild_id, dispute.id)
        now = await self._store.user_results(dispute.guild_id, dispute.user_id)
        return Decision(after, sum(r.best_points for r in seen), sum(r.best_points for r in now))

    async def _regrade(
        self, dispute: Dispute, seen: Sequence[ResultRow], status: DisputeStatus
    ) -> DecisionWrite:
        rules = self._service.rules
        decided = Verdict(status.value)
        attempts = await self._store.attempts(
            dispute.guild_id, dispute.user_id, dispute.question_id, dispute.day
        )
        graded = [
            (decided if a.attempt_no == dispute.attempt_no else Verdict(a.verdict), a.score) for a in attempts
        ]
        best_verdict, best_score = best_attempt(graded)
        days = [_day(r, best_verdict, best_score, _is_disputed(r, dispute)) for r in seen]
        rescored, streak = rescore(days, rules)
        by_key = {(r.question_id, r.day): r for r in seen}
        changes = []
        points_then = 0
        for item in rescored:
            if item.question_id == dispute.question_id and item.day == dispute.day:
                points_then = attempt_points(decided, item.streak, False, rules)
            old = by_key[(item.question_id, item.day)]
            new = (item.points, item.verdict.value, item.score)
            if new != (old.best_points, old.best_verdict, old.best_score):
                changes.append(ResultChange(item.question_id, item.day, *new))
        return DecisionWrite(
            decided.value,
            points_then,
            tuple(changes),
            StreakRow(streak.current, streak.best, streak.last_day),
        )

    # ------------------------------------------------------------------------- telling users

    async def _untold_set(self) -> set[tuple[int, int]]:
        if self._untold is None:
            self._untold = set(await self._store.users_with_outcomes())
        return self._untold

    async def has_outcomes(self, guild_id: int, user_id: int) -> bool:
        """Whether the user has decisions they were not told yet (from memory after the first call)."""
        return (guild_id, user_id) in await self._untold_set()

    async def take_outcomes(self, guild_id: int, user_id: int) -> list[Dispute]:
        """The user's decisions not told yet; each is handed out once, to be shown now."""
        untold = await self._untold_set()
        untold.discard((guild_id, user_id))
        return await self._store.claim_outcomes(guild_id, user_id)

    async def untake(self, disputes: Sequence[Dispute]) -> None:
        """Telling failed: keep these decisions for the user's next interaction."""
        if not disputes:
            return
        await self._store.unclaim_outcomes([d.id for d in disputes])
        untold = await self._untold_set()
        untold.update((d.guild_id, d.user_id) for d in disputes)

    async def history(self, guild_id: int, user_id: int, limit: int = 5) -> list[Dispute]:
        """The user's latest disputes with their decisions, newest first (for /score)."""
        return await self._store.user_disputes(guild_id, user_id, limit)


@dataclass(frozen=True, slots=True)
class _Refused:
    """Why a user's answer cannot be decided on: none graded, explanation seen, or full marks."""

    why: str  # "none", "revealed" or "full"
    qid: str = ""


_NONE = _Refused("none")


def _is_disputed(result: ResultRow, dispute: Dispute) -> bool:
    return result.question_id == dispute.question_id and result.day == dispute.day


def _day(result: ResultRow, verdict: Verdict, score: float, disputed: bool) -> DayResult:
    if disputed:
        return DayResult(result.question_id, result.day, verdict, score, result.best_points, result.forfeited)
    stored = None if result.best_verdict is None else Verdict(result.best_verdict)
    return DayResult(
        result.question_id, result.day, stored, result.best_score or 0.0, result.best_points, result.forfeited
    )
