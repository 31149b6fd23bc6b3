"""Replies that are not answers: empty, binary, symbols only, repeated text, non-answers, keyword lists.

Each detector looks at the reply alone (or at its match form) and returns a short reason when it
fires, None otherwise. They run before key-point matching decides anything.
"""

from __future__ import annotations

import re
import unicodedata

from bot.grading.analyser import CJK_RANGES, CJK_RE, is_cjk
from bot.grading.keypoints import CLAUSE
from bot.grading.normalize import normalize
from bot.grading.tuning import (
    BINARY_SHARE,
    KEYWORD_CHUNK_MAX_CJK,
    KEYWORD_CHUNK_MAX_WORDS,
    KEYWORD_LIST_MIN_CHUNKS,
    NONANSWER_MAX_CHARS,
    REPEAT_DISTINCT_SHARE,
    REPEAT_MIN_TOKENS,
)
from bot.grading.wording import KEYWORD_LIST, NON_ANSWER, NOT_TEXT, REPEATED

# Controls (but not line breaks and tabs), surrogates, private use and the replacement character.
_ODD_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ue000-\uf8ff\ufffd]")
_CJK_RE = CJK_RE
_TOKEN_RE = re.compile(r"[a-z0-9]+|[^\sa-z0-9]")
_NOT_WORD_RE = re.compile(r"[^\sa-z0-9]")  # what makes a token of its own
# How many different characters a form without such a token can hold: the ASCII characters the
# pattern lets through (a-z, 0-9, whitespace), and the clause mark.
_WORDS_ONLY_CHARS = sum(1 for code in range(128) if not _NOT_WORD_RE.match(chr(code))) + 1

# Ways of saying "I don't know / skip" in a chat: Chinese cues anywhere in a short reply, English
# ones as whole words (so "it passes by value" is no "pass"). The one list every grading path uses.
NON_ANSWER_CUES = (
    "不知道",
    "不清楚",
    "不晓得",
    "不会",
    "不懂",
    "不记得",
    "忘了",
    "忘记了",
    "没学过",
    "没听过",
    "跳过",
    "下一题",
    "等答案",
    "求答案",
    "看答案",
    "不确定",
    "不太确定",
    "没想法",
    "不太懂",
    "随便",
)
# English cues must be the whole reply, give or take a few fillers ("sorry idk", "i dont know
# lol"): "pass by reference" is an answer.
_EN_FILLER = (
    r"(?:i|sorry|um+|uh+|lol|ok|okay|just|really|honestly|tbh|please|pls|yet|here|this one|at all|man)"
)
_EN_CUE = (
    r"(?:pass|skip|idk|dunno|no idea|(?:don ?t|do not|dont) know|not sure|next(?: question)?|not known"
    r"|no answer|(?:not|never) answered|n a|na|nothing|none|no clue|\?+|-+)"
)
_EN_NON_ANSWER_RE = re.compile(rf"(?:{_EN_FILLER} )*{_EN_CUE}(?: {_EN_FILLER})*")


# Function words: a chunk containing one is part of a sentence, not a bare keyword. Characters
# such as 对/和/能 are left out: they are as often part of a term (相对, 能力) as a link.
_ZH_FUNCTION_WORDS = (
    "的",
    "是",
    "把",
    "就",
    "让",
    "被",
    "了",
    "用来",
    "用于",
    "可以",
    "能够",
    "通过",
    "使得",
    "叫做",
    "指的",
    "比如",
    "例如",
    "都",
    "也",
    "还",
    # "Transformer里面有self-attention、FFN、LayerNorm": a thing said to have, include or be
    # made of the items names its parts, which is a statement (partial at most), not a bare list.
    "有",
    "包括",
    "包含",
    "组成",
)
_EN_FUNCTION_WORDS = frozenset(
    (
        "a",
        "an",
        "the",
        "is",
        "are",
        "was",
        "be",
        "to",
        "of",
        "by",
        "for",
        "with",
        "that",
        "which",
        "it",
        "its",
        "into",
        "from",
        "on",
        "in",
        "as",
        "so",
        "can",
        "each",
        "every",
        "how",
        "what",
        "when",
        "where",
        "uses",
        "use",
        "using",
        "mean",
        "means",
    )
)
_ZH_FUNCTION_WORD_RE = re.compile("|".join(map(re.escape, _ZH_FUNCTION_WORDS)))
_ANY_CJK_RE = CJK_RE
# A chunk that starts or ends with a linking character is a piece of a sentence ("一般和 X 一起用").
_ZH_LINKS = frozenset("和与或跟及用在把被让给对从")
_CHUNK_SPLIT_RE = re.compile(r"[\s,;\u3001\uff0c\uff1b/|]+")
_SEPARATORS = r"\s,;\u3001\uff0c\uff1b/|"
# At least KEYWORD_LIST_MIN_CHUNKS - 1 runs of separators (enough for that many chunks), found by
# one search instead of a list of every run: a run, then (something else, a run) as often as needed.
_ENOUGH_SEPARATORS_RE = re.compile(
    f"[{_SEPARATORS}]+" + f"(?:[^{_SEPARATORS}]+[{_SEPARATORS}]+)" * max(0, KEYWORD_LIST_MIN_CHUNKS - 2)
)
_SENTENCE_PUNCT_RE = re.compile(r"[\u3002\uff1a:!?\uff01\uff1f()\uff08\uff09=+]")


