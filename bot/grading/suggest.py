"""Propose key points for questions that have none, for a person to check and edit.

Each proposal is a clause (or, for a list question, a group of listed items) of the reference
answer that carries the most distinctive terms against the rest of the bank; its phrasings are the
distinctive phrases inside it. It is a starting point for the bank's editors, not a grader.
"""

from __future__ import annotations

import re

from bot.bank.model import Bank, KeyPoint, Question
from bot.grading import tuning
from bot.grading.analyser import CJK_RANGES
from bot.grading.reference import CorpusStats, reference_items, term_weight
from bot.grading.terms_stats import EN_STOP, fold, term_set

_CLAUSE_RE = re.compile(r"[。；;!?！？\n]|\.(?=\s|$)")
_SUBCLAUSE_RE = re.compile(r"[,，:：]")
_CJK_RUN_RE = re.compile(f"[{CJK_RANGES}]+")
# Glue between content words: without a segmenter, the text between these is taken as a phrase.
# Single characters that often sit inside words (则 in 正则化, 得 in 获得) are left out.
_ZH_GLUE_TEXT = """
    一种 通过 使得 使其 可以 能够 从而 进行 之间 以及 或者 并且 有助于 是指 指的是 旨在 例如
    比如 以便 等等 则是 的 了 是 在 将 把 被 与 和 及 或
"""
_ZH_GLUE = _ZH_GLUE_TEXT.split()
_EN_GLUE = sorted(EN_STOP, key=len, reverse=True)
_GLUE_RE = re.compile(
    "|".join(map(re.escape, _ZH_GLUE))
    + r"|[,，。；;:：、()（）!?！？\n]|\b(?:"
    + "|".join(map(re.escape, _EN_GLUE))
    + r")\b"
)
_EDGE = " \t,，。；;:：、.\"'“”"


def suggest_key_points(bank: Bank) -> dict[str, list[KeyPoint]]:
    """Proposed key points (1 to SUGGEST_MAX_POINTS) for every question of the bank, by question id."""
    stats = CorpusStats.build(bank.questions)
    return {q.id: _suggest(q, stats) for q in bank.questions}


def _suggest(question: Question, stats: CorpusStats) -> list[KeyPoint]:
    question_terms = term_set(question.question)
    items = reference_items(question, stats)
    if items:
        return _item_points(items, question.language)
    clauses = _clauses(question.answer)
    ranked = sorted(clauses, key=lambda c: -_distinctiveness(c, question_terms, stats))
    chosen = [
        c
        for c in ranked[: tuning.SUGGEST_MAX_POINTS]
        if _distinctiveness(c, question_terms, stats) >= tuning.SUGGEST_CLAUSE_MIN
    ]
    chosen = chosen or ranked[:1]
    points = []
    for clause in sorted(chosen, key=clauses.index):
        point = _short(clause)
        phrasings = [p for p in _phrases(clause, question_terms, stats) if p != point]
        points.append(KeyPoint(point=point, phrasings=tuple(phrasings[: tuning.SUGGEST_MAX_PHRASINGS])))
    return points


