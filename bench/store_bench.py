"""Storage speed on a temporary file: simultaneous answers, leaderboards, backup.

Run: .venv/bin/python -m bench.store_bench
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from bot.store import Store

USERS = 1000
DAYS = 60


async def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        async with Store.open(Path(tmp) / "bench.db") as store:
            start = date(2026, 1, 1)
            t0 = time.perf_counter()
            await asyncio.gather(
                *(store.record_attempt(1, u, "q", start, "r", "partial", 0.5, 5, 3) for u in range(USERS))
            )
            burst = time.perf_counter() - t0
            print(f"{USERS} simultaneous answers: {burst:.2f} s ({USERS / burst:.0f} answers/s)")

            for d in range(1, DAYS):
                day = start + timedelta(days=d)
                await asyncio.gather(
                    *(
                        store.record_attempt(1, u, "q", day, "r", "partial", 0.5, u % 11, 3)
                        for u in range(USERS)
                    ),
                )
            print(f"results rows: {USERS * DAYS}")
            for label, since in (("all", None), ("month", start + timedelta(days=DAYS - 30))):
                t0 = time.perf_counter()
                for page in range(10):
                    await store.leaderboard(1, since_day=since, limit=10, offset=page * 10)
                print(f"leaderboard {label}: {(time.perf_counter() - t0) * 100:.1f} ms per page")
            t0 = time.perf_counter()
            for u in range(100):
                await store.user_stats(1, u)
            print(f"user_stats: {(time.perf_counter() - t0) * 10:.1f} ms per call")
            t0 = time.perf_counter()
            out = await store.backup(Path(tmp) / "copy.db")
            size = out.stat().st_size / 1e6
            print(f"backup ({size:.1f} MB, checked): {time.perf_counter() - t0:.2f} s")


if __name__ == "__main__":
    asyncio.run(main())