def binary_reason(text: str) -> str | None:
    """Text made largely of control, private-use, unassigned or replacement characters."""
    if not text or not _ODD_RE.search(text):
        return None
    odd = len(_ODD_RE.findall(text))
    if odd / len(text) >= BINARY_SHARE:
        return NOT_TEXT
    return None


def repeated_reason(form: str) -> str | None:
    """The same few tokens over and over."""
    if len(form) < REPEAT_MIN_TOKENS:
        return None
    spaced = form.replace(CLAUSE, " ")
    # Only lowercase letters, digits and spaces (an English match form): the tokens are its words.
    words_only = spaced.isascii() and not _NOT_WORD_RE.search(spaced)
    # Most characters differ: nothing repeats much (a cheap first look). Text of ASCII characters
    # has at most 128 different ones (the clause mark aside), and an English match form at most
    # _WORDS_ONLY_CHARS: from twice that length on, the look cannot say so, and the set of its
    # characters need not be made.
    limit = _WORDS_ONLY_CHARS if words_only else 129 if spaced.isascii() else len(form)
    undecided = len(form) >= 2 * limit
    if not undecided and len(set(form)) > len(form) // 2:
        return None
    tokens = spaced.split() if words_only else _TOKEN_RE.findall(spaced)
    if len(tokens) >= REPEAT_MIN_TOKENS and len(set(tokens)) / len(tokens) < REPEAT_DISTINCT_SHARE:
        return REPEATED
    return None


# The two main blocks of Chinese characters: every one of them (all assigned) stays one character
# other than a space through normalize(), which the test of this shortcut checks one by one.
_MAIN_CJK_RE = re.compile("[\u3400-\u4dbf\u4e00-\u9fff]")
# ASCII letters and digits stay letters and digits too (one with a combining mark after it becomes
# one letter): more of the two kinds together than a non-answer may have characters, found by one
# match from the start, without a list of them or the normalizing.
_KEPT = "A-Za-z0-9\u3400-\u4dbf\u4e00-\u9fff"
_TOO_LONG_FOR_NON_ANSWER_RE = re.compile(f"(?:[^{_KEPT}]*[{_KEPT}]){{{NONANSWER_MAX_CHARS + 1}}}")


def non_answer_reason(raw: str) -> str | None:
    """A short reply that says it does not know or skips, or is only "?" or "-"."""
    if len(raw) > 4 * NONANSWER_MAX_CHARS:
        return None  # far too long for a non-answer: skip the normalizing
    if _TOO_LONG_FOR_NON_ANSWER_RE.match(raw):
        return None  # each stays a character of the normalized text: too many, skip the normalizing
    spaced = normalize(raw)
    compact_text = spaced.replace(" ", "")  # once, not once per cue
    if len(compact_text) > NONANSWER_MAX_CHARS:
        return None
    if any(map(compact_text.__contains__, NON_ANSWER_CUES)) or _EN_NON_ANSWER_RE.fullmatch(spaced):
        return NON_ANSWER
    if _EN_NON_ANSWER_RE.fullmatch(raw.strip()):  # "???" or "-" (punctuation is gone from `spaced`)
        return NON_ANSWER
    return None


# A term and a copula or colon before a list ("BPE 就是 subword, merge, vocabulary", "LoRA：低秩、
# 冻结、参数少"): naming the subject first links nothing, the rest is still a bare list.
_LIST_HEAD_RE = re.compile(
    rf"\s*(?:[a-z][a-z0-9-]{{0,15}}|[{CJK_RANGES}]{{1,8}})\s*(?:就是|即是|是指|指的是|是|即|:|\uff1a)\s*",
    re.IGNORECASE,
)

# ... when what follows has list marks between its chunks (commas, 、, semicolons, slashes), not
# only spaces: "就是好几层 LSTM 叠起来" is a sentence with spaces in it.
_LIST_MARKS = ",;/\u3001\uff0c\uff1b"
_LIST_MARKS_RE = re.compile(f"(?:[^{_LIST_MARKS}]*[{_LIST_MARKS}]){{{max(1, KEYWORD_LIST_MIN_CHUNKS - 1)}}}")


def any_keyword_list_reason(raw: str) -> str | None:
    """keyword_list_reason(raw) or english_keyword_list_reason(raw), with their shared first
    steps done once."""
    head = _LIST_HEAD_RE.match(raw)
    if head is not None and _LIST_MARKS_RE.match(raw, head.end()):
        raw = raw[head.end() :]
    # A Chinese function word of the raw reply is one of the folded text too (Chinese characters
    # neither compose nor case-fold), and there it makes both checks say no: decided before
    # the normalizing, which costs most on exactly these replies.
    if raw.isascii():
        # NFKC and case folding leave ASCII text ASCII with the same separators: no Chinese for
        # the Chinese check, and the English one needs enough separators, counted here at once.
        if sum(map(raw.count, _EN_SEPARATORS)) < KEYWORD_LIST_MIN_CHUNKS - 1:
            return None
    elif _ZH_FUNCTION_WORD_RE.search(raw):
        return None
    text = _list_text(raw)
    if text is None:
        return None
    return _zh_list_reason(text) or _en_list_reason(text)


