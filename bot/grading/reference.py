"""Grade a reply against a question's reference answer when the bank declares no key points.

The score is the share of the reference's distinctive terms that the reply states, each term
weighted by how rare it is in the bank (an English word the reference repeats, more) and demoted
when the question already contains it (so echoing the question earns nothing). For enumeration
questions ("有哪些", "list the ...") and for references that are a list of short entries, the
reference is split into its items and the score is the share of items the reply names; invented
items earn nothing and many of them cost credit.
English words meet across word forms (analyser.py: Snowball, plus the plurals it misses), number
words and digits, misspellings and general paraphrases (paraphrase.py: "as many as" /
"unlimited"); Chinese bigrams meet across wrong homophones. A negation alone states nothing, but
with another term of a reference that negates it does ("when you don't specify one").
The bank itself adds what it knows: a question it asks twice in other words is graded against
both references, and a phrase of the reference that another question asks to define ("What is a
function signature?") is stated by a reply that states that definition. A reply that states
nothing of the reference stays wrong, but ranks by how near the bank places its words to the
question (a word of a question asked in other words counts most).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import lru_cache

from rapidfuzz import fuzz, process

from bot.bank.model import Question
from bot.grading import detect, pinyin
from bot.grading.analyser import CJK_RANGES
from bot.grading.keypoints import _ZH_NOT_NEGATION
from bot.grading.terms_stats import EN_STOP, NEGATION_TERM, CorpusStats, concept_terms, fold, is_cjk, terms_of
from bot.grading.tuning import (
    DEFINED_MIN_TERMS,
    DEFINITION_AT,
    DISPLAY_MAX,
    DUMP_LENGTH_RATIO,
    DUMP_MIN_TERMS,
    DUMP_PRECISION,
    ENUM_TERM_BLEND,
    EXPLANATION_SHARE,
    EXTRA_ITEMS_FREE,
    FULL_AT,
    FUZZY_CUTOFF,
    FUZZY_MIN_LEN,
    IDF_POWER,
    INVENTED_MAX_CHARS,
    INVENTED_MAX_TERMS,
    ITEM_FULL_AT,
    ITEM_ZERO_AT,
    JOINED_MAX_TAIL,
    JOINED_MIN_LEN,
    LIST_ITEM_MAX_CHARS,
    LIST_MIN_ITEMS,
    MAX_REPLY_PIECES,
    MIN_BANK_QUESTIONS,
    NO_CONTENT_FACTOR,
    ON_TOPIC_NEAR,
    ON_TOPIC_SHARE,
    PARAPHRASES,
    PREFIX_MIN,
    QUESTION_DEMOTE,
    RECALL_POWER,
    REFERENCE_CORRECT_AT,
    REFERENCE_MAX_REPLY_CHARS,
    REFERENCE_PARTIAL_AT,
    REPEAT_POWER,
    SAME_QUESTION_AT,
    SOUND_MATCH,
    SOUND_MEMO_MAX,
)
from bot.grading.verdict import Grade, Verdict
from bot.grading.wording import EXTRA_ITEMS, UNFOCUSED

__all__ = ["CorpusStats", "reference_grade", "reference_items", "term_weight"]

# Every threshold and weight lives in tuning.py (section "reference-only grading"), with how it
# was chosen. They are imported by name, so bench/eval_reference.py can still sweep them here.
# Three share a name with key-point grading and carry a REFERENCE_ prefix there.
MAX_REPLY_CHARS = REFERENCE_MAX_REPLY_CHARS
CORRECT_AT = REFERENCE_CORRECT_AT
PARTIAL_AT = REFERENCE_PARTIAL_AT

ENUM_QUESTION_RE = re.compile(
    r"哪些|哪几|几种|几类|几个方面|分为|分成|包括什么|包含什么|组成|优缺点|什么类型|什么形式|什么内容"
    r"|\b(?:list|name|enumerate|give)\s+(?:the|all|some|two|three|four|five|\d+)\b"
    r"|\bwhat are the (?:\w+ )?(?:two|three|four|five|main|different)\b|\bwhat are the \w+s\b"
)
# Separators between the items of a list, in either language.
ITEM_SPLIT_RE = re.compile(
    r"[、,;。;，；\n]|\(\d+\)|\d+[).、]|"
    rf"(?<=[{CJK_RANGES}])(?:或者|以及|和|及|与|或)(?=[{CJK_RANGES}])"
    r"|\s(?:and|or)\s"
)
# The same separators in two steps, so that feedback can name an item cut at a Chinese conjunction
# as written: "运输网遍及全球" is graded as 运输网遍 and 全球, and shown whole where both fall on one side.
_ITEM_HARD_SPLIT_RE = re.compile(r"[、,;。;，；\n]|\(\d+\)|\d+[).、]|\s(?:and|or)\s")
_ITEM_JOIN_SPLIT_RE = re.compile(rf"(?<=[{CJK_RANGES}])(?:或者|以及|和|及|与|或)(?=[{CJK_RANGES}])")
# A reference that opens by saying what something is ("栈是一种…", "A stack is a…") is a definition:
# its clauses describe one thing and are no list of items.
DEFINITION_RE = re.compile(
    r"^[^,;:、，；：。]{0,20}?(?:是一种|是一个|是一类|是指|指的是)"
    r"|^[^,;:]{0,40}?\b(?:is|refers to|means) (?:a|an|one)\b"
)
# A list's lead-in ("…的原则：", "优点——") that is not itself an item.
LEAD_IN_RE = re.compile(r"^.*?(?::|——|—)")
# ... or a lead-in that restates the question up to its verb ("电子标签根据其功能可以分为").
LEAD_VERB_RE = re.compile(r"^[^,;:。，；]*?(?:分为|分成|包括|包含|主要有)")
ITEM_PREFIX_RE = re.compile(
    r"^(?:主要|一般|通常)?(?:可以|可)?(?:分为|分成|包括|包含|主要有|有|是|为)(?:以下)?|^(?:and|or)\s+"
)
ITEM_SUFFIX_RE = re.compile(r"(?:等+|[一二三四五六七八九十两\d]+[种个类点项条方面]+.*)$")
ZH_NEGATIONS = "不无非未没"
_WORD_RE = re.compile(r"[a-z]+")  # English words as spelled, for misspellings
# Very common characters whose sound says little: a bigram holding one (货是 / 货时) never matches
# by sound alone.
_SOUND_SKIP = frozenset("是在有与及或为对把被将时")


@dataclass(frozen=True, slots=True)
class _Part:
    """An item of the reference (enumeration) or a clause shown in found / missed."""

    label: str
    weights: dict[str, float]
    total: float
    # Terms carrying a negation ("不对" in "不对称性"): without them the reply states the opposite.
    required: frozenset[str] = frozenset()
    # The item as written when the list was cut inside it at a Chinese conjunction, else "".
    whole: str = ""
    # The label as the reference spells it (`label` is folded: simplified, lower case), else "".
    shown: str = ""


@dataclass(frozen=True, slots=True)
class _Topic:
    """Where the bank places the words of a reply that states nothing of the reference: a word
    another question uses ("log" in "How many comparisons does it take to find an element in a
    binary search tree?") is as near to this question as that question's wording is."""

    question: Question
    stats: CorpusStats
    terms: frozenset[str]  # this question's terms
    weight: float  # their summed weight
    near: dict[Question, float] = field(default_factory=dict)  # other question -> weighted share
    near_term: dict[str, float] = field(default_factory=dict)  # a term the bank holds -> nearness

    def nearness(self, term: str) -> float:
        """The largest share of this question's term weight that another question holding `term`
        asks about too; 0 for a term no other question uses."""
        holders = _holders(self.stats).get(term)
        if not holders:
            return 0.0
        best = self.near_term.get(term)
        if best is None:
            shares = (self._share(other) for other in holders if other != self.question)
            best = self.near_term[term] = max(shares, default=0.0)
        return best

    def _share(self, other: Question) -> float:
        share = self.near.get(other)
        if share is None:
            shared = self.terms.intersection(_asked_terms(other.question, self.stats))
            weight = math.fsum(term_weight(self.stats, t) for t in sorted(shared))
            share = self.near[other] = weight / self.weight
        return share


def _holders(stats: CorpusStats) -> dict[str, tuple[Question, ...]]:
    """Term -> the bank's questions whose question or answer holds it; built once per bank."""
    if not stats.holders:
        found: dict[str, list[Question]] = {}
        for question in stats.questions:
            for term in dict.fromkeys(_terms(fold(question.question + "\n" + question.answer))):
                found.setdefault(term, []).append(question)
        stats.holders.update((term, tuple(held)) for term, held in found.items())
    return stats.holders


@dataclass(frozen=True, slots=True)
class _Prepared:
    weights: dict[str, float]  # reference term -> weight
    extra: dict[str, float]  # explanation-only term -> (smaller) weight; a bonus, never required
    total: float
    content: frozenset[str]  # reference terms the question does not contain
    question_terms: frozenset[str]
    fuzzy_terms: tuple[str, ...]  # long English stems worth a misspelling check
    spellings: dict[str, tuple[str, ...]]  # English reference term -> the words it comes from
    sounds: dict[str, tuple[str, ...]]  # sound of a Chinese reference bigram -> the bigrams
    items: tuple[_Part, ...]  # the listed items; empty unless an enumeration question
    display: tuple[_Part, ...]  # what found / missed report for other questions
    reference_text: str  # the folded reference answer and explanation
    # The same question asked again elsewhere in the bank, prepared with its reference answer.
    alternates: tuple[_Prepared, ...] = ()
    # Terms of the reference that another question of the bank defines ("What is a function
    # signature?"), with that definition prepared as a reference: stating it states them.
    defined: tuple[tuple[frozenset[str], _Prepared], ...] = ()
    # How near other questions of the bank are; None in a bank too small to tell.
    topic: _Topic | None = None


def reference_grade(
    question: Question, reply: str, stats: CorpusStats | None = None, max_chars: int = MAX_REPLY_CHARS
) -> Grade:
    prep = _prepared(question, stats)
    folded = fold(reply[:max_chars]).strip()
    if not folded or detect.non_answer_reason(reply[:max_chars]):
        return Grade(
            Verdict.WRONG, 0.0, missed=_labels(prep.items or prep.display), reason="No answer given."
        )
    grade = _grade_against(prep, folded, question.question)
    # A bank that asks the same question twice has two references for it: a reply that states
    # either one answers the question.
    for alternate in prep.alternates:
        other = _grade_against(alternate, folded, question.question)
        if other.score > grade.score:
            grade = other
    return grade


def _grade_against(prep: _Prepared, folded: str, asked: str) -> Grade:
    reply_terms = set(_terms(folded))
    matched = _matched_terms(prep, reply_terms, folded)
    for terms, definition in prep.defined:
        if not terms <= matched and _states(definition, reply_terms, folded):
            matched |= terms
    if _ZH_NEGATION_RE.search(folded):
        matched -= _negated_terms(prep, folded)
    bonus = sum(prep.extra[t] for t in reply_terms & prep.extra.keys())
    matched_weight = sum(prep.weights[t] for t in matched)
    recall = min(1.0, (matched_weight + bonus) / prep.total) if prep.total else 0.0
    matched |= reply_terms & prep.extra.keys()
    if _adds_nothing(prep, reply_terms, matched):
        return _grade_nothing_new(prep, reply_terms, matched, recall)
    focus = _focus(prep, reply_terms, matched)
    if prep.items:
        return _grade_items(prep, folded, matched, recall, focus, _asked_count(asked))
    # The explanation's terms add to the score but cannot make a reply correct on their own.
    own = _curve(min(1.0, matched_weight / prep.total)) if prep.total else 0.0
    return _grade_terms(prep, matched, recall, focus, own >= PARTIAL_AT)


def _terms(folded: str) -> list[str]:
    if ".g" in folded or ".e" in folded:
        folded = _ABBREVIATION_RE.sub(" ", folded)
    return concept_terms(folded) if PARAPHRASES else terms_of(folded)


# "i.e." and "e.g." say nothing, yet their letters would be terms: "e", the rarest word of the bank.
_ABBREVIATION_RE = re.compile(r"\b(?:i\.e|e\.g)\b\.?")


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
    """True when the reply states none of what the reference adds to the question. A negation
    alone states nothing, but a negation with another term of a reference that negates adds what
    the question lacks ("when you don't specify any constructors" for "if no constructor is
    provided, the compiler provides one")."""
    if prep.content:
        if NEGATION_TERM in matched and len(matched) > 1 and NEGATION_TERM in prep.weights:
            return False
        return not matched & prep.content
    return reply_terms <= prep.question_terms


def _grade_nothing_new(prep: _Prepared, reply_terms: set[str], matched: set[str], recall: float) -> Grade:
    missed = _labels(prep.items or prep.display)
    if reply_terms <= prep.question_terms | matched:
        return Grade(Verdict.WRONG, 0.0, missed=missed, reason="This only restates the question.")
    # On topic (it shares the question's terms) but states nothing of the answer: still wrong, yet
    # ranked above text that shares nothing at all, also where the reference does not repeat the
    # question's words (then the recall of its question terms is 0 whatever the reply says).
    asked = len(reply_terms & prep.question_terms) / len(prep.question_terms) if prep.question_terms else 0.0
    on_topic = max(recall, ON_TOPIC_SHARE * asked, ON_TOPIC_NEAR * _nearness(prep, reply_terms - matched))
    score = round(min(PARTIAL_AT / 2, NO_CONTENT_FACTOR * on_topic), 3)
    return Grade(Verdict.WRONG, score, missed=missed, reason="This does not state anything from the answer.")


def _nearness(prep: _Prepared, reply_terms: set[str]) -> float:
    """How near the bank places the reply's own words to the question: the largest nearness of a
    word the question does not hold ("log n" for "How many steps does it take to search a node in
    a binary search tree?" answered "The height of the tree")."""
    if prep.topic is None:
        return 0.0
    words = reply_terms - prep.question_terms - {NEGATION_TERM}
    return max(map(prep.topic.nearness, words), default=0.0)


def _grade_terms(prep: _Prepared, matched: set[str], recall: float, focus: float, own: bool) -> Grade:
    score = _curve(recall) * focus
    verdict = _verdict(score)
    if verdict is Verdict.CORRECT and not own:
        verdict = Verdict.PARTIAL
    found, missed = _split_parts(prep.display, matched, credited=verdict is not Verdict.WRONG)
    reason = {
        Verdict.CORRECT: "Matches the reference answer.",
        Verdict.PARTIAL: "Part of the reference answer is there; some of it is missing.",
        Verdict.WRONG: "Little of the reference answer is there.",
    }[verdict]
    return Grade(verdict, round(score, 3), found, missed, _unfocused(focus) or reason)


def _unfocused(focus: float) -> str:
    return UNFOCUSED if focus < 1 else ""


def _grade_items(
    prep: _Prepared, folded: str, matched: set[str], recall: float, focus: float, asked: int | None
) -> Grade:
    credits = [_coverage_credit(_coverage(item, matched)) for item in prep.items]
    named = sum(credits)
    item_score = named / len(prep.items)
    stated = [c >= 0.5 for c in credits]
    named_count = sum(stated)  # items, not the labels shown: two pieces of one item shown once count two
    extra = _invented_items(prep, folded, matched)
    free = _free_extras(named_count)
    if extra > free:
        item_score *= (len(prep.items) + free) / (len(prep.items) + extra)
    score = (1 - ENUM_TERM_BLEND) * item_score + ENUM_TERM_BLEND * min(1.0, recall / FULL_AT)
    score = min(1.0, score) * focus
    reason = f"Names {named_count} of the {len(prep.items)} listed items."
    if extra > free:
        reason += " " + EXTRA_ITEMS
    reason = _unfocused(focus) or reason
    return Grade(
        _item_verdict(score, named_count, asked or len(prep.items), extra > free),
        round(score, 3),
        *_shown(prep.items, stated),
        reason,
    )


def _item_verdict(score: float, named: int, needed: int, invented: bool) -> Verdict:
    """Item by item: full credit needs as many items as the question asks for ("name three") or,
    if it gives no number, every item; fewer are partial at most."""
    verdict = _verdict(score)
    if named >= needed and not invented:
        return Verdict.CORRECT if verdict is not Verdict.WRONG else Verdict.PARTIAL
    return Verdict.PARTIAL if verdict is Verdict.CORRECT else verdict


_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "两": 2, "二": 2, "三": 3, "四": 4, "五": 5}
_ASKED_RE = re.compile(
    r"\b(?:name|list|give|state|mention|describe|identify|what are)\s+(?:the\s+|any\s+)?"
    r"(two|three|four|five|[2-5])\b"
    r"|(两|二|三|四|五|[2-5])(?:个|种|点|类|项|方面)",
    re.IGNORECASE,
)


