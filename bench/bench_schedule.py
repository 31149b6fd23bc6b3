"""Scheduling at scale: which guilds are due, and posting exactly once a day across DST changes.

    .venv/bin/python bench/bench_schedule.py            # 10,000 guilds; DST runs take minutes
    .venv/bin/python bench/bench_schedule.py --small    # 1,000 guilds, shorter runs: seconds

1. Due check: 10,000 guilds spread over every IANA zone with random posting times are stored
   with the real schema; `StudyService.due_guilds` is timed at several instants (target <= 1 s).
   The same check done by the pure rule alone (`is_due`) is timed too, to show where time goes.
2. DST runs: a clock moves minute by minute through four days centred on the last Sunday of
   March, the first Sunday of November and the first Sunday of April (southern hemisphere) 2026.
   Every minute each guild is checked with the service's due logic (the same rule calls
   `due_guilds` makes) and a due guild "posts". Afterwards each
   guild must have exactly one post on each local day wholly inside the run, made at the first
   minute its local clock showed the posting time (or later, for a time skipped by the change).
3. Service run: a few guilds whose posting time falls in a spring-forward gap or a fall-back
   repeat go through the real service (due_guilds -> open_day -> mark_posted) minute by minute,
   with the same checks plus one daily row per local day.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sqlite3
import statistics
import tempfile
import time
import zoneinfo
from collections import Counter, defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path

from bot.bank.holder import BankHolder
from bot.bank.model import Bank, Library, Question
from bot.model import GuildSetup
from bot.rules.schedule import is_due, local_day, zone
from bot.service import StudyService
from bot.store import Store

TARGET_S = 1.0
WINDOWS = (  # (label, middle) in UTC; runs are centred here and hold several zones' clock change
    ("last Sunday of March", datetime(2026, 3, 29, 6, 0, tzinfo=UTC)),
    ("first Sunday of November", datetime(2026, 11, 1, 6, 0, tzinfo=UTC)),
    ("first Sunday of April (southern hemisphere)", datetime(2026, 4, 4, 15, 0, tzinfo=UTC)),
)
# Zones with a change in a window, and posting times inside their skipped or repeated hour.
TRICKY = (
    ("Europe/Berlin", clock_time(2, 30)),  # skipped on 2026-03-29
    ("Europe/London", clock_time(1, 15)),  # skipped on 2026-03-29
    ("America/New_York", clock_time(1, 30)),  # repeated on 2026-11-01
    ("America/Los_Angeles", clock_time(1, 0)),  # repeated on 2026-11-01
    ("America/Havana", clock_time(0, 30)),  # Cuba changes at midnight (repeated on 2026-11-01)
    ("Australia/Sydney", clock_time(2, 30)),  # repeated on 2026-04-05
    ("Australia/Lord_Howe", clock_time(1, 45)),  # a half-hour change: repeated on 2026-04-05
    ("Europe/Berlin", clock_time(0, 0)),
    ("Asia/Kolkata", clock_time(23, 59)),  # no DST: a control
)


@dataclass(frozen=True)
class Size:
    guilds: int
    sim_guilds: int  # guilds in the minute-by-minute DST runs
    days: int  # length of each DST run (4 covers the window)


FULL = Size(guilds=10_000, sim_guilds=1_200, days=4)
SMALL = Size(guilds=1_000, sim_guilds=120, days=2)


def make_setups(count: int, rng: random.Random) -> list[GuildSetup]:
    zones = sorted(zoneinfo.available_timezones())
    return [
        GuildSetup(
            guild_id=1000 + i,
            channel_id=5000 + i,
            post_time=clock_time(rng.randrange(24), rng.randrange(60)),
            timezone=zones[i % len(zones)],
        )
        for i in range(count)
    ]


def store_setups(path: Path, setups: list[GuildSetup]) -> None:
    db = sqlite3.connect(path)
    with db:
        db.executemany(
            "INSERT INTO guilds (guild_id, channel_id, post_time, timezone) VALUES (?, ?, ?, ?)",
            [(s.guild_id, s.channel_id, f"{s.post_time:%H:%M}", s.timezone) for s in setups],
        )
    db.close()


# -------------------------------------------------------------------------------- due check


def library() -> Library:
    questions = tuple(Question(f"s-{i}", "sched", f"Q{i}?", "A.", "E.", language="en") for i in range(40))
    return Library(banks=(Bank("sched", "Schedule", "en", "sched.yaml", questions),))


async def time_due_guilds(path: Path, setups: list[GuildSetup], rng: random.Random) -> None:
    print(f"due check over {len(setups):,} guilds in {len({s.timezone for s in setups})} zones:")
    instants = [
        datetime(2026, 6, 1, tzinfo=UTC) + timedelta(minutes=rng.randrange(60 * 24 * 30)) for _ in range(5)
    ]
    async with Store.open(path) as store:
        service = StudyService(BankHolder.of(library()), store, lambda: instants[0])
        await service.due_guilds(instants[0])  # warm-up
        spent, found = [], []
        for now in instants:
            t0 = time.perf_counter()
            found.append(len(await service.due_guilds(now)))
            spent.append(time.perf_counter() - t0)
        mark = "ok" if max(spent) <= TARGET_S else "MISSES TARGET"
        print(
            f"  {'service.due_guilds':<40} median {statistics.median(spent) * 1000:7.0f} ms   "
            f"max {max(spent) * 1000:7.0f} ms   ({min(found)}-{max(found)} due)   {mark}"
        )

        async def one_query(now: datetime) -> int:
            # What due_guilds costs when it asks for every guild's last post in one query.
            posted = await store.last_posted_days()
            return len(due_now(await store.list_guilds(), posted, now))

        await mean_ms("list_guilds + last_posted_days + is_due", instants, one_query)
        await mean_ms("store.list_guilds alone", instants, lambda _: store.list_guilds())

    async def rule_only(now: datetime) -> None:
        for s in setups:
            is_due(now, s.timezone, s.post_time, None)

    await mean_ms("rules.is_due alone", instants, rule_only)


async def mean_ms(
    label: str, instants: list[datetime], call: Callable[[datetime], Awaitable[object]]
) -> None:
    t0 = time.perf_counter()
    for now in instants:
        await call(now)
    print(f"  {label:<40} mean   {(time.perf_counter() - t0) / len(instants) * 1000:7.0f} ms")


# --------------------------------------------------------------------------------- DST runs


def due_now(setups: list[GuildSetup], posted: dict[int, date], now: datetime) -> list[GuildSetup]:
    """The service's due logic (StudyService.due_guilds) over in-memory setups and post days."""
    due = []
    for s in setups:
        if s.channel_id == 0:
            continue
        today = local_day(now, s.timezone)
        last = posted.get(s.guild_id)
        if is_due(now, s.timezone, s.post_time, today if last == today else None):
            due.append(s)
    return due


