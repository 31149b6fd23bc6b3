"""A user's quiz standing computed from their stored replies equals what the session counted."""

from datetime import UTC, datetime, timedelta

from hypothesis import assume, given
from hypothesis import strategies as st

from bot.bank.model import Question
from bot.grading.verdict import Verdict
from bot.rules.quiz import QuizOutcome, QuizReplyRecord, QuizSession, tally

T0 = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
VERDICTS = st.sampled_from([Verdict.CORRECT, Verdict.PARTIAL, Verdict.WRONG])
# (verdict, move on to the next question afterwards)
plans = st.lists(st.tuples(VERDICTS, st.booleans()), min_size=1, max_size=12)


def q(i: int) -> Question:
    return Question(id=f"q{i}", bank="b", question=f"Q{i}?", answer=f"A{i}", explanation=f"E{i}")


def _play(plan: list[tuple[Verdict, bool]]) -> tuple[QuizSession, list[QuizReplyRecord]]:
    session = QuizSession([q(1), q(2), q(3)], timedelta(minutes=5), T0, points=2)
    kept: list[QuizReplyRecord] = []
    attempts: dict[int, int] = {}
    for i, (verdict, move_on) in enumerate(plan):
        at = T0 + timedelta(seconds=i + 1)
        number = session.number
        outcome = session.answer(7, verdict, at)
        if outcome in (QuizOutcome.SCORED, QuizOutcome.NOT_CORRECT):
            attempts[number] = attempts.get(number, 0) + 1
            kept.append(QuizReplyRecord(number, attempts[number], verdict, at))
        if move_on and session.number < session.total:
            session.next(at)
    return session, kept


@given(plans)
def test_tally_of_the_kept_replies_is_the_sessions_standing(plan: list[tuple[Verdict, bool]]) -> None:
    session, kept = _play(plan)
    counted = tally(kept, 2)
    standing = next(s for s in session.ranking() if s.user_id == 7)
    assert (counted.points, counted.correct, counted.answered) == (
        standing.points,
        standing.correct,
        standing.answered,
    )
    assert sum(counted.earned.values()) == counted.points


@given(plans, st.data())
def test_crediting_a_reply_equals_playing_it_as_correct(plan: list[tuple[Verdict, bool]], data) -> None:  # type: ignore[no-untyped-def]
    session, kept = _play(plan)
    wrong = [r for r in kept if r.verdict is not Verdict.CORRECT]
    assume(wrong)  # nothing to credit; hypothesis draws another plan
    chosen = data.draw(st.sampled_from(wrong))
    session.credit(7, chosen.number - 1, chosen.answered_at)
    index = int((chosen.answered_at - T0).total_seconds()) - 1
    replay, _ = _play([(Verdict.CORRECT, m) if i == index else (v, m) for i, (v, m) in enumerate(plan)])
    assert session.ranking() == replay.ranking()
