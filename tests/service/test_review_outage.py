"""Review-card ratings while the database refuses them: kept and retried, bounded in number, one
last try at shutdown, and dropped for a user whose data is deleted."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from service_helpers import WRONG, FakeClock, correct

from bot.grading.verdict import Verdict
from bot.model import ForgetScope, ReviewStatus
from bot.service import StudyService
from bot.store import StoreError


class Refusing:
    """Makes `store.rate_cards` fail as in a database outage while `down` is set."""

    def __init__(self, service: StudyService) -> None:
        self.down, self.calls = True, 0
        real = service.store.rate_cards

        async def rate_cards(requests: Any) -> Any:
            self.calls += 1
            if self.down:
                raise StoreError("the database is away")
            return await real(requests)

        service.store.rate_cards = rate_cards  # type: ignore[method-assign]


async def _note(service: StudyService, user: int, question_id: str, origin: str) -> None:
    await service.reviews.note_answer(1, user, question_id, Verdict.WRONG, "daily", origin)


async def test_ratings_the_database_refused_are_kept_and_written_on_the_next_flush(
    service: StudyService, caplog: pytest.LogCaptureFixture
) -> None:
    daily, _ = await service.open_day(1)
    store = Refusing(service)
    with caplog.at_level(logging.WARNING, "bot.service.reviews"):
        await service.answer(1, 7, WRONG)  # the answer is stored; its rating is not
        await service.reviews.flush()
        assert service.reviews.queued == 1 and store.calls == 1
        await service.reviews.flush()  # tries again, once
    assert service.reviews.queued == 1 and store.calls == 2
    assert await service.store.get_card(1, 7, daily.question.id) is None
    assert [r.levelno for r in caplog.records] == [logging.WARNING]  # once per outage
    assert not any(r.exc_info for r in caplog.records)

    store.down = False
    await service.reviews.flush()
    card = await service.store.get_card(1, 7, daily.question.id)
    assert service.reviews.queued == 0 and card is not None and card.reps == 1
    await service.reviews.flush()  # written once: nothing left to retry
    assert (await service.store.get_card(1, 7, daily.question.id)).reps == 1  # type: ignore[union-attr]


async def test_past_the_cap_the_oldest_queued_ratings_are_dropped_with_a_warning(
    service: StudyService, caplog: pytest.LogCaptureFixture
) -> None:
    daily, _ = await service.open_day(1)
    store = Refusing(service)
    service.reviews.max_queued = 3
    with caplog.at_level(logging.WARNING, "bot.service.reviews"):
        for user in range(10, 15):
            await _note(service, user, daily.question.id, "daily:x")
        await service.reviews.flush()
    assert service.reviews.queued == 3
    assert any("dropped the" in r.getMessage() and r.levelno == logging.WARNING for r in caplog.records)
    store.down = False
    await service.reviews.flush()
    kept = [u for u in range(10, 15) if await service.store.get_card(1, u, daily.question.id)]
    assert kept == [12, 13, 14]


async def test_shutdown_tries_once_more_then_logs_what_was_lost(
    service: StudyService, caplog: pytest.LogCaptureFixture
) -> None:
    daily, _ = await service.open_day(1)
    store = Refusing(service)
    await _note(service, 7, daily.question.id, "daily:a")
    await _note(service, 8, daily.question.id, "daily:a")
    await service.reviews.flush()
    calls = store.calls
    with caplog.at_level(logging.WARNING, "bot.service.reviews"):
        assert await service.reviews.close() == 2
    assert store.calls == calls + 1 and service.reviews.queued == 0
    assert "2 review ratings could not be written before shutdown" in caplog.text

    store.down = False  # a shutdown that can write loses nothing
    await _note(service, 9, daily.question.id, "daily:a")
    assert await service.reviews.close() == 0
    assert await service.store.get_card(1, 9, daily.question.id) is not None


async def test_forgetting_a_user_drops_their_queued_ratings_only(service: StudyService) -> None:
    daily, _ = await service.open_day(1)
    store = Refusing(service)
    await _note(service, 7, daily.question.id, "daily:a")
    await _note(service, 8, daily.question.id, "daily:a")
    await service.reviews.flush()
    store.down = False  # the database is back when the user asks
    await service.personal.forget(7, 1, ForgetScope.HERE)
    await service.reviews.flush()
    assert await service.store.get_card(1, 7, daily.question.id) is None
    assert await service.store.get_card(1, 8, daily.question.id) is not None


async def test_forgetting_while_the_database_is_away_still_drops_the_queued_ratings(
    service: StudyService,
) -> None:
    daily, _ = await service.open_day(1)
    store = Refusing(service)
    await _note(service, 7, daily.question.id, "daily:a")
    await _note(service, 7, daily.question.id, "daily:b")
    await _note(service, 8, daily.question.id, "daily:a")
    await service.reviews.flush()
    service.personal._forget_in_memory = lambda *a: None  # type: ignore[method-assign]
    real_forget = service.store.forget_user

    async def away(*args: Any) -> Any:
        raise StoreError("the database is away")

    service.store.forget_user = away  # type: ignore[method-assign]
    with pytest.raises(StoreError):
        await service.personal.forget(7, 1, ForgetScope.EVERYWHERE)
    assert service.reviews.queued == 1  # user 8's rating stays for the next try
    service.store.forget_user = real_forget  # type: ignore[method-assign]
    store.down = False
    await service.reviews.flush()
    assert await service.store.get_card(1, 7, daily.question.id) is None
    assert await service.store.get_card(1, 8, daily.question.id) is not None


async def test_a_review_answer_the_database_refused_is_told_and_keeps_nothing_half_written(
    service: StudyService, clock: FakeClock
) -> None:
    # A review answer is written while the user waits, not queued: the user is told (the front
    # ends show "can't reach my database") and answers the same showing again once it is back.
    daily, _ = await service.open_day(1)
    q = daily.question
    await service.answer(1, 7, WRONG)
    await service.reviews.flush()
    clock.advance(minutes=5)
    prompt, _ = await service.reviews.next_card(1, 7)
    assert prompt is not None
    shown = prompt.card.reps
    store = Refusing(service)
    with pytest.raises(StoreError):
        await service.reviews.answer(1, 7, q.id, shown, correct(q))
    assert store.calls == 1 and service.reviews.queued == 0  # nothing kept to be written later
    card = await service.store.get_card(1, 7, q.id)
    assert card is not None and card.reps == shown
    assert (await service.reviews.counts(1, 7)).reviewed == 0

    store.down = False
    again = await service.reviews.answer(1, 7, q.id, shown, correct(q))
    assert again.status is ReviewStatus.GRADED
    await service.reviews.flush()
    assert (await service.store.get_card(1, 7, q.id)).reps == shown + 1  # type: ignore[union-attr]
    assert (await service.reviews.counts(1, 7)).reviewed == 1
