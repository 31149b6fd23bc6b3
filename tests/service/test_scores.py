from datetime import UTC, datetime, time

from service_helpers import Factory, FakeClock, correct, partial

from bot.model import GuildSetup, Period
from bot.service import StudyService


async def answer_today(svc: StudyService, guild: int, user: int, good: bool = True) -> int:
    daily, _ = await svc.open_day(guild)
    text = correct(daily.question) if good else partial(daily.question)
    return (await svc.answer(guild, user, text)).points


async def test_week_and_month_use_the_guilds_local_days(make_service: Factory, clock: FakeClock) -> None:
    svc = await make_service()
    # Kathmandu is UTC+05:45: Monday 2024-06-03 starts there at 18:15 UTC on Sunday.
    await svc.setup_guild(GuildSetup(1, 10, time(9, 0), "Asia/Kathmandu"))
    clock.now = datetime(2024, 5, 31, 12, 0, tzinfo=UTC)  # Friday, May
    await answer_today(svc, 1, 100)  # 10
    clock.now = datetime(2024, 6, 2, 18, 0, tzinfo=UTC)  # Sunday 23:45 local, June
    await answer_today(svc, 1, 200)  # 10
    clock.now = datetime(2024, 6, 2, 18, 30, tzinfo=UTC)  # Monday 00:15 local
    await answer_today(svc, 1, 300, good=False)  # 5
    await answer_today(svc, 1, 200)  # streak day 2: 11

    week = await svc.leaderboard(1, Period.WEEK)
    assert [(r.user_id, r.points) for r in week.rows] == [(200, 11), (300, 5)]
    month = await svc.leaderboard(1, Period.MONTH)
    assert [(r.user_id, r.points) for r in month.rows] == [(200, 21), (300, 5)]
    everything = await svc.leaderboard(1, Period.ALL)
    assert [(r.rank, r.user_id, r.points) for r in everything.rows] == [
        (1, 200, 21),
        (2, 100, 10),
        (3, 300, 5),
    ]
    assert week.period is Period.WEEK and week.pages == 1


async def test_leaderboard_pages(service: StudyService) -> None:
    for user in range(1, 26):
        await answer_today(service, 1, user, good=user % 2 == 0)
    first = await service.leaderboard(1, page=0, per_page=10)
    assert (first.page, first.pages, len(first.rows)) == (0, 3, 10)
    assert first.rows[0].points == 10
    last = await service.leaderboard(1, page=2, per_page=10)
    assert len(last.rows) == 5
    beyond = await service.leaderboard(1, page=9, per_page=10)
    assert beyond.page == 2 and beyond.rows == last.rows
    seen = [r.user_id for p in range(3) for r in (await service.leaderboard(1, page=p)).rows]
    assert sorted(seen) == list(range(1, 26))


async def test_empty_leaderboard_has_one_empty_page(service: StudyService) -> None:
    page = await service.leaderboard(1, Period.MONTH)
    assert (page.rows, page.page, page.pages) == ((), 0, 1)


async def test_score_of_unknown_user_is_zero(service: StudyService) -> None:
    stats = await service.score(1, 12345)
    assert (stats.points, stats.answered, stats.accuracy, stats.rank, stats.streak) == (0, 0, 0.0, None, 0)


async def test_forget_guild_keeps_scores(service: StudyService) -> None:
    await answer_today(service, 1, 5)
    await service.forget_guild(1)
    assert await service.guild_setup(1) is None
    assert (await service.score(1, 5)).points == 10
