"""Learning from reviewed replies: what a group's decided disputes change in grading.

For each question of the public Mohler (English) and LE (Chinese) development sets, the first 3
answers with human full marks play replies the group accepted as correct, and the first 3 scored
at most 40% play replies it rejected. The remaining answers are graded three ways:

- reference only (the grader as it is, no reviewed replies);
- accepted as extra references (the best verdict over the reference and each accepted reply):
  the naive way to learn, shown for comparison;
- with reviewed replies (bot.grading.reviewed.adjust, what the bot and `studybot grade` use).

Printed per set: the share of full-marks answers graded correct, and the share of answers
scored <= 40% given any credit (partial or correct), with their counts.

    .venv/bin/python -m bench.bench_learning [--eval-dir ../shared/eval]
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from bench.eval_reference import EVAL_DIR, load
from bot.bank.model import Question
from bot.grading.grader import Grader
from bot.grading.reviewed import ReviewedReply, adjust
from bot.grading.verdict import Grade, Verdict

TAKEN = 3  # accepted and rejected replies taken per question
LOW = 0.4  # a human score at most this share of the maximum counts as low
SCALE = {"mohler": 5.0, "le": 1.0}
RANK = {Verdict.WRONG: 0, Verdict.PARTIAL: 1, Verdict.CORRECT: 2}

Case = tuple[Question, str, float, list[str], list[str]]  # question, answer, share, accepted, rejected


def cases(name: str, eval_dir: Path) -> list[Case]:
    """The answers left after taking each question's accepted and rejected replies."""
    by_question: dict[str, list[tuple[Question, str, float]]] = defaultdict(list)
    for question, answer, human in load(name, eval_dir):
        by_question[question.id].append((question, answer, human / SCALE[name]))
    out: list[Case] = []
    for rows in by_question.values():
        accepted = [a for _, a, share in rows if share >= 1.0][:TAKEN]
        rejected = [a for _, a, share in rows if share <= LOW][:TAKEN]
        taken = set(accepted) | set(rejected)
        out.extend((q, a, share, accepted, rejected) for q, a, share in rows if a not in taken)
    return out


def _extra(question: Question, index: int, text: str) -> Question:
    """An accepted reply as a further reference answer to the question."""
    return Question(id=f"{question.id}~{index}", bank=question.bank, question=question.question,
                    answer=text, explanation="", language=question.language)  # fmt: skip


def _reference_only(grader: Grader, case: Case) -> Grade:
    return grader.grade(case[0], case[1])


def _extra_references(grader: Grader, case: Case) -> Grade:
    question, answer, _, accepted, _ = case
    grades = [grader.grade(question, answer)]
    grades += [grader.grade(_extra(question, i, text), answer) for i, text in enumerate(accepted)]
    return max(grades, key=lambda g: (RANK[g.verdict], g.score))


def _reviewed(grader: Grader, case: Case) -> Grade:
    question, answer, _, accepted, rejected = case
    reviewed = [ReviewedReply(a, Verdict.CORRECT) for a in accepted]
    reviewed += [ReviewedReply(r, Verdict.WRONG) for r in rejected]
    return adjust(grader.grade(question, answer), answer, reviewed)


WAYS: dict[str, Callable[[Grader, Case], Grade]] = {
    "reference only": _reference_only,
    "accepted as extra references": _extra_references,
    "with reviewed replies": _reviewed,
}


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.3f} ({part}/{whole})" if whole else "n/a (0)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval-dir", type=Path, default=EVAL_DIR)
    args = parser.parse_args()
    print("| set | grading | full marks graded correct | scored <= 40%: any credit |")
    print("| --- | --- | ---: | ---: |")
    for name in SCALE:
        rows = cases(name, args.eval_dir)
        questions = list(dict.fromkeys(c[0] for c in rows))
        grader = Grader(questions)
        # The extra references are real questions of their own grader, with corpus statistics.
        extras = {(c[0].id, i): _extra(c[0], i, text) for c in rows for i, text in enumerate(c[3])}
        with_extras = Grader(questions + list(extras.values()))
        full = [c for c in rows if c[2] >= 1.0]
        low = [c for c in rows if c[2] <= LOW]
        for way, grade in WAYS.items():
            used = with_extras if grade is _extra_references else grader
            accepted = sum(grade(used, c).verdict is Verdict.CORRECT for c in full)
            credited = sum(grade(used, c).verdict is not Verdict.WRONG for c in low)
            print(f"| {name} | {way} | {_share(accepted, len(full))} | {_share(credited, len(low))} |")


if __name__ == "__main__":
    main()