def expected_post(setup: GuildSetup, day: date, start: datetime, end: datetime) -> datetime | None:
    """First whole minute whose local wall clock on `day` shows the posting time or later.

    Worked out by walking the clock, independently of the rules' gap and fold handling.
    """
    tz = zone(setup.timezone)
    # Local midnight of `day` is never before 10:00 UTC the day before (UTC+14 is the furthest ahead).
    minute = max(start, datetime.combine(day - timedelta(days=1), clock_time(9, 0), UTC))
    while minute < end:
        wall = minute.astimezone(tz)
        if wall.date() == day and wall.time().replace(tzinfo=None) >= setup.post_time:
            return minute
        if wall.date() > day:
            return None
        minute += timedelta(minutes=1)
    return None


def whole_days(tz: str, start: datetime, end: datetime) -> list[date]:
    """Local days of `tz` that lie wholly inside [start, end)."""
    days, day = [], local_day(start, tz)
    while True:
        nxt = day + timedelta(days=1)
        first = datetime.combine(day, clock_time(0, 0), zone(tz)).astimezone(UTC)
        after = datetime.combine(nxt, clock_time(0, 0), zone(tz)).astimezone(UTC)
        if after > end:
            return days
        if first >= start:
            days.append(day)
        day = nxt


def check_posts(
    setups: list[GuildSetup], posts: dict[int, list[datetime]], start: datetime, end: datetime
) -> list[str]:
    problems: list[str] = []
    for s in setups:
        made = posts.get(s.guild_id, [])
        per_day = Counter(local_day(m, s.timezone) for m in made)
        for day in whole_days(s.timezone, start, end):
            if per_day[day] != 1:
                problems.append(f"{s.timezone} {s.post_time:%H:%M}: {per_day[day]} posts on {day}")
                continue
            [made_at] = [m for m in made if local_day(m, s.timezone) == day]
            want = expected_post(s, day, start, end)
            if want is not None and made_at != want:
                problems.append(
                    f"{s.timezone} {s.post_time:%H:%M}: posted {made_at:%F %H:%M}Z, want {want:%H:%M}Z"
                )
    return problems


