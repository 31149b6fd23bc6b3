import asyncio
from datetime import UTC, date, datetime, time

import pytest
from service_helpers import WRONG, Factory, FakeClock, correct, make_library

from bot.model import AnswerStatus, GuildSetup, ServiceError
from bot.service import StudyService


async def test_open_day_chooses_once_and_concurrent_callers_agree(service: StudyService) -> None:
    results = await asyncio.gather(*(service.open_day(1) for _ in range(5)))
    ids = {daily.question.id for daily, _ in results}
    assert len(ids) == 1
    daily, summary = results[0]
    assert summary is None
    assert daily.day == date(2024, 5, 6)
    assert (daily.number, daily.cycle_size) == (1, 6)
    assert await service.store.posted_questions(1) == [(0, daily.question.id)]


async def test_restart_gives_the_same_daily(service: StudyService, make_service: Factory) -> None:
    first, _ = await service.open_day(1)
    await service.store.close()
    again = await make_service()
    today = await again.today(1)
    assert today is not None
    assert today.question.id == first.question.id
    second, _ = await again.open_day(1)
    assert second.question.id == first.question.id


async def test_each_day_a_new_question_until_the_bank_is_used_up(
    service: StudyService, clock: FakeClock
) -> None:
    seen = []
    for day in range(6):
        daily, _ = await service.open_day(1)
        assert daily.number == day + 1
        assert await service.unused_left(1) == 5 - day
        low = service.rules.warn_when_unused_below
        assert await service.low_unused(1) == (5 - day if 5 - day < low else None)
        seen.append(daily.question.id)
        clock.advance(days=1)
    assert sorted(seen) == sorted(q.id for q in service.banks.library.questions())
    daily, _ = await service.open_day(1)
    assert (daily.number, daily.cycle_size) == (1, 6)
    assert await service.unused_left(1) == 5


async def test_removed_question_is_skipped_after_bank_change(
    service: StudyService, make_service: Factory, clock: FakeClock
) -> None:
    first, _ = await service.open_day(1)
    upcoming = [q.id for q in service.banks.library.questions() if q.id != first.question.id]
    smaller = make_library(6)
    keep = tuple(q for q in smaller.banks[0].questions if q.id != upcoming[0])
    changed = type(smaller)(banks=(type(smaller.banks[0])("test", "t", "en", "t.yaml", keep),))
    again = await make_service(changed)
    given = [first.question.id]
    for _ in range(4):
        clock.advance(days=1)
        daily, _ = await again.open_day(1)
        given.append(daily.question.id)
    assert upcoming[0] not in given
    assert len(set(given)) == 5


async def test_open_day_without_setup_or_questions_says_what_to_do(make_service: Factory) -> None:
    svc = await make_service()
    with pytest.raises(ServiceError, match="/setup"):
        await svc.open_day(99)
    empty = await make_service(make_library(0))
    await empty.store.save_guild(GuildSetup(5, 1, time(9, 0), "UTC"))
    with pytest.raises(ServiceError, match="no questions"):
        await empty.open_day(5)


async def test_setup_rejects_unknown_zone_and_bank(service: StudyService) -> None:
    with pytest.raises(ServiceError, match="time zone"):
        await service.setup_guild(GuildSetup(2, 1, time(9, 0), "Mars/Base"))
    with pytest.raises(ServiceError, match="nope"):
        await service.setup_guild(GuildSetup(2, 1, time(9, 0), "UTC", banks=("nope",)))
    assert await service.guild_setup(2) is None


