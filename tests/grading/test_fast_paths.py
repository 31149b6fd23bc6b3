"""Shortcuts taken for speed give what the general path gives: the ASCII match form, the English
reply language, the loose claims' first look."""

from __future__ import annotations

import re
import unicodedata
from unittest.mock import patch

from hypothesis import example, given, settings
from hypothesis import strategies as st

from bot.grading.analyser import CJK_RE
from bot.grading.claims import (
    _SAME_WORDS,
    OVERCLAIM_RE,
    LooseClaim,
    _first_look,
    _read_alike,
    _same_words,
    loose_claims,
    loose_match,
    overclaims,
    word_claims,
    word_match,
)
from bot.grading.detect import (
    _EN_FUNCTION_WORDS,
    _EN_NON_ANSWER_RE,
    _LIST_HEAD_RE,
    _LIST_MARKS_RE,
    _MAIN_CJK_RE,
    _SENTENCE_PUNCT_RE,
    _SETTING_RE,
    _TOKEN_RE,
    NON_ANSWER_CUES,
    _en_list_reason,
    _list_text,
    _zh_list_reason,
    any_keyword_list_reason,
    non_answer_reason,
    repeated_reason,
)
from bot.grading.grader import _any_of
from bot.grading.keypoints import (
    _ASCII_FOLD,
    _CLAUSE_FOLD,
    _EN_NEGATIONS,
    _LONG_WORD_RE,
    _NEGATION_CUE_AT_RE,
    _ZH_NEGATIONS,
    CLAUSE,
    Hits,
    _may_be_negated,
    _negation_cue_in,
    _negation_cues,
    match_form,
    negated,
)
from bot.grading.normalize import is_cjk, normalize
from bot.grading.relations import Foreign
from bot.grading.roles import RoleCheck, _Binding, _holds_needle, pairs_for
from bot.grading.tuning import (
    FUZZY_WORD_MIN,
    KEYWORD_CHUNK_MAX_WORDS,
    KEYWORD_LIST_MIN_CHUNKS,
    NONANSWER_MAX_CHARS,
    REPEAT_DISTINCT_SHARE,
    REPEAT_MIN_TOKENS,
)
from bot.grading.wording import KEYWORD_LIST, NON_ANSWER, REPEATED, reply_language

ASCII_PIECES = st.sampled_from(
    ["The", "encoder", "READS", "self-attention", "e.g.", "0.1", "don't", " ", "\t", "\n", ",", ".", "?"]
)
ASCII_TEXT = st.one_of(
    st.text(alphabet=st.characters(max_codepoint=127), max_size=60),
    st.lists(ASCII_PIECES, max_size=20).map("".join),
)


def test_ascii_table_folds_as_the_full_table() -> None:
    for code in range(128):
        fast = chr(code).translate(_ASCII_FOLD).replace("\0", f" {CLAUSE} ")
        assert fast == chr(code).translate(_CLAUSE_FOLD), repr(chr(code))


@settings(max_examples=300, deadline=None)
@given(ASCII_TEXT)
def test_ascii_match_form_is_the_general_one(text: str) -> None:
    # An ideographic space folds to a plain one that the padding absorbs, and takes the text off
    # the ASCII path.
    assert text.isascii()
    assert match_form(text) == match_form(text + "\u3000")


@settings(max_examples=200, deadline=None)
@given(ASCII_TEXT)
def test_ascii_reply_is_english(text: str) -> None:
    assert reply_language(text) == "en"
    assert reply_language(text + "\u3000") == "en"


CLAIMS = loose_claims(
    ("参数量反而会增加", "学习率越大越稳定", "梯度从输出层往输入层反向传播会消失"),
    ("参数共享让参数量减少", "学习率太大训练会发散"),
)
CLAUSES = st.sampled_from(
    ["参数量反而会增加", "学习率越大越稳定", "共用一组权重", "不是", "梯度消失", "增", "稳", "。", "，"]
)


