"""How well the grader agrees with labeled chat replies.

Prints, separately for the dev sample of the labeled replies (../shared/eval/replies_dev.jsonl),
for the project's own labeled replies (bench/data/replies_own.jsonl) and for the replies written
to check the grader (bench/data/replies_grading_check.jsonl), for the four sets written before
a round of grader work (bench/data/replies_fresh*.jsonl, also per bank), and for the blind replies
(bench/data/replies_blind.jsonl, the only set never used for tuning): the confusion matrix,
exact accuracy, macro-F1, the share of correct replies accepted, the share of wrong replies given
any credit and given full credit, and a per-kind table. Then runs the reference-only evaluation
(bench/eval_reference.py) when it is there.

    .venv/bin/python -m bench.eval_grader [--bank PATH ...] [--show-errors] [--no-blind]

`--no-blind` skips the blind set entirely (not even loaded): use it whenever the grader or the
banks are being changed, so its figures cannot steer the change.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.bank.loader import load_library
from bot.bank.model import Library
from bot.grading.grader import Grader

ROOT = Path(__file__).resolve().parents[1]
DEV_FILE = ROOT.parent / "shared" / "eval" / "replies_dev.jsonl"
OWN_FILE = ROOT / "bench" / "data" / "replies_own.jsonl"
# Replies written while building the grader, each set before the grader saw it: a rough check of
# replies it was not tuned on (labels by the same hand, so read it with care).
CHECK_FILE = ROOT / "bench" / "data" / "replies_grading_check.jsonl"
# Written without seeing the grader, its key points or the dev replies: report it, never tune on it.
BLIND_FILE = ROOT / "bench" / "data" / "replies_blind.jsonl"
# Written before the Dec 2026 grader work (swaps, reversals, wrong order, keyword lists); its
# first-run figures are the estimate for unseen replies, later figures are read while tuning.
FRESH_FILE = ROOT / "bench" / "data" / "replies_fresh.jsonl"
# Written the same way before the second round of that work; same rule for its first run.
FRESH2_FILE = ROOT / "bench" / "data" / "replies_fresh2.jsonl"
# Written the same way before the third round; same rule for its first run.
FRESH3_FILE = ROOT / "bench" / "data" / "replies_fresh3.jsonl"
# Written the same way before the fourth round; same rule for its first run.
FRESH4_FILE = ROOT / "bench" / "data" / "replies_fresh4.jsonl"
FRESH5_FILE = ROOT / "bench" / "data" / "replies_fresh5.jsonl"
FRESH6_FILE = ROOT / "bench" / "data" / "replies_fresh6.jsonl"
FRESH7_FILE = ROOT / "bench" / "data" / "replies_fresh7.jsonl"
FRESH8_FILE = ROOT / "bench" / "data" / "replies_fresh8.jsonl"
FRESH9_FILE = ROOT / "bench" / "data" / "replies_fresh9.jsonl"
FRESH10_FILE = ROOT / "bench" / "data" / "replies_fresh10.jsonl"
FRESH11_FILE = ROOT / "bench" / "data" / "replies_fresh11.jsonl"
FRESH12_FILE = ROOT / "bench" / "data" / "replies_fresh12.jsonl"
FRESH13_FILE = ROOT / "bench" / "data" / "replies_fresh13.jsonl"
FRESH14_FILE = ROOT / "bench" / "data" / "replies_fresh14.jsonl"
FRESH15_FILE = ROOT / "bench" / "data" / "replies_fresh15.jsonl"
FRESH16_FILE = ROOT / "bench" / "data" / "replies_fresh16.jsonl"
FRESH17_FILE = ROOT / "bench" / "data" / "replies_fresh17.jsonl"
FRESH18_FILE = ROOT / "bench" / "data" / "replies_fresh18.jsonl"
FRESH19_FILE = ROOT / "bench" / "data" / "replies_fresh19.jsonl"
FRESH20_FILE = ROOT / "bench" / "data" / "replies_fresh20.jsonl"
DEFAULT_BANKS = sorted((ROOT / "questions").glob("*.yaml"))
LABELS = ("correct", "partial", "wrong")


@dataclass(frozen=True, slots=True)
class Row:
    question_id: str
    reply: str
    label: str
    kind: str


def question_id(record: dict[str, object]) -> str:
    if "id" in record:
        return str(record["id"])
    return f"llm-{int(str(record['qnum'])):02d}"


def load_rows(path: Path) -> list[Row]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            rows.append(Row(question_id(record), record["reply"], record["label"], record.get("kind", "")))
    return rows


@dataclass(frozen=True, slots=True)
class Figures:
    confusion: dict[tuple[str, str], int]
    accuracy: float
    macro_f1: float
    correct_accepted: float
    wrong_any_credit: float
    wrong_full_credit: float
    per_kind: dict[str, Counter[str]]


def figures(pairs: Sequence[tuple[Row, str]]) -> Figures:
    confusion: dict[tuple[str, str], int] = Counter((row.label, got) for row, got in pairs)
    total = len(pairs) or 1
    accuracy = sum(confusion[(lab, lab)] for lab in LABELS) / total
    f1s = []
    for lab in LABELS:
        tp = confusion[(lab, lab)]
        predicted = sum(confusion[(other, lab)] for other in LABELS)
        actual = sum(confusion[(lab, other)] for other in LABELS)
        precision = tp / predicted if predicted else 0.0
        recall = tp / actual if actual else 0.0
        f1s.append(2 * precision * recall / (precision + recall) if precision + recall else 0.0)
    correct = sum(confusion[("correct", g)] for g in LABELS) or 1
    wrong = sum(confusion[("wrong", g)] for g in LABELS) or 1
    per_kind: dict[str, Counter[str]] = defaultdict(Counter)
    for row, got in pairs:
        per_kind[f"{row.label}/{row.kind}"][got] += 1
    return Figures(
        confusion=confusion,
        accuracy=accuracy,
        macro_f1=sum(f1s) / len(f1s),
        correct_accepted=confusion[("correct", "correct")] / correct,
        wrong_any_credit=(confusion[("wrong", "correct")] + confusion[("wrong", "partial")]) / wrong,
        wrong_full_credit=confusion[("wrong", "correct")] / wrong,
        per_kind=dict(per_kind),
    )


def print_figures(title: str, fig: Figures) -> None:
    print(f"\n== {title}")
    print("label \\ graded   " + "  ".join(f"{g:>8}" for g in LABELS))
    for lab in LABELS:
        print(f"{lab:<16} " + "  ".join(f"{fig.confusion.get((lab, g), 0):>8}" for g in LABELS))
    print(f"exact accuracy          {fig.accuracy:.3f}")
    print(f"macro-F1                {fig.macro_f1:.3f}   (target >= 0.88)")
    print(f"correct accepted        {fig.correct_accepted:.3f}   (target >= 0.93)")
    print(f"wrong given any credit  {fig.wrong_any_credit:.3f}   (target <= 0.08)")
    print(f"wrong given full credit {fig.wrong_full_credit:.3f}   (target <= 0.03)")
    print(f"{'kind':<26} {'n':>3}  " + "  ".join(f"{g:>7}" for g in LABELS) + "  right")
    for kind in sorted(fig.per_kind):
        counts = fig.per_kind[kind]
        n = sum(counts.values())
        label = kind.split("/", 1)[0]
        print(
            f"{kind:<26} {n:>3}  "
            + "  ".join(f"{counts.get(g, 0):>7}" for g in LABELS)
            + f"  {counts.get(label, 0) / n:>5.2f}"
        )


def grade_rows(grader: Grader, library: Library, rows: Sequence[Row]) -> list[tuple[Row, str]]:
    pairs = []
    for row in rows:
        question = library.get(row.question_id)
        if question is None:
            continue
        pairs.append((row, str(grader.grade(question, row.reply).verdict)))
    return pairs


def show_errors(grader: Grader, library: Library, rows: Sequence[Row]) -> None:
    for row in rows:
        question = library.get(row.question_id)
        if question is None:
            continue
        grade = grader.grade(question, row.reply)
        if grade.verdict != row.label:
            head = f"  {row.question_id} {row.label}->{grade.verdict} [{row.kind}]"
            print(f"{head} {row.reply[:70]!r} :: {grade.reason}")


def run_reference_eval() -> None:
    try:
        module = importlib.import_module("bench.eval_reference")
    except ImportError:
        print("\n(reference-only evaluation not available)")
        return
    print("\n== reference-only grading (bench/eval_reference.py)")
    try:
        module.main(["--no-cv"])  # the figures without the slower cross-validation
    except SystemExit:
        module.main()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bank", action="append", type=Path, help="bank file (default: the first bank)")
    parser.add_argument("--show-errors", action="store_true", help="list every reply graded differently")
    parser.add_argument("--no-reference", action="store_true", help="skip the reference-only evaluation")
    parser.add_argument("--no-blind", action="store_true", help="skip the blind set (use while tuning)")
    args = parser.parse_args(argv)
    library = load_library(args.bank or DEFAULT_BANKS)
    grader = Grader(library.questions())
    sets = [
        ("dev replies (replies_dev.jsonl)", DEV_FILE),
        ("own replies (replies_own.jsonl)", OWN_FILE),
        ("grading check replies (replies_grading_check.jsonl)", CHECK_FILE),
        ("fresh replies (replies_fresh.jsonl)", FRESH_FILE),
        ("second fresh replies (replies_fresh2.jsonl)", FRESH2_FILE),
        ("third fresh replies (replies_fresh3.jsonl)", FRESH3_FILE),
        ("fourth fresh replies (replies_fresh4.jsonl)", FRESH4_FILE),
        ("fifth fresh replies (replies_fresh5.jsonl)", FRESH5_FILE),
        ("sixth fresh replies (replies_fresh6.jsonl)", FRESH6_FILE),
        ("seventh fresh replies (replies_fresh7.jsonl)", FRESH7_FILE),
        ("eighth fresh replies (replies_fresh8.jsonl)", FRESH8_FILE),
        ("ninth fresh replies (replies_fresh9.jsonl)", FRESH9_FILE),
        ("tenth fresh replies (replies_fresh10.jsonl)", FRESH10_FILE),
        ("eleventh fresh replies (replies_fresh11.jsonl)", FRESH11_FILE),
        ("twelfth fresh replies (replies_fresh12.jsonl)", FRESH12_FILE),
        ("thirteenth fresh replies (replies_fresh13.jsonl)", FRESH13_FILE),
        ("fourteenth fresh replies (replies_fresh14.jsonl)", FRESH14_FILE),
        ("fifteenth fresh replies (replies_fresh15.jsonl)", FRESH15_FILE),
        ("sixteenth fresh replies (replies_fresh16.jsonl)", FRESH16_FILE),
        ("seventeenth fresh replies (replies_fresh17.jsonl)", FRESH17_FILE),
        ("eighteenth fresh replies (replies_fresh18.jsonl)", FRESH18_FILE),
        ("nineteenth fresh replies (replies_fresh19.jsonl)", FRESH19_FILE),
        ("twentieth fresh replies (replies_fresh20.jsonl)", FRESH20_FILE),
    ]
    if not args.no_blind:
        sets.append(("blind replies, report only (replies_blind.jsonl)", BLIND_FILE))
    for title, path in sets:
        if not path.exists():
            print(f"\n== {title}: {path} not found")
            continue
        rows = load_rows(path)
        print_figures(f"{title}: {len(rows)} replies", figures(grade_rows(grader, library, rows)))
        if path in (
            FRESH_FILE,
            FRESH2_FILE,
            FRESH3_FILE,
            FRESH4_FILE,
            FRESH5_FILE,
            FRESH6_FILE,
            FRESH7_FILE,
            FRESH8_FILE,
            FRESH9_FILE,
            FRESH10_FILE,
            FRESH11_FILE,
            FRESH12_FILE,
            FRESH13_FILE,
            FRESH14_FILE,
            FRESH15_FILE,
            FRESH16_FILE,
            FRESH17_FILE,
            FRESH18_FILE,
            FRESH19_FILE,
            FRESH20_FILE,
            BLIND_FILE,
        ):
            # The fresh and blind sets are read per bank: the targets hold for each language.
            for part, keep in (("English bank", True), ("Chinese bank", False)):
                subset = [r for r in rows if r.question_id.startswith("llm-en-") is keep]
                graded = figures(grade_rows(grader, library, subset))
                print_figures(f"{title}, {part}: {len(subset)} replies", graded)
        if args.show_errors:
            show_errors(grader, library, rows)
    if not args.no_reference:
        run_reference_eval()
    return 0


if __name__ == "__main__":
    sys.exit(main())