def changes_in(setups: list[GuildSetup], start: datetime, end: datetime) -> int:
    """How many of the guilds' zones change their UTC offset inside the window."""
    changed = set()
    for s in setups:
        tz = zone(s.timezone)
        if start.astimezone(tz).utcoffset() != end.astimezone(tz).utcoffset():
            changed.add(s.timezone)
    return len(changed)


def dst_run(setups: list[GuildSetup], start: datetime, end: datetime) -> tuple[int, list[str], float]:
    posted: dict[int, date] = {}
    posts: dict[int, list[datetime]] = defaultdict(list)
    t0 = time.perf_counter()
    now = start
    while now < end:
        for s in due_now(setups, posted, now):
            posted[s.guild_id] = local_day(now, s.timezone)
            posts[s.guild_id].append(now)
        now += timedelta(minutes=1)
    spent = time.perf_counter() - t0
    return sum(len(p) for p in posts.values()), check_posts(setups, posts, start, end), spent


def dst_setups(count: int, rng: random.Random) -> list[GuildSetup]:
    """Every zone at least once when `count` allows, plus posting times in the DST edges."""
    base = make_setups(count, rng)
    extra = [GuildSetup(900_000 + i, 1, t, tz) for i, (tz, t) in enumerate(TRICKY)]
    return base + extra


# ------------------------------------------------------------------------------ service run


async def service_run(path: Path, start: datetime, end: datetime) -> tuple[int, list[str]]:
    setups = [GuildSetup(800_000 + i, 1, t, tz) for i, (tz, t) in enumerate(TRICKY)]
    now = start
    async with Store.open(path) as store:
        service = StudyService(BankHolder.of(library()), store, lambda: now)
        for s in setups:
            await service.setup_guild(s)
        posts: dict[int, list[datetime]] = defaultdict(list)
        while now < end:
            for s in await service.due_guilds(now):
                daily, _ = await service.open_day(s.guild_id)
                await service.mark_posted(s.guild_id, daily.day, s.channel_id, len(posts) + 1)
                posts[s.guild_id].append(now)
            now += timedelta(minutes=1)
    problems = check_posts(setups, posts, start, end)
    db = sqlite3.connect(path)
    twice = db.execute(
        "SELECT COUNT(*) FROM (SELECT 1 FROM dailies GROUP BY guild_id, day HAVING COUNT(*) > 1)"
    )
    if twice.fetchone()[0]:
        problems.append("a guild has two daily rows for one day")
    db.close()
    return sum(len(p) for p in posts.values()), problems


async def run(tmp: Path, size: Size) -> int:
    rng = random.Random(3)
    setups = make_setups(size.guilds, rng)
    path = tmp / "schedule.db"
    async with Store.open(path):
        pass
    store_setups(path, setups)
    await time_due_guilds(path, setups, rng)

    failed = 0
    sim = dst_setups(size.sim_guilds, rng)
    for label, middle in WINDOWS:
        start = middle - timedelta(days=size.days / 2)
        end = middle + timedelta(days=size.days / 2)
        posts, problems, spent = dst_run(sim, start, end)
        minutes = int((end - start).total_seconds() // 60)
        print(
            f"DST run, {label}: {len(sim):,} guilds, {changes_in(sim, start, end)} zones change, "
            f"{minutes:,} minutes, {posts:,} posts, {spent:.0f} s: "
            + ("each guild posted once per local day" if not problems else f"{len(problems)} PROBLEMS")
        )
        for p in problems[:20]:
            print("   ", p)
        failed += len(problems)

        posts, problems = await service_run(tmp / f"service-{start:%m}.db", start, end)
        print(
            f"  service run, {len(TRICKY)} guilds with posting times in gaps and repeats: {posts} posts: "
            + ("once per local day" if not problems else f"{len(problems)} PROBLEMS")
        )
        for p in problems[:20]:
            print("   ", p)
        failed += len(problems)
    return 1 if failed else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="fewer guilds and shorter runs; seconds")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        return asyncio.run(run(Path(tmp), SMALL if args.small else FULL))


if __name__ == "__main__":
    raise SystemExit(main())
