"""The database goes away for a few seconds while members answer and the daily job is due.

PostgreSQL: the server is stopped and started again. SQLite: another program holds the write lock
(the bot waits only briefly for it). Either way members get a clear "try again" message and
nothing half-written, the daily job keeps running without posting twice, and once the database is
back every acknowledged answer is there and everything works again.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import threading
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from fakediscord import DEFERRED_CHANNEL_MESSAGE, LOADING, FakeDiscord, InteractionHandle
from pgcluster import Cluster

from bot.grading.verdict import Verdict
from bot.model import Daily
from bot.service import StudyService

from .studybot_harness import MovableClock, Studybot, eventually, reply_for
from .test_answer import button_id
from .test_daily import NINE_SHANGHAI, dailies, daily_cog, is_summary
from .test_faults import graded, post_first_day, stored, users

OUTAGE_SECONDS = 3.0
LOCK_WAIT_MS = 100  # how long the SQLite store waits for a lock before it gives up


class Outage:
    """Takes the bot's database away and brings it back."""

    def __init__(self, backend: str, cluster: Cluster | None) -> None:
        self.backend, self.cluster = backend, cluster
        self._release = threading.Event()
        self._holder: threading.Thread | None = None

    def use(self, studybot: Studybot) -> None:
        self.path = studybot.tmp / "studybot.db"
        if self.cluster is not None:
            studybot.db = self.cluster.url()
        else:
            studybot.store_options = {"busy_timeout_ms": LOCK_WAIT_MS}

    async def begin(self) -> None:
        if self.cluster is not None:
            await asyncio.to_thread(self.cluster.stop_server)
            return
        taken = threading.Event()
        self._holder = threading.Thread(target=self._hold_lock, args=(taken,))
        self._holder.start()
        assert await asyncio.to_thread(taken.wait, 30), "the other program never took the lock"

    async def end(self) -> None:
        if self.cluster is not None:
            await asyncio.to_thread(self.cluster.start_server)
            return
        self._release.set()
        if self._holder is not None:
            await asyncio.to_thread(self._holder.join)

    def _hold_lock(self, taken: threading.Event) -> None:
        db = sqlite3.connect(self.path, isolation_level=None, timeout=10)
        try:
            db.execute("BEGIN EXCLUSIVE")
            taken.set()
            self._release.wait(60)
            db.execute("ROLLBACK")
        finally:
            taken.set()
            db.close()


@pytest.fixture
def outage(db_backend: str, request: pytest.FixtureRequest) -> Iterator[Outage]:
    if db_backend == "sqlite":
        yield Outage(db_backend, None)
        return
    shared: Cluster = request.getfixturevalue("pg_cluster")
    own = Cluster(shared.bin_dir)  # its own server, so stopping it disturbs no other test
    own.start()
    made = Outage(db_backend, own)
    try:
        yield made
    finally:
        made._release.set()
        own.stop()


async def shown(handle: InteractionHandle) -> str:
    """The text of the bot's reply, deferred or not."""
    callback = await handle.response()
    if callback.type != DEFERRED_CHANNEL_MESSAGE:
        return str(callback.data)
    return str(await handle.original(where=lambda m: not m["flags"] & LOADING))


async def recorded_post(service: StudyService, guild_id: int) -> Daily | None:
    """Today's daily once the bot has stored its message id (a little after the fake has it)."""
    daily = await service.today(guild_id)
    return daily if daily is not None and daily.message_id is not None else None


def count_calls(target: Any, name: str) -> list[int]:
    """Wrap `target.name` so each call is counted; returns the one-element counter."""
    calls = [0]
    real = getattr(target, name)

    async def counted(*args: Any, **kwargs: Any) -> Any:
        calls[0] += 1
        return await real(*args, **kwargs)

    setattr(target, name, counted)
    return calls


