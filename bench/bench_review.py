"""Review cards at scale: due-card lookup and next-card choice.

    .venv/bin/python bench/bench_review.py            # 10,000 cards for one user; 5,000 users x 20 cards
    .venv/bin/python bench/bench_review.py --small    # 1,000 cards; 500 users: seconds

The database is created by `Store.open` (the real migration and its due index); cards are written
with plain sqlite3 in one transaction, due times spread from 60 days ago to 120 days ahead (a
quarter of them due). Timed, through the service as /review start calls them:
- `queue`: cards due now, all cards, next due time (one query);
- `next_card`: the queue plus the most overdue card whose question is loaded (what a session shows);
- rating cards (FSRS computed inside the write transaction), one, and 100 queued at once.
Median and p99 over many calls, for the user with many cards and for random users of the big guild.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path

from bot.bank.holder import BankHolder
from bot.bank.model import Bank, KeyPoint, Library, Question
from bot.grading.verdict import Verdict
from bot.model import GuildSetup
from bot.service import StudyService
from bot.store import Store
from bot.store.reviews import _ts

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
HEAVY_GUILD, HEAVY_USER, BIG_GUILD = 1, 42, 2
TARGET_MS = 5.0


def library(count: int) -> Library:
    questions = tuple(
        Question(
            id=f"b-{i:05d}", bank="bench", question=f"Question {i}?", answer=f"Answer {i}.",
            explanation="", key_points=(KeyPoint(f"k{i}", (f"k{i}",)),), language="en",
        )
        for i in range(count)
    )  # fmt: skip
    return Library(banks=(Bank("bench", "Bench", "en", "bench.yaml", questions),))


def fill(path: Path, heavy_cards: int, users: int, per_user: int, rng: random.Random) -> None:
    def rows(guild: int, user: int, count: int) -> list[tuple[object, ...]]:
        out = []
        for i in range(count):
            due = NOW + timedelta(minutes=rng.randint(-60 * 24 * 60, 60 * 24 * 120))
            last = min(due, NOW) - timedelta(days=rng.randint(1, 30))
            out.append(
                (guild, user, f"b-{i:05d}", _ts(due), rng.uniform(0.5, 200), rng.uniform(1, 10), 2, None,
                 _ts(last), 3, rng.randint(1, 20), rng.randint(0, 3), _ts(last))
            )  # fmt: skip
        return out

    sql = (
        "INSERT INTO review_cards (guild_id, user_id, question_id, due, stability, difficulty, state,"
        " step, last_review, last_rating, reps, lapses, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)"
    )
    with sqlite3.connect(path) as conn:
        conn.executemany(sql, rows(HEAVY_GUILD, HEAVY_USER, heavy_cards))
        for user in range(1, users + 1):
            conn.executemany(sql, rows(BIG_GUILD, user, per_user))
        conn.execute("ANALYZE")


async def timed(call: Callable[[], Awaitable[object]], samples: int) -> tuple[float, float]:
    times = []
    for _ in range(samples):
        start = time.perf_counter()
        await call()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, int(len(times) * 0.99))]


def line(label: str, figures: tuple[float, float], target: bool = True) -> None:
    median, p99 = figures
    flag = "" if p99 <= TARGET_MS or not target else f"   (over the {TARGET_MS:g} ms target)"
    print(f"  {label:<52} median {median:6.2f} ms   p99 {p99:6.2f} ms{flag}")


async def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--small", action="store_true")
    args = parser.parse_args()
    heavy, users, per_user, samples = (1_000, 500, 20, 200) if args.small else (10_000, 5_000, 20, 1_000)
    rng = random.Random(12)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "review.db"
        async with Store.open(path):
            pass
        started = time.perf_counter()
        fill(path, heavy, users, per_user, rng)
        took = time.perf_counter() - started
        total = heavy + users * per_user
        print(
            f"cards: {heavy:,} for one user; {users:,} users x {per_user} in another guild"
            f" ({total:,} in all), written in {took:.1f} s"
        )
        async with Store.open(path) as store:
            service = StudyService(BankHolder.of(library(heavy)), store, lambda: NOW)
            for guild in (HEAVY_GUILD, BIG_GUILD):
                await service.setup_guild(GuildSetup(guild, 10, clock_time(9, 0), "UTC"))
            reviews = service.reviews
            print(f"{samples} calls each (target: p99 <= {TARGET_MS:g} ms):")
            line(f"user with {heavy:,} cards: queue (due now, next due)", await timed(
                lambda: reviews.queue(HEAVY_GUILD, HEAVY_USER), samples))  # fmt: skip
            line(f"user with {heavy:,} cards: next card (most overdue)", await timed(
                lambda: reviews.next_card(HEAVY_GUILD, HEAVY_USER), samples))  # fmt: skip
            pick = random.Random(3)
            line(f"server with {users:,} users: queue of a random user", await timed(
                lambda: reviews.queue(BIG_GUILD, pick.randint(1, users)), samples))  # fmt: skip
            line(f"server with {users:,} users: next card of a random user", await timed(
                lambda: reviews.next_card(BIG_GUILD, pick.randint(1, users)), samples))  # fmt: skip
            counter = iter(range(10**9))

            async def rate_one() -> None:
                n = next(counter)
                qid = f"b-{n % heavy:05d}"
                await reviews.note_answer(
                    HEAVY_GUILD, HEAVY_USER, qid, Verdict.CORRECT, "practice", f"bench:{n}"
                )
                await reviews.flush()  # queued, then written by the batch task: time both

            line(
                f"rate one card (FSRS + write), user with {heavy:,} cards",
                await timed(rate_one, min(samples, 300)),
            )

            async def rate_burst() -> None:
                for _ in range(100):
                    n = next(counter)
                    qid = f"b-{n % heavy:05d}"
                    await reviews.note_answer(
                        HEAVY_GUILD, HEAVY_USER, qid, Verdict.WRONG, "quiz", f"bench:{n}"
                    )
                await reviews.flush()

            line("100 ratings queued at once, written as a batch", await timed(rate_burst, 30), target=False)


if __name__ == "__main__":
    asyncio.run(main())
