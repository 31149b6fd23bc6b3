"""Adjust a grade with a group's reviewed replies to the same question.

A server's moderators decide disputes: a reply they accepted (as correct or partial) becomes a
further answer to its question, a reply they rejected a known wrong one. `adjust` takes the normal
grade of a new reply and those reviewed replies and returns the grade to use:

- a reply close to an accepted one (and clearly closer to it than to any rejected one) earns at
  least that accepted verdict;
- a reply closer to a rejected one earns nothing: it says what the group already ruled wrong.

The grade is otherwise unchanged, so this composes with whatever grader produced it. Closeness is
the mean of two measures, both in [0, 1]: the cosine of the replies' term counts (English stems
and Chinese character bigrams, bot.grading.normalize.terms) and rapidfuzz's token-set ratio of the
normalized texts (it forgives word order and extra words). The thresholds were chosen on the
public Mohler and LE development sets (bench/bench_learning.py, figures in bench/README.md).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from rapidfuzz import fuzz

from bot.grading.normalize import normalize, terms
from bot.grading.verdict import Grade, Verdict
from bot.i18n import N_

ACCEPT_AT = 0.40  # closeness to an accepted reply that earns its verdict
ACCEPT_MARGIN = 0.15  # ... when it is at least this much closer than to any rejected reply
REJECT_AT = 0.40  # closeness to a rejected reply that takes any credit away
MAX_REVIEWED_CHARS = 2000  # reviewed replies and new replies are compared on this many characters
MAX_REVIEWED = 60  # per question: the newest this many of each kind are used

_RANK = {Verdict.WRONG: 0, Verdict.PARTIAL: 1, Verdict.CORRECT: 2}
# Words that carry no content in English replies; Chinese bigrams need no such list.
_STOP_WORDS = (
    "the a an of to and or is are be been in on for it its that this these those by with as at "
    "from can will which was were has have had not so than then there their they them you your "
    "we our i do does did"
)
_STOP = frozenset(_STOP_WORDS.split())
# Reasons of a grade the group's decisions gave: message ids, which feedback translates as they are.
ACCEPTED_CORRECT = N_("The group accepted a reply like this one as correct.")
ACCEPTED_PARTIAL = N_("The group accepted a reply like this one as partly right.")
RULED_WRONG = N_("The group ruled a reply like this one wrong.")


@dataclass(frozen=True, slots=True)
class ReviewedReply:
    """A reply a moderator decided: CORRECT or PARTIAL when accepted, WRONG when rejected."""

    reply: str
    verdict: Verdict


@dataclass(frozen=True, slots=True)
class _Text:
    form: str
    counts: Counter[str]
    norm: float


def _text(reply: str) -> _Text:
    form = normalize(reply[:MAX_REVIEWED_CHARS])
    counts = Counter(t for t in terms(form) if t not in _STOP)
    return _Text(form, counts, math.sqrt(sum(v * v for v in counts.values())))


def closeness(a: str, b: str) -> float:
    """How close two replies are in what they say, in [0, 1] (1: the same words)."""
    return _closeness(_text(a), _text(b))


def _closeness(a: _Text, b: _Text) -> float:
    if not a.form or not b.form:
        return 0.0
    shared = sum(a.counts[t] * b.counts[t] for t in a.counts.keys() & b.counts.keys())
    cosine = shared / (a.norm * b.norm) if a.norm and b.norm else 0.0
    return (cosine + fuzz.token_set_ratio(a.form, b.form) / 100.0) / 2.0


def adjust(grade: Grade, reply: str, reviewed: Iterable[ReviewedReply]) -> Grade:
    """The grade for `reply` once the group's reviewed replies to its question are taken into account.

    Returns `grade` itself when no reviewed reply is close enough to change it; otherwise a copy
    with the new verdict, a reason saying the group's decisions gave it, and `reviewed=True`.
    """
    kept = _newest(reviewed)
    if not kept or not reply.strip():
        return grade
    mine = _text(reply)
    best_accepted: tuple[float, Verdict] = (0.0, Verdict.WRONG)
    best_rejected = 0.0
    for item in kept:
        close = _closeness(mine, _text(item.reply))
        if item.verdict is Verdict.WRONG:
            best_rejected = max(best_rejected, close)
        elif (close, _RANK[item.verdict]) > (best_accepted[0], _RANK[best_accepted[1]]):
            best_accepted = (close, item.verdict)
    accepted_at, verdict = best_accepted
    if accepted_at >= ACCEPT_AT and accepted_at >= best_rejected + ACCEPT_MARGIN:
        return _raised(grade, verdict)
    if best_rejected >= REJECT_AT and best_rejected > accepted_at:
        return _lowered(grade)
    return grade


def _newest(reviewed: Iterable[ReviewedReply]) -> list[ReviewedReply]:
    items = [r for r in reviewed if r.reply.strip()]
    accepted = [r for r in items if r.verdict is not Verdict.WRONG][-MAX_REVIEWED:]
    rejected = [r for r in items if r.verdict is Verdict.WRONG][-MAX_REVIEWED:]
    return accepted + rejected


def _raised(grade: Grade, verdict: Verdict) -> Grade:
    if _RANK[verdict] <= _RANK[grade.verdict]:
        return grade
    score = max(grade.score, 1.0 if verdict is Verdict.CORRECT else 0.5)
    reason = ACCEPTED_CORRECT if verdict is Verdict.CORRECT else ACCEPTED_PARTIAL
    return replace(grade, verdict=verdict, score=score, reason=reason, reviewed=True)


def _lowered(grade: Grade) -> Grade:
    if grade.verdict is Verdict.WRONG:
        return grade
    return replace(
        grade,
        verdict=Verdict.WRONG,
        score=0.0,
        found=(),
        reason=RULED_WRONG,
        reviewed=True,
    )


def reviewed_from(pairs: Sequence[tuple[str, str]]) -> list[ReviewedReply]:
    """ReviewedReply values from (reply, verdict) pairs as stored; unknown verdicts are skipped."""
    known = {v.value for v in Verdict}
    return [ReviewedReply(reply, Verdict(verdict)) for reply, verdict in pairs if verdict in known]
