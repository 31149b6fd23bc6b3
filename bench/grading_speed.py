"""Grading speed on one core with the first bank loaded.

Measured in CPU time of the process, best of three rounds, so a busy machine distorts the
figure less.
Grades the labeled dev replies (and the project's own replies) over and over for a few seconds
and prints replies per second, next to the same figure for one plain rapidfuzz.fuzz.ratio call
on the same strings (reply against the reference answer), so the two read as a ratio.
Target: at least 20,000 replies/s.

    .venv/bin/python -m bench.grading_speed [--seconds 3]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence

from rapidfuzz import fuzz

from bench.eval_grader import DEFAULT_BANKS, DEV_FILE, OWN_FILE, load_rows
from bot.bank.loader import load_library
from bot.bank.model import Question
from bot.grading.grader import Grader

Pair = tuple[Question, str]


def rate(work: Callable[[Question, str], object], pairs: Sequence[Pair], seconds: float) -> float:
    """Calls per second of `work` over `pairs`: the best of three rounds of `seconds` / 3 each,
    the round least disturbed by other work on the machine."""
    return max(_round(work, pairs, seconds / 3) for _ in range(3))


def _round(work: Callable[[Question, str], object], pairs: Sequence[Pair], seconds: float) -> float:
    # CPU time of this process, not wall time: other work on the machine does not count.
    done = 0
    start = time.process_time()
    deadline = start + seconds
    while time.process_time() < deadline:
        for question, reply in pairs:
            work(question, reply)
        done += len(pairs)
    return done / (time.process_time() - start)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="time spent on each measurement")
    args = parser.parse_args(argv)
    library = load_library(DEFAULT_BANKS)
    started = time.perf_counter()
    grader = Grader(library.questions())
    build_ms = (time.perf_counter() - started) * 1000
    pairs: list[Pair] = []
    for path in (DEV_FILE, OWN_FILE):
        if path.exists():
            for row in load_rows(path):
                question = library.get(row.question_id)
                if question is not None:
                    pairs.append((question, row.reply))
    if not pairs:
        print("no replies to grade: the labeled reply files are missing")
        return 1
    grader.grade(*pairs[0])  # first-use tables (sound table, caches) are not part of the rate
    ours = rate(grader.grade, pairs, args.seconds)
    plain = rate(lambda q, r: fuzz.ratio(r, q.answer), pairs, args.seconds)
    mean_chars = sum(len(r) for _, r in pairs) / len(pairs)
    print(f"replies: {len(pairs)} distinct (mean {mean_chars:.0f} chars), bank: {len(library)} questions")
    print(f"grader built in {build_ms:.0f} ms")
    print(f"Grader.grade        {ours:>12,.0f} replies/s   (target >= 20,000)")
    print(f"rapidfuzz ratio     {plain:>12,.0f} calls/s")
    print(f"grade costs {plain / ours:.1f}x one fuzz.ratio call")
    return 0


if __name__ == "__main__":
    sys.exit(main())
