"""The /stats chart: rendering time for a year of daily answers, and what the event loop feels.

    .venv/bin/python bench/bench_stats.py             # 20 renders of a 365-day chart
    .venv/bin/python bench/bench_stats.py --runs 5

A user with one daily answer on each of 365 days (points, verdicts and topics varied) and a
review log over 12 topics. Timed: the first chart (it starts the chart process, which loads
matplotlib), then `Progress.chart` (queries, drawing in the chart process, summary) and the
drawing alone (`render_progress` called directly), median and p99. While charts are drawn, a
ticker on the event loop wakes every 5 ms; its lateness, next to the same ticker on an idle loop,
shows whether drawing holds up other commands.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path

from bot.bank.holder import BankHolder
from bot.bank.model import Bank, KeyPoint, Library, Question
from bot.i18n import ENGLISH
from bot.model import GuildSetup, StatsPeriod
from bot.service import StudyService
from bot.store import Store
from bot.store.reviews import _ts

GUILD, USER = 1, 7
TODAY = date(2026, 6, 1)
NOW = datetime(2026, 6, 1, 20, 0, tzinfo=UTC)
TOPICS = [f"topic-{i:02d}" for i in range(12)]
TARGET_MS = 300.0


def library() -> Library:
    questions = tuple(
        Question(
            id=f"s-{i:03d}", bank="bench", question=f"Question {i}?", answer=f"Answer {i}.", explanation="",
            key_points=(KeyPoint(f"k{i}", (f"k{i}",)),), topics=(TOPICS[i % len(TOPICS)],), language="en",
        )
        for i in range(365)
    )  # fmt: skip
    return Library(banks=(Bank("bench", "Bench", "en", "bench.yaml", questions),))


async def fill(store: Store, rng: random.Random) -> None:
    for i in range(365):
        day = TODAY - timedelta(days=364 - i)
        verdict, score, points = rng.choice(
            [("correct", 1.0, 10 + min(i % 7, 5)), ("partial", 0.6, 5), ("wrong", 0.1, 0)]
        )
        await store.record_attempt(GUILD, USER, f"s-{i:03d}", day, "a reply", verdict, score, points, 3)
        async with store._write() as db:
            await db.execute(
                "INSERT INTO review_logs (guild_id, user_id, question_id, origin, source, rating, verdict,"
                " reviewed_at) VALUES (?, ?, ?, ?, 'daily', 3, ?, ?)",
                (GUILD, USER, f"s-{i:03d}", f"daily:{day}", verdict, _ts(NOW - timedelta(days=364 - i))),
            )


async def ticker(stop: asyncio.Event, worst: list[float]) -> None:
    loop = asyncio.get_running_loop()
    while not stop.is_set():
        start = loop.time()
        await asyncio.sleep(0.005)
        worst.append((loop.time() - start - 0.005) * 1000)


def percentiles(times: list[float]) -> str:
    times = sorted(times)
    p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
    flag = "" if p99 <= TARGET_MS else f"   (over the {TARGET_MS:g} ms target)"
    return f"median {statistics.median(times):6.1f} ms   p99 {p99:6.1f} ms{flag}"


def lateness_text(late: list[float]) -> str:
    late = sorted(late)
    p99 = late[int(len(late) * 0.99)]
    return f"median {statistics.median(late):4.1f} ms, p99 {p99:5.1f} ms, worst {late[-1]:5.1f} ms"


async def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        async with Store.open(Path(tmp) / "stats.db") as store:
            service = StudyService(BankHolder.of(library()), store, lambda: NOW)
            await service.setup_guild(GuildSetup(GUILD, 10, clock_time(9, 0), "UTC"))
            await fill(store, random.Random(5))
            start = time.perf_counter()
            first = await service.progress.chart(GUILD, USER, StatsPeriod.YEAR, ENGLISH, "bench")
            took = (time.perf_counter() - start) * 1000
            size = f"{len(first.png):,} bytes, {len(first.stats.days)} days, {len(first.stats.topics)} topics"
            print(f"first chart (starts the chart process, which loads matplotlib): {took:.0f} ms ({size})")

            stop, idle = asyncio.Event(), []
            tick = asyncio.create_task(ticker(stop, idle))
            await asyncio.sleep(2.0)  # the ticker with nothing drawn: the machine's own noise
            stop.set()
            await tick
            stop, lateness = asyncio.Event(), []
            tick = asyncio.create_task(ticker(stop, lateness))
            whole = []
            for _ in range(args.runs):
                start = time.perf_counter()
                await service.progress.chart(GUILD, USER, StatsPeriod.YEAR, ENGLISH, "bench")
                whole.append((time.perf_counter() - start) * 1000)
            stop.set()
            await tick
            assert "matplotlib" not in sys.modules  # the bot process never loaded it

            from bot.charts import render_progress

            drawing = []
            for _ in range(args.runs):
                start = time.perf_counter()
                render_progress(first.stats, ENGLISH, "bench")
                drawing.append((time.perf_counter() - start) * 1000)
            print(f"{args.runs} runs, 365 days (target: p99 <= {TARGET_MS:g} ms):")
            print(f"  /stats chart (queries, drawing in the chart process, summary)  {percentiles(whole)}")
            print(f"  drawing alone (render_progress, in this process)             {percentiles(drawing)}")
            print(f"  event loop lateness, 5 ms ticker: {lateness_text(lateness)} while charts are drawn,")
            print(f"  {' ' * 34}{lateness_text(idle)} idle")


if __name__ == "__main__":
    asyncio.run(main())
