"""How well reference grading (no key points) agrees with human scores.

Grades every student answer of the two public short-answer sets against its reference answer and
prints Pearson and Spearman correlation with the human score, next to a plain character-ratio
baseline. Questions are split in two halves by id (even / odd position in id order): the first
thresholds were chosen looking at half A, so half B was the fairer figure.

The fairest figure is the cross-validation by question: the questions of each set are dealt into
CV_FOLDS folds; for each fold the constants in CV_GRID are re-tuned on the other folds (best Mohler
Pearson whose LE Pearson stays >= CV_LE_FLOOR) and only the held-out fold is scored. The mean of
the held-out folds estimates how the grader does on questions it has never seen.

    .venv/bin/python -m bench.eval_reference [--folds 5] [--no-cv] [--per-question]
        [--pairs 12.10 --pairs 5.1] [--sweep FULL_AT=0.6,0.7,0.85]
"""

from __future__ import annotations

import argparse
import itertools
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
from bot.grading import reference
from bot.grading.grader import Grader
from bot.grading.reference import MAX_REPLY_CHARS, CorpusStats, reference_grade
from bot.grading.terms_stats import fold
from bot.grading.verdict import Verdict

EVAL_DIR = Path(__file__).resolve().parents[2] / "shared" / "eval"
SEED_BANK = Path(__file__).resolve().parents[1] / "questions" / "llm-training.zh.yaml"
SETS = {
    # name: (file, human score field, language)
    "mohler": ("mohler_dev.jsonl", "score_avg", "en"),
    "le": ("le_dev.jsonl", "score", "zh"),
}
TARGETS = {"mohler": 0.68, "le": 0.85}
MAX_SCORE = {"mohler": 5.0, "le": 1.0}
FULL_MARKS = 0.9  # human score >= this share of the maximum: should be accepted as correct
LOW_MARKS = 0.4  # human score <= this share of the maximum: should get no credit

Row = tuple[Question, str, float]  # question, student answer, human score

CV_FOLDS = 5
# Constants of bot/grading/reference.py that the cross-validation re-tunes on the training folds.
CV_GRID: dict[str, tuple[float, ...]] = {
    "RECALL_POWER": (0.35, 0.5, 0.7),
    "FULL_AT": (0.6, 0.7, 0.85, 1.0),
    "QUESTION_DEMOTE": (0.25, 0.5, 0.75),
    "PREFIX_MIN": (3, 4, 5),
}
CV_LE_FLOOR = 0.85  # a grid point must keep LE at least this high on the training folds


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


def _verdict_figures(rows: list[Row], grader: Grader, top: float) -> dict[str, float]:
    """Through the grader as the bot calls it: the share of full-marks answers graded correct
    (and wrong), and the share of low-scored answers given any credit."""
    full = [(q, a) for q, a, h in rows if h >= FULL_MARKS * top]
    low = [(q, a) for q, a, h in rows if h <= LOW_MARKS * top]
    full_verdicts = [grader.grade(q, a).verdict for q, a in full]
    low_verdicts = [grader.grade(q, a).verdict for q, a in low]
    return {
        "full_n": len(full),
        "full_correct": full_verdicts.count(Verdict.CORRECT) / (len(full) or 1),
        "full_wrong": full_verdicts.count(Verdict.WRONG) / (len(full) or 1),
        "low_n": len(low),
        "low_credit": sum(v is not Verdict.WRONG for v in low_verdicts) / (len(low) or 1),
    }


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
        grader = Grader(dict.fromkeys(q for q, _, _ in rows))
        for half, subset in halves.items():
            figures[half] = _figures(subset, ours) | _verdict_figures(subset, grader, MAX_SCORE[name])
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


def cross_validate(
    folds: int = CV_FOLDS, grid: dict[str, tuple[float, ...]] | None = None, eval_dir: Path = EVAL_DIR
) -> dict[str, dict[str, list[float]]]:
    """Held-out Pearson per fold: {set: {"tuned": [...], "shipped": [...], "pooled": [r]}}, where
    "pooled" is one Pearson over every answer, each scored by the constants tuned without its
    fold; plus the grid points chosen under {"chosen": {"<fold>" | "all": [...]}} (CV_GRID order)."""
    grid = CV_GRID if grid is None else grid
    data = {name: load(name, eval_dir) for name in SETS}
    fold_of = {name: _fold_numbers(rows, folds) for name, rows in data.items()}
    shipped = tuple(getattr(reference, key) for key in grid)
    points = [shipped, *itertools.product(*grid.values())]
    scored = [_scores_with(dict(zip(grid, point, strict=True)), data) for point in points]
    _apply(dict(zip(grid, shipped, strict=True)))
    result: dict[str, dict[str, list[float]]] = {name: {"tuned": [], "shipped": []} for name in SETS}
    held_out_scores = {name: [0.0] * len(rows) for name, rows in data.items()}
    result["chosen"] = {}
    everything = {n: [True] * len(data[n]) for n in SETS}
    best_all = max(range(1, len(points)), key=lambda i: _objective(scored[i], data, everything))
    result["chosen"]["all"] = list(points[best_all])
    for number in range(folds):
        train = {n: [f != number for f in fold_of[n]] for n in SETS}
        best = max(range(1, len(points)), key=lambda i: _objective(scored[i], data, train))
        result["chosen"][str(number)] = list(points[best])
        for name in SETS:
            held_out = [not t for t in train[name]]
            result[name]["tuned"].append(_pearson_where(scored[best][name], data[name], held_out))
            result[name]["shipped"].append(_pearson_where(scored[0][name], data[name], held_out))
            for i, keep in enumerate(held_out):
                if keep:
                    held_out_scores[name][i] = scored[best][name][i]
    for name, rows in data.items():
        result[name]["pooled"] = [pearson(held_out_scores[name], [h for _, _, h in rows])]
    return result


