"""Storage at scale: leaderboards and /score on a guild with 100,000 users and 1,000,000 attempts.

    .venv/bin/python bench/bench_store.py            # full size (about a minute to generate)
    .venv/bin/python bench/bench_store.py --small    # 2,000 users, 20,000 attempts: seconds
    .venv/bin/python bench/bench_store.py --db /tmp/big.db   # keep the generated file and reuse it

The database is created by `Store.open`, so the real migrations, indexes and triggers are used
(the running totals of migration 0002 fill as results are written); rows are then written in
large transactions with plain sqlite3 (the Store's one-at-a-time API would take an hour for a
million attempts). The totals are checked against the results table. Queries are timed through
`StudyService` (what /leaderboard and /score call) and, for the leaderboard, through the Store
call alone. Queries slower than the target get their EXPLAIN QUERY PLAN printed.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path

from bot.bank.holder import BankHolder
from bot.bank.model import Library
from bot.model import GuildSetup, Period
from bot.service import StudyService
from bot.store import Store
from bot.store.totals import _AHEAD, _COUNT, _PAGE, TOTALS_SQL

GUILD = 1
TARGET_MS = 20.0
BUDGET_S = 10.0
MIN_SAMPLES = 10
FIRST_DAY = date(2026, 1, 1)
VERDICTS = (("correct", 1.0, 10), ("partial", 0.6, 5), ("wrong", 0.1, 0))


@dataclass(frozen=True)
class Size:
    users: int
    attempts: int
    days: int
    samples: int


FULL = Size(users=100_000, attempts=1_000_000, days=90, samples=200)
SMALL = Size(users=2_000, attempts=20_000, days=90, samples=50)


# ------------------------------------------------------------------------------ generation


def _results(size: Size, rng: random.Random) -> Iterator[tuple[int, int, int]]:
    """(user, day index, attempt count) per result until `size.attempts` attempts are made.

    Activity is skewed as in a real server: a few users answer nearly every day, most rarely.
    """
    seen: set[tuple[int, int]] = set()
    made = 0
    while made < size.attempts:
        user = 1000 + int(size.users * rng.random() ** 2)
        day = rng.randrange(size.days)
        if (user, day) in seen:
            continue
        seen.add((user, day))
        count = min(rng.choice((1, 1, 1, 2, 2, 3)), size.attempts - made)
        made += count
        yield user, day, count


def generate(path: Path, size: Size) -> None:
    rng = random.Random(7)
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA synchronous = OFF")
    days = [(FIRST_DAY + timedelta(days=d)).isoformat() for d in range(size.days)]
    db.execute("BEGIN")
    db.executemany(
        "INSERT INTO dailies (guild_id, day, question_id, cycle, number, channel_id, message_id, closed)"
        " VALUES (?, ?, ?, 0, ?, 5, ?, ?)",
        [(GUILD, d, f"q-{i:03d}", i + 1, 10_000 + i, int(i < size.days - 1)) for i, d in enumerate(days)],
    )
    results, attempts = [], []
    streaks: dict[int, int] = {}
    for user, day, count in _results(size, rng):
        qid = f"q-{day:03d}"
        graded = [rng.choice(VERDICTS) for _ in range(count)]
        best = max(graded, key=lambda v: v[2])
        results.append((GUILD, user, qid, days[day], count, best[2], best[0], best[1]))
        for n, (verdict, score, points) in enumerate(graded, start=1):
            attempts.append(
                (GUILD, user, qid, days[day], n, "a reply of a few words", verdict, score, points)
            )
        streaks[user] = max(streaks.get(user, 0), day)
        if len(attempts) >= 200_000:
            _flush(db, results, attempts)
    _flush(db, results, attempts)
    db.executemany(
        "INSERT INTO streaks (guild_id, user_id, current, best, last_day) VALUES (?, ?, 1, 1, ?)",
        [(GUILD, u, days[d]) for u, d in streaks.items()],
    )
    db.execute("COMMIT")
    db.execute("ANALYZE")
    db.close()


def _flush(db: sqlite3.Connection, results: list[tuple], attempts: list[tuple]) -> None:
    db.executemany(
        "INSERT INTO results (guild_id, user_id, question_id, day, attempts, best_points, best_verdict,"
        " best_score) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        results,
    )
    db.executemany(
        "INSERT INTO attempts (guild_id, user_id, question_id, day, attempt_no, reply, verdict, score,"
        " points) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        attempts,
    )
    results.clear()
    attempts.clear()


# ---------------------------------------------------------------------------------- timing


async def timed(samples: int, call: Callable[[int], Awaitable[object]]) -> tuple[float, float]:
    """Median and p99 in milliseconds of `samples` calls (after two warm-up calls).

    A query that takes more than BUDGET_S in all stops after MIN_SAMPLES calls.
    """
    for i in range(2):
        await call(i)
    spent: list[float] = []
    budget = time.perf_counter() + BUDGET_S
    for i in range(samples):
        t0 = time.perf_counter()
        await call(i)
        spent.append((time.perf_counter() - t0) * 1000)
        if len(spent) >= MIN_SAMPLES and time.perf_counter() > budget:
            break  # a slow query: enough calls to see it misses
    spent.sort()
    return statistics.median(spent), spent[min(len(spent) - 1, int(len(spent) * 0.99))]


def report(label: str, figures: tuple[float, float], slow: list[str]) -> None:
    median, p99 = figures
    mark = "ok" if p99 <= TARGET_MS else "MISSES TARGET"
    print(f"  {label:<42} median {median:8.2f} ms   p99 {p99:8.2f} ms   {mark}", flush=True)
    if p99 > TARGET_MS:
        slow.append(label)


def explain(path: Path, since: str) -> None:
    db = sqlite3.connect(path)
    key = "" if not since else ("M" + since[:7] if since.endswith("-01") else "W" + since)
    queries = {
        "count": (_COUNT, (GUILD, key)),
        "page": (_PAGE, (GUILD, key, 10, 0)),
        "users ahead": (_AHEAD, (GUILD, key, 5, GUILD, key, 5, 1)),
        "summed from results (other start days)": (
            f"SELECT user_id FROM ({TOTALS_SQL}) WHERE points > 0",
            (GUILD, since),
        ),
    }
    for name, (sql, params) in queries.items():
        print(f"  EXPLAIN QUERY PLAN ({name}, since={since or 'all'}):")
        for row in db.execute("EXPLAIN QUERY PLAN " + sql, params):
            print(f"    {row[3]}")
    db.close()


async def measure(path: Path, size: Size) -> list[str]:
    last_day = FIRST_DAY + timedelta(days=size.days - 1)
    now = datetime.combine(last_day, clock_time(20, 0), tzinfo=UTC)
    rng = random.Random(11)
    slow: list[str] = []
    async with Store.open(path) as store:
        await store.save_guild(GuildSetup(GUILD, 5, clock_time(9, 0), "UTC"))
        service = StudyService(BankHolder.of(Library()), store, lambda: now)
        sizes = {}
        for period in Period:
            sizes[period] = (await service.leaderboard(GUILD, period)).pages
        print(f"leaderboard pages of 10: { {p.value: n for p, n in sizes.items()} }")
        for period in Period:
            deep = sizes[period] - 1
            first = await timed(size.samples, lambda _, p=period: service.leaderboard(GUILD, p, 0))
            report(f"service.leaderboard {period.value} page 1", first, slow)
            last = await timed(size.samples, lambda _, p=period, d=deep: service.leaderboard(GUILD, p, d))
            report(f"service.leaderboard {period.value} page {deep + 1} (last)", last, slow)
        since = {
            "all": None,
            "week": last_day - timedelta(days=last_day.weekday()),
            "month": last_day.replace(day=1),
        }
        for label, day in since.items():
            alone = await timed(size.samples, lambda _, d=day: store.leaderboard(GUILD, d, 10, 0))
            report(f"store.leaderboard {label} page 1", alone, slow)
        users = [1000 + int(size.users * rng.random() ** 2) for _ in range(size.samples + 2)]
        report(
            "service.score (/score) random users",
            await timed(size.samples, lambda i: service.score(GUILD, users[i])),
            slow,
        )
        report(
            "store.user_stats random users",
            await timed(size.samples, lambda i: store.user_stats(GUILD, users[i])),
            slow,
        )
    if slow:
        for day in since.values():
            explain(path, "" if day is None else day.isoformat())
    return slow


# ------------------------------------------------------------------------ running totals check

# Per-user totals summed from results, in score_totals' period keys, to check the table against.
_FROM_RESULTS = """SELECT guild_id, key, user_id, SUM(best_points), SUM(attempts > 0),
       SUM(best_verdict IS 'correct' AND forfeited = 0)