def _asked_count(question: str) -> int | None:
    """How many items the question asks for, when it says ("name three", "哪三个")."""
    match = _ASKED_RE.search(question)
    if not match:
        return None
    word = (match.group(1) or match.group(2)).casefold()
    return _NUMBERS.get(word) or int(word)


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


def _matched_terms(prep: _Prepared, reply_terms: set[str], folded: str) -> set[str]:
    matched = reply_terms & prep.weights.keys()
    if prep.sounds:
        _add_homophones(prep, reply_terms - matched, matched)
    _add_joined(prep, reply_terms - matched, matched)
    if not prep.fuzzy_terms:
        return matched
    candidates = [t for t in reply_terms if len(t) >= PREFIX_MIN and not is_cjk(t)]
    if not candidates:
        return matched
    for term in prep.fuzzy_terms:
        if term not in matched and _near(term, candidates):
            matched.add(term)
    if prep.spellings.keys() - matched:
        _add_misspelled(prep, folded, matched)
    return matched


def _add_misspelled(prep: _Prepared, folded: str, matched: set[str]) -> None:
    """A misspelled word whose stem strays from the reference's ("refrenece" -> "refrenec", not
    "refer") still meets the reference word spelled out."""
    words = [w for w in _WORD_RE.findall(folded) if len(w) >= FUZZY_MIN_LEN]
    if not words:
        return
    for term, spellings in prep.spellings.items():
        if term not in matched and any(
            process.extractOne(s, words, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF) for s in spellings
        ):
            matched.add(term)


