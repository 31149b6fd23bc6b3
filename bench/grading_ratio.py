"""The cost of grading one reply through `studybot grade`, as a multiple of one fuzz.ratio call.

Both bundled banks are loaded; every labeled reply (dev, own, check and fresh sets) becomes one
JSON input line, and `run_batch` (what `studybot grade` runs) reads, grades and writes them, JSON
in and out included, the grader built once beforehand (start-up excluded). In the same run, on the
same strings, one rapidfuzz.fuzz.ratio call per reply (reply against the reference answer). The
two are measured in alternating short rounds of CPU time and the ratio is taken per round, so a
busy machine slows both sides of each ratio alike; the median round is printed.
Target: at most 100 times one fuzz.ratio call.

    .venv/bin/python -m bench.grading_ratio [--rounds 15] [--seconds 0.4]
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import sys
import time
from collections.abc import Callable, Sequence

from rapidfuzz import fuzz

from bench.eval_grader import CHECK_FILE, DEFAULT_BANKS, DEV_FILE, FRESH_FILE, OWN_FILE, load_rows
from bot.bank.loader import load_library
from bot.grade_command import run_batch
from bot.grading.grader import Grader

TARGET = 100.0


def per_call_seconds(work: Callable[[], int], seconds: float) -> float:
    """CPU seconds per item of `work` (which returns how many items it did), over `seconds`."""
    done = 0
    start = time.process_time()
    while time.process_time() - start < seconds:
        done += work()
    return (time.process_time() - start) / done


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15, help="alternating rounds of each measurement")
    parser.add_argument("--seconds", type=float, default=0.4, help="CPU seconds per round and side")
    args = parser.parse_args(argv)
    library = load_library(DEFAULT_BANKS)
    grader = Grader(library.questions())
    pairs = []
    for path in (DEV_FILE, OWN_FILE, CHECK_FILE, FRESH_FILE):
        if path.exists():
            for row in load_rows(path):
                question = library.get(row.question_id)
                if question is not None:
                    pairs.append((question.answer, row.question_id, row.reply))
    if not pairs:
        print("no replies: the labeled reply files are missing")
        return 1
    lines = "".join(
        json.dumps({"id": qid, "reply": reply}, ensure_ascii=False) + "\n" for _, qid, reply in pairs
    )

    def batch() -> int:
        run_batch(io.StringIO(lines), io.StringIO(), library, grader)
        return len(pairs)

    def ratio() -> int:
        for answer, _, reply in pairs:
            fuzz.ratio(reply, answer)
        return len(pairs)

    batch()  # first-use tables (sound table, caches) are not part of the rate
    rows = []
    for _ in range(args.rounds):
        graded = per_call_seconds(batch, args.seconds)
        plain = per_call_seconds(ratio, args.seconds)
        rows.append((graded, plain, graded / plain))
    graded, plain, times = (statistics.median(r[i] for r in rows) for i in range(3))
    spread = sorted(r[2] for r in rows)
    print(f"replies: {len(pairs)} distinct, banks: {len(library.banks)} ({len(library)} questions)")
    print(f"studybot grade, one line  {graded * 1e6:8.1f} us CPU  ({1 / graded:,.0f} replies/s)")
    print(f"fuzz.ratio, one call      {plain * 1e6:8.2f} us CPU  ({1 / plain:,.0f} calls/s)")
    print(
        f"ratio (median of {args.rounds} rounds): {times:.0f}x"
        f"   (rounds {spread[0]:.0f}x to {spread[-1]:.0f}x; target <= {TARGET:.0f}x)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
