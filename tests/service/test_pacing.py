"""Answer pacing in the service: a spammer is told to slow down, nothing extra is stored."""

from __future__ import annotations

from datetime import time

import pytest
from service_helpers import WRONG, Factory, FakeClock, correct

from bot.model import AnswerStatus, GuildSetup, ServiceError, SlowDown
from bot.rules.settings import RuleSettings
from bot.service import StudyService


async def test_answers_past_the_burst_are_refused_without_storing(service: StudyService) -> None:
    daily, _ = await service.open_day(1)
    burst = service.rules.answer_burst
    results = [await service.answer(1, 7, WRONG) for _ in range(burst)]
    assert sum(r.status is AnswerStatus.GRADED for r in results) == service.rules.max_attempts
    with pytest.raises(SlowDown) as refused:
        await service.answer(1, 7, correct(daily.question))
    assert isinstance(refused.value, ServiceError)  # front ends show it like any service error
    assert "Try again in 5 s" in str(refused.value)
    assert (await service.score(1, 7)).answered == 1
    other = await service.answer(1, 8, correct(daily.question))  # others are not slowed down
    assert other.status is AnswerStatus.GRADED


async def test_the_pace_recovers_with_time(make_service: Factory, clock: FakeClock) -> None:
    svc = await make_service(rules=RuleSettings(answer_burst=1, answer_refill_s=30))
    await svc.setup_guild(GuildSetup(1, 10, time(9, 0), "UTC"))
    daily, _ = await svc.open_day(1)
    assert (await svc.answer(1, 7, WRONG)).status is AnswerStatus.GRADED
    with pytest.raises(SlowDown) as refused:
        await svc.answer(1, 7, WRONG)
    assert refused.value.retry_after_s == pytest.approx(30)
    clock.advance(seconds=30)
    again = await svc.answer(1, 7, correct(daily.question))
    assert again.status is AnswerStatus.GRADED and again.attempt == 2


async def test_quiz_answers_are_paced_apart_from_daily_answers(make_service: Factory) -> None:
    svc = await make_service(rules=RuleSettings(answer_burst=2, answer_refill_s=10))
    view = await svc.begin_quiz(1, 50, count=1)
    assert view.question is not None
    for _ in range(2):
        await svc.quiz_answer(1, 50, 7, WRONG)
    with pytest.raises(SlowDown):
        await svc.quiz_answer(1, 50, 7, correct(view.question))
    assert (await svc.quiz_answer(1, 50, 8, correct(view.question))).points == 1
    # The daily answers of the same user are counted on their own.
    assert (await svc.answer(1, 7, WRONG)).status is AnswerStatus.NO_QUESTION


async def test_the_console_guild_is_not_paced(make_service: Factory) -> None:
    svc = await make_service(rules=RuleSettings(answer_burst=1, answer_refill_s=60))
    await svc.setup_guild(GuildSetup(0, 0, time(9, 0), "UTC"))
    await svc.open_day(0)
    results = [await svc.answer(0, 0, WRONG) for _ in range(5)]  # a script piping lines
    assert [r.status for r in results].count(AnswerStatus.GRADED) == svc.rules.max_attempts
