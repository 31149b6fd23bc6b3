"""The sound table and the quick test that skips it."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.grading import pinyin


def test_every_character_the_table_maps_is_found_by_the_quick_test() -> None:
    # sound() returns text untouched when MAPPED_RE finds nothing: a mapped character outside
    # its ranges would silently lose its sound matching.
    table = pinyin._table()
    assert table
    assert all(pinyin.MAPPED_RE.match(chr(code_point)) for code_point in table)


def test_sound_folds_homophones_and_leaves_english_alone() -> None:
    assert pinyin.sound("解玛器") == pinyin.sound("解码器")
    assert pinyin.sound("plain English, 0.5") == "plain English, 0.5"
    assert pinyin.sound("〇") != "〇"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("解码器玛模型〇 abcǁéα—😀\ue000\uf8ff\U00020000"), max_size=30))
def test_sound_is_the_table_read_character_by_character(text: str) -> None:
    # Every character the table lacks stays as it is, whether the translate table holds it or not.
    table = pinyin._table()
    assert pinyin.sound(text) == "".join(table.get(ord(ch), ch) for ch in text)
