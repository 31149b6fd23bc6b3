"""Resident memory of the service with 1,000 guilds' state loaded.

    .venv/bin/python bench/bench_memory.py            # 1,000 guilds
    .venv/bin/python bench/bench_memory.py --small    # 100 guilds

Loads the shipped banks (questions/), builds the grader, sets up 1,000 guilds on a file database,
opens and posts each guild's daily, answers it a few times per guild, runs a quiz in one guild of
ten, then reads VmRSS from /proc/self/status (and ru_maxrss, the peak) after each step.
Target: <= 150 MB resident with everything loaded.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import resource
import tempfile
from datetime import UTC, datetime, time
from pathlib import Path

from bot.bank.holder import BankHolder
from bot.model import GuildSetup
from bot.service import StudyService
from bot.store import Store

TARGET_MB = 150.0
BANKS = Path(__file__).resolve().parents[1] / "questions"
ZONES = ("UTC", "Europe/Berlin", "Asia/Shanghai", "America/New_York", "Australia/Sydney", "Asia/Kolkata")
REPLIES = (
    "I am not sure, maybe it is about the learning rate",
    "It splits words into subword pieces by merging the most frequent pairs, so rare words still work.",
    "不知道",
)


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def step(label: str) -> float:
    gc.collect()
    now = rss_mb()
    print(f"  {label:<52} VmRSS {now:6.1f} MB   peak {peak_mb():6.1f} MB", flush=True)
    return now


async def run(path: Path, guilds: int) -> int:
    step("after imports")
    banks = BankHolder([BANKS])
    print(f"  ({len(banks.library)} questions in {len(banks.library.banks)} banks)")
    step("banks loaded")
    now = datetime(2026, 3, 10, 23, 30, tzinfo=UTC)  # every zone above is past 09:00 local or near it
    async with Store.open(path) as store:
        service = StudyService(banks, store, lambda: now)
        service.grader()
        step("grader built")
        for g in range(guilds):
            await service.setup_guild(GuildSetup(10_000 + g, 20_000 + g, time(0, 0), ZONES[g % len(ZONES)]))
        step(f"{guilds:,} guild setups saved and cached")
        for g in range(guilds):
            daily, _ = await service.open_day(10_000 + g)
            await service.mark_posted(daily.guild_id, daily.day, 20_000 + g, 30_000 + g)
        step(f"{guilds:,} dailies opened and posted")
        answers = 0
        for g in range(guilds):
            for u, reply in enumerate(REPLIES):
                await service.answer(10_000 + g, u, reply)
                answers += 1
        step(f"{answers:,} answers graded and stored")
        for g in range(0, guilds, 10):
            await service.begin_quiz(10_000 + g, 20_000 + g)
            await service.quiz_answer(10_000 + g, 20_000 + g, 1, REPLIES[1])
        held = step(f"{guilds // 10:,} quizzes running")
        assert len(await service.due_guilds(now)) == 0  # all state is live and consistent
    mark = "ok" if held <= TARGET_MB else "MISSES TARGET"
    print(f"resident with {guilds:,} guilds loaded: {held:.1f} MB (target <= {TARGET_MB:g} MB): {mark}")
    return 0 if held <= TARGET_MB else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="100 guilds; seconds")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        return asyncio.run(run(Path(tmp) / "memory.db", 100 if args.small else 1_000))


if __name__ == "__main__":
    raise SystemExit(main())
