"""A server that moves its time zone after today's post."""

from datetime import UTC, date, datetime, time

from service_helpers import WRONG, FakeClock, correct

from bot.model import AnswerStatus, GuildSetup
from bot.service import StudyService

SHANGHAI = GuildSetup(2, 20, time(9, 0), "Asia/Shanghai")
LOS_ANGELES = GuildSetup(2, 20, time(9, 0), "America/Los_Angeles")


async def test_a_zone_moved_back_across_midnight_keeps_the_posted_question_open(
    service: StudyService, clock: FakeClock
) -> None:
    await service.setup_guild(SHANGHAI)
    clock.now = datetime(2024, 5, 6, 1, 0, tzinfo=UTC)  # 09:00 on May 6 in Shanghai
    daily, _ = await service.open_day(2)
    await service.mark_posted(2, daily.day, 20, 555)
    await service.setup_guild(LOS_ANGELES)  # 18:00 on May 5 there: a day before the post's

    today = await service.today(2)
    assert today is not None and today.day == date(2024, 5, 6)
    assert (await service.explain(2, 100)).needs_confirmation  # still the day's unanswered question
    assert (await service.answer(2, 100, WRONG)).status is AnswerStatus.GRADED
    assert 2 not in [g.guild_id for g in await service.due_guilds()]
    assert await service.next_post_at(2) == datetime(2024, 5, 7, 16, 0, tzinfo=UTC)  # 09:00 May 7 there

    clock.now = datetime(2024, 5, 6, 16, 30, tzinfo=UTC)  # 09:30 on May 6 in Los Angeles
    assert 2 not in [g.guild_id for g in await service.due_guilds()]  # May 6 is posted
    result = await service.answer(2, 100, correct(daily.question))
    assert result.status is AnswerStatus.GRADED and result.attempt == 2

    clock.now = datetime(2024, 5, 7, 16, 0, tzinfo=UTC)  # 09:00 on May 7 there: the next post
    assert 2 in [g.guild_id for g in await service.due_guilds()]
    assert (await service.answer(2, 100, WRONG)).status is AnswerStatus.NO_QUESTION