_ZH_NEGATION_RE = re.compile(f"[{ZH_NEGATIONS}](?=[{CJK_RANGES}])")


def _negated_terms(prep: _Prepared, folded: str) -> set[str]:
    """Reference bigrams that the reply puts right after a negation the reference does not have
    there ("非标准损耗率" for "标准损耗率"): the reply states their opposite."""
    negated: set[str] = set()
    for match in _ZH_NEGATION_RE.finditer(folded):
        start = match.start()
        if folded.startswith(_ZH_NOT_NEGATION, start) or folded[start : start + 3] in prep.reference_text:
            continue
        i = start + 1
        while folded[i : i + 2] in prep.weights:
            negated.add(folded[i : i + 2])
            i += 1
    return negated


def _add_joined(prep: _Prepared, unmatched: set[str], matched: set[str]) -> None:
    """Words run together ("atleast", "logn") state the reference word inside them."""
    for word in unmatched:
        if len(word) > JOINED_MIN_LEN and word.isascii():
            matched.update(prep.weights.keys() & _joined_parts(word))


# Words run together -> the terms they may hold, remembered like sounds (a bounded memo).
_joined_memo: dict[str, frozenset[str]] = {}
_LONGEST_STOP = 4  # stop words run into the next word are short ones ("at", "by", "no", "one")