def _plain_first_look(claims: tuple[LooseClaim, ...], form: str) -> list[LooseClaim]:
    present = set(form)
    return [c for c in claims if c.distinctive <= present]


@settings(max_examples=300, deadline=None)
@given(st.lists(CLAUSES, max_size=12).map("".join))
def test_first_look_keeps_what_a_set_of_every_character_keeps(text: str) -> None:
    assert CLAIMS, "the claims above must be long enough to be matched loosely"
    form = match_form(text)
    pattern, any_free, distinctive = _first_look(CLAIMS)
    present = set(pattern.findall(form))
    assert not any_free
    assert distinctive == tuple(c.distinctive for c in CLAIMS)
    assert [c for c in CLAIMS if c.distinctive <= present] == _plain_first_look(CLAIMS, form)
    loose_match(CLAIMS, form)  # runs on any text


def test_first_look_finds_a_loose_claim() -> None:
    found = loose_match(CLAIMS, match_form("我觉得参数量反而会增加"))
    assert [claim for claim, _ in found] == ["参数量反而会增加"]


def _plain_language(reply: str) -> str:
    """reply_language as first written: every letter of the head counted in one pass."""
    head = reply[:2000]
    letters = sum(map(str.isalpha, head))
    cjk = sum(1 for ch in head if is_cjk(ch) and ch.isalpha())
    return "zh" if letters and cjk * 4 >= letters - cjk else "en"


MIXED = st.text(
    alphabet=st.sampled_from("注意力机制，。、 abcXYZ²Ⅷ〇𠀀0１!é\u200b\u3000"), max_size=80
) | st.lists(st.sampled_from(["模型", "the encoder", "²", "。", " ", "Ⅻ", "中文 text"]), max_size=30).map(
    "".join
)


@settings(max_examples=400, deadline=None)
@given(MIXED)
def test_reply_language_counts_letters_as_one_pass_does(text: str) -> None:
    assert reply_language(text) == _plain_language(text)


def _plain_keyword_list(raw: str) -> str | None:
    """any_keyword_list_reason without its first looks (Chinese function words, the separators
    of ASCII text); the subject and copula before a list ("注意力是a、b、c") go as there."""
    head = _LIST_HEAD_RE.match(raw)
    if head is not None and _LIST_MARKS_RE.match(raw, head.end()):
        raw = raw[head.end() :]
    text = _list_text(raw)
    return None if text is None else _zh_list_reason(text) or _en_list_reason(text)


LIST_PIECES = st.sampled_from(
    [
        "注意力",
        "的",
        "是",
        "可以",
        "用来",
        "、",
        "，",
        ", ",
        " / ",
        "encoder",
        "the",
        "。",
        "\uf967",
        "Ｂ",
        "ß",
        " ",
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(LIST_PIECES, max_size=14).map("".join))
@example("注意力是注意力、注意力、注意力")
def test_keyword_list_first_look_changes_no_verdict(raw: str) -> None:
    assert any_keyword_list_reason(raw) == _plain_keyword_list(raw)


ASCII_LIST_PIECES = st.sampled_from(
    ["encoder", "Decoder", "attention", ", ", ",", "/", "; ", " ", "the", "is", "."]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(ASCII_LIST_PIECES, max_size=10).map("".join))
def test_keyword_list_ascii_look_changes_no_verdict(raw: str) -> None:
    assert any_keyword_list_reason(raw) == _plain_keyword_list(raw)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=40))
def test_ascii_list_text_is_the_folded_text(raw: str) -> None:
    kept = _SETTING_RE.sub(r"\1", raw)  # a name=value setting stays its name
    text = unicodedata.normalize("NFKC", kept).casefold().strip()
    plain = None if _SENTENCE_PUNCT_RE.search(kept) or _SENTENCE_PUNCT_RE.search(text) else text
    assert _list_text(raw) in (None, plain)  # None where too few separators settle it first
    if _list_text(raw) is None and plain is not None:
        assert _en_list_reason(plain) is None and _zh_list_reason(plain) is None


