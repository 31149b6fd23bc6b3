"""Relations turned round: "the cross-entropy is the exponential of the perplexity".

Some answers relate the question's subject to another quantity through a function that has a
direction (the exponential, logarithm, inverse, square of something). The reference applies the
function to the other quantity ("perplexity is the exp of the cross-entropy"); a reply that
applies it to the subject itself states the relation the wrong way round, in the reference's own
words. Only functions the reference uses are checked, and only where the reference never applies
that function to the subject ("the cross-entropy is the log of the perplexity" stays right).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from bot.bank.model import Question
from bot.grading.analyser import CJK_RANGES
from bot.grading.keypoints import match_form, negated
from bot.grading.terms_stats import EN_STOP

# Functions with a direction, as their words read in a match form (English stemmed).
_EN_WORDS = (
    "exp",
    "exponential",
    "exponentiated",
    "log",
    "logarithm",
    "ln",
    "inverse",
    "reciprocal",
    "square",
)
_EN_FUNCTIONS = tuple(sorted({match_form(w).strip() for w in _EN_WORDS}, key=len, reverse=True))
_ZH_FUNCTIONS = ("指数", "对数", "倒数", "平方")
_EN_RE = re.compile(rf"(?<![a-z0-9])({'|'.join(_EN_FUNCTIONS)}) (?:of )?([a-z0-9]+)")
_ZH_RE = re.compile(f"([{CJK_RANGES}]{{1,8}})的({'|'.join(_ZH_FUNCTIONS)})")
_STOP = frozenset(match_form(" ".join((*EN_STOP, "explain", "describe", "define"))).split())
_ZH_TOPIC_RES = (re.compile(f"什么是([{CJK_RANGES}]{{2,12}})"), re.compile(f"解释([{CJK_RANGES}]{{2,12}})"))


@dataclass(frozen=True, slots=True)
class Relations:
    topic: str  # the question's subject, as in a match form ("perplex", "交叉熵损失")
    applied: dict[str, frozenset[str]]  # function -> what the reference applies it to

    def turned_round(self, form: str) -> bool:
        """Whether the reply applies one of the reference's functions to the subject, which the
        reference never does."""
        for function, argument, start in _applications(form):
            known = self.applied.get(function)
            if (
                known
                and _names(argument, self.topic)
                and not any(_names(a, self.topic) for a in known)
                and not negated(form, start)
            ):
                return True
        return False


def relations_of(question: Question) -> Relations | None:
    """The question's subject and what its reference texts apply each function to, or None when
    the reference uses none of them."""
    texts: Iterable[str] = (
        question.answer,
        question.explanation,
        *(t for kp in question.key_points for t in (kp.point, *kp.phrasings)),
    )
    applied: dict[str, set[str]] = {}
    for text in texts:
        for function, argument, _start in _applications(match_form(text)):
            applied.setdefault(function, set()).add(argument)
    topic = _topic(question.question)
    if not applied or not topic:
        return None
    return Relations(topic, {f: frozenset(a) for f, a in applied.items()})


def _applications(form: str) -> list[tuple[str, str, int]]:
    """(function, what it is applied to, position) for every function applied in a match form;
    exp and exponential count as one function."""
    found = [(_same(m[1]), m[2], m.start()) for m in _EN_RE.finditer(form) if m[2] not in _STOP]
    found.extend((m[2], m[1], m.start()) for m in _ZH_RE.finditer(form))
    return found


def _same(function: str) -> str:
    return "exp" if function.startswith("exp") else "log" if function.startswith(("log", "ln")) else function


def _names(argument: str, topic: str) -> bool:
    return topic in argument if not topic.isascii() else argument == topic


def _topic(question: str) -> str:
    form = match_form(question)
    for pattern in _ZH_TOPIC_RES:
        zh = pattern.search(form.replace(" ", ""))
        if zh:
            return zh[1]
    words = [w for w in re.findall("[a-z0-9]+", form) if w not in _STOP]
    return words[0] if words else ""
