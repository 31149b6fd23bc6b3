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
from dataclasses import dataclass, field
from functools import lru_cache

from bot.bank.model import Question
from bot.grading.analyser import CJK_RANGES, CJK_RE
from bot.grading.keypoints import CLAUSE, match_form, negated
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


# --- another question's subject told as what this one is ------------------------------------------
# "Transformer就是很多层LSTM堆起来", "CNN 是一种 Transformer": a reply that says its subject is, or is
# built of, what another question of the bank asks about, a thing the asked question's reference
# never names, describes something else. The names of a question's subject: the term it asks
# about and what it gives in brackets ("长短期记忆（Long Short-Term Memory，LSTM）").
_BRACKETS_RE = re.compile(r"[(（]([^()（）]+)[)）]")
_ZH_LEAD_RE = re.compile(r"^(?:请)?(?:简要)?(?:解释|简述|说明|描述)?(?:一下)?(?:什么是)?")
_EN_LEAD_RE = re.compile(
    r"^(?:briefly )?(?:what is|what are|what does|how does|describe) (?:the |a |an )?", re.I
)
_EN_END_RE = re.compile(r"[,(?.]| and | in | for | when | do | does | differ | with ", re.I)
_NAME_MIN_CHARS = 2
# The copula or "made of" right before the name, at most this many characters between (a
# measure word, "很多层", "一种"); English, at most this many words.
_ZH_IS_RE = "(?:就是|是|由)"
_ZH_IS_GAP = 6
_EN_IS_WORDS = tuple(dict.fromkeys(match_form("is are means").split()))
_EN_IS_GAP = 3
# Between the copula and the name, a word that compares or replaces makes the name no part of
# what the subject is ("是用注意力代替了LSTM", "is faster than an LSTM").
_ZH_APART = ("不", "像", "比", "用", "代替", "取代", "替代", "而", "区别", "不同")
_EN_APART = frozenset(
    match_form("not than unlike instead replace replaces replaced like use used using").split()
)


def subject_names(question: str) -> tuple[str, ...]:
    """The names a question gives its subject: the term it asks about and those in brackets."""
    text = question.strip()
    names = [p.strip() for m in _BRACKETS_RE.finditer(text) for p in re.split("[,，、;；]", m[1])]
    lead = _BRACKETS_RE.sub("", text)
    if CJK_RE.search(lead):
        zh = _ZH_LEAD_RE.sub("", lead)
        names.append(re.split("[的？?。，,（(]", zh, maxsplit=1)[0])
    else:
        en = _EN_LEAD_RE.match(lead)
        if en is not None:
            names.append(_EN_END_RE.split(lead[en.end() :], maxsplit=1)[0])
    return tuple(dict.fromkeys(n for n in (n.strip() for n in names) if len(n) >= _NAME_MIN_CHARS))


def subject_forms(question: str) -> tuple[str, ...]:
    """The names of a question's subject as they stand in a match form."""
    return tuple(f for f in (match_form(n).strip() for n in subject_names(question)) if f)


@dataclass(frozen=True, slots=True)
class Foreign:
    """Other questions' subjects the asked question's reference never names."""

    names: tuple[str, ...]  # as they stand in a match form
    # The names as one pattern (None without any): whether a reply names one, in one search
    # instead of a scan per name (up to forty).
    named_re: re.Pattern[str] | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        if self.names:
            pattern = "|".join(map(re.escape, sorted(set(self.names), key=lambda n: (-len(n), n))))
            object.__setattr__(self, "named_re", re.compile(pattern))

    def told_as_subject(self, form: str) -> str | None:
        """The name (match form) the reply gives as what its subject is, if any."""
        if self.named_re is None or self.named_re.search(form) is None:
            return None  # the common case: no other subject named at all (one search)
        for name in self.names:
            if name not in form:
                continue
            zh, en = _told_patterns(name)
            for pattern, apart in ((zh, _zh_apart), (en, _en_apart)):
                for m in pattern.finditer(form) if pattern is not None else ():
                    if not apart(m["gap"]) and not negated(form, m.start()):
                        return name
        return None


def _zh_apart(gap: str) -> bool:
    return any(word in gap for word in _ZH_APART)


def _en_apart(gap: str) -> bool:
    return not _EN_APART.isdisjoint(gap.split())


@lru_cache(maxsize=4096)
def _told_patterns(name: str) -> tuple[re.Pattern[str], re.Pattern[str] | None]:
    """The name after 是 / 就是 / 由 (Chinese replies name things in English too: "就是很多层
    LSTM"), and an English name after is / are / means."""
    zh = re.compile(f"{_ZH_IS_RE}(?P<gap>[^{re.escape(CLAUSE)}]{{0,{_ZH_IS_GAP}}}?) ?{re.escape(name)}")
    if CJK_RE.search(name):
        return zh, None
    en = re.compile(
        rf"(?<![a-z0-9])(?:{'|'.join(_EN_IS_WORDS)})(?P<gap>(?: [a-z0-9]+){{0,{_EN_IS_GAP}}}?) "
        rf"{re.escape(name)}(?![a-z0-9])"
    )
    return zh, en


def foreign_subjects(question: Question, others: Iterable[tuple[str, tuple[str, ...]]]) -> Foreign | None:
    """The other questions' subject names (`others`: question id and subject_forms) that none of
    the asked question's right texts (question, answer, explanation, key points, phrasings; a
    false claim may name one as what the subject is not) names, nor any part of: a name that
    shares a word or two characters with them ("自注意力" where 注意力 is named) may be how the
    reference describes the subject."""
    texts = (
        question.question,
        question.answer,
        question.explanation,
        *(t for kp in question.key_points for t in (kp.point, *kp.phrasings)),
    )
    said = " ".join(match_form(t) for t in texts)
    words = frozenset(said.split())
    names: list[str] = []
    for other_id, forms in others:
        if other_id == question.id:
            continue
        for form in forms:
            if form in said:
                continue
            if CJK_RE.search(form):
                if not any(form[i : i + 2] in said for i in range(len(form) - 1)):
                    names.append(form)
            elif words.isdisjoint(w for w in form.split() if w not in _STOP):
                names.append(form)
    return Foreign(tuple(dict.fromkeys(names))) if names else None
