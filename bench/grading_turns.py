"""Two trees of this repository grading the labeled replies by turns in one process.

A busy machine bends two separate runs of `grading_ratio` apart by more than one speed change
saves; taken by turns in one process, both trees meet the same load. Each tree (this one, and
another checkout such as `git archive main | tar -x -C /tmp/main`) is imported in turn with its
own modules, builds its grader from both bundled banks, and its `run_batch` (what `studybot
grade` runs) grades every labeled reply as one JSON line in and out, start-up excluded. Printed:
the process time a line per tree, and this tree's time over the other's per pass.

    .venv/bin/python -m bench.grading_turns /tmp/main [--passes 30]
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent


def _loaded(root: Path) -> tuple[Callable[[], None], int]:
    """The tree's batch over the labeled replies, warmed up, and how many lines it grades."""
    for name in [n for n in sys.modules if n.split(".")[0] in ("bot", "bench")]:
        del sys.modules[name]
    sys.path.insert(0, str(root))
    try:
        from bench.eval_grader import CHECK_FILE, DEFAULT_BANKS, DEV_FILE, FRESH_FILE, OWN_FILE, load_rows
        from bot.bank.loader import load_library
        from bot.grade_command import run_batch
        from bot.grading.grader import Grader

        library = load_library(DEFAULT_BANKS)
        grader = Grader(library.questions())
        lines = [
            json.dumps({"id": row.question_id, "reply": row.reply}, ensure_ascii=False) + "\n"
            for path in (DEV_FILE, OWN_FILE, CHECK_FILE, FRESH_FILE)
            if path.exists()
            for row in load_rows(path)
            if library.get(row.question_id) is not None
        ]
    finally:
        sys.path.remove(str(root))
    text = "".join(lines)

    def batch() -> None:
        run_batch(io.StringIO(text), io.StringIO(), library, grader)

    batch()  # first-use tables and caches are not part of the rate
    return batch, len(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("other", type=Path, help="the other tree (a checkout of this repository)")
    parser.add_argument("--passes", type=int, default=30, help="passes over the replies per tree")
    args = parser.parse_args(argv)
    other, lines = _loaded(args.other.resolve())
    this, this_lines = _loaded(HERE)
    if not lines or lines != this_lines:
        print("no labeled replies, or not the same ones in both trees")
        return 1
    times: dict[str, list[float]] = {"this": [], "other": []}
    for i in range(args.passes):
        order = (("this", this), ("other", other)) if i % 2 == 0 else (("other", other), ("this", this))
        for name, batch in order:
            start = time.process_time()
            batch()
            times[name].append((time.process_time() - start) / lines * 1e6)
    for name, values in times.items():
        print(f"{name:5} tree: {statistics.median(values):6.1f} us CPU a line (median of {args.passes})")
    ratios = [a / b for a, b in zip(times["this"], times["other"], strict=True)]
    quartiles = statistics.quantiles(ratios, n=4)
    print(
        f"this / other per pass: median {statistics.median(ratios):.3f}"
        f" (quartiles {quartiles[0]:.3f} to {quartiles[2]:.3f})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
