"""Text normalization shared by every grading module.

Both the reply and the bank text go through the same functions, so a match never depends on
width (ＢＥＲＴ / BERT), case, traditional or simplified characters, or punctuation.
The API here is stable: add functions, do not change what existing ones return.
"""

from __future__ import annotations

import re
import unicodedata

from bot.grading.analyser import CJK_RANGES, is_cjk
from bot.grading.hanzi import to_simplified
from bot.grading.tuning import MAX_REPLY_CHARS

__all__ = [
    "MAX_REPLY_CHARS",
    "bigrams",
    "cjk_runs",
    "compact",
    "fold_chars",
    "is_cjk",
    "normalize",
    "stem",
    "terms",
    "words",
]

_CJK_CLASS = CJK_RANGES
_WORD_RE = re.compile(r"[a-z0-9]+")
_CJK_RUN_RE = re.compile(f"[{_CJK_CLASS}]+")
# Spaces between two Chinese characters carry no meaning ("词 嵌 入"), spaces next to Latin do.
_CJK_SPACE_RE = re.compile(f"(?<=[{_CJK_CLASS}]) +(?=[{_CJK_CLASS}])")
_SPACES_RE = re.compile(r"\s+")


class _FoldTable(dict[int, str]):
    """str.translate table built as characters are met: traditional -> simplified, and
    punctuation, symbols, controls and separators -> a space. Letters, digits and marks stay."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        folded = to_simplified(ch) if unicodedata.category(ch)[0] in "LNM" else " "
        self[code] = folded
        return folded


_FOLD = _FoldTable()


def fold_chars(text: str) -> str:
    """Traditional -> simplified, and punctuation, symbols, controls and separators -> a space;
    nothing else (no NFKC, no case folding, no collapsing of spaces)."""
    return text.translate(_FOLD)


def normalize(text: str) -> str:
    """NFKC, casefold, traditional -> simplified, punctuation and whitespace folded to one space."""
    text = unicodedata.normalize("NFKC", text).casefold().translate(_FOLD)
    text = _SPACES_RE.sub(" ", text).strip()
    return _CJK_SPACE_RE.sub("", text)


def compact(text: str) -> str:
    """Normalized text without any spaces: the form used for substring matching of Chinese."""
    return normalize(text).replace(" ", "")


def stem(word: str) -> str:
    """A light English stem: enough to meet plural and -ing/-ed forms half way."""
    if len(word) > 5 and word.endswith("ies"):
        word = word[:-3] + "y"
    elif len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    for suffix in ("ing", "ed"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            word = word[: -len(suffix)]
            # "dropping" / "embedded": a doubled final consonant goes back to one
            if word[-1] == word[-2] and word[-1] not in "aeiouls":
                word = word[:-1]
            return word
    return word


def words(normalized: str) -> list[str]:
    """Latin words and numbers of already normalized text, stemmed."""
    return [stem(w) for w in _WORD_RE.findall(normalized)]


def cjk_runs(normalized: str) -> list[str]:
    """Maximal runs of Chinese characters of already normalized text."""
    return _CJK_RUN_RE.findall(normalized)


def bigrams(run: str) -> list[str]:
    """Character bigrams of one Chinese run; a single character stands for itself."""
    if len(run) < 2:
        return [run] if run else []
    return [run[i : i + 2] for i in range(len(run) - 1)]


def terms(text: str) -> list[str]:
    """Index terms of any text: English word stems and Chinese character bigrams, in order."""
    norm = normalize(text)
    out = words(norm)
    for run in cjk_runs(norm):
        out.extend(bigrams(run))
    return out