def test_ascii_keyword_list_still_found() -> None:
    assert any_keyword_list_reason("Encoder, decoder, attention") is not None
    assert any_keyword_list_reason("the encoder reads, the decoder writes") is None


def test_keyword_list_still_found() -> None:
    assert any_keyword_list_reason("注意力、残差、归一化、前馈") is not None
    assert any_keyword_list_reason("注意力的作用、残差、归一化") is None


def test_main_chinese_blocks_stay_characters_when_normalized() -> None:
    for lo, hi in ((0x3400, 0x4DBF), (0x4E00, 0x9FFF)):
        for code in range(lo, hi + 1):
            assert _MAIN_CJK_RE.fullmatch(chr(code))
            assert normalize(chr(code)).strip(), hex(code)


def _plain_non_answer(raw: str) -> str | None:
    """non_answer_reason without its count of Chinese characters."""
    if len(raw) > 4 * NONANSWER_MAX_CHARS:
        return None
    spaced = normalize(raw)
    if len(spaced.replace(" ", "")) > NONANSWER_MAX_CHARS:
        return None
    if any(cue in spaced.replace(" ", "") for cue in NON_ANSWER_CUES) or _EN_NON_ANSWER_RE.fullmatch(spaced):
        return NON_ANSWER
    return NON_ANSWER if _EN_NON_ANSWER_RE.fullmatch(raw.strip()) else None


