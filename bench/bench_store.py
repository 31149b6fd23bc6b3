"""Storage at scale: leaderboards and /score on a guild with 100,000 users and 1,000,000 attempts.

    .venv/bin/python bench/bench_store.py            # full size (about a minute to generate)
    .venv/bin/python bench/bench_store.py --small    # 2,000 users, 20,000 attempts: seconds
    .venv/bin/python bench/bench_store.py --db /tmp/big.db   # keep the generated file and reuse it

The database is created by `Store.open`, so the real migrations and indexes are used; rows are
then written in large transactions with plain sqlite3 (the Store's one-at-a-time API would take
an hour for a million attempts). Queries are timed through `StudyService` (what /leaderboard and
/score call) and, for the leaderboard, through the Store call alone. Queries slower than the
target get their EXPLAIN QUERY PLAN printed.
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

import aiosqlite

from bot.bank.holder import BankHolder
from bot.bank.model import Library
from bot.service import GuildSetup, Period, StudyService
from bot.store import Store
from bot.store.store import _TOTALS_SQL

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
    queries = {
        "page": f"SELECT RANK() OVER (ORDER BY points DESC, correct DESC), user_id FROM ({_TOTALS_SQL})"
        " WHERE points > 0 ORDER BY points DESC, correct DESC, user_id LIMIT 10 OFFSET 0",
        "user totals": f"SELECT points FROM ({_TOTALS_SQL}) WHERE user_id = 5",
    }
    for name, sql in queries.items():
        print(f"  EXPLAIN QUERY PLAN ({name}, since={since or 'all'}):")
        for row in db.execute("EXPLAIN QUERY PLAN " + sql, (GUILD, since)):
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


# ---------------------------------------------------------------------- proposed totals table

PROPOSAL = Path(__file__).with_name("proposed_0002_score_totals.sql")
# Per-user totals computed from results, in the proposal's period keys, to check the table against.
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


def totals_mismatches(db: sqlite3.Connection) -> int:
    """Rows that differ between the totals table and totals summed from results (zero rows aside)."""
    sql = f"""WITH r AS ({_FROM_RESULTS}), t AS ({_TOTALS_TABLE})
        SELECT (SELECT COUNT(*) FROM (SELECT * FROM r EXCEPT SELECT * FROM t))
             + (SELECT COUNT(*) FROM (SELECT * FROM t EXCEPT SELECT * FROM r))"""
    return int(db.execute(sql).fetchone()[0])


async def proposal(path: Path, size: Size, tmp: Path) -> None:
    """Apply the proposed totals table to a copy of the database and time the queries it allows."""
    print(f"proposal ({PROPOSAL.name}) on a copy of the database:")
    copy = tmp / "proposal.db"
    src, dst = sqlite3.connect(path), sqlite3.connect(copy)
    src.backup(dst)
    src.close()
    t0 = time.perf_counter()
    dst.executescript(PROPOSAL.read_text(encoding="utf-8"))
    dst.execute("ANALYZE")
    print(f"  migration with backfill: {time.perf_counter() - t0:.1f} s")
    print(f"  totals rows that disagree with the results table: {totals_mismatches(dst)}")
    dst.close()
    last_day = FIRST_DAY + timedelta(days=size.days - 1)
    keys = {
        "all": "",
        "week": "W" + (last_day - timedelta(days=last_day.weekday())).isoformat(),
        "month": "M" + last_day.isoformat()[:7],
    }
    rng = random.Random(5)
    users = [1000 + int(size.users * rng.random() ** 2) for _ in range(size.samples + 2)]
    slow: list[str] = []
    async with aiosqlite.connect(copy) as db:
        for label, key in keys.items():
            ranked = await _one(db, _RANKED_COUNT, (GUILD, key))
            last = max(0, (ranked - 1) // 10 * 10)
            for page, offset in (("page 1", 0), (f"page {last // 10 + 1} (last)", last)):
                figures = await timed(size.samples, lambda _, k=key, o=offset: _board_page(db, k, o))
                report(f"proposed leaderboard {label} {page}", figures, slow)
        figures = await timed(size.samples, lambda i: _user_row(db, users[i]))
        report("proposed user_stats random users", figures, slow)
    await _write_cost(tmp, size)


_RANKED_COUNT = "SELECT COUNT(*) FROM score_totals WHERE guild_id = ? AND period = ? AND points > 0"
_AHEAD = _RANKED_COUNT + " AND (points > ? OR (points = ? AND correct > ?))"
_PAGE = """SELECT user_id, points, answered, correct FROM score_totals
           WHERE guild_id = ? AND period = ? AND points > 0
           ORDER BY points DESC, correct DESC, user_id LIMIT 10 OFFSET ?"""


async def _one(db: aiosqlite.Connection, sql: str, params: tuple[object, ...]) -> int:
    async with db.execute(sql, params) as cur:
        row = await cur.fetchone()
    return int(row[0]) if row else 0


async def _board_page(db: aiosqlite.Connection, key: str, offset: int) -> list[tuple[int, ...]]:
    """What Store.leaderboard would do: count, one page, and the rank of the page's first row."""
    total = await _one(db, _RANKED_COUNT, (GUILD, key))
    async with db.execute(_PAGE, (GUILD, key, offset)) as cur:
        rows = [tuple(r) for r in await cur.fetchall()]
    if rows:
        _, points, _, correct = rows[0]
        rank = 1 + await _one(db, _AHEAD, (GUILD, key, points, points, correct))
        rows = [(rank, total), *rows]  # later ranks follow from the order (ties share a rank)
    return rows