def _fold_numbers(rows: list[Row], folds: int) -> list[int]:
    """Questions dealt into folds in id order; every answer goes with its question."""
    ordered = sorted({q.id for q, _, _ in rows}, key=_qid_key)
    number = {qid: i % folds for i, qid in enumerate(ordered)}
    return [number[q.id] for q, _, _ in rows]


def _apply(values: dict[str, float]) -> None:
    for key, value in values.items():
        setattr(reference, key, value)


def _scores_with(values: dict[str, float], data: dict[str, list[Row]]) -> dict[str, list[float]]:
    _apply(values)
    scores = {}
    for name, rows in data.items():
        stats = CorpusStats.build(dict.fromkeys(q for q, _, _ in rows))  # fresh per-question cache
        scores[name] = [reference_grade(q, a, stats).score for q, a, _ in rows]
    return scores


def _pearson_where(scores: list[float], rows: list[Row], keep: list[bool]) -> float:
    chosen = [i for i, k in enumerate(keep) if k]
    return pearson([scores[i] for i in chosen], [rows[i][2] for i in chosen])


def _objective(
    scores: dict[str, list[float]], data: dict[str, list[Row]], train: dict[str, list[bool]]
) -> float:
    mohler = _pearson_where(scores["mohler"], data["mohler"], train["mohler"])
    le = _pearson_where(scores["le"], data["le"], train["le"])
    if math.isnan(mohler):
        return -math.inf
    return mohler if le >= CV_LE_FLOOR else mohler - 1.0


def sweep(name: str, values: Sequence[float], folds: int = CV_FOLDS) -> dict[float, dict[str, float]]:
    """Mean over the folds of the per-fold Pearson with one constant set to each value (the
    others as shipped): {value: {set: mean}}. How each constant's value was checked."""
    data = {n: load(n) for n in SETS}
    fold_of = {n: _fold_numbers(rows, folds) for n, rows in data.items()}
    shipped = getattr(reference, name)
    result = {}
    try:
        for value in values:
            scored = _scores_with({name: value}, data)
            result[value] = {
                n: statistics.mean(
                    _pearson_where(scored[n], data[n], [f == k for f in fold_of[n]]) for k in range(folds)
                )
                for n in SETS
            }
    finally:
        _apply({name: shipped})
    return result


def print_sweep(spec: str, folds: int) -> None:
    name, _, listed = spec.partition("=")
    kind = type(getattr(reference, name))  # int constants (lengths, counts) stay int
    values = [kind(float(v)) for v in listed.split(",") if v]
    print(f"\n{name} (shipped {getattr(reference, name)}): mean per-fold pearson over {folds} folds")
    for value, figures in sweep(name, values, folds).items():
        print(f"  {value:g}: " + "  ".join(f"{n} {figures[n]:.3f}" for n in SETS))


def print_cv(folds: int) -> None:
    cv = cross_validate(folds)
    print(f"\ncross-validation by question, {folds} folds (constants in CV_GRID re-tuned on the other folds)")
    for name in SETS:
        tuned, shipped = cv[name]["tuned"], cv[name]["shipped"]
        per_fold = " ".join(f"{r:.3f}" for r in tuned)
        print(
            f"{name:8} held-out pearson {per_fold}  mean {statistics.mean(tuned):.3f}"
            f"  pooled {cv[name]['pooled'][0]:.3f}  (shipped constants: mean {statistics.mean(shipped):.3f})"
        )
    for number, values in cv["chosen"].items():
        chosen = ", ".join(f"{k}={v}" for k, v in zip(CV_GRID, values, strict=True))
        print(f"{'tuned on every fold' if number == 'all' else f'fold {number}'}: {chosen}")


