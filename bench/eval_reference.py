"""How well reference grading (no key points) agrees with human scores.

Grades every student answer of the two public short-answer sets against its reference answer and
prints Pearson and Spearman correlation with the human score, next to a plain character-ratio
baseline. Questions are split in two halves by id (even / odd position in id order): thresholds
were chosen looking at half A, so half B is the fairer figure.

    .venv/bin/python -m bench.eval_reference
"""

from __future__ import annotations

import json
import math
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from rapidfuzz import fuzz

from bot.bank.loader import load_bank
from bot.bank.model import Question
from bot.grading.reference import MAX_REPLY_CHARS, CorpusStats, reference_grade
from bot.grading.terms_stats import fold

EVAL_DIR = Path(__file__).resolve().parents[2] / "shared" / "eval"
SEED_BANK = Path(__file__).resolve().parents[1] / "questions" / "llm-training.zh.yaml"
SETS = {
    # name: (file, human score field, language)
    "mohler": ("mohler_dev.jsonl", "score_avg", "en"),
    "le": ("le_dev.jsonl", "score", "zh"),
}
TARGETS = {"mohler": 0.60, "le": 0.75}

Row = tuple[Question, str, float]  # question, student answer, human score


def load(name: str, eval_dir: Path = EVAL_DIR) -> list[Row]:
    file, field, language = SETS[name]
    rows: list[Row] = []
    questions: dict[str, Question] = {}
    with (eval_dir / file).open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            qid = str(rec["qid"])
            if qid not in questions:
                questions[qid] = Question(
                    id=qid,
                    bank=name,
                    question=rec["question"],
                    answer=rec["reference"],
                    explanation="",
                    language=language,
                )
            rows.append((questions[qid], rec["answer"], float(rec[field])))
    return rows


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float:
    if len(xs) < 2 or statistics.pstdev(xs) == 0 or statistics.pstdev(ys) == 0:
        return math.nan
    return statistics.correlation(xs, ys)


def spearman(xs: Sequence[float], ys: Sequence[float]) -> float:
    return pearson(_ranks(xs), _ranks(ys))


def _ranks(values: Sequence[float]) -> list[float]:
    """Ranks with ties sharing their mean rank."""
    order = sorted(range(len(values)), key=values.__getitem__)
    ranks = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2
        i = j + 1
    return ranks


def half_of(qid: str, ordered: list[str]) -> str:
    return "A" if ordered.index(qid) % 2 == 0 else "B"


def _qid_key(qid: str) -> tuple[int, ...]:
    return tuple(int(p) for p in qid.split(".") if p.isdigit())


def _figures(rows: list[Row], scorer: Callable[[Question, str], float]) -> dict[str, float]:
    ours = [scorer(q, a) for q, a, _ in rows]
    human = [h for _, _, h in rows]
    return {"n": len(rows), "pearson": pearson(ours, human), "spearman": spearman(ours, human)}


def evaluate(eval_dir: Path = EVAL_DIR) -> dict[str, dict[str, dict[str, float]]]:
    """{set: {"all"|"A"|"B"|"baseline_all"|...: {"n", "pearson", "spearman"}}, plus "speed"}."""
    results: dict[str, dict[str, dict[str, float]]] = {}
    for name in SETS:
        rows = load(name, eval_dir)
        stats = CorpusStats.build(dict.fromkeys(q for q, _, _ in rows))
        ordered = sorted({q.id for q, _, _ in rows}, key=_qid_key)
        halves = {"all": rows}
        for half in ("A", "B"):
            halves[half] = [r for r in rows if half_of(r[0].id, ordered) == half]
        figures: dict[str, dict[str, float]] = {}
        ours = _ours(stats)
        for half, subset in halves.items():
            figures[half] = _figures(subset, ours)
            figures["baseline_" + half] = _figures(subset, _baseline)
        figures["speed"] = _speed(rows, stats)
        results[name] = figures
    return results