# A setting written as name=value ("r=8", "max_norm=1.0", "lr = 3e-4") names a hyperparameter and
# its value, as a keyword does: no statement like "PPL = exp(loss)", whose "=" makes a sentence.
# The look-behind starts a name only at the start of a run of name characters: linear time on a
# long run without an "=" after it.
_SETTING_RE = re.compile(
    r"(?<![a-z0-9_.-])([a-z_][a-z0-9_.-]*)\s*=\s*[0-9][0-9.]*(?:e-?[0-9]+)?(?![a-z0-9(])", re.IGNORECASE
)


def _list_text(raw: str) -> str | None:
    """The folded reply both keyword-list checks read, or None when it is plainly no list."""
    if "=" in raw:
        raw = _SETTING_RE.sub(r"\1", raw)
    if _SENTENCE_PUNCT_RE.search(raw):
        return None  # a sentence: the cheaper search first
    if KEYWORD_LIST_MIN_CHUNKS >= 2 and _ENOUGH_SEPARATORS_RE.search(raw) is None:
        return None  # too few separators for enough chunks: skip the work below
    if raw.isascii():
        return raw.lower().strip()  # NFKC leaves ASCII as it is, and case folding is lower() there
    text = unicodedata.normalize("NFKC", raw).casefold().strip()
    if _SENTENCE_PUNCT_RE.search(text):
        return None
    return text


def keyword_list_reason(raw: str) -> str | None:
    """Several short keywords side by side with nothing that links them into a statement."""
    text = _list_text(raw)
    return None if text is None else _zh_list_reason(text)


def _zh_list_reason(text: str) -> str | None:
    # The same verdicts as the chunk loop below, decided cheaply for most prose: without Chinese
    # the chunks are Latin prose (English lists are english_keyword_list_reason's), and a function
    # word anywhere sits inside some chunk (no separator inside it), which is then no keyword.
    if not _ANY_CJK_RE.search(text) or _ZH_FUNCTION_WORD_RE.search(text):
        return None
    chunks = [c for c in _CHUNK_SPLIT_RE.split(text) if c]
    if len(chunks) < KEYWORD_LIST_MIN_CHUNKS:
        return None
    if all(_bare_chunk(c) for c in chunks) and not _all_latin_prose(chunks):
        return KEYWORD_LIST
    return None


def _bare_chunk(chunk: str) -> bool:
    if chunk.isdigit():
        return False  # a number is a value someone states, not a keyword
    if any(is_cjk(ch) for ch in chunk):
        cjk = [ch for ch in chunk if is_cjk(ch)]
        # A two-character chunk is one word even with a link character in it (复用, 作用).
        if len(chunk) > 2 and (chunk[0] in _ZH_LINKS or chunk[-1] in _ZH_LINKS):
            return False
        return len(cjk) <= KEYWORD_CHUNK_MAX_CJK and not any(w in chunk for w in _ZH_FUNCTION_WORDS)
    return chunk not in _EN_FUNCTION_WORDS


def _all_latin_prose(chunks: list[str]) -> bool:
    # English words split on spaces are single-word chunks: a list only when commas separate
    # them, which the caller cannot tell apart here; so all-Latin chunks count as prose unless
    # every chunk is at most KEYWORD_CHUNK_MAX_WORDS words between commas (checked separately).
    return all(not any(is_cjk(ch) for ch in c) for c in chunks)


def english_keyword_list_reason(raw: str) -> str | None:
    """English keywords separated by commas or slashes, no function words."""
    text = _list_text(raw)
    return None if text is None else _en_list_reason(text)


_EN_SEPARATORS = ",;/\u3001"  # what cuts an English list into chunks
_EN_CHUNK_SPLIT_RE = re.compile(f"[{_EN_SEPARATORS}]+")


def _en_list_reason(text: str) -> str | None:
    # Enough chunks need a separator between each two: fewer separator characters than that
    # settle it before the text is cut into chunks of words (most prose has one comma or none).
    if sum(map(text.count, _EN_SEPARATORS)) < KEYWORD_LIST_MIN_CHUNKS - 1:
        return None
    if _CJK_RE.search(text):
        return None
    chunks = [c.split() for c in _EN_CHUNK_SPLIT_RE.split(text) if c.strip()]
    if len(chunks) < KEYWORD_LIST_MIN_CHUNKS:
        return None
    if all(len(c) <= KEYWORD_CHUNK_MAX_WORDS and not _EN_FUNCTION_WORDS.intersection(c) for c in chunks):
        return KEYWORD_LIST
    return None
