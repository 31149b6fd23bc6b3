from bot.grading import analyser
from bot.grading.analyser import GRAMMAR_WORDS, stem
from bot.grading.keypoints import match_form
from bot.grading.normalize import bigrams, compact, normalize, terms


def test_full_width_letters_and_digits_become_half_width() -> None:
    assert normalize("ＢＥＲＴ１２３") == "bert123"


def test_case_is_folded() -> None:
    assert normalize("Self-Attention") == normalize("self attention") == "self attention"


def test_traditional_becomes_simplified() -> None:
    assert normalize("權重共享與過擬合") == "权重共享与过拟合"
    assert normalize("反向傳播是用連鎖律") == "反向传播是用连锁律"


def test_punctuation_and_whitespace_are_folded() -> None:
    assert normalize("  词嵌入，\n就是——向量！！ ") == "词嵌入就是向量"
    assert normalize("loss,  function;\tgradient") == "loss function gradient"


def test_spaces_between_chinese_characters_vanish_but_not_next_to_latin() -> None:
    assert normalize("词 嵌 入") == "词嵌入"
    assert normalize("用 BERT 编码") == "用 bert 编码"


def test_compact_removes_all_spaces() -> None:
    assert compact("Word Embedding 词 向量") == "wordembedding词向量"


def test_empty_and_symbol_only_text() -> None:
    assert normalize("") == ""
    assert normalize("!!! 😀😀 ...") == ""


def test_stem_meets_plurals_and_verb_forms() -> None:
    assert stem("embeddings") == stem("embedding") == stem("embedded")
    assert stem("trained") == stem("training") == "train"
    assert stem("dropping") == stem("drops") == "drop"
    assert stem("loss") == "loss"


def test_stem_keeps_apart_what_differs_and_meets_what_is_one_word() -> None:
    assert len({stem("general"), stem("generate"), stem("generalize")}) == 3
    assert stem("generalize") == stem("generalization")
    assert stem("tokenizer") == stem("tokenizers") == stem("tokenization") == stem("tokenisation")
    # A technique is not the thing it works on: "tokens" must not state "the tokenizer".
    assert stem("tokenizer") != stem("tokens") == stem("token")
    assert stem("normalization") != stem("normal")
    assert stem("optimizer") == stem("optimization") != stem("optimal")
    assert stem("size") == stem("sizes")


def test_there_is_one_stemmer() -> None:
    import bot.grading.normalize as normalize
    import bot.grading.terms_stats as terms_stats

    assert not hasattr(normalize, "stem") or normalize.stem is stem
    assert terms_stats.stem("stores") == stem("stores")
    assert normalize.words("stored stores storing") == [stem("stored")] * 3


def test_terms_give_english_stems_and_chinese_bigrams() -> None:
    assert terms("Embeddings 向量空间") == ["embed", "向量", "量空", "空间"]
    assert bigrams("词") == ["词"]
    assert bigrams("") == []


def test_traditional_forms_common_in_machine_learning_answers() -> None:
    assert normalize("隨機丟棄神經元，標註資料，知識蒸餾") == "随机丢弃神经元标注资料知识蒸馏"


def test_every_form_of_a_verb_meets_in_the_match_form() -> None:
    assert match_form("scale the gradients").split()[0] == match_form("gradients are scaled").split()[-1]
    assert match_form("merge").strip() == match_form("merged").strip() == match_form("merging").strip()
    assert match_form("freeze").strip() == match_form("freezes").strip() == match_form("freezing").strip()
    assert match_form("note").strip() != "not"


def test_grammar_words_keep_their_spelling_in_the_match_form() -> None:
    # Snowball would respell these ("unlike" -> "unlik", "only" -> "onli", "because" -> "becaus")
    # and the negation, contrast and overclaim cues look for them as written.
    for word in ("unlike", "because", "before", "only", "completely", "always", "otherwise"):
        assert word in GRAMMAR_WORDS
        assert match_form(word).strip() == word
    # so are the negation cues a key point's phrase is checked against
    from bot.grading.keypoints import _EN_NEGATIONS

    assert all(match_form(word).strip() == word for word in _EN_NEGATIONS)
    # every other word is stemmed
    assert match_form("eliminates").strip() == stem("eliminates")


def test_traditional_characters_beyond_the_hand_table_are_simplified() -> None:
    from bot.grading.hanzi import to_simplified

    # 合併 was missed by the hand-written table; OpenCC's character data covers it.
    assert to_simplified("合併 後來 頭髮 記憶體") == "合并 后来 头发 记忆体"


def test_is_cjk_and_the_cjk_pattern_agree_at_every_range_edge() -> None:
    # is_cjk spells the ranges out for speed; CJK_CODE_RANGES is where every pattern takes them.
    edges = {c + d for lo, hi in analyser.CJK_CODE_RANGES for c in (lo, hi) for d in (-1, 0, 1)}
    for code in sorted(edges | {ord("a"), ord("の"), 0x3000}):
        ch = chr(code)
        assert analyser.is_cjk(ch) == bool(analyser.CJK_RE.fullmatch(ch)), hex(code)


def test_a_power_of_e_reads_as_exp_in_the_match_form() -> None:
    assert match_form("e^(mean cross-entropy)") == match_form("exp(mean cross-entropy)")
    assert match_form("PPL = E ^ loss") == match_form("PPL = exp loss")
    assert match_form("困惑度=e^(交叉熵)") == match_form("困惑度=exp(交叉熵)")
    # Only a lone e: a word ending in e before a caret keeps its letters.
    assert match_form("type^2").split() == ["type", "2"]


def test_the_letters_of_a_mean_and_a_deviation_read_as_their_words() -> None:
    assert match_form("(x − μ)/σ") == match_form("(x − mean)/std")
    assert match_form("σ² over the features") == match_form("variance over the features")
    assert match_form("µ of the batch") == match_form("mean of the batch")
    # A capital sigma is a sum, not a deviation.
    assert "std" not in match_form("CE = -Σ y log p")