async def test_database_away_for_seconds_while_members_answer_and_the_daily_is_due(
    fake_discord: FakeDiscord,
    studybot: Studybot,
    clock: MovableClock,
    outage: Outage,
    caplog: pytest.LogCaptureFixture,
) -> None:
    fake, guild = fake_discord, fake_discord.guild.id
    early, late = users(fake, 2), users(fake, 1)[0]
    outage.use(studybot)
    await studybot.start()
    service = studybot.service
    assert service is not None
    await post_first_day(fake, studybot, clock)
    first = await service.today(guild)
    assert first is not None
    for learner in early:  # acknowledged before the outage: these must survive it
        handle = await fake.send_slash(
            "answer", {"text": reply_for(first.question.id, "correct")}, user=learner
        )
        assert (await graded(handle))["title"].startswith("✅")
    await service.reviews.flush()  # their review cards are written in the background
    rounds = count_calls(service, "due_guilds")

    await outage.begin()
    loop = asyncio.get_running_loop()
    began = loop.time()
    with caplog.at_level(logging.INFO):
        during = await fake.send_slash("answer", {"text": reply_for(first.question.id, "correct")}, user=late)
        text = await shown(during)
        assert "can't reach my database" in text and "try again" in text, text
        assert "Traceback" not in text and "PostgreSQL" not in text and "locked" not in text  # log only
        # A review rating queued in the instant the database went away stays queued for later.
        day_origin = f"daily:{first.day.isoformat()}"
        await service.reviews.note_answer(
            guild, late.id, first.question.id, Verdict.WRONG, "daily", day_origin
        )
        await service.reviews.flush()
        assert service.reviews.queued == 1
        # The next day's post time comes while the database is away: rounds fail and carry on.
        clock.set(NINE_SHANGHAI + timedelta(days=1, minutes=1))
        seen = rounds[0]
        await fake.wait_until(lambda: rounds[0] >= seen + 3, explain="three daily rounds in the outage")
        assert len(dailies(fake)) == 1  # nothing posted while the day could not be recorded
        await asyncio.sleep(max(0.0, OUTAGE_SECONDS - (loop.time() - began)))
        await outage.end()

        # Back: the new day is posted once, the old one summarised once, answers work again.
        await fake.wait_until(lambda: len(dailies(fake)) == 2, explain="the second day's post")
        second = await eventually(lambda: recorded_post(service, guild), what="the post recorded")
        assert second.day == first.day + timedelta(days=1)
        assert second.message_id == int(dailies(fake)[1]["id"])
        assert await daily_cog(studybot).post_due() == []
        assert len([m for m in fake.messages_in(fake.general) if is_summary(m)]) == 1
        # The member told to try again does, on the new post's Answer button.
        click = await fake.click_button(dailies(fake)[1], button_id(dailies(fake)[1], "Answer"), user=late)
        again = await click.submit_modal({"answer": reply_for(second.question.id, "correct")})
        assert (await graded(again))["title"].startswith("✅")

    kept = await stored(studybot, guild, [u.id for u in [*early, late]])
    assert [(s.answered, s.points) for s in kept.values()] == [(1, 10), (1, 10), (1, 10)]
    late_first = await service.store.result(guild, late.id, first.question.id, first.day)
    assert late_first is None  # the answer refused in the outage left nothing behind
    await service.reviews.flush()  # the rating kept through the outage is written now
    card = await service.store.get_card(guild, late.id, first.question.id)
    assert service.reviews.queued == 0 and card is not None and card.reps == 1
    assert len(dailies(fake)) == 2
    # The outage reads as a line per loop as it begins and ends, not as a crash: no traceback from
    # the bot, nor from asyncpg's pool while it cannot reconnect (bot/store/postgres.py).
    assert not [(r.name, r.getMessage()) for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]
    ours = [r for r in caplog.records if r.name.startswith("bot.")]
    back = [r.getMessage() for r in ours if "the database is back" in r.getMessage()]
    assert "daily round: the database is back" in back
    assert not fake.bot_errors
