"""What every grading module needs to know about a piece of text, defined once: which characters
are Chinese, and the English stem of a word.

Stems come from the Snowball English stemmer (snowballstemmer, maintained), behind a bounded
memo: the same words come back reply after reply.
"""

from __future__ import annotations

import re

import snowballstemmer

# Chinese characters: CJK unified ideographs, extension A, compatibility ideographs and the
# supplementary planes' extensions.
CJK_RANGES = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"
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


def stem(word: str) -> str:
    """The Snowball English stem of a lower-case word: stored / stores / storing -> store."""
    cached = _STEMS.get(word)
    if cached is None:
        cached = _SNOWBALL.stemWord(word)
        if len(_STEMS) < _STEMS_MAX:
            _STEMS[word] = cached
    return cached
