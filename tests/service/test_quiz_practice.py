from itertools import pairwise

import pytest
from service_helpers import WRONG, FakeClock, correct

from bot.model import AnswerStatus, QuizReplyStatus, ServiceError
from bot.service import StudyService


def test_practice_question_respects_topic_and_avoids_immediate_repeat(service: StudyService) -> None:
    picks = [service.practice_question(1, topic="even") for _ in range(20)]
    assert all("even" in q.topics for q in picks)
    assert all(a.id != b.id for a, b in pairwise(picks))
    with pytest.raises(ServiceError, match="No questions"):
        service.practice_question(1, topic="missing")


def test_practice_answer_grades_without_storing(service: StudyService) -> None:
    q = service.practice_question(1)
    res = service.practice_answer(q.id, correct(q))
    assert res.status is AnswerStatus.GRADED and res.grade is not None
    assert res.grade.verdict.value == "correct"
    assert service.practice_answer(q.id, "").status is AnswerStatus.EMPTY
    assert service.practice_answer("missing", "x").status is AnswerStatus.NO_QUESTION


async def test_quiz_flow_scores_first_correct_and_stores_standings(
    service: StudyService, clock: FakeClock
) -> None:
    view = await service.begin_quiz(1, 50, count=3, time_limit_s=30)
    assert (view.number, view.total, view.time_limit_s, view.finished) == (1, 3, 30, False)
    with pytest.raises(ServiceError, match="already running"):
        await service.begin_quiz(1, 50)
    other_channel = await service.begin_quiz(1, 51, count=1)
    assert other_channel.total == 1

    q1 = view.question
    assert q1 is not None
    assert (await service.quiz_answer(1, 50, 7, WRONG)).status is QuizReplyStatus.NOT_CORRECT
    scored = await service.quiz_answer(1, 50, 7, correct(q1))
    assert (scored.status, scored.points, scored.total_points) == (QuizReplyStatus.SCORED, 1, 1)
    assert (await service.quiz_answer(1, 50, 7, correct(q1))).status is QuizReplyStatus.ALREADY_SCORED
    assert (await service.quiz_answer(1, 50, 8, "  ")).status is QuizReplyStatus.EMPTY

    clock.advance(seconds=31)
    assert (await service.quiz_answer(1, 50, 8, correct(q1))).status is QuizReplyStatus.TIMED_OUT
    nxt = await service.quiz_next(1, 50)
    assert nxt is not None and nxt.number == 2 and nxt.question is not None
    assert nxt.question.id != q1.id
    await service.quiz_answer(1, 50, 8, correct(nxt.question))

    final = await service.quiz_stop(1, 50)
    assert final is not None and final.finished
    assert [(s.user_id, s.points) for s in final.standings] == [(7, 1), (8, 1)]
    assert service.quiz(1, 50) is None
    assert (await service.quiz_answer(1, 50, 7, "x")).status is QuizReplyStatus.NO_QUIZ
    stored = await service.store.quiz_results(1)
    assert sorted((r.user_id, r.points) for r in stored) == [(7, 1), (8, 1)]
    await service.begin_quiz(1, 50)  # the channel is free again


async def test_a_reply_made_for_a_question_that_is_no_longer_open_is_too_late(
    service: StudyService, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    view = await service.begin_quiz(1, 50, count=3, time_limit_s=30)
    q1 = view.question
    assert q1 is not None
    clock.advance(seconds=31)
    q2 = await service.quiz_next(1, 50)
    assert q2 is not None and q2.question is not None
    # A modal opened on question 1 is sent while question 2 is open: not an answer to question 2.
    late = await service.quiz_answer(1, 50, 7, correct(q2.question), number=1)
    assert late.status is QuizReplyStatus.TIMED_OUT and late.answer is None
    on_time = await service.quiz_answer(1, 50, 8, correct(q2.question), number=2)
    assert on_time.status is QuizReplyStatus.SCORED

    # The quiz moves on while a reply to question 2 is being graded: it does not count for 3.
    grade = service._grade_reviewed

    async def moving_on(*args, **kwargs):  # type: ignore[no-untyped-def]
        graded = await grade(*args, **kwargs)
        await service.quiz_next(1, 50)
        return graded

    monkeypatch.setattr(service, "_grade_reviewed", moving_on)
    caught = await service.quiz_answer(1, 50, 7, correct(q2.question))
    assert caught.status is QuizReplyStatus.TIMED_OUT and caught.answer is None
    final = await service.quiz_stop(1, 50)
    assert final is not None and [(s.user_id, s.points) for s in final.standings] == [(8, 1)]
    # Once the quiz is over a reply made for one of its questions is too late as well.
    assert (await service.quiz_answer(1, 50, 7, "x", number=3)).status is QuizReplyStatus.TIMED_OUT


async def test_quiz_ends_after_last_question(service: StudyService) -> None:
    await service.begin_quiz(1, 60, count=1)
    done = await service.quiz_next(1, 60)
    assert done is not None and done.finished and done.question is None
    assert await service.quiz_next(1, 60) is None


async def test_quiz_count_and_time_are_clamped(service: StudyService) -> None:
    view = await service.begin_quiz(1, 70, count=500, time_limit_s=1)
    assert view.total == 6  # the whole bank, below the maximum of 20
    assert view.time_limit_s == 5


async def test_quiz_leaves_out_todays_daily(service: StudyService) -> None:
    daily, _ = await service.open_day(1)
    view = await service.begin_quiz(1, 71, count=20)
    assert view.total == 5
    ids = []
    while view is not None and view.question is not None:
        ids.append(view.question.id)
        view = await service.quiz_next(1, 71)
    assert len(set(ids)) == 5 and daily.question.id not in ids


async def test_abandoned_quiz_is_replaced_and_its_standings_kept(
    service: StudyService, clock: FakeClock
) -> None:
    view = await service.begin_quiz(1, 80, count=2, time_limit_s=30)
    assert view.question is not None
    await service.quiz_answer(1, 80, 9, correct(view.question))
    clock.advance(seconds=30 + 599)
    with pytest.raises(ServiceError):
        await service.begin_quiz(1, 80)
    clock.advance(seconds=2)
    fresh = await service.begin_quiz(1, 80, count=1)
    assert fresh.total == 1
    assert fresh.question is not None
    # The store holds the channel's new quiz only, so a restart would not close the old one again.
    runs = [r.question_ids for r in await service.store.quiz_runs() if r.channel_id == 80]
    assert runs == [(fresh.question.id,)]
    await service.quiz_answer(1, 80, 4, correct(fresh.question))
    await service.quiz_stop(1, 80)  # stores the abandoned quiz's standings too
    stored = sorted((r.user_id, r.points) for r in await service.store.quiz_results(1))
    assert stored == [(4, 1), (9, 1)]


async def test_practice_leaves_out_todays_daily(service: StudyService, clock: FakeClock) -> None:
    yesterday, _ = await service.open_day(1)
    await service.mark_posted(1, yesterday.day, 10, 1)
    clock.advance(days=1)
    daily, summary = await service.open_day(1)  # the summary names yesterday's question
    assert summary is not None and summary.daily.question.id == yesterday.question.id
    picks = {service.practice_question(1).id for _ in range(40)}
    assert daily.question.id not in picks
    assert len(picks) == 5
