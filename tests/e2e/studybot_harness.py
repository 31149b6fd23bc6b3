"""Helpers for end-to-end tests of the Discord layer: a movable clock, a small bank, and a starter
that builds the real StudyService and StudyBot against the fake Discord (and can restart it)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

import discord
import pytest
from fakediscord import FakeDiscord
from fakediscord.waiting import WAIT_SECONDS

from bot.bank.holder import BankHolder
from bot.discord.app import StudyBot, create_bot
from bot.service import StudyService
from bot.settings import Settings
from bot.store import Store

T = TypeVar("T")

BANK_YAML = """\
bank: test-bank
title: Test bank
language: en
questions:
  - id: t-01
    question: What does dropout do during training?
    answer: Dropout randomly zeroes neurons during training, which reduces overfitting.
    explanation: Each step drops a random subset of activations so units cannot co-adapt.
    topics: [regularization]
    difficulty: easy
    key_points:
      - point: randomly drops neurons
        phrasings: [randomly drops neurons, randomly zeroes neurons, drops units at random]
      - point: reduces overfitting
        phrasings: [reduces overfitting, prevents overfitting]
  - id: t-02
    question: What is a learning rate schedule?
    answer: A schedule changes the learning rate over training, for example warmup then decay.
    explanation: Warmup stabilises early steps; decay helps convergence later.
    topics: [optimization]
    key_points:
      - point: changes the learning rate over time
        phrasings: [changes the learning rate over time, adjusts the learning rate during training]
      - point: warmup then decay
        phrasings: [warmup then decay, warm up and then decay]
  - id: t-03
    question: Why normalise layer inputs?
    answer: Normalisation keeps activations in a stable range, which speeds up and stabilises training.
    explanation: Layer norm rescales each example's features to zero mean and unit variance.
    topics: [normalization]
    key_points:
      - point: keeps activations in a stable range
        phrasings: [keeps activations in a stable range, stable range]
      - point: stabilises training
        phrasings: [stabilises training, stabilizes training, speeds up training]
"""

# Replies to every question above, by verdict.
REPLIES = {
    "t-01": {
        "correct": "It randomly drops neurons while training, which reduces overfitting.",
        "partial": "It randomly drops neurons.",
    },
    "t-02": {
        "correct": "It changes the learning rate over time, usually warmup then decay.",
        "partial": "It changes the learning rate over time.",
    },
    "t-03": {
        "correct": "It keeps activations in a stable range and stabilises training.",
        "partial": "It keeps activations in a stable range.",
    },
}
WRONG = "It makes the model bigger and uses more colours."


def reply_for(question_id: str, verdict: str) -> str:
    return WRONG if verdict == "wrong" else REPLIES[question_id][verdict]


@dataclass
class MovableClock:
    now: datetime

    def __call__(self) -> datetime:
        return self.now

    def set(self, when: datetime) -> None:
        self.now = when.astimezone(UTC)

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def write_bank(folder: Path, text: str = BANK_YAML, name: str = "test.yaml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder


async def close_client(client: discord.Client) -> None:
    """Close a client once it has finished taking in a READY.

    After READY discord.py gathers guilds for guild_ready_timeout in a task that close() leaves
    running; a test ending right after a re-IDENTIFY would have that task dispatch its events on
    the closed client, where each is dropped as "coroutine 'Client._run_event' was never awaited".
    A real process exits after close(), cancelling the task, so only tests need this.
    """
    state = client._connection
    gathering = [getattr(state, "_ready_task", None), *getattr(state, "_ready_tasks", {}).values()]
    pending = {task for task in gathering if task is not None and not task.done()}
    if pending:
        await asyncio.wait(pending, timeout=WAIT_SECONDS)
    await client.close()


@dataclass
class Studybot:
    """Starts (and restarts) the real bot on one database and one bank folder."""

    fake: FakeDiscord
    connect: Any
    tmp: Path
    clock: MovableClock
    bank_dir: Path
    message_content: bool = False
    dev_guild: bool = True  # False: commands are synced globally
    bot: StudyBot | None = None
    service: StudyService | None = None
    stores: list[Store] = field(default_factory=list)
    db: str | None = None  # a PostgreSQL URL instead of the SQLite file in tmp
    store_options: dict[str, Any] = field(default_factory=dict)  # e.g. busy_timeout_ms

    def settings(self) -> Settings:
        return Settings(
            token="fake-token",
            db_path=self.db if self.db is not None else self.tmp / "studybot.db",
            bank_paths=(self.bank_dir,),
            dev_guild_id=self.fake.guild.id if self.dev_guild else None,
            api_base_url=self.fake.api_base,
            message_content=self.message_content,
        )

    async def start(self, **options: Any) -> StudyBot:
        settings = self.settings()
        store = await Store.open(settings.db_path, **self.store_options)
        self.stores.append(store)
        self.service = StudyService(BankHolder(settings.bank_paths), store, self.clock)
        options.setdefault("tick_seconds", 0.05)
        self.bot = await self.connect(
            lambda: create_bot(settings, self.service, clock=self.clock, **options), expect_sync=True
        )
        return self.bot

    async def stop(self) -> None:
        if self.bot is not None:
            await close_client(self.bot)
            self.bot = None

    async def close(self) -> None:
        await self.stop()
        for store in self.stores:
            await store.close()


@pytest.fixture(name="clock")
def clock_fixture() -> MovableClock:
    return MovableClock(datetime(2026, 3, 2, 0, 30, tzinfo=UTC))  # 08:30 in Shanghai


@pytest.fixture(name="studybot")
async def studybot_fixture(
    fake_discord: FakeDiscord, connect_client: Any, tmp_path: Path, clock: MovableClock
) -> AsyncIterator[Studybot]:
    harness = Studybot(fake_discord, connect_client, tmp_path, clock, write_bank(tmp_path / "banks"))
    try:
        yield harness
    finally:
        await harness.close()


async def run_setup(fake: FakeDiscord, **options: Any) -> Any:
    """/setup as the guild owner; returns the reply callback."""
    values: dict[str, Any] = {"channel": fake.general, "time": "09:00", "timezone": "Asia/Shanghai"}
    values.update(options)
    handle = await fake.send_slash("setup", values, user=fake.alice)
    return await handle.response()


async def eventually(
    check: Callable[[], Awaitable[T | None]], timeout: float = WAIT_SECONDS, what: str = ""
) -> T:
    """Poll an async check until it returns something truthy (for state the bot writes later)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        value = await check()
        if value:
            return value
        if loop.time() > deadline:
            raise AssertionError(f"timed out waiting for {what or check}")
        await asyncio.sleep(0.02)


async def daily_thread(fake: FakeDiscord, studybot: Studybot) -> Any:
    """The fake channel of today's daily thread, once the bot has opened and recorded it."""

    async def thread_id() -> int | None:
        daily = await studybot.service.today(fake.guild.id)
        return daily.thread_id if daily else None

    return fake.world.channels[await eventually(thread_id, what="the daily thread")]
