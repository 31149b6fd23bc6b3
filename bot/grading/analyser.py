"""What every grading module needs to know about a piece of text, defined once: which characters
are Chinese, and the English stem of a word.

Stems come from the Snowball English stemmer (snowballstemmer, maintained), behind a bounded
memo: the same words come back reply after reply. The match form (keypoints.match_form) keeps the
grammar words of GRAMMAR_WORDS as they are spelled.
"""

from __future__ import annotations

import re

import snowballstemmer

# Chinese characters: CJK unified ideographs, extension A, compatibility ideographs and the
# supplementary planes' extensions.
CJK_CODE_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x2FA1F))
CJK_RANGES = "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in CJK_CODE_RANGES)
CJK_RE = re.compile(f"[{CJK_RANGES}]")

_SNOWBALL = snowballstemmer.stemmer("english")
_STEMS: dict[str, str] = {}
_STEMS_MAX = 50_000  # words remembered, so a long-running bot never grows without bound


def is_cjk(ch: str) -> bool:
    """Whether one character is Chinese (the ranges of CJK_RANGES)."""
    # Compared directly (no loop): this runs for every character of every reply.
    return (
        "\u4e00" <= ch <= "\u9fff"
        or "\u3400" <= ch <= "\u4dbf"
        or "\uf900" <= ch <= "\ufaff"
        or "\U00020000" <= ch <= "\U0002fa1f"
    )


# Snowball cuts -ize / -izer / -ization off a long enough root ("tokenizer" -> "token",
# "normalization" -> "normal", "optimizer" -> "optim" as "optimal"), which merges a technique with
# the thing it works on: "tokens" alone would state "the tokenizer". The -ize family keeps "iz"
# instead (tokenize, tokenizer, tokenization, British tokenisation -> "tokeniz"). Other British
# -is- forms are left to Snowball: "supervise" and "adviser" are no -ize words.
_IZE_RE = re.compile(r"(?<=[a-z]{3})(?:iz(?:e[sdr]?|ers|ing|ations?)|isations?)$")


def stem(word: str) -> str:
    """The Snowball English stem of a lower-case word: stored / stores / storing -> store; a word of
    the -ize family keeps "iz" (tokenizer / tokenization -> tokeniz, apart from token)."""
    cached = _STEMS.get(word)
    if cached is None:
        ize = _IZE_RE.search(word)
        cached = f"{word[: ize.start()]}iz" if ize else _SNOWBALL.stemWord(word)
        if len(_STEMS) < _STEMS_MAX:
            _STEMS[word] = cached
    return cached


# Grammar and cue words that the grading rules look for as they are spelled: negation and
# contrast ("unlike"), reason, time and order ("because", "before", "finally"), place and
# reference ("where", "otherwise"), quantity and degree ("only", "always", "completely"). A closed
# class has no forms to meet, and Snowball would respell some ("unlike" -> "unlik", "only" ->
# "onli", "once" -> "onc") and merge others with content words ("completely" -> "complet", as
# "complete"). The match form keeps them whole; patterns built through the match form agree.
_GRAMMAR_WORDS = """
    not no never without cannot neither nor unlike instead rather otherwise likewise
    because since before after during until while once prior first then next finally afterwards
    where there elsewhere above below these those whose none
    all any every many only always very completely totally entirely fully perfectly exactly
    merely solely mostly mainly
"""
GRAMMAR_WORDS = frozenset(_GRAMMAR_WORDS.split())


def match_stem(word: str) -> str:
    """The stem the match form uses: a word of GRAMMAR_WORDS as it is, any other its Snowball stem."""
    return word if word in GRAMMAR_WORDS else stem(word)
