"""A compact English suffix stripper in the spirit of Porter's: word forms of one word meet.

First the inflection goes (plural -s, -ed, -ing), then derivational suffixes, each only when
enough of the word stays: the "measure" of what stays (how many vowel-consonant runs it has) must
reach the suffix's minimum, so "location" and "located" meet on "locat" while "element" keeps its
"ment" and "string" its "ing". Exact linguistics matters less than that forms of one word meet;
near misses ("reus" / "reusabl") are met later by the grader's prefix rule.
"""

from __future__ import annotations

import re

# Derivational suffixes, longest first: (suffix, replacement, least measure of the rest).
_DERIVATIONS: tuple[tuple[str, str, int], ...] = (
    ("ization", "ize", 1),
    ("ational", "ate", 1),
    ("iveness", "ive", 1),
    ("fulness", "ful", 1),
    ("ousness", "ous", 1),
    ("ability", "able", 1),
    ("ibility", "ible", 1),
    ("ically", "ic", 1),
    ("ation", "ate", 1),
    ("ative", "", 1),
    ("ality", "al", 1),
    ("ivity", "ive", 1),
    ("ously", "ous", 1),
    ("ively", "ive", 1),
    ("ently", "ent", 1),
    ("fully", "ful", 1),
    ("ical", "ic", 1),
    ("ator", "ate", 1),
    ("ably", "able", 1),
    ("ibly", "ible", 1),
    ("ally", "al", 1),
    ("ness", "", 1),
    ("ment", "", 2),
    ("able", "", 2),
    ("ible", "", 2),
    ("ance", "", 2),
    ("ence", "", 2),
    ("sion", "s", 1),
    ("tion", "t", 1),
    ("ity", "", 2),
    ("ful", "", 1),
    ("ive", "", 2),
    ("ize", "", 2),
    ("ise", "", 2),
    ("ate", "", 2),
    ("ous", "", 2),
    ("ant", "", 2),
    ("ent", "", 2),
    ("ly", "", 1),
    ("al", "", 2),
    ("ic", "", 2),
    ("er", "", 1),
)
_VC_RE = re.compile(r"[aeiouy]+[^aeiouy]+")
_VOWEL_RE = re.compile(r"[aeiouy]")
_MAX_PASSES = 3  # "initializations" -> "initialize" -> "initial" -> "initi"


def measure(base: str) -> int:
    """How many vowel-then-consonant runs `base` has (Porter's m)."""
    return len(_VC_RE.findall(base))


def strip_suffixes(word: str) -> str:
    if len(word) <= 3 or not word.isalpha():
        return word
    base = _uninflect(word)
    for _ in range(_MAX_PASSES):
        shorter = _derivation(base)
        if shorter == base:
            break
        base = shorter
    return _tidy(base)


def _uninflect(word: str) -> str:
    if word.endswith("sses"):
        return word[:-2]
    if word.endswith(("ies", "ied")) and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    if word.endswith("eed"):
        return word
    for suffix in ("ing", "ed"):
        base = word[: -len(suffix)]
        if word.endswith(suffix) and len(base) >= 3 and _VOWEL_RE.search(base):
            return _restore(base)
    return word


def _restore(base: str) -> str:
    """The verb's own ending after -ing / -ed: "operat" -> "operate", "stopp" -> "stop"."""
    if base.endswith(("at", "bl", "iz")):
        return base + "e"
    if base[-1] == base[-2] and base[-1] not in "lsz":
        return base[:-1]
    return base


def _derivation(base: str) -> str:
    for suffix, replacement, least in _DERIVATIONS:
        if base.endswith(suffix):
            rest = base[: -len(suffix)]
            if len(rest) >= 3 and measure(rest) >= least:
                return rest + replacement
            return base
    return base


def _tidy(base: str) -> str:
    # "bigg" -> "big", "store" -> "stor", "query" -> "queri": forms of one word end the same way.
    if len(base) > 3 and base[-1] == base[-2] and base[-1] not in "ls":
        base = base[:-1]
    if len(base) > 3 and base.endswith("e"):
        base = base[:-1]
    if len(base) > 3 and base.endswith("y"):
        base = base[:-1] + "i"
    return base