def _item_points(items: tuple[str, ...], language: str) -> list[KeyPoint]:
    """Listed items in at most SUGGEST_MAX_POINTS consecutive groups; each item is a phrasing."""
    size = -(-len(items) // tuning.SUGGEST_MAX_POINTS)
    joiner = "、" if language == "zh" else ", "
    groups = [items[i : i + size] for i in range(0, len(items), size)]
    return [
        KeyPoint(point=_short(joiner.join(group)), phrasings=tuple(group) if len(group) > 1 else ())
        for group in groups
    ]


def _clauses(answer: str) -> list[str]:
    """Sentences of the reference; split further at commas when there are too few."""
    sentences = [s.strip(_EDGE) for s in _CLAUSE_RE.split(answer)]
    sentences = [s for s in sentences if s]
    if len(sentences) >= tuning.SUGGEST_MAX_POINTS:
        return sentences
    parts = [p.strip(_EDGE) for s in sentences for p in _SUBCLAUSE_RE.split(s)]
    parts = [p for p in parts if p]
    return parts or [answer.strip()]


def _distinctiveness(clause: str, question_terms: frozenset[str], stats: CorpusStats) -> float:
    """Mean weight of the three most distinctive terms the question does not already contain."""
    weights = sorted((term_weight(stats, t) for t in term_set(clause) - question_terms), reverse=True)
    return sum(weights[:3]) / 3


def _phrases(clause: str, question_terms: frozenset[str], stats: CorpusStats) -> list[str]:
    """Content chunks of the clause (the text between glue words), most distinctive first."""
    scored: dict[str, float] = {}
    for chunk in _GLUE_RE.split(fold(clause)):
        chunk = chunk.strip(_EDGE)
        terms = term_set(chunk) - question_terms
        if not terms or not _phrase_sized(chunk):
            continue
        score = sum(term_weight(stats, t) for t in terms) / len(term_set(chunk))
        if score >= tuning.SUGGEST_PHRASE_MIN_WEIGHT:
            scored[chunk] = max(score, scored.get(chunk, 0.0))
    return sorted(scored, key=lambda p: -scored[p])


def _phrase_sized(chunk: str) -> bool:
    if _CJK_RUN_RE.fullmatch(chunk):
        return 2 <= len(chunk) <= tuning.SUGGEST_PHRASE_MAX_CHARS
    return 1 <= len(chunk.split()) <= tuning.SUGGEST_PHRASE_MAX_WORDS


def _short(text: str) -> str:
    text = text.strip(_EDGE)
    limit = tuning.SUGGEST_POINT_MAX_CHARS_ZH if _CJK_RUN_RE.search(text) else tuning.SUGGEST_POINT_MAX_CHARS
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- contrasts ------------------------------------------------------------------------------

# "How does X differ from Y", "difference between X and Y", "X vs Y", "X和Y的区别", "X与Y有什么不同".
_CONTRAST_RES = (
    re.compile(
        r"(?:how|in what way)\s+(?:does|do|is|are)\s+(?P<a>.+?)\s+differ(?:ent)?\s+from\s+(?P<b>[^?,.;]+)",
        re.I,
    ),
    re.compile(r"differences?\s+between\s+(?P<a>.+?)\s+and\s+(?P<b>[^?,.;]+)", re.I),
    re.compile(r"(?P<a>[\w\- ]+?)\s+(?:vs\.?|versus)\s+(?P<b>[\w\- ]+)", re.I),
    re.compile(
        r"(?P<a>[^，。？、；和与]+?)(?:和|与|跟)(?P<b>[^，。？、；]+?)(?:的区别|有什么区别|有什么不同|有何不同|的不同|的异同)"
    ),
)
_LEADING = re.compile(r"^(?:(?:what|is|are|the|a|an)\s+|请|简述|说明|解释|比较)", re.I)
# The subject a pronoun stands for: "What does layer normalization do ..., and how does it differ".
_SUBJECT = re.compile(r"^(?:what|how)\s+(?:does|do|is|are)\s+(?P<s>.+?)\s+(?:do|work|mean)\b", re.I)


def suggest_contrasts(question: Question) -> list[tuple[str, str]]:
    """Pairs the question text sets against each other ("How does AdamW differ from Adam"), for
    the `contrasts` field; the grader then treats a reply that swaps them as a misconception."""
    for pattern in _CONTRAST_RES:
        match = pattern.search(question.question)
        if match:
            a, b = (_LEADING.sub("", match.group(g).strip(_EDGE + "?？")) for g in ("a", "b"))
            subject = _SUBJECT.match(question.question)
            if a.casefold() in {"it", "they", "this"} and subject:
                a = subject.group("s")
            if a and b and a.casefold() != b.casefold() and a.casefold() not in {"it", "they", "this"}:
                return [(a, b)]
    return []


__all__ = ["suggest_contrasts", "suggest_key_points"]
