"""Terms of a text and how distinctive each term is within a bank.

Chinese has no word boundaries here (no segmenter dependency), so a run of Chinese characters
becomes its character bigrams; a one-character run stays a unigram. Latin words are folded to a
stem (analyser.py: Snowball) and stop words are dropped. Mixed text simply yields both kinds of term.
`concept_terms` also meets general English paraphrases on one term (paraphrase.py); document
frequencies count both the plain and the paraphrase terms.
"""

from __future__ import annotations

import math
import operator
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from bot.bank.model import Question
from bot.grading import analyser
from bot.grading.hanzi import to_simplified
from bot.grading.paraphrase import WORD_GROUPS, rewrite_phrases

# Chinese characters (CJK unified ideographs, extension A and compatibility ideographs).


# Pure function characters that never carry content; a Chinese run is cut at them so that
# bigrams like "的专" do not exist.
_ZH_FUNCTION = "的了吗呢吧啊呀嘛哦"


def _class_without(ranges: list[tuple[int, int]], holes: str) -> str:
    """A regex character class of `ranges` minus the characters `holes`."""
    parts = []
    for lo, hi in ranges:
        cuts = sorted(ord(c) for c in holes if lo <= ord(c) <= hi)
        for cut in cuts:
            if lo < cut:
                parts.append(f"{chr(lo)}-{chr(cut - 1)}")
            lo = cut + 1
        if lo <= hi:
            parts.append(f"{chr(lo)}-{chr(hi)}")
    return "".join(parts)


_CJK_CONTENT = _class_without(analyser.CJK_CODE_RANGES, _ZH_FUNCTION)
TOKEN_RE = re.compile(rf"[{_CJK_CONTENT}]+|[a-z][a-z0-9]*(?:\+\+|#)?|\d+(?:\.\d+)?")
# Spaces between two Chinese characters carry no meaning ("词 嵌 入").
_CJK_SPACE_RE = re.compile(rf"(?<=[{analyser.CJK_RANGES}]) +(?=[{analyser.CJK_RANGES}])")

_STOP_WORDS = """
    a an the this that these those there here it its itself they them their theirs we us our you
    your he she his her i me my of in on at to for from by with without into onto over under about
    as than then so such and or but nor not no yes if else when while where which who whom whose what
    why how is are was were be been being am do does did doing done have has had having can could
    shall should will would may might must also just only very more most much many some any each
    every all both either neither other another same ones via per etc ie eg e.g i.e like
    way ways thing things something use used using because since until upon within
    however whereas whenever therefore thus hence although though whether unless even still yet
    actually basically simply really quite rather
"""
EN_STOP = frozenset(_STOP_WORDS.split())
# Number words meet digits ("one element" / "size 1", "a single element", "twice" / "2 times").
_NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
EN_NUMBERS = {w: str(i) for i, w in enumerate(_NUMBER_WORDS)} | {"single": "1", "twice": "2"}
# Plurals Snowball leaves apart from their singular ("leaves" -> "leav", "leaf" -> "leaf";
# "indices" -> "indic", as "indicate"): read as the singular before stemming.
EN_IRREGULAR_PLURALS = {
    "leaves": "leaf",
    "shelves": "shelf",
    "indices": "index",
    "vertices": "vertex",
    "matrices": "matrix",
    "appendices": "appendix",
    "children": "child",
    "analyses": "analysis",
    "criteria": "criterion",
    "mice": "mouse",
}


# Full-width ASCII forms and the ideographic space, the usual reason Chinese text is not NFKC:
# replaced one by one they spare a full normalization (twice as slow on a long Chinese reply).
_FULL_WIDTH_RE = re.compile("[\uff01-\uff5e\u3000]")
_FULL_WIDTH = {chr(c): unicodedata.normalize("NFKC", chr(c)) for c in (*range(0xFF01, 0xFF5F), 0x3000)}


def fold(text: str) -> str:
    """`normalize.normalize` without its punctuation folding: lists are split at punctuation."""
    if not unicodedata.is_normalized("NFKC", text):
        text = _FULL_WIDTH_RE.sub(_half_width, text)
        if not unicodedata.is_normalized("NFKC", text):
            text = unicodedata.normalize("NFKC", text)
    text = to_simplified(text.casefold())
    return _CJK_SPACE_RE.sub("", text)


def _half_width(match: re.Match[str]) -> str:
    return _FULL_WIDTH[match.group()]


def stem(word: str) -> str:
    """An English stem: 'stored', 'stores' and 'storing' meet (Snowball, memoized)."""
    return analyser.stem(word)


