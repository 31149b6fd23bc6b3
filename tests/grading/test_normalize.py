from bot.grading.normalize import bigrams, compact, normalize, stem, terms


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


def test_stem_meets_plurals_halfway() -> None:
    assert stem("embeddings") == stem("embedding") == stem("embedded")
    assert stem("trained") == stem("training") == "train"
    assert stem("dropping") == stem("drops") == "drop"
    assert stem("loss") == "loss"


def test_terms_give_english_stems_and_chinese_bigrams() -> None:
    assert terms("Embeddings 向量空间") == ["embed", "向量", "量空", "空间"]
    assert bigrams("词") == ["词"]
    assert bigrams("") == []


def test_traditional_forms_common_in_machine_learning_answers() -> None:
    assert normalize("隨機丟棄神經元，標註資料，知識蒸餾") == "随机丢弃神经元标注资料知识蒸馏"


def test_every_form_of_a_verb_meets_in_the_match_form() -> None:
    from bot.grading.keypoints import match_form

    assert match_form("scale the gradients").split()[0] == match_form("gradients are scaled").split()[-1]
    assert match_form("merge").strip() == match_form("merged").strip() == match_form("merging").strip()
    # grammar words the cues look for keep their spelling
    assert match_form("unlike").strip() == "unlike"
    assert match_form("note").strip() != "not"


def test_traditional_characters_beyond_the_hand_table_are_simplified() -> None:
    from bot.grading.hanzi import to_simplified

    # 合併 was missed by the hand-written table; OpenCC's character data covers it.
    assert to_simplified("合併 後來 頭髮 記憶體") == "合并 后来 头发 记忆体"