def per_question(name: str, eval_dir: Path = EVAL_DIR) -> list[dict[str, object]]:
    """Per question of one set: its half, answers, mean human and grader score, and the Pearson
    of its own answers (where a question loses agreement inside itself), in id order."""
    rows = load(name, eval_dir)
    stats = CorpusStats.build(dict.fromkeys(q for q, _, _ in rows))
    ordered = sorted({q.id for q, _, _ in rows}, key=_qid_key)
    scored: dict[str, list[tuple[float, float]]] = {qid: [] for qid in ordered}
    for question, answer, human in rows:
        scored[question.id].append((reference_grade(question, answer, stats).score, human))
    result: list[dict[str, object]] = []
    for qid in ordered:
        ours, human = zip(*scored[qid], strict=True)
        result.append(
            {
                "qid": qid,
                "half": half_of(qid, ordered),
                "n": len(ours),
                "human": statistics.mean(human),
                "ours": statistics.mean(ours),
                "pearson": pearson(ours, human),
            }
        )
    return result


def print_per_question() -> None:
    scale = " / ".join(f"{name} 0-{MAX_SCORE[name]:g}" for name in SETS)
    print(f"\nper question (human and grader means; Pearson of its own answers; scales {scale}, grader 0-1)")
    for name in SETS:
        for row in per_question(name):
            print(
                f"{name:8} {row['qid']:>6} {row['half']}  n {row['n']:3}  human {row['human']:5.2f}"
                f"  ours {row['ours']:5.2f}  pearson {row['pearson']:6.3f}"
            )


def print_pairs(qids: Sequence[str], eval_dir: Path = EVAL_DIR) -> None:
    """Each answer of the given questions with its human score and ours, lowest human score first:
    where a question loses agreement (replies scored too low, too high, or one band for all)."""
    for name in SETS:
        rows = load(name, eval_dir)
        stats = CorpusStats.build(dict.fromkeys(q for q, _, _ in rows))
        for qid in qids:
            answers = [(h, reference_grade(q, a, stats), a, q) for q, a, h in rows if q.id == qid]
            if not answers:
                continue
            question = answers[0][3]
            print(f"\n{name} {qid}: {question.question}\n  reference: {question.answer}")
            for human, grade, answer, _ in sorted(answers, key=lambda x: (x[0], x[1].score)):
                line = " ".join(answer.split())
                print(f"  human {human:4.1f}  ours {grade.score:4.2f} {grade.verdict.value:8} {line[:120]}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=CV_FOLDS, help="folds of the cross-validation")
    parser.add_argument("--no-cv", action="store_true", help="skip the cross-validation")
    parser.add_argument("--per-question", action="store_true", help="figures of each question")
    parser.add_argument(
        "--pairs", action="append", default=[], metavar="QID", help="answers of a question, human and ours"
    )
    parser.add_argument(
        "--sweep", action="append", default=[], metavar="NAME=V1,V2", help="per-fold figures of one constant"
    )
    args = parser.parse_args([] if argv is None else argv)
    if not EVAL_DIR.is_dir():
        print(f"no evaluation data at {EVAL_DIR}", file=sys.stderr)
        return 1
    results = evaluate()
    print(
        f"{'set':8} {'half':5} {'n':>5}  {'pearson':>8} {'spearman':>8}  {'base P':>7} {'base S':>7}"
        f"  {'full n':>6} {'correct':>7} {'wrong':>6}  {'low n':>5} {'credit':>6}"
    )
    for name, figures in results.items():
        for half in ("A", "B", "all"):
            f, b = figures[half], figures["baseline_" + half]
            print(
                f"{name:8} {half:5} {int(f['n']):5}  {f['pearson']:8.3f} {f['spearman']:8.3f}"
                f"  {b['pearson']:7.3f} {b['spearman']:7.3f}"
                f"  {int(f['full_n']):6} {f['full_correct']:7.3f} {f['full_wrong']:6.3f}"
                f"  {int(f['low_n']):5} {f['low_credit']:6.3f}"
            )
        speed = figures["speed"]
        print(
            f"{name:8} targets: Pearson >= {TARGETS[name]:.2f}, full marks correct >= 0.85,"
            f" low marks with credit <= 0.25; {speed['replies_per_s']:,.0f} replies/s,"
            f" {speed['long_replies_per_s']:,.0f}/s at the {MAX_REPLY_CHARS}-char cap (one core)"
        )
    if SEED_BANK.is_file() and (EVAL_DIR / "replies_dev.jsonl").is_file():
        chat = evaluate_chat()
        print(
            f"chat replies to {SEED_BANK.name} graded without its key points: n={int(chat['n'])}"
            f" pearson {chat['pearson']:.3f} spearman {chat['spearman']:.3f}"
            f" verdict accuracy {chat['accuracy']:.3f} (baseline pearson {chat['baseline_pearson']:.3f})"
        )
    if args.per_question:
        print_per_question()
    if args.pairs:
        print_pairs(args.pairs)
    if not args.no_cv:
        print_cv(args.folds)
    for spec in args.sweep:
        print_sweep(spec, args.folds)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
