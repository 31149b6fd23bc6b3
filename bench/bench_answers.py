"""/answer through the real bot and the local fake Discord: latency, throughput, exact scores.

    .venv/bin/python bench/bench_answers.py            # 100 at once (twice), a burst of 1,000
    .venv/bin/python bench/bench_answers.py --small    # 20 at once (twice), a burst of 100
    .venv/bin/python bench/bench_answers.py --pg       # the same on a throwaway PostgreSQL cluster

The real StudyBot (discord.py) connects to tests/fakediscord over 127.0.0.1 with the shipped banks
and a file database. Users answer today's question with /answer; each reply's latency is measured
from the moment its INTERACTION_CREATE is on the gateway socket to (a) the interaction callback
(the bot's "thinking..." acknowledgement) and (b) the edit carrying the graded result, both as
they arrive at the fake's REST API. Afterwards every user's stored points must equal what the
grader's verdict for their reply is worth. Bot and fake share one process and one event loop,
so the figures include the fake's own work. Target: p99 <= 50 ms at 100 concurrent users.

Phases: 10 users one after another (a baseline without queueing); 100 users at once, twice: the
first wave also opens the HTTP connections discord.py needs for 100 simultaneous callbacks (its
connection pool holds only the few a quiet bot used), the second finds them open, as a bot that
has been busy does; then 1,000 more in one burst.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from datetime import time as clock_time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # the fake Discord lives with the tests

from fakediscord import FakeDiscord, FakeUser  # noqa: E402
from fakediscord.recording import RecordedRequest  # noqa: E402

from bot.bank.holder import BankHolder  # noqa: E402
from bot.bank.model import Question  # noqa: E402
from bot.discord.app import StudyBot, create_bot  # noqa: E402
from bot.discord.endpoint import use_api_base  # noqa: E402
from bot.model import GuildSetup  # noqa: E402
from bot.rules.scoring import attempt_points  # noqa: E402
from bot.service import StudyService  # noqa: E402
from bot.settings import Settings  # noqa: E402
from bot.store import Store  # noqa: E402

TARGET_P99_MS = 50.0
SINGLE = 10  # users answering one after another first, for a baseline
NOW = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai, after the 09:00 post


@dataclass
class Timing:
    """Arrival times (perf_counter) at the fake, by interaction token."""

    sent: dict[str, float] = field(default_factory=dict)
    acked: dict[str, float] = field(default_factory=dict)
    graded: dict[str, float] = field(default_factory=dict)

    def hook(self, fake: FakeDiscord) -> None:
        add = fake.recorder.add

        def add_timed(record: RecordedRequest) -> None:
            now = time.perf_counter()
            parts = record.path.split("/")
            if record.method == "POST" and parts[1] == "interactions" and parts[-1] == "callback":
                self.acked.setdefault(parts[3], now)
            elif record.method == "PATCH" and parts[1] == "webhooks" and parts[-1] == "@original":
                self.graded.setdefault(parts[3], now)
            add(record)

        fake.recorder.add = add_timed  # type: ignore[method-assign]


def replies(question: Question) -> list[str]:
    """Replies of every quality for one question: full, one key point, off topic, empty-ish."""
    points = [kp.phrasings[0] if kp.phrasings else kp.point for kp in question.key_points]
    full = "In short: " + "; and ".join(points) + "."
    one = f"I think it is about {points[0]}." if points else "It is about the topic."
    return [full, one, "I would rather talk about the weather today.", question.answer]


async def start_bot(
    fake: FakeDiscord, tmp: Path, db: str | None = None
) -> tuple[StudyBot, asyncio.Task[None], Store]:
    settings = Settings(
        token=fake.token,
        db_path=db or tmp / "answers.db",
        bank_paths=(ROOT / "questions",),
        dev_guild_id=fake.guild.id,
        api_base_url=fake.api_base,
    )
    store = await Store.open(settings.db_path)
    service = StudyService(BankHolder(settings.bank_paths), store, lambda: NOW)
    await service.setup_guild(GuildSetup(fake.guild.id, fake.general.id, clock_time(9, 0), "Asia/Shanghai"))
    daily, _ = await service.open_day(fake.guild.id)
    await service.mark_posted(fake.guild.id, daily.day, fake.general.id, 1)  # posted earlier today
    use_api_base(fake.api_base)
    bot = create_bot(settings, service, clock=lambda: NOW, tick_seconds=60.0)
    bot._connection.guild_ready_timeout = 0.1  # discord.py waits 2 s for late guilds otherwise
    await bot.login(fake.token)
    task = asyncio.create_task(bot.connect())
    await asyncio.wait_for(bot.wait_until_ready(), 20)
    await fake.wait_until(lambda: fake.world.commands.sync_count > 0, 20, lambda: "no command sync")
    return bot, task, store


async def wave(
    fake: FakeDiscord, users: list[FakeUser], texts: dict[int, str], timing: Timing
) -> tuple[list[float], list[float], float]:
    """Every user in `users` runs /answer at once; (ack ms, graded ms, seconds for the wave)."""

    async def send(user: FakeUser) -> str:
        handle = await fake.send_slash("answer", {"text": texts[user.id]}, user=user)
        timing.sent[handle.token] = time.perf_counter()  # now on the gateway socket
        return handle.token

    t0 = time.perf_counter()
    tokens = await asyncio.gather(*(send(u) for u in users))
    await fake.wait_until(
        lambda: all(t in timing.graded for t in tokens), 120, lambda: f"{len(timing.graded)} graded"
    )
    spent = max(timing.graded[t] for t in tokens) - t0
    acks = sorted((timing.acked[t] - timing.sent[t]) * 1000 for t in tokens)
    graded = sorted((timing.graded[t] - timing.sent[t]) * 1000 for t in tokens)
    return acks, graded, spent


async def one_by_one(fake: FakeDiscord, users: list[FakeUser], texts: dict[int, str], timing: Timing) -> None:
    """A baseline without queueing: each user answers after the previous one was graded."""
    acks, graded = [], []
    for user in users:
        a, g, _ = await wave(fake, [user], texts, timing)
        acks += a
        graded += g
    print(
        f"one at a time ({len(users)} users): callback p50 {statistics.median(acks):.1f} ms, "
        f"graded reply p50 {statistics.median(graded):.1f} ms"
    )


def pct(values: list[float], q: float) -> float:
    return values[min(len(values) - 1, int(len(values) * q))]


def show(label: str, acks: list[float], graded: list[float], spent: float) -> bool:
    print(f"{label}: {len(graded)} answers in {spent:.2f} s ({len(graded) / spent:.0f} answers/s)")
    for name, values in (("to callback", acks), ("to graded reply", graded)):
        print(
            f"  {name:<16} p50 {statistics.median(values):7.1f} ms   p99 {pct(values, 0.99):7.1f} ms"
            f"   max {values[-1]:7.1f} ms"
        )
    return pct(acks, 0.99) <= TARGET_P99_MS


async def check_scores(
    store: Store, service: StudyService, guild_id: int, texts: dict[int, str], question: Question
) -> list[str]:
    problems = []
    grader = service.grader()
    for user_id, text in texts.items():
        verdict = grader.grade(question, text).verdict
        want = attempt_points(verdict, 1, False, service.rules)
        stats = await store.user_stats(guild_id, user_id)
        if stats.points != want or stats.answered != 1:
            problems.append(
                f"user {user_id}: {stats.points} points / {stats.answered} answers, want {want} / 1"
            )
    return problems


async def run(tmp: Path, concurrent: int, burst: int, db: str | None = None) -> int:
    logging.basicConfig(level=logging.WARNING)
    fake = FakeDiscord()
    await fake.start()
    users = []
    for i in range(SINGLE + 2 * concurrent + burst):
        user = fake.world.add_user(f"user{i}")
        fake.world.add_member(fake.guild, user)
        users.append(user)
    timing = Timing()
    timing.hook(fake)
    bot, task, store = await start_bot(fake, tmp, db)
    print(f"database: {store.backend}")
    try:
        service = bot.service
        daily = await service.today(fake.guild.id)
        assert daily is not None
        choices = replies(daily.question)
        texts = {u.id: choices[i % len(choices)] for i, u in enumerate(users)}
        verdicts = {t: service.grader().grade(daily.question, t).verdict.value for t in choices}
        print(f"question {daily.question.id}; reply verdicts: {sorted(verdicts.values())}")
        await one_by_one(fake, users[:SINGLE], texts, timing)
        first, second = SINGLE + concurrent, SINGLE + 2 * concurrent
        cold = show(
            f"{concurrent} users at once, first", *await wave(fake, users[SINGLE:first], texts, timing)
        )
        warm = show(
            f"{concurrent} users at once, again", *await wave(fake, users[first:second], texts, timing)
        )
        show(f"burst of {burst}", *await wave(fake, users[second:], texts, timing))
        problems = await check_scores(store, service, fake.guild.id, texts, daily.question)
        total = sum(1 for _ in texts)
        print(
            "scores: "
            + (
                "every user's points equal the expected ones exactly"
                if not problems
                else f"{len(problems)} WRONG"
            )
            + f" ({total} users)"
        )
        for p in problems[:10]:
            print("   ", p)
        for label, ok in (("first wave", cold), ("second wave", warm)):
            verdict = "ok" if ok else "MISSES TARGET"
            print(f"p99 to callback at {concurrent} concurrent users, {label}: {verdict}")
        return 0 if cold and warm and not problems else 1
    finally:
        await bot.close()
        await asyncio.wait([task], timeout=5)
        await store.close()
        await fake.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="20 at once, a burst of 100; seconds")
    parser.add_argument(
        "--pg", action="store_true", help="on a throwaway PostgreSQL cluster (tests/pgcluster.py)"
    )
    args = parser.parse_args()
    concurrent, burst = (20, 100) if args.small else (100, 1000)
    with tempfile.TemporaryDirectory() as tmp:
        if not args.pg:
            return asyncio.run(run(Path(tmp), concurrent, burst))
        from pgcluster import Cluster, find_bin

        found = find_bin()
        if found is None:
            print("no PostgreSQL binaries found (STUDYBOT_PG_BIN)")
            return 2
        cluster = Cluster(found)
        cluster.start()
        try:
            return asyncio.run(run(Path(tmp), concurrent, burst, cluster.url()))
        finally:
            cluster.stop()


if __name__ == "__main__":
    raise SystemExit(main())
