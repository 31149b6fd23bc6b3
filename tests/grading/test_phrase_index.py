"""PhraseIndex.search: one automaton pass finds what a phrase-by-phrase substring search finds,
in the same order (the order decides which false claim a reason names first)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.grading import pinyin
from bot.grading.keypoints import (
    CLAUSE,
    Hits,
    PhraseIndex,
    _left_out,
    _units,
    _zh_negated,
    match_form,
    mixed_variants,
    negated,
)
from bot.grading.normalize import is_cjk
from bot.grading.tuning import NEGATION_WINDOW_CHARS, NEGATION_WINDOW_WORDS

PHRASES = (
    "attention",
    "self attention",
    "the gradient vanishes",
    "梯度消失",
    "梯度",
    "消失",
    "注意力机制",
    "解码器",
    "编码器 encoder",
    "not normalized",
    "归一化",
    "层归一化",
)
PIECES = (*PHRASES, "不是", "not", "skips", "没有", "。", ", ", " and ", "解玛器", "the", "梯", "x")
PIECES = (*PIECES, "🙂", "𠀀")


def _naive(index: PhraseIndex, form: str) -> Hits:
    """Every filed phrase searched one by one, keys in sorted order: the search as it was before
    the automaton, kept here as the oracle."""
    hits = Hits()
    text = hits.sounded = pinyin.sound(form)
    denied: dict[int, list[int]] = {}
    for key in sorted(index._index):
        for phrase, spelled, owner, sure, exact in index._index[key]:
            start = text.find(phrase)
            while start >= 0:
                if not (spelled and not form.startswith(spelled, start)):
                    if not negated(form, start):
                        strong = sure and not (exact and not form.startswith(exact, start))
                        hits.stated.setdefault(owner, []).append((start, start + len(phrase), strong))
                        break
                    hits.negated.add(owner)
                    if _left_out(form, start):
                        denied.setdefault(owner, []).append(_units(form[start : start + len(phrase)]))
                start = text.find(phrase, start + 1)
    # An owner said to be left out by a phrase longer than all that state it is not stated.
    for owner, units in denied.items():
        spans = hits.stated.get(owner, [])
        if spans and max(units) > max(_units(form[a:b]) for a, b, _ in spans):
            del hits.stated[owner]
    hits.negated.difference_update(hits.stated)
    return hits


def _index() -> PhraseIndex:
    index = PhraseIndex(PHRASES)
    for owner, phrase in enumerate(PHRASES):
        index.add(phrase, owner % 7, strong=owner % 3 == 0)
    return index


INDEX = _index()


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=12), st.text(max_size=6))
def test_search_finds_what_a_phrase_by_phrase_search_finds(pieces: list[str], noise: str) -> None:
    form = match_form(" ".join(pieces) + noise)
    got, want = INDEX.search(form), _naive(INDEX, form)
    assert got.stated == want.stated
    assert list(got.stated) == list(want.stated)  # the same owners first
    assert got.negated == want.negated
    assert got.sounded == want.sounded


def test_a_negated_first_occurrence_leaves_the_next_one_stated() -> None:
    form = match_form("不是梯度消失, 梯度消失了")
    hits = INDEX.search(form)
    owner = PHRASES.index("梯度消失") % 7
    assert owner in hits.stated
    assert form[hits.stated[owner][0][0] :].startswith("梯度消失")


def test_a_phrase_added_after_a_search_is_found() -> None:
    index = _index()
    assert 40 not in index.search(match_form("dropout zeroes units")).stated
    index.add("dropout", 40)
    assert 40 in index.search(match_form("dropout zeroes units")).stated


def test_an_empty_index_finds_nothing() -> None:
    hits = PhraseIndex().search(match_form("anything at all"))
    assert hits.stated == {} and hits.negated == set()


def _negated_naive(form: str, start: int) -> bool:
    """negated() with the words before a phrase that does not start with a Chinese character
    read as first written: the whole clause split into words."""
    if start > 0 and form[start] != " " and is_cjk(form[start]):
        return negated(form, start)  # a window of characters: not what this oracle is about
    head = form[:start].rsplit(CLAUSE, 1)[-1].split()
    if head and is_cjk(head[-1][-1]):
        return _zh_negated(head[-1][-NEGATION_WINDOW_CHARS:])
    return any(
        w
        in {"not", "no", "never", "t", "without", "cannot", "neither", "nor", "unlike", "instead", "rather"}
        | {"skip", "bypass", "omit"}
        for w in head[-NEGATION_WINDOW_WORDS:]
    )


def test_a_thing_the_reply_says_it_skips_is_not_stated() -> None:
    # "skips the reward model": what a verb of leaving out names is said not to be there, in
    # every form of the verb, as after "without".
    for reply in ("DPO skips self attention", "it skipped self attention", "bypassing self attention"):
        hits = INDEX.search(match_form(reply))
        assert PHRASES.index("self attention") % 7 not in hits.stated, reply
    assert PHRASES.index("self attention") % 7 in INDEX.search(match_form("DPO uses self attention")).stated


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=14), st.data())
def test_negated_reads_the_same_words_as_a_split_of_the_whole_clause(
    pieces: list[str], data: st.DataObject
) -> None:
    form = match_form(" ".join(pieces))
    start = data.draw(st.integers(0, len(form) - 1))
    assert negated(form, start) == _negated_naive(form, start)


def test_a_chinese_phrase_is_also_met_with_its_terms_in_english() -> None:
    assert mixed_variants("同一组权重") == ["同一组 weight ", "同一组 weights "]
    # A term inside a longer one of the list is left to the longer one.
    assert mixed_variants("最小化损失函数") == ["最小化 loss function "]
    assert mixed_variants("随机丢弃神经元") == ["随机丢弃 neuron "]
    assert mixed_variants("双向") == []


def test_an_owner_said_to_be_left_out_by_its_longest_phrase_is_not_stated() -> None:
    # Owner 4 is filed under "梯度" and "层归一化": "不需要层归一化" leaves its longer phrase out, so
    # the bare "梯度" of another clause does not state it; a plain "不是" contrasts, and leaves it.
    owner = PHRASES.index("层归一化") % 7
    assert owner == PHRASES.index("梯度") % 7
    assert owner not in INDEX.search(match_form("不需要层归一化, 梯度")).stated
    assert owner in INDEX.search(match_form("不是层归一化, 梯度")).stated
    assert owner in INDEX.search(match_form("不需要梯度, 层归一化")).stated


def _negated_at(text: str, phrase: str) -> bool:
    """Whether `phrase` of `text` is read as negated, in the match form."""
    form = match_form(text)
    return negated(form, form.index(phrase))


def test_a_denied_existence_reaches_over_a_short_modifier_ending_in_de() -> None:
    assert _negated_at("没有单独的细胞状态", "细胞状态")
    assert _negated_at("不需要额外的奖励模型", "奖励模型")
    assert not _negated_at("有单独的细胞状态", "细胞状态")
    assert not _negated_at("没有, 单独的细胞状态", "细胞状态")  # another clause
    assert not _negated_at("没有用到很多很多层的细胞状态", "细胞状态")  # too far from the 的


def test_a_denied_need_reaches_over_the_things_joined_to_it_by_he() -> None:
    assert _negated_at("不再需要短语表和人工规则", "人工规则")
    assert _negated_at("没有输出门与细胞状态", "细胞状态")
    assert not _negated_at("需要短语表和人工规则", "人工规则")
    assert not _negated_at("不再需要短语表, 和人工规则", "人工规则")  # another clause
    assert not _negated_at("不需要很多很多很多很多的短语表和人工规则", "人工规则")  # too far from the 和


def test_a_phrase_denied_the_way_its_owner_states_it_by_a_denial_is_stated() -> None:
    index = PhraseIndex()
    index.add("unknown words", 0)
    index.add("never unknown", 0)
    index.add("unknown words", 1)  # an owner with no phrase that denies
    stated = index.search(match_form("with subwords you never get an unknown word")).stated
    assert 0 in stated
    assert 1 not in stated
    # Another denial than the owner's own still negates the phrase.
    assert 0 not in index.search(match_form("it does not handle unknown words")).stated