async def _user_row(db: aiosqlite.Connection, user: int) -> int | None:
    async with db.execute(
        "SELECT points, correct FROM score_totals WHERE guild_id = ? AND period = '' AND user_id = ?",
        (GUILD, user),
    ) as cur:
        row = await cur.fetchone()
    if row is None or row[0] == 0:
        return None
    return 1 + await _one(db, _AHEAD, (GUILD, "", row[0], row[0], row[1]))


async def _write_cost(tmp: Path, size: Size) -> None:
    """Store.record_attempt speed without and with the totals triggers, and the totals after."""
    answers = 2_000 if size is FULL else 500
    spent = {}
    for name in ("as is", "with totals"):
        path = tmp / f"writes-{name.replace(' ', '-')}.db"
        async with Store.open(path):
            pass
        if name == "with totals":
            db = sqlite3.connect(path)
            db.executescript(PROPOSAL.read_text(encoding="utf-8"))
            db.close()
        rng = random.Random(9)
        async with Store.open(path) as store:
            t0 = time.perf_counter()
            for n in range(answers):
                user, day = rng.randrange(200), FIRST_DAY + timedelta(days=rng.randrange(40))
                verdict, score, points = rng.choice(VERDICTS)
                if n % 25 == 0:
                    await store.mark_revealed(GUILD, user, f"q-{day.day}", day)
                await store.record_attempt(GUILD, user, f"q-{day.day}", day, "r", verdict, score, points, 3)
            spent[name] = (time.perf_counter() - t0) / answers * 1000
        if name == "with totals":
            db = sqlite3.connect(path)
            print(
                f"  totals rows that disagree after {answers:,} answers and reveals: {totals_mismatches(db)}"
            )
            db.close()
    as_is, totals = spent["as is"], spent["with totals"]
    print(f"  record_attempt: {as_is:.2f} ms as is, {totals:.2f} ms with the totals triggers")


def counts(path: Path) -> tuple[int, int, int]:
    db = sqlite3.connect(path)
    found = tuple(
        db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("attempts", "results", "streaks")
    )
    db.close()
    return found  # type: ignore[return-value]


async def run(path: Path, size: Size, try_proposal: bool) -> int:
    if not path.exists() or path.stat().st_size == 0:
        async with Store.open(path):
            pass  # creates the file with the real schema
        t0 = time.perf_counter()
        generate(path, size)
        print(f"generated in {time.perf_counter() - t0:.1f} s")
    attempts, results, streaks = counts(path)
    print(
        f"database: {path.stat().st_size / 1e6:.0f} MB, {attempts:,} attempts, {results:,} results, "
        f"{streaks:,} users"
    )
    slow = await measure(path, size)
    print(
        "all queries within target" if not slow else f"{len(slow)} queries miss the {TARGET_MS:g} ms target"
    )
    if try_proposal:
        with tempfile.TemporaryDirectory() as tmp:
            await proposal(path, size, Path(tmp))
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="a small database; runs in seconds")
    parser.add_argument("--db", type=Path, help="keep the database here (reused when it exists)")
    parser.add_argument("--proposal", action="store_true", help=f"also try {PROPOSAL.name}")
    args = parser.parse_args()
    size = SMALL if args.small else FULL
    print(
        f"{size.users:,} users, {size.attempts:,} attempts over {size.days} days; "
        f"target p99 <= {TARGET_MS:g} ms"
    )
    if args.db:
        return asyncio.run(run(args.db, size, args.proposal))
    with tempfile.TemporaryDirectory() as tmp:
        return asyncio.run(run(Path(tmp) / "bench.db", size, args.proposal))


if __name__ == "__main__":
    raise SystemExit(main())