async def test_due_guilds_follow_local_post_time(service: StudyService, clock: FakeClock) -> None:
    await service.setup_guild(GuildSetup(2, 20, time(8, 0), "America/New_York"))
    await service.setup_guild(GuildSetup(3, 0, time(0, 0), "UTC"))  # no channel: never due
    clock.now = datetime(2024, 5, 6, 8, 59, tzinfo=UTC)  # 04:59 in New York
    assert [g.guild_id for g in await service.due_guilds()] == []
    clock.now = datetime(2024, 5, 6, 9, 0, tzinfo=UTC)
    assert [g.guild_id for g in await service.due_guilds()] == [1]
    clock.now = datetime(2024, 5, 6, 12, 0, tzinfo=UTC)  # 08:00 in New York
    assert [g.guild_id for g in await service.due_guilds()] == [1, 2]
    daily, _ = await service.open_day(1)
    assert [g.guild_id for g in await service.due_guilds()] == [1, 2]  # chosen but not posted yet
    await service.mark_posted(1, daily.day, 10, 555)
    assert [g.guild_id for g in await service.due_guilds()] == [2]
    assert await service.next_post_at(1) == datetime(2024, 5, 7, 9, 0, tzinfo=UTC)


async def test_previous_day_summary_is_returned_until_closed(service: StudyService, clock: FakeClock) -> None:
    day1, _ = await service.open_day(1)
    await service.mark_posted(1, day1.day, 10, 1001)
    await service.answer(1, 100, correct(day1.question))
    await service.answer(1, 101, WRONG)
    clock.advance(days=1)
    day2, summary = await service.open_day(1)
    assert summary is not None
    assert summary.daily.question.id == day1.question.id
    assert (summary.answered, summary.correct) == (2, 1)
    assert await service.mark_closed(1, day1.day)
    assert not await service.mark_closed(1, day1.day)
    _, summary = await service.open_day(1)
    assert summary is None
    assert day2.question.id != day1.question.id


async def test_yesterdays_question_is_closed_for_answers(service: StudyService, clock: FakeClock) -> None:
    day1, _ = await service.open_day(1)
    clock.advance(days=1)
    res = await service.answer(1, 100, correct(day1.question), question_id=day1.question.id)
    assert res.status is AnswerStatus.CLOSED
    assert (await service.answer(1, 100, "anything")).status is AnswerStatus.NO_QUESTION  # not opened yet
    assert (await service.answer(1, 100, "x", question_id="nope")).status is AnswerStatus.NO_QUESTION
    assert (await service.answer(42, 100, "x")).status is AnswerStatus.NO_QUESTION  # no setup


async def test_spring_forward_post_time_is_due_once_at_the_first_valid_minute(
    service: StudyService, clock: FakeClock
) -> None:
    await service.setup_guild(GuildSetup(2, 20, time(2, 30), "America/New_York"))
    clock.now = datetime(2024, 3, 10, 6, 59, tzinfo=UTC)  # 01:59 EST; 02:30 never happens today
    assert 2 not in [g.guild_id for g in await service.due_guilds()]
    assert await service.next_post_at(2) == datetime(2024, 3, 10, 7, 0, tzinfo=UTC)
    clock.now = datetime(2024, 3, 10, 7, 0, tzinfo=UTC)  # 03:00 EDT
    assert 2 in [g.guild_id for g in await service.due_guilds()]
    daily, _ = await service.open_day(2)
    assert daily.day == date(2024, 3, 10)
    await service.mark_posted(2, daily.day, 20, 1)
    clock.now = datetime(2024, 3, 11, 3, 59, tzinfo=UTC)  # 23:59 EDT, same local day
    assert 2 not in [g.guild_id for g in await service.due_guilds()]


async def test_stored_unknown_zone_falls_back_to_utc(service: StudyService, clock: FakeClock) -> None:
    # A zone the system's tzdata does not know (stored by a newer system) must not stop other guilds.
    await service.store.save_guild(GuildSetup(2, 20, time(9, 0), "Mars/Olympus_Mons"))
    setup = await service.guild_setup(2)
    assert setup is not None and setup.timezone == "UTC"
    assert [g.guild_id for g in await service.due_guilds()] == [1, 2]
    daily, _ = await service.open_day(2)
    assert daily.day == date(2024, 5, 6)