FROM (SELECT *, '' AS key FROM results UNION ALL
      SELECT *, 'W' || date(day, 'weekday 0', '-6 days') FROM results UNION ALL
      SELECT *, 'M' || substr(day, 1, 7) FROM results)
GROUP BY guild_id, key, user_id HAVING SUM(best_points) + SUM(attempts > 0) > 0"""
_TOTALS_TABLE = (
    "SELECT guild_id, period, user_id, points, answered, correct FROM score_totals"
    " WHERE points + answered > 0"
)


def totals_mismatches(path: Path) -> int:
    """Rows that differ between the totals table and totals summed from results (zero rows aside)."""
    db = sqlite3.connect(path)
    sql = f"""WITH r AS ({_FROM_RESULTS}), t AS ({_TOTALS_TABLE})
        SELECT (SELECT COUNT(*) FROM (SELECT * FROM r EXCEPT SELECT * FROM t))
             + (SELECT COUNT(*) FROM (SELECT * FROM t EXCEPT SELECT * FROM r))"""
    found = int(db.execute(sql).fetchone()[0])
    db.close()
    return found


async def write_cost(tmp: Path, size: Size) -> None:
    """Store.record_attempt speed (the totals triggers included), then the totals checked."""
    answers = 2_000 if size is FULL else 500
    path = tmp / "writes.db"
    rng = random.Random(9)
    async with Store.open(path) as store:
        t0 = time.perf_counter()
        for n in range(answers):
            user, day = rng.randrange(200), FIRST_DAY + timedelta(days=rng.randrange(40))
            verdict, score, points = rng.choice(VERDICTS)
            if n % 25 == 0:
                await store.mark_revealed(GUILD, user, f"q-{day.day}", day)
            await store.record_attempt(GUILD, user, f"q-{day.day}", day, "r", verdict, score, points, 3)
        spent = (time.perf_counter() - t0) / answers * 1000
    print(f"  record_attempt: {spent:.2f} ms per answer (totals kept by triggers)")
    print(f"  totals rows that disagree after {answers:,} answers and reveals: {totals_mismatches(path)}")


def counts(path: Path) -> tuple[int, int, int]:
    db = sqlite3.connect(path)
    found = tuple(
        db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("attempts", "results", "streaks")
    )
    db.close()
    return found  # type: ignore[return-value]


async def run(path: Path, size: Size) -> int:
    if not path.exists() or path.stat().st_size == 0:
        async with Store.open(path):
            pass  # creates the file with the real schema
        t0 = time.perf_counter()
        generate(path, size)
        print(f"generated in {time.perf_counter() - t0:.1f} s")
    print(f"totals rows that disagree with the results table: {totals_mismatches(path)}")
    attempts, results, streaks = counts(path)
    print(
        f"database: {path.stat().st_size / 1e6:.0f} MB, {attempts:,} attempts, {results:,} results, "
        f"{streaks:,} users"
    )
    slow = await measure(path, size)
    print(
        "all queries within target" if not slow else f"{len(slow)} queries miss the {TARGET_MS:g} ms target"
    )
    with tempfile.TemporaryDirectory() as tmp:
        await write_cost(Path(tmp), size)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="a small database; runs in seconds")
    parser.add_argument("--db", type=Path, help="keep the database here (reused when it exists)")
    args = parser.parse_args()
    size = SMALL if args.small else FULL
    print(
        f"{size.users:,} users, {size.attempts:,} attempts over {size.days} days; "
        f"target p99 <= {TARGET_MS:g} ms"
    )
    if args.db:
        return asyncio.run(run(args.db, size))
    with tempfile.TemporaryDirectory() as tmp:
        return asyncio.run(run(Path(tmp) / "bench.db", size))


if __name__ == "__main__":
    raise SystemExit(main())