def _joined_parts(word: str) -> frozenset[str]:
    """The word without a short tail ("logn" -> "log"), and the term after a stop word that
    starts it ("atleast" -> "least")."""
    parts = _joined_memo.get(word)
    if parts is None:
        found = {word[:-cut] for cut in range(1, JOINED_MAX_TAIL + 1) if len(word) - cut >= JOINED_MIN_LEN}
        for cut in range(2, min(_LONGEST_STOP, len(word) - JOINED_MIN_LEN) + 1):
            if word[:cut] in EN_STOP:
                rest = _terms(word[cut:])
                found.update(rest if len(rest) == 1 else ())
        parts = frozenset(found)
        if len(_joined_memo) < SOUND_MEMO_MAX:
            _joined_memo[word] = parts
    return parts


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


# A piece of a reply that opens like a relative clause or an aside explains the item before it
# ("push, which adds an item to the top"): it is no item of its own.
_EXPLANATION_RE = re.compile(
    r"^\s*(?:which|that|who|where|whereas|while|because|since|so|meaning|namely|i\.?e\b|e\.?g\b)\b"
    r"|^\s*(?:即|也就是|因为|所以|其中)"
)


def _free_extras(named: int) -> int:
    """Items the reply may add without cost: as many as it names right (a student who names
    push and pop may add peek and isEmpty), and EXTRA_ITEMS_FREE at least."""
    return max(EXTRA_ITEMS_FREE, named)


