"""Grade a reply against a question's reference answer when the bank declares no key points.

The score is the share of the reference's distinctive terms that the reply states, each term
weighted by how rare it is in the bank and demoted when the question already contains it (so
echoing the question earns nothing). For enumeration questions ("有哪些", "list the ...") and for
references that are a list of short entries, the reference is split into its items and the score
is the share of items the reply names; invented items earn nothing and many of them cost credit.
English words meet across word forms (stemmer.py), misspellings and general paraphrases
(paraphrase.py: "as many as" / "unlimited"); Chinese bigrams meet across wrong homophones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from bot.bank.model import Question
from bot.grading import pinyin
from bot.grading.terms_stats import CorpusStats, concept_terms, fold, is_cjk, terms_of
from bot.grading.verdict import Grade, Verdict

__all__ = ["CorpusStats", "reference_grade", "reference_items", "term_weight"]

# ---------------------------------------------------------------------------------------------
# Tuning. Every threshold and weight of reference grading (and of key-point suggestions) is here.
# How they were chosen: each started as a round value from what a fair teacher does. They are now
# checked by cross-validation by question (bench/eval_reference.py): questions dealt into 5 folds,
# the figure is the mean over folds of the Pearson on that fold, for mohler_dev (0-5 scores) and
# le_dev (0-1); `--sweep NAME=v1,v2` reprints it for any constant. "CV m/l" below quotes those two
# figures (Mohler / LE) for the values tried; the kept value is the round one that keeps LE high.
# Nearly all settings are flat within +-0.005: the gains came from matching (stemmer.py,
# paraphrase.py), not from thresholds. RECALL_POWER, EXPLANATION_SHARE and the verdict cut-offs
# were also checked on the labeled chat replies of the first bank with its key points ignored.
# ---------------------------------------------------------------------------------------------
MAX_REPLY_CHARS = 1000  # longer replies are cut: keeps per-reply work bounded
# With fewer questions, rarity in the bank means nothing: all terms weigh 1. CV m/l: 3 .659/.923,
# never (1000) .658/.923.
MIN_BANK_QUESTIONS = 3
IDF_POWER = 1.0  # how strongly rarity in the bank weighs a term. CV m: 0 .658, 1 .659, 1.5 .658
# Weight factor of explanation terms the reference answer lacks (a bonus). The sets have no
# explanations: chosen on the chat replies (a bonus, never required).
EXPLANATION_SHARE = 0.5
# Weight factor of a reference term that the question also contains (echoing the question earns
# little). CV m/l: 0 .651/.932, 0.25 .659/.923, 0.5 .664/.911, 0.75 .665/.898: 0.25 keeps LE.
QUESTION_DEMOTE = 0.25
FUZZY_MIN_LEN = 5  # English stems at least this long may match a misspelling (CV m: 4-6 all .659)
# ... whose rapidfuzz ratio is at least this. CV m: 75 .662, 84 .659, off .659; 84 kept because
# at 75 different words of one stem length meet ("insert" / "invert").
FUZZY_CUTOFF = 84.0
# English paraphrase groups (paraphrase.py: "as many as" / "unlimited", "size" / "length") meet.
# CV m/l: off .571/.923, on .659/.923. The groups are general wording, but were written after
# reading misgraded dev answers, so on unseen questions expect less than the full +0.088.
PARAPHRASES = True
# Chinese bigrams may match by sound (wrong homophones), when pypinyin is there. CV l: off .928,
# on .923; kept for chat replies, where wrong homophones are common (test_reference.py).
SOUND_MATCH = True
# A reference stem meets a reply word one of them starts with, if that is this long
# ("iter" / "iterativ"). CV m: 3 .663, 4 .659, 5 .658; 4 because 3 letters meet too much by chance
# ("int" / "interface", "log" / "logic") in chat replies.
PREFIX_MIN = 4
# Weighted term recall that already counts as the whole reference. CV m/l: 0.6 .660/.919,
# 0.7 .659/.923, 0.85 .655/.927; the CV grid picks 0.6 or 0.7 on each fold.
FULL_AT = 0.7
# score = (recall / FULL_AT) ** this. Below 1 lifts short correct replies: chat answers state the
# core of a long reference in few words. CV m/l: 0.35 .659/.919, 0.5 .659/.923, 0.7 .650/.927.
RECALL_POWER = 0.5
# Share of an item's weight a reply must state to name the item, and below which it earns nothing
# (linear in between). Mohler has few lists (flat); CV l: full at 0.6 .910, 0.75 .923, 0.9 .924;
# zero at 0.2 .910, 0.35 .923, 0.5 .931 (0.35: a reply naming half an item earns something).
ITEM_FULL_AT = 0.75
ITEM_ZERO_AT = 0.35
# Enumeration score = (1 - this) * items + this * term recall. CV m/l: 0 .657/.925,
# 0.2 .659/.923, 0.4 .660/.913.
ENUM_TERM_BLEND = 0.2
# Invented items tolerated before the enumeration score is scaled down. CV m: 0 .655, 1 .659,
# 2 .661; 1 so that a shotgun list still costs (test_reference.py).
EXTRA_ITEMS_FREE = 1
LIST_MIN_ITEMS = 3  # a reference cut into at least this many items ...
LIST_ITEM_MAX_CHARS = 12  # ... none longer than this, is a list. CV l: 8 .916, 12 .923, 20 .923
# A reply piece with more terms than this is prose, never an invented item (CV flat for 4-8).
INVENTED_MAX_TERMS = 6
INVENTED_MAX_CHARS = 60  # (a cheaper first check of the same)
MAX_REPLY_PIECES = 24  # at most this many pieces of a reply are looked at for invented items
# A reply with DUMP_LENGTH_RATIO times the reference's distinct terms (at least DUMP_MIN_TERMS),
# of which less than DUMP_PRECISION are the reference's or the question's, gets its score scaled
# down in proportion. No student answer in the sets is that long: set by the pasted-bank test.
DUMP_LENGTH_RATIO = 4
DUMP_MIN_TERMS = 60  # ... and at least this many: a few explanatory sentences are no dump
DUMP_PRECISION = 0.4
# Score share for a reply that only shares the question's terms (it stays wrong, capped at half of
# PARTIAL_AT). CV m: 0 .655, 0.5 .659, 1 .662.
NO_CONTENT_FACTOR = 0.5
# Verdict cut-offs (Pearson does not see them): chosen on the chat replies' correct / partial /
# wrong labels.
CORRECT_AT = 0.7  # score at or above: correct
PARTIAL_AT = 0.3  # score at or above: partial
DISPLAY_MAX = 4  # at most this many found / missed entries are reported
# Sounds of reply bigrams remembered (memory bound; the same bigrams come back reply after reply).
SOUND_MEMO_MAX = 200_000
# Key-point suggestions (suggest.py): what a proposal for the bank's editors looks like.
SUGGEST_MAX_POINTS = 3
SUGGEST_MAX_PHRASINGS = 5
SUGGEST_POINT_MAX_CHARS_ZH = 40  # points longer than this are cut (text with Chinese / other text)
SUGGEST_POINT_MAX_CHARS = 80
# A phrasing is at most this long: a longer one would almost never occur verbatim in a reply.
SUGGEST_PHRASE_MAX_CHARS = 8
SUGGEST_PHRASE_MAX_WORDS = 3
# Mean term weight (0-1) a phrasing needs; 0.6 keeps terms used by at most about one question in
# eight of a 24-question bank.
SUGGEST_PHRASE_MIN_WEIGHT = 0.6
# A clause is proposed only if its three most distinctive terms weigh this much on average;
# boilerplate such as "在大规模语言模型训练中", repeated across a bank, stays below.
SUGGEST_CLAUSE_MIN = 0.7

ENUM_QUESTION_RE = re.compile(
    r"哪些|哪几|几种|几类|几个方面|分为|分成|包括什么|包含什么|组成|优缺点|什么类型|什么形式|什么内容"
    r"|\b(?:list|name|enumerate|give)\s+(?:the|all|some|two|three|four|five|\d+)\b"
    r"|\bwhat are the (?:\w+ )?(?:two|three|four|five|main|different)\b|\bwhat are the \w+s\b"
)
# Separators between the items of a list, in either language.
ITEM_SPLIT_RE = re.compile(
    r"[、,;。;，；\n]|\(\d+\)|\d+[).、]|(?<=[\u4e00-\u9fff])(?:或者|以及|和|及|与|或)(?=[\u4e00-\u9fff])"
    r"|\s(?:and|or)\s"
)
# A list's lead-in ("…的原则：", "优点——") that is not itself an item.
LEAD_IN_RE = re.compile(r"^.*?(?::|——|—)")
ITEM_PREFIX_RE = re.compile(
    r"^(?:主要|一般|通常)?(?:可以|可)?(?:分为|分成|包括|包含|主要有|有|是|为)(?:以下)?|^(?:and|or)\s+"
)
ITEM_SUFFIX_RE = re.compile(r"(?:等+|[一二三四五六七八九十两\d]+[种个类点项条方面]+.*)$")
ZH_NEGATIONS = "不无非未没"
# Very common characters whose sound says little: a bigram holding one (货是 / 货时) never matches
# by sound alone.
_SOUND_SKIP = frozenset("是在有与及或为对把被将时")
NON_ANSWER_RE = re.compile(
    r"^(?:不知道|不会|不清楚|不懂|跳过|忘了|没学过|pass|skip|idk|i (?:do not|don'?t) know|no idea|dunno"
    r"|not sure|(?:not|never) answered|no answer|n/?a|-+|\?+|？+)[.!]?$"
)


@dataclass(frozen=True, slots=True)
class _Part:
    """An item of the reference (enumeration) or a clause shown in found / missed."""

    label: str
    weights: dict[str, float]
    total: float
    # Terms carrying a negation ("不对" in "不对称性"): without them the reply states the opposite.
    required: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class _Prepared:
    weights: dict[str, float]  # reference term -> weight
    extra: dict[str, float]  # explanation-only term -> (smaller) weight; a bonus, never required
    total: float
    content: frozenset[str]  # reference terms the question does not contain
    question_terms: frozenset[str]
    fuzzy_terms: tuple[str, ...]  # long English stems worth a misspelling check
    sounds: dict[str, tuple[str, ...]]  # sound of a Chinese reference bigram -> the bigrams
    items: tuple[_Part, ...]  # the listed items; empty unless an enumeration question
    display: tuple[_Part, ...]  # what found / missed report for other questions


def reference_grade(question: Question, reply: str, stats: CorpusStats | None = None) -> Grade:
    prep = _prepared(question, stats)
    folded = fold(reply[:MAX_REPLY_CHARS]).strip()
    if not folded or NON_ANSWER_RE.match(folded):
        return Grade(
            Verdict.WRONG, 0.0, missed=_labels(prep.items or prep.display), reason="No answer given."
        )
    reply_terms = set(_terms(folded))
    matched = _matched_terms(prep, reply_terms)
    bonus = sum(prep.extra[t] for t in reply_terms & prep.extra.keys())
    matched_weight = sum(prep.weights[t] for t in matched)
    recall = min(1.0, (matched_weight + bonus) / prep.total) if prep.total else 0.0
    matched |= reply_terms & prep.extra.keys()
    if _adds_nothing(prep, reply_terms, matched):
        return _grade_nothing_new(prep, reply_terms, matched, recall)
    focus = _focus(prep, reply_terms, matched)
    if prep.items:
        return _grade_items(prep, folded, matched, recall, focus)
    return _grade_terms(prep, matched, recall, focus)


def _terms(folded: str) -> list[str]:
    return concept_terms(folded) if PARAPHRASES else terms_of(folded)


def _term_set(text: str) -> frozenset[str]:
    return frozenset(_terms(fold(text)))


def _focus(prep: _Prepared, reply_terms: set[str], matched: set[str]) -> float:
    """Below 1 for a reply many times longer than the reference that is mostly about other things:
    pasting every answer of the bank must not earn full credit everywhere."""
    if len(reply_terms) < max(DUMP_MIN_TERMS, DUMP_LENGTH_RATIO * len(prep.weights)):
        return 1.0
    precision = len(reply_terms & (matched | prep.question_terms)) / len(reply_terms)
    return min(1.0, precision / DUMP_PRECISION)


def _adds_nothing(prep: _Prepared, reply_terms: set[str], matched: set[str]) -> bool:
    """True when the reply states none of what the reference adds to the question."""
    if prep.content:
        return not matched & prep.content
    return reply_terms <= prep.question_terms


def _grade_nothing_new(prep: _Prepared, reply_terms: set[str], matched: set[str], recall: float) -> Grade:
    missed = _labels(prep.items or prep.display)
    if reply_terms <= prep.question_terms | matched:
        return Grade(Verdict.WRONG, 0.0, missed=missed, reason="This only restates the question.")
    # On topic (it shares the question's terms) but states nothing of the answer: still wrong, yet
    # ranked above text that shares nothing at all.
    score = round(min(PARTIAL_AT / 2, NO_CONTENT_FACTOR * recall), 3)
    return Grade(Verdict.WRONG, score, missed=missed, reason="This does not state anything from the answer.")


def _grade_terms(prep: _Prepared, matched: set[str], recall: float, focus: float) -> Grade:
    score = _curve(recall) * focus
    found, missed = _split_parts(prep.display, matched)
    verdict = _verdict(score)
    reason = {
        Verdict.CORRECT: "Matches the reference answer.",
        Verdict.PARTIAL: "Part of the reference answer is there; some of it is missing.",
        Verdict.WRONG: "Little of the reference answer is there.",
    }[verdict]
    return Grade(verdict, round(score, 3), found, missed, _unfocused(focus) or reason)


def _unfocused(focus: float) -> str:
    return "Most of this reply is about other things, so it earns less credit." if focus < 1 else ""


def _grade_items(prep: _Prepared, folded: str, matched: set[str], recall: float, focus: float) -> Grade:
    credits = [_coverage_credit(_coverage(item, matched)) for item in prep.items]
    named = sum(credits)
    item_score = named / len(prep.items)
    extra = _invented_items(prep, folded, matched)
    if extra > EXTRA_ITEMS_FREE:
        item_score *= (len(prep.items) + EXTRA_ITEMS_FREE) / (len(prep.items) + extra)
    score = (1 - ENUM_TERM_BLEND) * item_score + ENUM_TERM_BLEND * min(1.0, recall / FULL_AT)
    score = min(1.0, score) * focus
    found = tuple(item.label for item, c in zip(prep.items, credits, strict=True) if c >= 0.5)
    missed = tuple(item.label for item, c in zip(prep.items, credits, strict=True) if c < 0.5)
    reason = f"Names {len(found)} of the {len(prep.items)} listed items."
    if extra > EXTRA_ITEMS_FREE:
        reason += " Several items listed are not in the answer."
    reason = _unfocused(focus) or reason
    return Grade(_verdict(score), round(score, 3), found[:DISPLAY_MAX], missed[:DISPLAY_MAX], reason)


def _curve(recall: float) -> float:
    """Score for a weighted term recall: concave, because a short reply stating the core of a
    long reference already deserves a fair part of the credit."""
    return min(1.0, recall / FULL_AT) ** RECALL_POWER


def _verdict(score: float) -> Verdict:
    if score >= CORRECT_AT:
        return Verdict.CORRECT
    if score >= PARTIAL_AT:
        return Verdict.PARTIAL
    return Verdict.WRONG


def _matched_terms(prep: _Prepared, reply_terms: set[str]) -> set[str]:
    matched = reply_terms & prep.weights.keys()
    if prep.sounds:
        _add_homophones(prep, reply_terms - matched, matched)
    if not prep.fuzzy_terms:
        return matched
    candidates = [t for t in reply_terms if len(t) >= PREFIX_MIN and not is_cjk(t)]
    if not candidates:
        return matched
    for term in prep.fuzzy_terms:
        if term not in matched and _near(term, candidates):
            matched.add(term)
    return matched


def _add_homophones(prep: _Prepared, unmatched: set[str], matched: set[str]) -> None:
    """Chinese bigrams that sound like a reference bigram (解玛 for 解码) count as stated."""
    memo = _sound_memo
    keys = {memo.get(term) or _sound_key(term) for term in unmatched}
    for key in keys & prep.sounds.keys():
        matched.update(prep.sounds[key])


# Sound of a reply term ("" when it never matches by sound), remembered: looking one up is much
# cheaper than sounding it out.
_sound_memo: dict[str, str] = {}


def _sound_key(term: str) -> str:
    key = _sound_memo.get(term)
    if key is None:
        sounded = len(term) == 2 and is_cjk(term) and not _SOUND_SKIP.intersection(term)
        key = pinyin.sound(term) if sounded else ""
        if len(_sound_memo) < SOUND_MEMO_MAX:
            _sound_memo[term] = key
    return key


def _near(term: str, candidates: list[str]) -> bool:
    """A different form or a misspelling of an English word."""
    for cand in candidates:
        if cand.startswith(term) if len(term) <= len(cand) else term.startswith(cand):
            return True
    return len(term) >= FUZZY_MIN_LEN and bool(
        process.extractOne(term, candidates, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
    )


def _coverage(part: _Part, matched: set[str]) -> float:
    if not part.total or not part.required <= matched:
        return 0.0
    return sum(w for t, w in part.weights.items() if t in matched) / part.total


def _coverage_credit(coverage: float) -> float:
    if coverage >= ITEM_FULL_AT:
        return 1.0
    if coverage <= ITEM_ZERO_AT:
        return 0.0
    return (coverage - ITEM_ZERO_AT) / (ITEM_FULL_AT - ITEM_ZERO_AT)


def _invented_items(prep: _Prepared, folded: str, matched: set[str]) -> int:
    """Items of the reply that say something new and match no item of the reference."""
    pieces = ITEM_SPLIT_RE.split(folded)
    if len(pieces) <= len(prep.items) + EXTRA_ITEMS_FREE:
        return 0
    count = 0
    for piece in pieces[:MAX_REPLY_PIECES]:
        # A long piece is prose around the list, not an item of it.
        if len(piece) > INVENTED_MAX_CHARS:
            continue
        terms = set(_terms(piece))
        if terms and len(terms) <= INVENTED_MAX_TERMS and not terms & matched:
            count += not terms <= prep.question_terms
    return count


def _split_parts(parts: tuple[_Part, ...], matched: set[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    found = [p.label for p in parts if _coverage(p, matched) >= 0.5]
    missed = [p.label for p in parts if _coverage(p, matched) < 0.5]
    return tuple(found[:DISPLAY_MAX]), tuple(missed[:DISPLAY_MAX])


def _labels(parts: tuple[_Part, ...]) -> tuple[str, ...]:
    return tuple(p.label for p in parts[:DISPLAY_MAX])


def term_weight(stats: CorpusStats, term: str) -> float:
    """How distinctive a term is in the bank, 0-1; every term weighs 1 in a bank too small to tell."""
    return stats.idf(term) if stats.n_docs >= MIN_BANK_QUESTIONS else 1.0


def reference_items(question: Question, stats: CorpusStats | None = None) -> tuple[str, ...]:
    """The listed items of the reference when it is graded as a list; empty otherwise."""
    return tuple(item.label for item in _prepared(question, stats).items)


# --- per-question preparation (done once per question and cached) --------------------------


def _prepared(question: Question, stats: CorpusStats | None) -> _Prepared:
    if stats is None:
        return _prepare_alone(question)
    prep = stats.prepared.get(question)
    if prep is None:
        prep = stats.prepared[question] = _prepare(question, stats)
    return prep


@lru_cache(maxsize=4096)
def _prepare_alone(question: Question) -> _Prepared:
    return _prepare(question, CorpusStats())


def _prepare(question: Question, stats: CorpusStats) -> _Prepared:
    question_terms = _term_set(question.question)
    weights = _weights(_term_set(question.answer), question_terms, stats)
    extra = {
        t: w * EXPLANATION_SHARE
        for t, w in _weights(_term_set(question.explanation), question_terms, stats).items()
        if t not in weights and t not in question_terms
    }
    items = _items(question, question_terms, stats)
    if not ENUM_QUESTION_RE.search(fold(question.question)) and not _list_like(items):
        items = ()
    return _Prepared(
        weights=weights,
        extra=extra,
        total=sum(weights.values()),
        content=frozenset(t for t in (*weights, *extra) if t not in question_terms),
        question_terms=question_terms,
        fuzzy_terms=tuple(t for t in weights if len(t) >= PREFIX_MIN and not is_cjk(t)),
        sounds=_sounds(weights) if SOUND_MATCH and pinyin.available() else {},
        items=items if len(items) >= 2 else (),
        display=_display_parts(question, question_terms, stats),
    )


def _sounds(weights: dict[str, float]) -> dict[str, tuple[str, ...]]:
    sounds: dict[str, tuple[str, ...]] = {}
    for term in weights:
        key = _sound_key(term)
        if key:
            sounds[key] = (*sounds.get(key, ()), term)
    return sounds


def _weights(terms: frozenset[str], question_terms: frozenset[str], stats: CorpusStats) -> dict[str, float]:
    return {
        t: term_weight(stats, t) ** IDF_POWER * (QUESTION_DEMOTE if t in question_terms else 1.0)
        for t in terms
    }


def _items(question: Question, question_terms: frozenset[str], stats: CorpusStats) -> tuple[_Part, ...]:
    text = fold(question.answer)
    head = LEAD_IN_RE.match(text)
    if head and len(head.group(0)) < 0.6 * len(text):
        text = text[head.end() :]
    parts = []
    for raw in ITEM_SPLIT_RE.split(text):
        label = _clean_item(raw)
        terms = _term_set(label)
        if not terms or _mostly_in(terms, question_terms):
            continue
        weights = _weights(terms, question_terms, stats)
        required = frozenset(t for t in terms if is_cjk(t) and any(c in ZH_NEGATIONS for c in t))
        parts.append(_Part(label, weights, sum(weights.values()), required))
    return tuple(parts)


def _list_like(items: tuple[_Part, ...]) -> bool:
    """A reference that is a list of short entries is graded as a list whatever the question says
    ("新特点是什么？" answered by "信息化，网络化，自动化…")."""
    return len(items) >= LIST_MIN_ITEMS and all(len(item.label) <= LIST_ITEM_MAX_CHARS for item in items)


def _clean_item(raw: str) -> str:
    label = LEAD_IN_RE.sub("", raw).strip(" .()\"'")
    label = ITEM_PREFIX_RE.sub("", label)
    return ITEM_SUFFIX_RE.sub("", label).strip()


def _mostly_in(terms: frozenset[str], question_terms: frozenset[str]) -> bool:
    return len(terms & question_terms) >= 0.8 * len(terms)


def _short(text: str, limit: int = 30) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _display_parts(
    question: Question, question_terms: frozenset[str], stats: CorpusStats
) -> tuple[_Part, ...]:
    """Clauses of the reference (Chinese) or its distinctive words (English) for found / missed."""
    text = fold(question.answer)
    if any(is_cjk(c) for c in text):
        parts = []
        for clause in re.split(r"[,;。，；:\n]", text):
            terms = _term_set(clause) - question_terms
            if terms:
                weights = {t: term_weight(stats, t) for t in terms}
                parts.append(_Part(_short(clause.strip()), weights, sum(weights.values())))
        return tuple(parts)
    words = []
    for word in dict.fromkeys(re.findall(r"[a-z][a-z0-9+#]*", text)):
        terms = _term_set(word) - question_terms
        if terms:
            weights = {t: term_weight(stats, t) for t in terms}
            words.append(_Part(word, weights, sum(weights.values())))
    words.sort(key=lambda p: -p.total)
    return tuple(words[:8])
