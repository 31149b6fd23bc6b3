"""Record answers in a loop and print each acknowledged one; the SIGKILL test kills this mid-burst.

    python answer_writer.py DB_PATH

Eight tasks answer at once, as in a busy minute. Each line printed, `user attempt_no`, is an answer
the store acknowledged (record_attempt returned); it is printed and flushed only after that.
"""

from __future__ import annotations

import asyncio
import sys
from datetime import date
from itertools import count

from bot.store import Store

GUILD = 42
DAY = date(2026, 3, 10)
WORKERS = 8
ATTEMPTS_EACH = 3  # every user answers three times, so attempt numbers are exercised too
STOP_AFTER = 1_000_000  # never reached in the test; keeps a forgotten process from running forever


async def worker(store: Store, answers: count[int]) -> None:
    for n in answers:
        if n >= STOP_AFTER:
            return
        user = n // ATTEMPTS_EACH
        outcome = await store.record_attempt(
            GUILD, user, "q-1", DAY, f"reply number {n}", "partial", 0.5, 5, ATTEMPTS_EACH
        )
        sys.stdout.write(f"{user} {outcome.attempt_no}\n")
        sys.stdout.flush()


async def main(path: str) -> None:
    async with Store.open(path) as store:
        answers = count()
        await asyncio.gather(*(worker(store, answers) for _ in range(WORKERS)))


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