def _invented_items(prep: _Prepared, folded: str, matched: set[str]) -> int:
    """Items of the reply that say something new and match no item of the reference."""
    pieces = ITEM_SPLIT_RE.split(folded)
    if len(pieces) <= len(prep.items) + EXTRA_ITEMS_FREE:
        return 0
    count = 0
    for piece in pieces[:MAX_REPLY_PIECES]:
        # A long piece is prose around the list, not an item of it.
        if len(piece) > INVENTED_MAX_CHARS or _EXPLANATION_RE.match(piece):
            continue
        terms = set(_terms(piece))
        if terms and len(terms) <= INVENTED_MAX_TERMS and not _names_an_item(prep, terms & matched):
            count += not terms <= prep.question_terms
    return count


def _names_an_item(prep: _Prepared, matched: set[str]) -> bool:
    """Whether these matched terms name one of the listed items; sharing the suffix every item
    has ("检查法") names none."""
    return any(_coverage_credit(_coverage(item, matched)) >= 0.5 for item in prep.items)


def _split_parts(
    parts: tuple[_Part, ...], matched: set[str], credited: bool = False
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Phrases stated (half their weight matched) and missed. A `credited` reply names at least
    the phrase it states best: "correct" next to "missed: <the whole answer>" contradicts itself."""
    coverage = [_coverage(p, matched) for p in parts]
    best = max(range(len(parts)), key=coverage.__getitem__, default=-1)
    stated = [c >= 0.5 or (credited and i == best and c > 0) for i, c in enumerate(coverage)]
    return _shown(parts, stated)


def _labels(parts: tuple[_Part, ...]) -> tuple[str, ...]:
    return _shown(parts, [False] * len(parts))[1]


def _shown(parts: tuple[_Part, ...], stated: list[bool]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Labels of the parts stated and missed, at most DISPLAY_MAX of each. The pieces of one item
    cut at a conjunction are named as the item once where they fall on the same side: "运输网遍;
    全球" or "服务" alone teaches nothing."""
    found: list[str] = []
    missed: list[str] = []
    i = 0
    while i < len(parts):
        end = i + 1
        while parts[i].whole and end < len(parts) and parts[end].whole == parts[i].whole:
            end += 1
        side = stated[i:end]
        if end - i > 1 and all(s == side[0] for s in side):
            (found if side[0] else missed).append(parts[i].whole)
        else:
            for p, s in zip(parts[i:end], side, strict=True):
                (found if s else missed).append(p.shown or p.label)
        i = end
    return tuple(found[:DISPLAY_MAX]), tuple(missed[:DISPLAY_MAX])


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


def _prepare(question: Question, stats: CorpusStats, alternates: bool = True) -> _Prepared:
    question_terms = _term_set(question.question)
    weights = _repeated_weigh_more(
        _weights(_term_set(question.answer), question_terms, stats), question.answer
    )
    extra = {
        t: w * EXPLANATION_SHARE
        for t, w in _weights(_term_set(question.explanation), question_terms, stats).items()
        if t not in weights and t not in question_terms
    }
    items = _items(question, question_terms, stats)
    if not ENUM_QUESTION_RE.search(fold(question.question)) and not _list_like(items, question.answer):
        items = ()
    return _Prepared(
        weights=weights,
        extra=extra,
        total=sum(weights.values()),
        # A negation alone states nothing of the answer: it needs a word to negate.
        content=frozenset(t for t in (*weights, *extra) if t not in question_terms) - {NEGATION_TERM},
        question_terms=question_terms,
        fuzzy_terms=tuple(t for t in weights if len(t) >= PREFIX_MIN and not is_cjk(t)),
        spellings=_spellings(question.answer, weights),
        sounds=_sounds(weights) if SOUND_MATCH and pinyin.available() else {},
        items=items if len(items) >= 2 else (),
        display=_display_parts(question, question_terms, stats),
        reference_text=fold(question.answer + "\n" + question.explanation),
        alternates=tuple(_alternate(question, o, stats) for o in _same_questions(question, stats))
        if alternates
        else (),
        defined=_definitions(question, weights, question_terms, stats) if alternates else (),
        # Alternates are graded beside this question, which carries the nearness (their copy of the
        # question is not the bank's, so it would count as a neighbour of itself).
        topic=_topic(question, question_terms, stats) if alternates else None,
    )


def _topic(question: Question, question_terms: frozenset[str], stats: CorpusStats) -> _Topic | None:
    if stats.n_docs < MIN_BANK_QUESTIONS or not question_terms:
        return None
    weight = math.fsum(term_weight(stats, t) for t in sorted(question_terms))
    return _Topic(question, stats, question_terms, weight) if weight else None


def _states(definition: _Prepared, reply_terms: set[str], folded: str) -> bool:
    """Whether the reply states a definition: DEFINITION_AT of its weight."""
    matched = _matched_terms(definition, reply_terms, folded)
    return sum(definition.weights[t] for t in matched) >= DEFINITION_AT * definition.total > 0


_DEFINITION_QUESTION_RE = re.compile(
    r"^\s*what\s+(?:is|are)\s+(?:a\s+|an\s+|the\s+)?(?P<en>[^?,;]+?)\s*\??\s*$"
    r"|^\s*what\s+(?:does|do)\s+(?:a\s+|an\s+|the\s+)?(?P<en2>[^?,;]+?)\s+"
    r"(?:include|contain|consist of|mean|stand for)\s*\??\s*$"
    r"|^\s*(?:什么是|何为|何谓)(?P<zh1>[^？?，,]+?)\s*[？?]?\s*$"
    r"|^\s*(?P<zh2>[^？?，,]+?)(?:是什么|指的是什么|是指什么)\s*[？?]?\s*$",
    re.IGNORECASE,
)


_DEFINITION_MAX_CHARS = 120


def _defined_terms(text: str, stats: CorpusStats) -> frozenset[str]:
    """The terms of what a question asks to define; empty when it asks no definition."""
    terms = stats.defines.get(text)
    if terms is None:
        # A definition question is short; the length bound also keeps the pattern's work small.
        match = _DEFINITION_QUESTION_RE.match(fold(text)) if len(text) <= _DEFINITION_MAX_CHARS else None
        phrase = next((group for group in match.groups() if group), "") if match else ""
        terms = stats.defines[text] = _term_set(phrase) if phrase else frozenset()
    return terms


def _definitions(
    question: Question, weights: dict[str, float], question_terms: frozenset[str], stats: CorpusStats
) -> tuple[tuple[frozenset[str], _Prepared], ...]:
    """Definitions from the bank ("What is a function signature?" answered) of phrases this
    reference uses and this question does not ask about."""
    found = []
    for other in stats.questions if stats.n_docs >= MIN_BANK_QUESTIONS else ():
        if other.bank != question.bank or other.language != question.language or other == question:
            continue
        terms = _defined_terms(other.question, stats)
        if len(terms) >= DEFINED_MIN_TERMS and terms <= weights.keys() and not terms <= question_terms:
            found.append((terms, _alternate(question, other, stats)))
    return tuple(found)


def _alternate(question: Question, other: Question, stats: CorpusStats) -> _Prepared:
    """This question prepared with the other's reference answer (not its own alternates)."""
    return _prepare(replace(question, answer=other.answer, explanation=other.explanation), stats, False)


def _same_questions(question: Question, stats: CorpusStats) -> list[Question]:
    """Other questions of the bank that ask the same thing in other words ("What is the main
    advantage of linked lists over arrays?" / "What is the advantage of linked lists over
    arrays?"), in bank order."""
    if stats.n_docs < MIN_BANK_QUESTIONS:
        return []
    own = _asked_terms(question.question, stats)
    if not own:
        return []
    # The same question shares this one's heaviest term (_asks_same): a cheap first check.
    heaviest = max(own, key=lambda t: term_weight(stats, t))
    return [
        other
        for other in stats.questions
        if heaviest in _asked_terms(other.question, stats)
        and other.bank == question.bank
        and other.language == question.language
        and other != question
        and other.answer != question.answer
        and _asks_same(own, _asked_terms(other.question, stats), stats)
    ]


def _asked_terms(text: str, stats: CorpusStats) -> tuple[str, ...]:
    terms = stats.asked.get(text)
    if terms is None:
        terms = stats.asked[text] = tuple(dict.fromkeys(_terms(fold(text))))
    return terms


def _asks_same(own: tuple[str, ...], other: tuple[str, ...], stats: CorpusStats) -> bool:
    """Two questions ask the same thing when the terms they share carry SAME_QUESTION_AT of their
    weight, no term only one of them has weighs as much as the heaviest shared one (公路运输 and
    铁路运输 share most of their words but not their subject), and the shared terms come in the
    same order ("linked lists over arrays" is not "arrays over linked lists")."""
    shared = [t for t in own if t in other]
    if not shared:
        return False
    weight = {t: term_weight(stats, t) for t in (*own, *other)}
    differing = [w for t, w in weight.items() if t not in shared]
    heaviest = max(weight[t] for t in shared)
    if sum(weight[t] for t in shared) < SAME_QUESTION_AT * sum(weight.values()):
        return False
    if any(w >= heaviest for w in differing):
        return False
    return [t for t in other if t in shared] == shared


def _spellings(answer: str, weights: dict[str, float]) -> dict[str, tuple[str, ...]]:
    spellings: dict[str, tuple[str, ...]] = {}
    for word in _WORD_RE.findall(fold(answer)):
        if len(word) >= FUZZY_MIN_LEN:
            terms = _terms(word)
            if len(terms) == 1 and terms[0] in weights and word not in spellings.get(terms[0], ()):
                spellings[terms[0]] = (*spellings.get(terms[0], ()), word)
    return spellings


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


def _repeated_weigh_more(weights: dict[str, float], answer: str) -> dict[str, float]:
    """An English word the reference says again is central to it ("a constructor is called ...
    constructors do not have a return type"): its weight grows with (1 + ln n) ** REPEAT_POWER
    for n mentions, as in tf-idf. Chinese references repeat their subject in place of a pronoun
    ("配送的种类…分为综合配送"), so a repeated bigram says nothing there."""
    if not REPEAT_POWER:
        return weights
    counts = Counter(t for t in _terms(fold(answer)) if t in weights and not is_cjk(t))
    return {
        t: w * (1 + math.log(counts[t])) ** REPEAT_POWER if counts[t] > 1 else w for t, w in weights.items()
    }


def _items(question: Question, question_terms: frozenset[str], stats: CorpusStats) -> tuple[_Part, ...]:
    text = fold(question.answer)
    head = LEAD_IN_RE.match(text) or LEAD_VERB_RE.match(text)
    if head and len(head.group(0)) < 0.6 * len(text):
        text = text[head.end() :]
    parts = []
    for raw, whole in _item_pieces(text):
        label = _clean_item(raw)
        terms = _term_set(label)
        if not terms or _mostly_in(terms, question_terms):
            continue
        weights = _weights(terms, question_terms, stats)
        required = frozenset(t for t in terms if is_cjk(t) and any(c in ZH_NEGATIONS for c in t))
        written = _as_written(label, question.answer)
        whole = _as_written(whole, question.answer)
        parts.append(_Part(label, weights, sum(weights.values()), required, whole, written))
    return tuple(parts)


def _as_written(label: str, answer: str) -> str:
    """The span of the reference that folds to `label`, as the reference spells it: a group's
    traditional-character bank reads its own characters back, "Private" keeps its capital. The
    label itself when no span folds to it. Run once per question, when it is prepared."""
    if not label or label in answer:
        return label
    for size in range(len(label), len(label) + _AS_WRITTEN_SLACK + 1):
        for start in range(len(answer) - size + 1):
            span = answer[start : start + size]
            if fold(span) == label:
                return span
    return label


# Characters a span may have beyond its folded label: fold drops the spaces between Chinese
# characters ("Transformer 的核心" folds to "transformer的核心").
_AS_WRITTEN_SLACK = 3


def _item_pieces(text: str) -> list[tuple[str, str]]:
    """ITEM_SPLIT_RE.split(text), each piece with the item it was cut from at a Chinese
    conjunction ("" when not cut). The pieces, and so the grade, are those of ITEM_SPLIT_RE."""
    pieces = []
    for hard in _ITEM_HARD_SPLIT_RE.split(text):
        cut = _ITEM_JOIN_SPLIT_RE.split(hard)
        whole = _clean_item(hard) if len(cut) > 1 else ""
        pieces += [(piece, whole) for piece in cut]
    if [piece for piece, _ in pieces] != ITEM_SPLIT_RE.split(text):  # never seen; kept safe
        return [(piece, "") for piece in ITEM_SPLIT_RE.split(text)]
    return pieces


def _list_like(items: tuple[_Part, ...], answer: str) -> bool:
    """A reference that is a list of short entries is graded as a list whatever the question says
    ("新特点是什么？" answered by "信息化，网络化，自动化…"); a definition is not, however short its
    clauses ("栈是一种后进先出的线性表，只允许在一端插入和删除")."""
    if DEFINITION_RE.match(fold(answer)):
        return False
    return len(items) >= LIST_MIN_ITEMS and all(len(item.label) <= LIST_ITEM_MAX_CHARS for item in items)


def _clean_item(raw: str) -> str:
    label = LEAD_IN_RE.sub("", raw).strip(" .()\"'")
    label = ITEM_PREFIX_RE.sub("", label)
    return ITEM_SUFFIX_RE.sub("", label).strip()


def _mostly_in(terms: frozenset[str], question_terms: frozenset[str]) -> bool:
    return len(terms & question_terms) >= 0.8 * len(terms)


def _short(text: str, limit: int = 30) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    # English is cut between words ("at the beginning…", not "at the beginn…").
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut) + "…"


