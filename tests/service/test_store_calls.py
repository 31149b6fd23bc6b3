"""The setup cache and how often hot paths (answers, leaderboards) go to the database."""

from __future__ import annotations

from collections import Counter
from datetime import time
from typing import Any

from service_helpers import Factory, correct

from bot.model import GuildSetup, Period
from bot.service import StudyService
from bot.store import Store

BERLIN = GuildSetup(guild_id=1, channel_id=10, post_time=time(9, 0), timezone="Europe/Berlin")


def count_calls(store: Store) -> Counter[str]:
    """Count every public Store method called from now on (the instance is wrapped, not the class)."""
    calls: Counter[str] = Counter()
    for name in dir(Store):
        if name.startswith("_") or not callable(getattr(Store, name)) or name in ("open", "close"):
            continue
        original = getattr(store, name)

        def wrapper(*args: Any, _name: str = name, _original: Any = original, **kwargs: Any) -> Any:
            calls[_name] += 1
            return _original(*args, **kwargs)

        setattr(store, name, wrapper)
    return calls


async def test_cached_setup_follows_setup_and_removal(service: StudyService) -> None:
    calls = count_calls(service.store)
    assert (await service.cached_setup(1)) == (await service.guild_setup(1))
    calls.clear()
    assert (await service.cached_setup(1)).timezone == "UTC"
    assert calls["get_guild"] == 0  # answered from memory
    await service.setup_guild(BERLIN)
    assert (await service.cached_setup(1)).timezone == "Europe/Berlin"
    await service.forget_guild(1)
    assert await service.cached_setup(1) is None
    assert calls["get_guild"] == 1  # a guild without a setup is looked up each time


async def test_a_setup_written_elsewhere_is_found_on_a_miss(make_service: Factory) -> None:
    ours, other = await make_service(), await make_service()  # two processes on one file
    assert await ours.cached_setup(1) is None
    await other.setup_guild(BERLIN)
    assert await ours.cached_setup(1) == BERLIN


async def test_the_due_check_refreshes_every_cached_setup(make_service: Factory) -> None:
    ours, other = await make_service(), await make_service()
    await ours.setup_guild(BERLIN)
    await other.setup_guild(GuildSetup(2, 20, time(9, 0), "Asia/Tokyo"))
    await other.setup_guild(GuildSetup(1, 11, time(8, 0), "UTC"))
    assert (await ours.cached_setup(1)).channel_id == 10  # stale until the next due check
    await ours.due_guilds()
    assert (await ours.cached_setup(1)).channel_id == 11
    await other.forget_guild(1)
    await ours.due_guilds()
    assert await ours.cached_setup(1) is None


async def test_an_answer_reads_the_database_once_and_writes_once(service: StudyService) -> None:
    daily, _ = await service.open_day(1)
    calls = count_calls(service.store)
    result = await service.answer(1, 7, correct(daily.question))
    assert result.points == 10
    assert calls == Counter({"answer_state": 1, "record_attempt": 1})
    await service.reviews.flush()  # the review card is rated after the reply, batched with others
    assert calls["rate_cards"] == 1
    again = await service.answer(1, 8, correct(daily.question))
    assert again.points == 10 and calls["record_attempt"] == 2


async def test_a_leaderboard_page_is_one_store_call(service: StudyService) -> None:
    daily, _ = await service.open_day(1)
    for user in range(1, 13):
        await service.answer(1, user, correct(daily.question))
    calls = count_calls(service.store)
    page = await service.leaderboard(1, Period.WEEK, page=1, per_page=10)
    assert [r.user_id for r in page.rows] == [11, 12] and page.pages == 2
    assert calls["leaderboard"] == 1
    past = await service.leaderboard(1, Period.ALL, page=5, per_page=10)  # clamped to the last
    assert past.page == 1 and [r.rank for r in past.rows] == [1, 1]
    assert calls["leaderboard"] == 3
