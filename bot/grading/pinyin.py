"""Chinese characters folded to their sound, so wrong homophones (解玛器 for 解码器) still match.

Each toneless syllable becomes one private-use character, so the sound form of a text has the
same length as the text and plain substring search works on it. Only the first reading of a
character is used: both the reply and the bank go through the same table, so a character always
meets itself, and a wrong homophone meets the right one when their main readings agree.
Without pypinyin installed, sound matching is simply off (`available()` is False).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_FIRST_CODE = 0xE000  # private use area: never produced by normalize()


def _toneless(reading: str) -> str:
    decomposed = unicodedata.normalize("NFD", reading.replace("ü", "v"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=1)
def _table() -> dict[int, str]:
    try:
        from pypinyin.pinyin_dict import pinyin_dict
    except ImportError:
        return {}
    codes: dict[str, str] = {}
    table: dict[int, str] = {}
    for code_point, readings in pinyin_dict.items():
        syllable = _toneless(readings.split(",")[0])
        if syllable not in codes:
            codes[syllable] = chr(_FIRST_CODE + len(codes))
        table[code_point] = codes[syllable]
    return table


def available() -> bool:
    return bool(_table())


# Every character the table maps lies in these ranges (Chinese characters, 〇, the private-use
# characters pypinyin reads, extensions up to H); test_pinyin checks it against the table.
MAPPED_RE = re.compile("[\u3007\u3400-\u9fff\ue000-\ufaff\U00020000-\U000323af]")


class _SoundTable(dict[int, str]):
    """The table, plus every other character met so far mapped to itself: str.translate raises
    and clears a KeyError inside for each character its table lacks, which cost more than the
    lookups themselves on a Chinese reply with English words in it."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        self[code] = char
        return char


@lru_cache(maxsize=1)
def _sound_table() -> _SoundTable:
    return _SoundTable(_table())


def sound(text: str) -> str:
    """The text with every Chinese character replaced by the code of its toneless syllable."""
    # Most English replies hold no character of the table: a search in C instead of a
    # translate that looks every character up in a dict.
    if MAPPED_RE.search(text) is None:
        return text
    return text.translate(_sound_table())
