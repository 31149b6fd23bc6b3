"""bench_store.py's leaderboard and /score timings on PostgreSQL, beside the same on SQLite.

    .venv/bin/python bench/bench_store_pg.py --small          # 2,000 users: seconds
    .venv/bin/python bench/bench_store_pg.py --db /tmp/big.db # 100,000 users, 1,000,000 attempts

The SQLite database is generated as bench_store.py does (or reused from --db), then moved to a
throwaway PostgreSQL cluster (tests/pgcluster.py) with `studybot db copy`'s code, which also checks
row counts and totals, and ANALYZEd. Then the same queries are timed on both, through the same
StudyService and Store calls.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

import bench_store
from bench_store import FULL, SMALL, TARGET_MS, Size, generate, measure
from pgcluster import Cluster, find_bin

from bot.store import Store
from bot.store.copy import copy_database

_PG_EXPLAIN = (
    "EXPLAIN (ANALYZE, BUFFERS) SELECT COUNT(*) FROM score_totals"
    " WHERE guild_id = 1 AND period = '{since}' AND points > 0"
)


async def run(path: Path, size: Size, cluster: Cluster) -> int:
    if not path.exists() or path.stat().st_size == 0:
        async with Store.open(path):
            pass
        generate(path, size)
    url = cluster.url()
    t0 = time.perf_counter()
    report = await copy_database(path, url)
    print(f"copied to PostgreSQL in {time.perf_counter() - t0:.1f} s: {report.rows}")
    failed = 0
    sqlite_explain = bench_store.explain
    for name, target in (("SQLite", str(path)), ("PostgreSQL", url)):
        print(f"{name}:", flush=True)
        if name == "PostgreSQL":  # bench_store's EXPLAIN QUERY PLAN is SQLite's
            bench_store.explain = lambda _path, since: print(cluster.psql(_PG_EXPLAIN.format(since=since)))
        slow = await measure(target, size)  # type: ignore[arg-type]
        failed += len(slow)
    bench_store.explain = sqlite_explain
    print("all queries within target" if not failed else f"{failed} queries miss the {TARGET_MS:g} ms target")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="a small database; runs in seconds")
    parser.add_argument("--db", type=Path, help="SQLite file to reuse (generated there if missing)")
    args = parser.parse_args()
    size = SMALL if args.small else FULL
    found = find_bin()
    if found is None:
        print("no PostgreSQL binaries found (STUDYBOT_PG_BIN)")
        return 2
    cluster = Cluster(found)
    cluster.start()
    try:
        if args.db:
            return asyncio.run(run(args.db, size, cluster))
        with tempfile.TemporaryDirectory() as tmp:
            return asyncio.run(run(Path(tmp) / "bench.db", size, cluster))
    finally:
        cluster.stop()


if __name__ == "__main__":
    raise SystemExit(main())
