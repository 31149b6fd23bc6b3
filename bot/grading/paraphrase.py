"""General English wording that says the same thing, for reference grading.

A student rarely repeats the reference's words: "can be of variable length" comes back as "grows
as needed", "unlimited number" as "as many as you want". Each group below is general (academic or
everyday programming) vocabulary; the first word names the group. Phrases are rewritten to the
group's name before the text is cut into terms, so stop words inside them ("as many as") count.
Only Latin text is touched: Chinese is matched by bigrams and sound elsewhere.
"""

from __future__ import annotations

import re

# Single words of one meaning; forms are met by the stemmer, so list base forms.
WORD_GROUPS: tuple[tuple[str, ...], ...] = (
    ("unlimited", "infinite", "limitless", "unbounded", "endless", "arbitrary", "boundless"),
    ("variable", "dynamic", "dynamically", "flexible", "changeable", "adjustable", "resizable", "resize"),
    ("grow", "expand", "extend", "enlarge", "increase"),
    ("fixed", "predetermined", "predefined", "preset"),
    ("size", "length", "capacity", "amount", "quantity"),
    ("fast", "quick", "rapid", "speedy", "efficient"),
    ("slow", "inefficient", "sluggish"),
    ("begin", "start", "commence"),
    ("finish", "end", "terminate", "stop"),
    ("create", "make", "construct", "build", "generate", "instantiate"),
    ("delete", "remove", "erase", "eliminate"),
    ("insert", "add", "append"),
    ("find", "search", "seek", "lookup"),
    ("divide", "split", "partition", "halve", "separate"),
    ("combine", "merge", "join", "concatenate", "unite"),
    ("small", "little", "tiny", "less"),
    ("large", "big", "huge"),
    ("maximum", "max", "largest", "greatest", "highest", "longest", "biggest", "farthest", "furthest"),
    ("minimum", "min", "smallest", "least", "lowest", "shortest"),
    ("memory", "storage", "ram"),
    ("location", "address", "place", "position", "spot"),
    ("directly", "immediately", "instantly"),
    ("call", "invoke"),
    ("argument", "parameter", "param", "arg"),
    ("copy", "duplicate", "clone"),
    ("show", "display", "print"),
    ("need", "require", "necessary", "needed", "required"),
    ("error", "bug", "mistake", "fault"),
    ("automatically", "implicitly", "automatic", "implicit"),
    ("same", "identical", "equal", "equivalent"),
    ("different", "distinct", "differ", "vary"),
    ("change", "modify", "alter", "update", "edit"),
    ("element", "item", "entry"),
    ("easy", "simple", "easier", "simpler"),
    ("hard", "difficult", "complex", "complicated"),
    ("iteration", "loop", "iterate", "iterative", "repetition"),
    ("visit", "traverse", "walk"),
    ("child", "children", "descendant"),
    ("parent", "ancestor"),
    ("next", "following", "subsequent", "succeeding"),
    ("previous", "prior", "preceding"),
    ("middle", "center", "centre", "mid", "midpoint"),
    ("swap", "exchange", "interchange"),
    ("empty", "blank", "vacant"),
    ("wrong", "incorrect", "invalid"),
    ("correct", "proper", "valid", "appropriate"),
    ("function", "method", "procedure", "routine", "subroutine"),
    ("object", "instance"),
    ("attribute", "property", "field"),
    ("execute", "run", "perform"),
    ("rear", "back", "tail"),
)

# Phrases (in folded text, contractions spelt out) and the group they belong to.
PHRASES: tuple[tuple[str, str], ...] = (
    (
        r"as (?:many|much|large|big) (?:\w+ )?as|any (?:number|amount)|no (?:upper )?(?:limit|bound|maximum)"
        r"|not (?:be )?(?:limited|bounded|restricted)|without (?:a )?(?:limit|bound)",
        "unlimited",
    ),
    (r"(?:not|no) (?:\w+ ){0,2}(?:fixed|predetermined|set) (?:size|length)", "variable size"),
    (r"not (?:\w+ ){0,2}(?:fixed|predetermined)", "variable"),
    (r"look(?:s|ed|ing)? (?:up|for)", "find"),
    # "atleast" run together and "1 time" in digits are as common as the words spelt out.
    (r"at ?least (?:(?:one|1) time|once)|(?:one|1) time", "once"),
    (r"random access|access(?:ed)? (?:\w+ )?directly|direct access", "directly access"),
    (r"break(?:s|ing)? (?:up|down|into)|cut(?:s|ting)? (?:up|into|in)", "divide"),
    (r"put(?:s|ting)? together", "combine"),
)
# The first two letters every phrase can start with: a cheap look-ahead that spares trying every
# phrase at every word (three times faster on a long reply). A phrase with a new start goes here.
_STARTS = "a[sn]|no|wi|lo|on|ra|ac|di|br|cu|pu|at|1 "
PHRASE_RE = re.compile(rf"\b(?={_STARTS})(?:" + "|".join(f"({p})" for p, _ in PHRASES) + r")\b")
_REPLACEMENTS = tuple(name for _, name in PHRASES)


# "don't", "dont", "doesn’t" -> "not": students drop the apostrophe as often as not.
NEGATION_RE = re.compile(
    r"\b(?=[dicwhmsn])(?:do|does|did|is|are|was|were|ca|can|could|would|should|wo|has|have|had|must|need)(?:n'|n’|n)t\b"
)


# "re-usability", "multi-dimensional": a hyphen after a prefix does not make two words.
PREFIX_HYPHEN_RE = re.compile(r"\b(re|pre|post|multi|sub|non|semi|co|un|de|inter|over)-(?=[a-z])")


def rewrite_phrases(folded: str) -> str:
    """Folded text with each known phrase replaced by the name of its group."""
    if "-" in folded:
        folded = PREFIX_HYPHEN_RE.sub(r"\1", folded)
    return PHRASE_RE.sub(_replacement, NEGATION_RE.sub("not", folded))


def _replacement(match: re.Match[str]) -> str:
    return " " + _REPLACEMENTS[match.lastindex - 1 if match.lastindex else 0] + " "