def evaluate_chat(eval_dir: Path = EVAL_DIR, bank_path: Path = SEED_BANK) -> dict[str, float]:
    """The labeled chat replies to the first bank, graded as if it had no key points.

    Labels count correct 1, partial 0.5, wrong 0; `accuracy` is the share of verdicts equal to the
    label. Shows how fair grading is for a study group that imports a plain Q&A file.
    """
    bank = load_bank(bank_path)
    plain = [replace(q, key_points=()) for q in bank.questions]
    stats = CorpusStats.build(plain)
    value = {"correct": 1.0, "partial": 0.5, "wrong": 0.0}
    ours, base, human, same = [], [], [], 0
    with (eval_dir / "replies_dev.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            grade = reference_grade(plain[int(rec["qnum"]) - 1], rec["reply"], stats)
            ours.append(grade.score)
            base.append(_baseline(plain[int(rec["qnum"]) - 1], rec["reply"]))
            human.append(value[rec["label"]])
            same += grade.verdict.value == rec["label"]
    return {
        "n": len(ours),
        "pearson": pearson(ours, human),
        "spearman": spearman(ours, human),
        "accuracy": same / len(ours),
        "baseline_pearson": pearson(base, human),
        "baseline_spearman": spearman(base, human),
    }


def _ours(stats: CorpusStats) -> Callable[[Question, str], float]:
    return lambda question, answer: reference_grade(question, answer, stats).score


def _baseline(question: Question, answer: str) -> float:
    return fuzz.ratio(fold(question.answer), fold(answer)) / 100


def _speed(rows: list[Row], stats: CorpusStats) -> dict[str, float]:
    """Replies per second on the set's own answers, and on answers padded to the length cap."""
    longest = [(q, _padded(a, [x for _, x, _ in rows])) for q, a, _ in rows[:200]]
    return {"replies_per_s": _rate(rows, stats), "long_replies_per_s": _rate(longest, stats)}


def _padded(answer: str, others: list[str]) -> str:
    text, i = answer, 0
    while len(text) < MAX_REPLY_CHARS:
        text += " " + others[i % len(others)]
        i += 7
    return text


def _rate(rows: Sequence[tuple[Question, str] | Row], stats: CorpusStats, rounds: int = 3) -> float:
    for q, a, *_ in rows:  # first pass fills the per-question cache
        reference_grade(q, a, stats)
    # CPU time of this process: other work on the machine does not skew the figure.
    start = time.process_time()
    for _ in range(rounds):
        for q, a, *_ in rows:
            reference_grade(q, a, stats)
    return rounds * len(rows) / (time.process_time() - start)


def main() -> int:
    if not EVAL_DIR.is_dir():
        print(f"no evaluation data at {EVAL_DIR}", file=sys.stderr)
        return 1
    results = evaluate()
    print(f"{'set':8} {'half':5} {'n':>5}  {'pearson':>8} {'spearman':>8}  {'base P':>7} {'base S':>7}")
    for name, figures in results.items():
        for half in ("A", "B", "all"):
            f, b = figures[half], figures["baseline_" + half]
            print(
                f"{name:8} {half:5} {int(f['n']):5}  {f['pearson']:8.3f} {f['spearman']:8.3f}"
                f"  {b['pearson']:7.3f} {b['spearman']:7.3f}"
            )
        speed = figures["speed"]
        print(
            f"{name:8} target Pearson >= {TARGETS[name]:.2f}; {speed['replies_per_s']:,.0f} replies/s,"
            f" {speed['long_replies_per_s']:,.0f}/s at the {MAX_REPLY_CHARS}-char cap (one core)"
        )
    if SEED_BANK.is_file() and (EVAL_DIR / "replies_dev.jsonl").is_file():
        chat = evaluate_chat()
        print(
            f"chat replies to {SEED_BANK.name} graded without its key points: n={int(chat['n'])}"
            f" pearson {chat['pearson']:.3f} spearman {chat['spearman']:.3f}"
            f" verdict accuracy {chat['accuracy']:.3f} (baseline pearson {chat['baseline_pearson']:.3f})"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
