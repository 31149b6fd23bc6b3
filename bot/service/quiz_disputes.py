"""Disputes of quiz answers: opened while the quiz runs, decided like daily ones.

Every graded quiz reply is stored (store.quiz_answers), so a dispute points at exactly one. An
acceptance as correct recomputes the user's standing in that quiz from their replies by the quiz
rules (bot.rules.quiz.tally): in quiz_run_scores and the running session while the quiz runs, in
quiz_results once it ended. Daily points, streaks and leaderboards never count quiz answers, so a
quiz decision leaves them alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC
from typing import TYPE_CHECKING

from bot.grading.verdict import Verdict
from bot.model import Decision, Dispute, DisputeStatus, QuizAnswerKey, ServiceError
from bot.rules.quiz import QuizReplyRecord, QuizTally, tally
from bot.store.quiz_answers import QuizAnswerRow, QuizDecisionWrite

if TYPE_CHECKING:
    from bot.service.study import StudyService


class QuizDisputes:
    """Created by Disputes (as `service.disputes.quiz`); shares the service's store and clock."""

    def __init__(self, service: StudyService) -> None:
        self._service = service

    @property
    def _store(self):  # type: ignore[no-untyped-def]
        return self._service.store

    async def open(
        self, guild_id: int, user_id: int, key: QuizAnswerKey, note: str, opened_at: str
    ) -> Dispute:
        """Dispute one graded reply of a running quiz; ServiceError when it cannot be."""
        store = self._store
        if not await store.quiz_is_running(guild_id, key.channel_id, key.started_at):
            raise ServiceError("That quiz is over; its answers can no longer be disputed.")
        replies = await store.quiz_replies(guild_id, user_id, key.channel_id, key.started_at)
        answer = next((r for r in replies if (r.number, r.attempt_no) == (key.number, key.attempt_no)), None)
        if answer is None:
            raise ServiceError("You have no graded answer to dispute.")
        if any(r.number == key.number and r.verdict == Verdict.CORRECT.value for r in replies):
            raise ServiceError(
                "You already scored on quiz question {number}; there is nothing to dispute.",
                number=key.number,
            )
        day = key.started_at.astimezone(UTC).date()
        opened = await store.open_quiz_dispute(guild_id, user_id, key, answer, day, note, opened_at)
        if opened is None:
            raise ServiceError(
                "You already disputed your answer to {qid}; one dispute per answer.", qid=answer.question_id
            )
        return opened

    async def regrade_target(
        self, guild_id: int, user_id: int, channel_id: int, question_id: str | None, opened_at: str
    ) -> Dispute | None:
        """The dispute a moderator's regrade decides: of the member's latest graded reply (to
        `question_id` if given) in the quiz running in the channel, opened now unless they
        disputed that question already. None when they have no such reply there."""
        store = self._store
        found = await self._latest(guild_id, user_id, channel_id, question_id)
        if found is None:
            return None
        key, answer, replies = found
        if any(r.number == answer.number and r.verdict == Verdict.CORRECT.value for r in replies):
            raise ServiceError(
                "Their reply to quiz question {number} already scored; there is nothing to regrade.",
                number=answer.number,
            )
        day = key.started_at.astimezone(UTC).date()
        opened = await store.open_quiz_dispute(guild_id, user_id, key, answer, day, "", opened_at)
        return opened or await store.quiz_dispute_of(guild_id, user_id, key)

    async def latest_key(
        self, guild_id: int, user_id: int, channel_id: int, question_id: str | None
    ) -> QuizAnswerKey | None:
        """The user's latest graded reply (to `question_id` if given) in the quiz running in the
        channel, for `/dispute` there; None when the channel has no such quiz or reply."""
        found = await self._latest(guild_id, user_id, channel_id, question_id)
        return None if found is None else found[0]

    async def _latest(
        self, guild_id: int, user_id: int, channel_id: int, question_id: str | None
    ) -> tuple[QuizAnswerKey, QuizAnswerRow, list[QuizAnswerRow]] | None:
        store = self._store
        started_at = await store.running_quiz_start(guild_id, channel_id)
        if started_at is None:
            return None
        replies = await store.quiz_replies(guild_id, user_id, channel_id, started_at)
        chosen = [r for r in replies if question_id is None or r.question_id == question_id]
        if not chosen:
            return None
        answer = max(chosen, key=lambda r: (r.answered_at, r.number, r.attempt_no))
        return QuizAnswerKey(channel_id, started_at, answer.number, answer.attempt_no), answer, replies

    async def decide_once(
        self, dispute: Dispute, moderator_id: int, status: DisputeStatus, decided_at: str
    ) -> Decision | None:
        """One try at deciding an open quiz dispute; None when it must be read again (the user
        answered meanwhile, or another moderator decided first)."""
        quiz = dispute.quiz
        assert quiz is not None
        store = self._store
        seen = await store.quiz_replies(dispute.guild_id, dispute.user_id, quiz.channel_id, quiz.started_at)
        points = self._service.rules.quiz_points
        before = tally(_records(seen), points)
        write = (
            None if status is DisputeStatus.REJECTED else _write(seen, quiz, Verdict(status.value), points)
        )
        refused = await store.decide_quiz_dispute(dispute, status, moderator_id, decided_at, seen, write)
        if refused is not None:
            return None
        if write is not None and status is DisputeStatus.CORRECT:
            await self._correct_session(dispute, seen, write)
        after = await store.dispute(dispute.id)
        assert after is not None
        return Decision(after, before.points, before.points if write is None else write.points)

    async def _correct_session(
        self, dispute: Dispute, seen: Sequence[QuizAnswerRow], write: QuizDecisionWrite
    ) -> None:
        """The quiz held in memory counts the reply as correct too, so its end records the same."""
        quiz = dispute.quiz
        assert quiz is not None
        run = self._service.quiz_run(dispute.guild_id, quiz.channel_id, quiz.started_at)
        if run is None:
            return  # not held here: the store holds the standing (quiz_run_scores or quiz_results)
        reply = next(r for r in seen if (r.number, r.attempt_no) == (quiz.number, quiz.attempt_no))
        run.session.credit(dispute.user_id, quiz.number - 1, reply.answered_at)
        if run.session.finished:  # its standings may be recorded already; ours win either way
            await self._store.put_quiz_result(
                dispute.guild_id, dispute.user_id, quiz.channel_id, quiz.started_at, write
            )


def _records(
    rows: Sequence[QuizAnswerRow], changed: QuizAnswerKey | None = None, verdict: Verdict | None = None
) -> list[QuizReplyRecord]:
    out = []
    for r in rows:
        v = Verdict(r.verdict)
        if (
            changed is not None
            and verdict is not None
            and (r.number, r.attempt_no) == (changed.number, changed.attempt_no)
        ):
            v = verdict
        out.append(QuizReplyRecord(r.number, r.attempt_no, v, r.answered_at))
    return out


def _write(
    rows: Sequence[QuizAnswerRow], key: QuizAnswerKey, verdict: Verdict, points: int
) -> QuizDecisionWrite:
    """The user's standing in the quiz recomputed as if the disputed reply had got `verdict`."""
    after: QuizTally = tally(_records(rows, key, verdict), points)
    earned = tuple(
        (r.number, r.attempt_no, after.earned[(r.number, r.attempt_no)])
        for r in rows
        if after.earned[(r.number, r.attempt_no)] != r.points
    )
    return QuizDecisionWrite(
        verdict.value, earned, after.points, after.correct, after.answered, after.scored_at
    )