NON_ANSWER_PIECES = st.sampled_from(
    [
        "不知道",
        "不会",
        "跳过",
        "模型",
        "pass",
        "idk",
        "?",
        " ",
        "。",
        "㐀",
        "\uf967",
        "Ab9",
        "e\u0301",
        "\u0301",
        "ﬁ",
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(NON_ANSWER_PIECES, max_size=12).map("".join))
def test_non_answer_shortcut_changes_no_verdict(raw: str) -> None:
    assert non_answer_reason(raw) == _plain_non_answer(raw)


def _plain_repeated(form: str) -> str | None:
    """repeated_reason as first written: a set of every character, then the regex tokens."""
    if len(form) < REPEAT_MIN_TOKENS or len(set(form)) > len(form) // 2:
        return None
    tokens = _TOKEN_RE.findall(form.replace(CLAUSE, " "))
    if len(tokens) >= REPEAT_MIN_TOKENS and len(set(tokens)) / len(tokens) < REPEAT_DISTINCT_SHARE:
        return REPEATED
    return None


FORM_PIECES = st.sampled_from(
    ["model", "ab", "c", " ", CLAUSE, "模型", "A", "-", "\t", "0", "x y z w v u t s r q"]
)


@settings(max_examples=500, deadline=None)
@given(
    st.one_of(
        st.lists(FORM_PIECES, max_size=80).map("".join),
        st.text(alphabet=st.characters(max_codepoint=127), min_size=200, max_size=400),
    )
)
def test_repeated_shortcuts_change_no_verdict(form: str) -> None:
    assert repeated_reason(form) == _plain_repeated(form)
    assert repeated_reason(match_form(form)) == _plain_repeated(match_form(form))


WORD_PIECES = st.sampled_from(
    ["model", "the", "a", "b c", " ", CLAUSE, "0", "\t", "\x1c", "q r s t u v w x y z"]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(WORD_PIECES, min_size=20, max_size=60).map("".join))
def test_repeated_words_only_shortcut_changes_no_verdict(form: str) -> None:
    # Only letters, digits, whitespace and clause marks: 47 different characters at most.
    assert repeated_reason(form) == _plain_repeated(form)


def test_repeated_long_english_form() -> None:
    form = match_form("the model learns " * 30)
    assert len(form) >= 2 * 129
    assert repeated_reason(form) == REPEATED


ROLE_REFERENCE = [
    "the encoder reads the source sentence",
    "the decoder writes the target",
    "编码器读入源句子，解码器逐个生成目标词",
]
ROLE_CHECK = RoleCheck.build(pairs_for((), ROLE_REFERENCE), ROLE_REFERENCE)
# The same pairs with needles every match form holds: no pair is ever left out before binding,
# and no clause is skipped.
ROLE_CHECK_PLAIN = RoleCheck(
    tuple(
        (
            names,
            first,
            second,
            _Binding(binding.first, binding.second, (" ",), (" ",), (" ",), binding.first_wordings),
            wordings,
        )
        for names, first, second, binding, wordings in ROLE_CHECK.pairs
    )
)
ROLE_PIECES = st.sampled_from(
    [
        "the encoder",
        "the decoder",
        " reads",
        " writes",
        " source",
        " target",
        " sentence",
        ", ",
        " and ",
        "编码器",
        "解码器",
        "读入",
        "源句子",
        "生成",
        "目标词",
        "，",
        "α",
        "不是",
        " not",
    ]
)


def test_role_check_has_needles() -> None:
    assert ROLE_CHECK.pairs and all(binding.needles for _, _, _, binding, _ in ROLE_CHECK.pairs)


@settings(max_examples=400, deadline=None)
@given(st.lists(ROLE_PIECES, max_size=12).map("".join))
# A clause naming only a side the first look leaves out still ends the clause before it.
@example("the encoder writes and  target编码器")
def test_role_check_first_look_changes_no_verdict(reply: str) -> None:
    form = match_form(reply)
    assert ROLE_CHECK.swapped(form) == ROLE_CHECK_PLAIN.swapped(form)


@settings(max_examples=400, deadline=None)
@given(st.lists(ROLE_PIECES, max_size=12).map("".join))
@example("the encoder writes the target")
@example("the encoder reads and writes the target")
@example("the decoder works and reads the source sentence")
@example("the encoder works and then writes the target")
def test_role_check_clause_bound_changes_no_verdict(reply: str) -> None:
    # The bound clause by clause against binding every pair that the first look keeps.
    form = match_form(reply)
    with patch("bot.grading.roles._may_swap_in", return_value=True):
        plain = ROLE_CHECK.swapped(form)
    assert ROLE_CHECK.swapped(form) == plain


def _plain_en_list(text: str) -> str | None:
    """_en_list_reason without its count of separators."""
    if CJK_RE.search(text):
        return None
    chunks = [c.split() for c in re.split(r"[,;/\u3001]+", text) if c.strip()]
    if len(chunks) < KEYWORD_LIST_MIN_CHUNKS:
        return None
    if all(len(c) <= KEYWORD_CHUNK_MAX_WORDS and not _EN_FUNCTION_WORDS.intersection(c) for c in chunks):
        return KEYWORD_LIST
    return None


EN_LIST_PIECES = st.sampled_from(
    [
        "dropout",
        "batch norm",
        "the",
        "weight decay",
        ",",
        ", ",
        ";",
        "/",
        " / ",
        "\u3001",
        " ",
        "注意力",
        "a b c d",
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(EN_LIST_PIECES, max_size=10).map("".join))
def test_english_keyword_list_count_changes_no_verdict(text: str) -> None:
    assert _en_list_reason(text) == _plain_en_list(text)


def test_english_keyword_list_still_found() -> None:
    assert _en_list_reason("dropout, batch norm, weight decay") == KEYWORD_LIST
    assert _en_list_reason("dropout, batch norm") is None


def _plain_overclaims(form: str) -> list[tuple[str, int]]:
    """overclaims without its look for cue words."""
    return [
        (m[0].strip(), m.start())
        for m in OVERCLAIM_RE.finditer(form)
        if not negated(form, m.start() + (m[0][0] == " "))
    ]


OVERCLAIM_PIECES = st.sampled_from(
    [
        "越大",
        "一定",
        "越好",
        "完全",
        "解决",
        "不能",
        "收敛",
        "保证",
        "the bigger",
        " the better",
        " always",
        " improves",
        " completely",
        " solves",
        " never",
        " overfits",
        " only",
        " works",
        " for",
        " images",
        "模型",
        "，",
        ". ",
        " not",
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(OVERCLAIM_PIECES, max_size=10).map("".join))
def test_overclaim_cue_look_changes_no_verdict(text: str) -> None:
    form = match_form(text)
    assert overclaims(form) == _plain_overclaims(form)


def test_overclaims_still_found_in_both_languages() -> None:
    assert overclaims(match_form("批次越大，效果一定越好"))
    assert overclaims(match_form("dropout completely solves overfitting"))


# The negation cue look as one pattern, as first written.
_NEGATION_CUE_ONE_RE = re.compile(f"[{_ZH_NEGATIONS}]| (?:{'|'.join(sorted(_EN_NEGATIONS))}) ")
NEGATION_PIECES = st.sampled_from(
    [
        "不",
        "没有",
        "并非",
        "模型",
        "注意力",
        " not",
        " no",
        " t",
        " cannot",
        " never",
        "nothing",
        " the",
        " model",
        "，",
        ". ",
        " ",
        "a",
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(NEGATION_PIECES, max_size=10).map("".join))
def test_negation_cue_look_is_the_one_pattern(text: str) -> None:
    form = match_form(text)
    assert _negation_cue_in(form) == (_NEGATION_CUE_ONE_RE.search(form) is not None)
    assert _negation_cue_in(text) == (_NEGATION_CUE_ONE_RE.search(text) is not None)


UNRELATED_PIECES = st.sampled_from(["无关", "没关系", "和", "与", "相关"])


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(NEGATION_PIECES, UNRELATED_PIECES), max_size=12).map("".join))
@example("模型和注意力无关")
@example("不，模型 not no model")
@example("noth")
def test_negation_gate_keeps_every_negated_phrase(text: str) -> None:
    # The search asks negated() only where _negation_cue_in() holds: the gate keeps what it gave.
    form = match_form(text)
    cues = _negation_cues(form)
    for start in range(len(form)):
        if _negation_cue_in(form) and negated(form, start):
            assert cues and _may_be_negated(cues, form, start), (form, start)


def _plain_language(reply: str) -> str:
    """reply_language counted character by character."""
    text = reply[:2000]
    cjk = sum(1 for ch in text if CJK_RE.fullmatch(ch) and ch.isalpha())
    letters = sum(1 for ch in text if ch.isalpha())
    return "zh" if letters and cjk * 4 >= letters - cjk else "en"


LANGUAGE_PIECES = st.sampled_from(
    [
        "模型",
        "注意力机制",
        "the model",
        "BERT",
        " ",
        "，",
        "123",
        "é",
        "\u3007",
        "😀",
        "\u2f00",
        "a",
        "\uf900",
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(LANGUAGE_PIECES, max_size=12).map("".join))
def test_reply_language_is_the_count_per_character(reply: str) -> None:
    assert reply_language(reply) == _plain_language(reply)


def test_a_two_character_word_with_a_link_character_is_still_a_keyword() -> None:
    # 复用 ends in 用, which links the pieces of a sentence ("一般和 X 一起用"), yet is one word.
    assert any_keyword_list_reason("参数, 复用, CNN, fewer parameters") is not None
    assert any_keyword_list_reason("作用、复用、参数") is not None
    assert any_keyword_list_reason("一般和，卷积，一起用") is None


EVIDENCE_PIECES = st.sampled_from(["模型", "注意力", " self attent ", " a ", "，", " ", "x", "编码器"])


@settings(max_examples=300, deadline=None)
@given(
    st.lists(EVIDENCE_PIECES, max_size=8),
    st.integers(0, 40),
    st.integers(0, 12),
    st.booleans(),
    st.sampled_from([0, 1, 3, 4, 100]),
)
def test_evidence_of_one_phrase_is_the_general_count(
    pieces: list[str], start: int, length: int, sure: bool, enough: int
) -> None:
    # A skip set that leaves nothing out takes the general path.
    form = "".join(pieces)
    hits = Hits(stated={7: [(start, start + length, sure)]})
    general = hits.evidence(7, form, skip=frozenset({-1}), enough=enough)
    assert hits.evidence(7, form, enough=enough) == general


# Words the worded claims read as another ("each" as "every"), and words they leave as they are.
SAME_WORD_PIECES = st.sampled_from(
    [
        *match_form("each every step update highest peak high low tiny at with use see model token").split(),
        CLAUSE,
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(SAME_WORD_PIECES, max_size=12))
def test_words_read_alike_by_set_operations_as_one_by_one(words: list[str]) -> None:
    present = set(words)
    held = _read_alike(present)
    assert present == {_SAME_WORDS.get(w, w) for w in words}
    assert held == any(w in _SAME_WORDS for w in words)
    assert _same_words(words) == [_SAME_WORDS.get(w, w) for w in words]
    assert _same_words(iter(words)) == [_SAME_WORDS.get(w, w) for w in words]


def test_worded_claim_found_through_words_read_alike() -> None:
    claims = word_claims(["takes an optimizer step after every micro-batch"])
    form = match_form("it takes an optimizer update after each micro-batch, then averages")
    assert word_match(claims, form) == [(claims[0].text, 0)]


OPPOSITE_PIECES = st.sampled_from([" lower ", " low", "降低", "减小", "小", " a.b ", "(x", "|", " ", "er "])


@settings(max_examples=400, deadline=None)
@given(st.lists(OPPOSITE_PIECES, max_size=5), st.lists(OPPOSITE_PIECES, max_size=10).map("".join))
def test_one_pattern_finds_what_a_scan_per_text_finds(texts: list[str], form: str) -> None:
    pattern = _any_of(texts)
    found = pattern is not None and pattern.search(f" {form} ") is not None
    assert found == any(t in f" {form} " for t in texts)


@settings(max_examples=300, deadline=None)
@given(st.lists(ROLE_PIECES, max_size=12).map("".join))
def test_needle_pattern_finds_what_a_scan_per_needle_finds(reply: str) -> None:
    form = match_form(reply)
    for _names, _first, _second, binding, _wordings in ROLE_CHECK.pairs:
        assert _holds_needle(form, binding) == any(n in form for n in binding.needles)
        assert _holds_needle(f" {form} ", binding) == any(n in f" {form} " for n in binding.needles)


FOREIGN = Foreign(tuple(match_form(n).strip() for n in ("LSTM", "RNN", "卷积神经网络", "卷积", "c++", "a.b")))
FOREIGN_PIECES = st.sampled_from(
    ["lstm", " rnn", "卷积", "神经网络", "c++", "a.b", "axb", "是", " is ", "，", " "]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(FOREIGN_PIECES, max_size=10).map("".join))
def test_foreign_name_pattern_finds_what_a_scan_per_name_finds(text: str) -> None:
    form = match_form(text)
    for probe in (form, text):
        named = FOREIGN.named_re is not None and FOREIGN.named_re.search(probe) is not None
        assert named == any(name in probe for name in FOREIGN.names)
    assert Foreign(()).told_as_subject(form) is None


WORD_EDGE_PIECES = st.sampled_from(
    [
        "backpropogation",
        "abcdefg",
        "abcdef",
        "x",
        "1",
        "_",
        "é",
        "中",
        " ",
        CLAUSE,
        "-",
        " not",
        " no",
        "不",
        "t",
        " t",
    ]
)


@settings(max_examples=500, deadline=None)
@given(st.lists(WORD_EDGE_PIECES, max_size=12).map("".join))
def test_word_patterns_find_what_the_plain_patterns_find(text: str) -> None:
    plain_long = re.compile(rf"\b[a-z]{{{FUZZY_WORD_MIN},}}\b")
    assert _LONG_WORD_RE.findall(text) == plain_long.findall(text)
    assert _LONG_WORD_RE.sub("#", text) == plain_long.sub("#", text)
    plain_cues = re.compile(f"[{_ZH_NEGATIONS}]|(?= (?:{'|'.join(sorted(_EN_NEGATIONS))}))")
    assert [m.start() for m in _NEGATION_CUE_AT_RE.finditer(text)] == [
        m.start() for m in plain_cues.finditer(text)
    ]
