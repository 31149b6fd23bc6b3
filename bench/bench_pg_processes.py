"""Answers per second from several processes sharing one database, PostgreSQL beside SQLite.

Each process records `--answers` graded answers through `Store.record_attempt` (the call behind
/answer), 50 at a time, for its own users and for a set of users every process answers for too
(so the same result rows are contended across processes). At the end the totals are checked
exactly: every user's points, and the attempt count, against what the processes were told.

    .venv/bin/python bench/bench_pg_processes.py                    # throwaway cluster, 1/2/4 processes
    .venv/bin/python bench/bench_pg_processes.py --url postgresql://... --procs 2   # an empty database

Without --url it starts a throwaway PostgreSQL cluster (tests/pgcluster.py) and stops it after.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from bot.store import Store

DAY = date(2026, 3, 2)
SHARED_USERS = 200  # answered for by every process: 3 attempts each at most, scored once


def _worker(url: str, proc: int, answers: int, start: float) -> None:
    async def run() -> None:
        async with Store.open(url) as store:
            while time.time() < start:
                await asyncio.sleep(0.001)
            for first in range(0, answers, 50):
                await asyncio.gather(
                    *(_answer(store, proc, n) for n in range(first, min(first + 50, answers)))
                )

    asyncio.run(run())


async def _answer(store: Store, proc: int, n: int) -> None:
    # Every fourth answer is for a shared user; the rest for users of this process only.
    user = n % SHARED_USERS if n % 4 == 0 else 1_000_000 * (proc + 1) + n
    await store.record_attempt(1, user, "q1", DAY, "reply", "correct", 1.0, 10, 3)


async def _expected_and_found(url: str, procs: int, answers: int) -> tuple[tuple[int, int], tuple[int, int]]:
    own = sum(1 for n in range(answers) if n % 4) * procs
    shared = len({n % SHARED_USERS for n in range(answers) if n % 4 == 0})
    # One correct answer scores 10 and stops further attempts: each user once.
    expected = ((own + shared) * 10, own + shared)
    async with Store.open(url) as store:
        points = await store._select_one("SELECT SUM(best_points) FROM results")
        attempts = await store._select_one("SELECT COUNT(*) FROM attempts")
    return expected, (int(points[0]), int(attempts[0]))


def run_once(url: str, procs: int, answers: int) -> tuple[float, bool]:
    asyncio.run(_migrate(url))
    start = time.time() + 1.5  # every process connected and migrated before the clock starts
    ctx = multiprocessing.get_context("spawn")
    workers = [ctx.Process(target=_worker, args=(url, p, answers, start)) for p in range(procs)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    elapsed = time.time() - start
    expected, found = asyncio.run(_expected_and_found(url, procs, answers))
    return procs * answers / elapsed, expected == found


async def _migrate(url: str) -> None:
    async with Store.open(url):
        pass


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="PostgreSQL URL (default: a throwaway cluster)")
    parser.add_argument("--procs", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--answers", type=int, default=1000, help="answers per process")
    args = parser.parse_args()
    cluster = None
    if args.url is None:
        from pgcluster import Cluster, find_bin

        found = find_bin()
        if found is None:
            print("no PostgreSQL binaries found; give --url")
            return 2
        cluster = Cluster(found)
        cluster.start()
    try:
        print(f"{'backend':<11} {'processes':>9} {'answers/s':>10}  totals exact")
        for procs in args.procs:
            with tempfile.TemporaryDirectory() as tmp:
                for name in ("sqlite", "postgresql"):
                    if name == "sqlite":
                        url = str(Path(tmp) / "bench.db")
                    elif cluster is not None:
                        schema = f"bench{procs}"
                        cluster.psql(f"DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}")
                        url = cluster.url(search_path=schema)
                    else:
                        url = args.url
                    rate, exact = run_once(url, procs, args.answers)
                    print(f"{name:<11} {procs:>9} {rate:>10.0f}  {'yes' if exact else 'NO'}")
    finally:
        if cluster is not None:
            cluster.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
