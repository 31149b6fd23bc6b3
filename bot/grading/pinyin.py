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


# Characters of match forms that the table lacks, mapped to themselves up front: Latin, Greek and
# Cyrillic letters (the clause mark U+01C1 too), and punctuation and symbols.
_OTHER_CODES = (range(0x0500), range(0x2000, 0x2C00))


@lru_cache(maxsize=1)
def _sound_table() -> dict[int, str]:
    """The table for str.translate: a plain dict, which it reads faster than a subclass with
    __missing__ (about a quarter less time on Chinese replies). A character the dict lacks stays
    as it is, which is its sound: only slower, since translate raises and clears a KeyError
    inside for it; so the other characters replies hold are in it too (_OTHER_CODES)."""
    table = dict(_table())
    for codes in _OTHER_CODES:
        for code in codes:
            table.setdefault(code, chr(code))
    return table


def sound(text: str) -> str:
    """The text with every Chinese character replaced by the code of its toneless syllable."""
    # Most English replies hold no character of the table: a search in C instead of a
    # translate that looks every character up in a dict.
    if MAPPED_RE.search(text) is None:
        return text
    return text.translate(_sound_table())