def _display_parts(
    question: Question, question_terms: frozenset[str], stats: CorpusStats
) -> tuple[_Part, ...]:
    """Clauses of the reference, the phrases that found / missed name."""
    text = fold(question.answer)
    if any(is_cjk(c) for c in text):
        parts = []
        for clause in re.split(r"[,;。，；:\n]", text):
            terms = _term_set(clause) - question_terms
            if terms:
                weights = {t: term_weight(stats, t) for t in terms}
                shown = _as_written(clause.strip(), question.answer)
                parts.append(_Part(_short(shown, _ZH_PHRASE_MAX), weights, sum(weights.values())))
        return tuple(parts)
    # English: whole phrases too (a student learns nothing from "Missed: away; head"), cut at
    # clause punctuation and at the conjunctions that join two statements.
    parts = []
    for clause in _en_phrases(question.answer):
        # A negation alone does not state a clause ("don't" is no "the compiler does not create").
        terms = _term_set(clause) - question_terms - {NEGATION_TERM}
        # A phrase needs a word of its own: "i.e" or "or 2" alone teaches nothing.
        if any(len(t) > 1 and not t.isdigit() for t in terms):
            weights = {t: term_weight(stats, t) for t in terms}
            parts.append(_Part(_short(clause, _EN_PHRASE_MAX), weights, sum(weights.values())))
    return tuple(parts)


