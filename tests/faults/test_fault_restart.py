"""Restarts around a guild's posting time, and a bot that was down over midnight.

Each "restart" closes the service and builds a fresh one over the same database file, as a new
process would. The posting round below does what the Discord layer's posting loop does with the
service: due guilds -> open_day -> close the previous day once -> mark_posted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from faultkit import GUILD, SETUP, ZONE, Clock, open_service, scalar

from bot.service import StudyService

BERLIN = ZoneInfo(ZONE)
DAY1 = date(2026, 3, 10)


@dataclass
class Channel:
    """What users would have seen in the guild's channel."""

    posts: list[tuple[date, str]] = field(default_factory=list)
    summaries: list[date] = field(default_factory=list)
    times: list[datetime] = field(default_factory=list)  # when each post was made


async def post_round(service: StudyService, channel: Channel) -> None:
    for setup in await service.due_guilds():
        daily, summary = await service.open_day(setup.guild_id)
        if summary is not None and await service.mark_closed(setup.guild_id, summary.daily.day):
            channel.summaries.append(summary.daily.day)
        channel.posts.append((daily.day, daily.question.id))
        channel.times.append(service.clock())
        await service.mark_posted(setup.guild_id, daily.day, setup.channel_id, 1000 + len(channel.posts))


def local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=BERLIN)


async def run_minutes(service: StudyService, clock: Clock, until: datetime, channel: Channel) -> None:
    """Run a posting round every minute up to `until` (local)."""
    while clock.now < until:
        await post_round(service, channel)
        clock.advance(minutes=1)


async def restart(service: StudyService, path: Path, clock: Clock) -> StudyService:
    await service.store.close()
    return await open_service(path, clock)


def dailies(path: Path, day: date) -> int:
    return scalar(
        path, "SELECT COUNT(*) FROM dailies WHERE guild_id = ? AND day = ?", (GUILD, day.isoformat())
    )


@pytest.mark.parametrize("restart_at", [(8, 59), (9, 0), (9, 1), (9, 30)])
async def test_restart_around_posting_time_posts_once(tmp_path: Path, restart_at: tuple[int, int]) -> None:
    path = tmp_path / "bot.db"
    clock = Clock(local(DAY1, 8, 0))
    service = await open_service(path, clock)
    await service.setup_guild(SETUP)
    channel = Channel()
    await run_minutes(service, clock, local(DAY1, *restart_at), channel)
    service = await restart(service, path, clock)
    await run_minutes(service, clock, local(DAY1, 11, 0), channel)
    await service.store.close()
    assert [day for day, _ in channel.posts] == [DAY1]
    assert dailies(path, DAY1) == 1
    assert channel.summaries == []


async def test_crash_between_choosing_and_posting_posts_the_same_question_once(tmp_path: Path) -> None:
    path = tmp_path / "bot.db"
    clock = Clock(local(DAY1, 9, 0))
    service = await open_service(path, clock)
    await service.setup_guild(SETUP)
    [due] = await service.due_guilds()
    chosen, _ = await service.open_day(due.guild_id)  # then the process dies before posting
    service = await restart(service, path, clock)
    channel = Channel()
    await run_minutes(service, clock, local(DAY1, 10, 0), channel)
    service = await restart(service, path, clock)
    await run_minutes(service, clock, local(DAY1, 10, 30), channel)
    await service.store.close()
    assert channel.posts == [(DAY1, chosen.question.id)]
    assert dailies(path, DAY1) == 1


@pytest.mark.parametrize(
    ("back_on", "first_post"),
    [
        ((1, 7, 0), (1, 9, 0)),  # back before the next day's post time: posts on time
        ((1, 11, 0), (1, 11, 0)),  # back after it: posts at once
        ((2, 10, 0), (2, 10, 0)),  # down for a whole day: that day is skipped, not posted late
    ],
)
async def test_bot_down_over_midnight_posts_once_and_summarizes_once(
    tmp_path: Path, back_on: tuple[int, int, int], first_post: tuple[int, int, int]
) -> None:
    path = tmp_path / "bot.db"
    clock = Clock(local(DAY1, 8, 0))
    service = await open_service(path, clock)
    await service.setup_guild(SETUP)
    channel = Channel()
    await run_minutes(service, clock, local(DAY1, 20, 0), channel)
    await service.store.close()  # down from 20:00

    days_later, hour, minute = back_on
    clock.set(local(DAY1 + timedelta(days=days_later), hour, minute))
    service = await open_service(path, clock)
    await run_minutes(service, clock, clock.now + timedelta(hours=3), channel)
    service = await restart(service, path, clock)  # and once more, for good measure
    await run_minutes(service, clock, clock.now + timedelta(minutes=30), channel)
    await service.store.close()

    back_day = DAY1 + timedelta(days=days_later)
    assert [day for day, _ in channel.posts] == [DAY1, back_day]
    assert channel.summaries == [DAY1]
    assert dailies(path, back_day) == 1
    assert scalar(path, "SELECT COUNT(*) FROM dailies") == 2
    assert scalar(path, "SELECT COUNT(*) FROM dailies WHERE closed = 1") == 1
    post_day, post_hour, post_minute = first_post
    assert channel.times[1] == local(DAY1 + timedelta(days=post_day), post_hour, post_minute)
    assert channel.posts[0][1] != channel.posts[1][1]
