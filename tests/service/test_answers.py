import asyncio
from datetime import time

from service_helpers import WRONG, Factory, FakeClock, correct, partial

from bot.grading.verdict import Verdict
from bot.model import AnswerStatus, GuildSetup
from bot.rules.settings import RuleSettings
from bot.service import StudyService


async def test_correct_answer_scores_and_stops_further_attempts(service: StudyService) -> None:
    daily, _ = await service.open_day(1)
    res = await service.answer(1, 7, correct(daily.question))
    assert res.status is AnswerStatus.GRADED
    assert res.grade is not None and res.grade.verdict is Verdict.CORRECT
    assert (res.points, res.best_points, res.attempt, res.attempts_left, res.streak) == (10, 10, 1, 2, 1)
    again = await service.answer(1, 7, correct(daily.question))
    assert again.status is AnswerStatus.ALREADY_CORRECT
    assert again.best_points == 10
    stats = await service.score(1, 7)
    assert (stats.points, stats.answered, stats.correct, stats.rank, stats.streak) == (10, 1, 1, 1, 1)


async def test_attempt_limit_and_best_attempt_counts(service: StudyService) -> None:
    daily, _ = await service.open_day(1)
    first = await service.answer(1, 7, partial(daily.question))
    assert first.grade is not None and first.grade.verdict is Verdict.PARTIAL
    assert (first.points, first.attempts_left) == (5, 2)
    second = await service.answer(1, 7, WRONG)
    assert (second.points, second.best_points, second.attempts_left) == (0, 5, 1)
    third = await service.answer(1, 7, WRONG)
    assert (third.attempt, third.attempts_left, third.best_points) == (3, 0, 5)
    fourth = await service.answer(1, 7, correct(daily.question))
    assert fourth.status is AnswerStatus.NO_ATTEMPTS_LEFT
    assert (await service.score(1, 7)).points == 5


async def test_max_attempts_comes_from_rules(make_service: Factory) -> None:
    svc = await make_service(rules=RuleSettings(max_attempts=1, full_points=4))
    await svc.setup_guild(GuildSetup(1, 10, time(9, 0), "UTC"))
    daily, _ = await svc.open_day(1)
    res = await svc.answer(1, 7, partial(daily.question))
    assert (res.points, res.attempts_left) == (2, 0)
    assert (await svc.answer(1, 7, WRONG)).status is AnswerStatus.NO_ATTEMPTS_LEFT


async def test_empty_reply_uses_no_attempt(service: StudyService) -> None:
    daily, _ = await service.open_day(1)
    res = await service.answer(1, 7, "   \n ")
    assert res.status is AnswerStatus.EMPTY
    assert res.grade is not None and "empty" in res.grade.reason
    assert res.attempts_left == 3
    assert await service.store.result(1, 7, daily.question.id, daily.day) is None


async def test_huge_reply_is_capped_and_stored(service: StudyService) -> None:
    daily, _ = await service.open_day(1)
    huge = correct(daily.question) + " filler" * 200_000
    res = await service.answer(1, 7, huge)
    assert res.status is AnswerStatus.GRADED
    attempts = await service.store.attempts(1, 7, daily.question.id, daily.day)
    assert len(attempts) == 1
    assert len(attempts[0].reply) <= service.rules.max_reply_chars


async def test_simultaneous_replies_never_exceed_the_limit(service: StudyService) -> None:
    await service.open_day(1)
    results = await asyncio.gather(*(service.answer(1, 7, WRONG) for _ in range(6)))
    graded = [r for r in results if r.status is AnswerStatus.GRADED]
    assert len(graded) == 3
    assert sorted(r.attempt for r in graded) == [1, 2, 3]
    assert all(r.status is AnswerStatus.NO_ATTEMPTS_LEFT for r in results if r not in graded)


async def test_explain_warns_once_then_forfeits(service: StudyService) -> None:
    daily, _ = await service.open_day(1)
    warn = await service.explain(1, 7)
    assert warn.needs_confirmation and warn.forfeits
    assert warn.question is not None and warn.question.id == daily.question.id
    shown = await service.explain(1, 7, daily.question.id, confirm=True)
    assert not shown.needs_confirmation and shown.forfeits
    res = await service.answer(1, 7, correct(daily.question))
    assert res.status is AnswerStatus.GRADED
    assert res.grade is not None and res.grade.verdict is Verdict.CORRECT  # still graded for feedback
    assert (res.points, res.best_points, res.forfeited) == (0, 0, True)
    stats = await service.score(1, 7)
    assert (stats.points, stats.correct, stats.streak) == (0, 0, 0)


async def test_explain_a_second_time_without_confirm_reveals(service: StudyService) -> None:
    await service.open_day(1)
    assert (await service.explain(1, 8)).needs_confirmation
    second = await service.explain(1, 8)
    assert not second.needs_confirmation and second.forfeits


async def test_explain_after_answering_keeps_points_but_later_attempts_earn_nothing(
    service: StudyService,
) -> None:
    daily, _ = await service.open_day(1)
    await service.answer(1, 7, partial(daily.question))
    reveal = await service.explain(1, 7)
    assert not reveal.needs_confirmation and not reveal.forfeits
    res = await service.answer(1, 7, correct(daily.question))
    assert (res.points, res.best_points, res.forfeited) == (0, 5, True)
    assert (await service.score(1, 7)).points == 5


async def test_explain_other_questions_reveals_at_once(service: StudyService) -> None:
    daily, _ = await service.open_day(1)
    other = next(q for q in service.banks.library.questions() if q.id != daily.question.id)
    reveal = await service.explain(1, 7, other.id)
    assert reveal.question == other and not reveal.needs_confirmation
    assert (await service.explain(1, 7, "missing")).question is None


async def test_streak_bonus_grows_and_a_missed_day_resets(service: StudyService, clock: FakeClock) -> None:
    points = []
    for _ in range(3):
        daily, _ = await service.open_day(1)
        points.append((await service.answer(1, 7, correct(daily.question))).points)
        clock.advance(days=1)
    assert points == [10, 11, 12]
    assert (await service.score(1, 7)).streak == 3  # the last counting day was yesterday
    clock.advance(days=1)  # a day without answering
    assert (await service.score(1, 7)).streak == 0
    daily, _ = await service.open_day(1)
    res = await service.answer(1, 7, partial(daily.question))
    assert (res.points, res.streak) == (5, 1)
    stats = await service.score(1, 7)
    assert (stats.streak, stats.best_streak, stats.points) == (1, 3, 38)


async def test_wrong_answer_does_not_extend_streak(service: StudyService, clock: FakeClock) -> None:
    daily, _ = await service.open_day(1)
    await service.answer(1, 7, correct(daily.question))
    clock.advance(days=1)
    daily, _ = await service.open_day(1)
    res = await service.answer(1, 7, WRONG)
    assert (res.points, res.streak) == (0, 1)
    clock.advance(days=1)
    assert (await service.score(1, 7)).streak == 0