def is_cjk(token: str) -> bool:
    return analyser.is_cjk(token[0])


# Negation words, stop words elsewhere, are one term in reference grading: "if no constructor is
# provided" and "when you don't specify any" share that something is absent.
EN_NEGATIONS = frozenset(
    {"no", "not", "never", "none", "nothing", "without", "cannot", "dont", "doesnt", "cant", "isnt"}
)
NEGATION_TERM = "not"
# ... and so are the words that say how far a statement reaches ("all the dimensions", "only the
# first"), stop words elsewhere too.
EN_SCOPE_WORDS = frozenset({"all", "only", "more", "most"})


def terms_of(folded: str, same_as: dict[str, str] | None = None, logic_words: bool = False) -> list[str]:
    """Terms of already folded text, in order, repeats kept; English stems found in `same_as`
    are replaced by what it gives; with `logic_words`, every negation word becomes NEGATION_TERM
    and scope words (EN_SCOPE_WORDS) are terms."""
    terms: list[str] = []
    for token in TOKEN_RE.findall(folded):
        if token[0] >= "\u3400":  # Chinese: the regex only yields CJK runs at or above this
            if len(token) == 1:
                terms.append(token)
            else:
                terms.extend(map(operator.add, token[:-1], token[1:]))
        elif logic_words and token in EN_NEGATIONS:
            terms.append(NEGATION_TERM)
        elif logic_words and token in EN_SCOPE_WORDS:
            terms.append(token)
        elif token in EN_NUMBERS:
            terms.append(EN_NUMBERS[token])
        elif token not in EN_STOP:
            term = stem(EN_IRREGULAR_PLURALS.get(token, token))
            terms.append(same_as.get(term, term) if same_as else term)
    return terms


def term_set(text: str) -> frozenset[str]:
    return frozenset(terms_of(fold(text)))


_LATIN_RE = re.compile(r"[a-z]")
# "don't", "isn't": the negation is a word of its own ("do not").
_CONTRACTION_RE = re.compile(r"(?<=[a-z])n['’]t\b")
_WORD_PAIR_RE = re.compile(r"[a-z] [a-z]")  # every paraphrase phrase has two words or more
# Stem of every word of a paraphrase group -> stem of the group's name.
_SAME_AS: dict[str, str] = {
    stem(word): stem(group[0]) for group in WORD_GROUPS for word in group if stem(word) != stem(group[0])
}


def concept_terms(folded: str) -> list[str]:
    """Terms of folded text with English paraphrases ("as many as", "infinite") met on one term."""
    if not _LATIN_RE.search(folded):
        return terms_of(folded)
    if "'" in folded or "’" in folded:
        folded = _CONTRACTION_RE.sub(" not", folded)
    if "-" in folded or _WORD_PAIR_RE.search(folded):
        folded = rewrite_phrases(folded)
    return terms_of(folded, _SAME_AS, logic_words=True)


def concept_set(text: str) -> frozenset[str]:
    return frozenset(concept_terms(fold(text)))


@dataclass
class CorpusStats:
    """Document frequencies of terms over a bank (one document per question and its answer)."""

    df: Counter[str] = field(default_factory=Counter)
    n_docs: int = 0
    # Per-question precomputation, filled lazily by the grader (keyed by Question).
    prepared: dict[Question, Any] = field(default_factory=dict, repr=False, compare=False)
    # The bank's questions, where reference grading looks for the same question asked twice.
    questions: tuple[Question, ...] = field(default=(), repr=False, compare=False)
    # Terms of each question's text, in order, filled lazily (question text -> terms).
    asked: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False, compare=False)
    # What each question asks to define ("What is a function signature?" -> its terms; empty
    # when it asks no definition), filled lazily (question text -> terms).
    defines: dict[str, frozenset[str]] = field(default_factory=dict, repr=False, compare=False)
    # The questions whose text (question and answer) holds each term, filled by reference grading
    # at first use (with its own terms).
    holders: dict[str, tuple[Question, ...]] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def build(cls, questions: Iterable[Question]) -> CorpusStats:
        df: Counter[str] = Counter()
        listed = tuple(questions)
        for q in listed:
            text = q.question + "\n" + q.answer
            df.update(term_set(text) | concept_set(text))  # the plain terms for suggestions
        return cls(df=df, n_docs=len(listed), questions=listed)

    def idf(self, term: str) -> float:
        """Inverse document frequency scaled to (0, 1]; 1 for a term no other question uses."""
        if self.n_docs < 2:
            return 1.0
        df = max(1, self.df.get(term, 0))
        return math.log1p(self.n_docs / df) / math.log1p(self.n_docs)