def _en_phrases(answer: str) -> list[str]:
    """Clauses of an English reference; a clause is cut at its conjunctions only when every
    piece keeps EN_PHRASE_MIN_TERMS content words ("so the push and pop operations will ..."
    stays whole)."""
    phrases = []
    for clause in _EN_CLAUSE_RE.split(answer):
        clause = clause.strip(" .,;:")
        pieces = [p.strip(" .,;:") for p in _EN_JOIN_RE.split(clause)]
        if len(pieces) > 1 and all(len(_term_set(p)) >= EN_PHRASE_MIN_TERMS for p in pieces):
            phrases.extend(pieces)
        elif clause:
            phrases.append(clause)
    return [_EN_LEADING_JOIN_RE.sub("", phrase) for phrase in phrases]


# Characters of a phrase shown as found / missed: room for a whole clause of a short answer ("the
# compiler will find the function whose signature is closest to the given function call" was cut
# at "given…"), a cap only for a reference that runs on without punctuation.
_EN_PHRASE_MAX = 120
_ZH_PHRASE_MAX = 40
EN_PHRASE_MIN_TERMS = 2  # content words each piece of a clause cut at a conjunction keeps
_EN_CLAUSE_RE = re.compile(r"[,;:\n()]|\.(?=\s|$)")
_EN_LEADING_JOIN_RE = re.compile(r"^(?:(?:and|or|but|so|then)\s+)+", re.I)
_EN_JOIN_RE = re.compile(r"\s(?:and|but|while|whereas|so that|because|which)\s", re.I)
