"""False claims stated loosely: most of a claim's terms inside one clause of the reply.

Exact phrase matching (keypoints.py) misses a false claim said in other words order or with a
word in between ("参数量反而会增加" for "增加参数量"). Here each false claim is reduced to its keys
(Chinese bigrams and English words of its sound form) and a clause that holds most of them states
the claim. Clauses with a negation cue are left to exact matching, which knows where the negation
stands. Some overclaims are false whatever the question ("越大一定越好"): they count for every one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import compress

from bot.grading import pinyin
from bot.grading.analyser import CJK_RANGES, CJK_RE
from bot.grading.keypoints import CLAUSE, clause_of, keys_of, match_form, negated, phrase_form
from bot.grading.tuning import (
    FALSE_CLAIM_LOOSE_AT,
    FALSE_CLAIM_LOOSE_MIN_KEYS,
    FALSE_CLAIM_WORD_GAP,
    FALSE_CLAIM_WORDS_MIN,
)

# Words that flip a statement: loose matching skips the words between a claim's terms, so one of
# these there ("沿负梯度方向" against "沿梯度方向") must stop the match.
_POLARITY = ("负", "逆", "相反", "反向", "反方向")
# ... and so must the opposite of a word the claim turns on, when the clause lacks the claim's own
# word: "开始时学习率很小" is not the claim "开始时学习率很大", though most bigrams agree.
_OPPOSITES = dict(
    pair
    for a, b in ("大小", "高低", "多少", "增减", "快慢", "升降", "长短", "强弱")
    for pair in ((a, b), (b, a))
)
_NEGATION_RE = re.compile(r"[不没无非未别]|\b(?:not|no|never|t|without|cannot)\b")
# Negation and contrast words that turn an English clause around ("unlike Adam, ...").
_EN_TURN_RE = re.compile(r"\b(?:not|no|never|t|without|cannot|neither|nor|unlike|instead|rather|but)\b")
_EN_WORD_RE = re.compile(r"[a-z0-9]+")


def _en(*wordings: str) -> str:
    """English wordings as a regex alternation, each spelled as its match form spells it, so a
    pattern and the text it reads always agree, whatever the stemmer makes of a word."""
    return "|".join(sorted({re.escape(match_form(w).strip()) for w in wordings}, key=lambda w: (-len(w), w)))


# A loss told the wrong way round: it grows as the prediction gets better, whatever the question
# (one of the sweeping statements below; also read on its own, see loss_turned).
_LOSS_TURNED = (
    # "正确类别概率越大，损失越大", "a higher perplexity means the model predicts better": every loss,
    # error and perplexity falls as the prediction improves.
    r"(?:概率|准确率|置信度)[^ ]{0,4}?越[大高](?: ǁ )?[^ ]{0,10}?(?:损失|误差|困惑度)[^ ]{0,4}?越[大高]"
    # The loss named by its kind (交叉熵) or in English inside Chinese; the prediction told as
    # closer to the labels ("交叉熵越大，说明预测分布和真实标签越接近") or the loss after it
    # ("预测越准 loss 越大").
    r"|(?:损失|误差|困惑度|交叉熵| loss| perplex) ?[^ ]{0,4}?越[大高](?: ǁ )?[^ ]{0,14}?"
    r"越(?:好|准|接近|相似|一致)"
    r"|越(?:好|准|准确)(?: ǁ )?[^ ]{0,10}? ?(?:损失|误差|困惑度|交叉熵|loss |perplex )[^ ]{0,4}?越[大高]"
    rf"|\b(?:{_en('higher', 'larger', 'bigger')}) (?:{_en('loss', 'perplexity', 'error', 'cross-entropy')})"
    rf" (?:(?!{_en('not')} |{_en('no')} )[a-z0-9]+ ){{0,6}}?{_en('better')}\b"
)


# What a network learns, and verbs that set it, for "weights set by hand" below.
_HELD = _en("weights", "parameters")
_SET = _en("set", "chosen", "picked")


# Not a phase of training or use ("只能用在训练时" confines to a phase, not to a use or a place).
_NOT_A_PHASE = r"(?!\S{0,3}?(?:训练|推理|测试|预测时|生成时))"


# Sweeping statements that are false in any machine-learning answer (on the match form, English
# wordings spelled through _en). Three kinds, each false whatever the technique: "the more the
# better"; a technique that "completely solves / eliminates" a problem (techniques mitigate:
# dropout reduces overfitting, LSTM eases vanishing gradients); and a guarantee of convergence,
# an optimum or never overfitting (no training method gives one). Verbs such as "prevent" or
# "避免" stay out: "completely prevents a position from seeing later tokens" is true of a mask.
OVERCLAIM_RE = re.compile(
    r"越[大多高深长小少低]\S{0,10}?(?:一定|总是|肯定|必然)越[好高强准快]"
    r"|(?:一定|总是|肯定|必然)越[好高强准快]"
    r"|越[大多高深长]越好"
    # match forms drop articles: "the bigger the better" reads "bigger better"
    rf"|\b(?:{_en('bigger', 'larger', 'more', 'higher')}) {_en('better')}\b"
    rf"|\b{_en('always')} (?:{_en('better', 'improve')})\w*"
    r"|(?:完全|彻底|永远|绝对|根本)地?(?:解决|消除|杜绝|根除)"
    r"|(?:永远|绝对|完全|再也)不会(?:过拟合|发散|梯度消失|梯度爆炸)"
    r"|(?:保证|一定能|一定会|必然|必定|肯定能)\S{0,4}?(?:收敛|全局最优|最优解)"
    rf"|\b(?:{_en('completely', 'totally', 'entirely', 'fully', 'perfectly')})"
    rf" (?:{_en('solve', 'eliminate', 'eradicate', 'cure')})"
    rf"|\b{_en('guarantee')}\w* (?:\w+ ){{0,3}}?"
    rf"(?:(?:{_en('converge', 'perfect')})\w*|{_en('optimal', 'optimum', 'global minimum', 'never')})\b"
    rf"|\b{_en('never')} (?:{_en('overfit', 'diverge')})\w*"
    # A loss told the wrong way round (_LOSS_TURNED).
    + "|"
    + _LOSS_TURNED
    # A general technique confined to one narrow application ("CNN 只能用于图像", "attention only
    # works for translation"): every concept of these banks is used well beyond one.
    # A learned model told to need no training data at all ("不需要任何训练数据"): every model of
    # these banks learns from data. Unlabeled data (无标注) is no such claim.
    + r"|(?:不需要|不用|无需|无须|不必)(?:任何(?:的)?(?:训练)?(?:数据|语料)|训练数据)"
    + rf"|\b{_en('without any training data')}\b"
    # Weights or parameters told to be set by hand ("这些权重是人工事先设定好的"): a network learns
    # them; hyperparameters (超参数) are set by hand, and "人工规则" (hand-written rules) of the
    # methods before it is no such claim.
    + r"|(?:权重|(?<!超)参数)[^ ǁ]{0,4}?(?:人工|手工|人为|手动)[^ ǁ]{0,4}?(?:设定|设置|指定|规定|定好|设好)"
    + rf"|\b(?:{_HELD}) (?:[a-z]+ )?(?:(?:{_SET}) {_en('by hand')}|{_en('manually')} (?:{_SET}))\b"
    + rf"|\b{_en('manually')} (?:{_SET}) (?:{_HELD})\b"
    + r"|(?:只能|只适用于|仅适用于|仅能)(?:用于|用在|处理|应用于)?\S{0,3}?(?:图像|图片|翻译|视觉|语音)"
    # ... or, in Chinese, to any one use at all ("只能用于二分类", "只能用在只有一层的网络上"), told as
    # what it is for (用于 / 用在 / 应用于); a phase ("只能用在训练时") is no use of that kind. Not
    # in English: "only works on the previous tokens" is how a causal mask is told.
    r"|(?:(?:只能|仅能)(?:用于|用在|应用于)|只适用于|仅适用于)"
    + _NOT_A_PHASE
    + r"[^ ǁ]{1,8}"
    # ... and confined to one place it is used or needed in ("只能在编码器里用", "只在RNN里需要"), a
    # phase again aside.
    + r"|(?:只能|仅能|只|仅)在"
    + _NOT_A_PHASE
    + r"[^ǁ]{1,10}?(?:里|中|上)?(?:用|使用|需要)"
    rf"|\b(?:{_en('can only be used', 'only work', 'only apply', 'is only used', 'only used')})"
    r" (?:for|on|to|in|with) (?:\w+ ){0,2}?"
    rf"(?:{_en('image', 'picture', 'translation', 'vision', 'speech')})\w*"
)
# Words one of the patterns needs: a reply without any skips the full regex (one cheap scan).
# Chinese and English words apart: two short scans cost less than one over every word (the
# engine tries the English words at each of their many first letters), and ASCII text skips
# the Chinese one.
_OVERCLAIM_CUE_ZH_RE = re.compile(
    "越|完全|彻底|永远|绝对|根本|再也|保证|一定|必然|必定|肯定|只能|只适用|仅适用|仅能|只在|仅在|任何|训练数据|人工|手工|人为|手动"
)
# Every English word of a match form follows a space, and each English cue opens a word of its
# pattern: the space first lets the engine skip from space to space (most Chinese forms have few).
_OVERCLAIM_CUE_EN_RE = re.compile(
    " (?:"
    + _en("better", "improve", "completely", "totally", "entirely", "fully", "perfectly")
    + "|"
    + _en("guarantee", "never", "only", "without", "manually", "hand")
    + ")"
)


@dataclass(frozen=True, slots=True)
class LooseClaim:
    text: str
    keys: frozenset[str]  # bigrams of its sound form
    distinctive: frozenset[str]  # its characters the question's right answer never uses
    marked: frozenset[str]  # its (spelled) bigrams that hold a distinctive character
    polarity: frozenset[str]  # polarity words of the claim itself (负, 反向, ...)
    negations: frozenset[str]  # negation cues of the claim itself ("不需要")
    opposites: frozenset[tuple[str, str]]  # (its character, that character's opposite)
    words: frozenset[str]  # its English words ("l2"): bigrams skip them, a clause must have them
    # A direction it states, (from, to): "从输入层往输出层" gives ("输入层", "输出层").
    direction: tuple[str, str] | None = None
    negation_count: int = 0  # how many negation cues it has: one more in a clause denies it


# Two-character words of one direction, each read as the first of its group when claims are
# matched loosely: "学习率一直变大" states the claim "学习率一直增大". Same length, so positions in
# the reply stay where they were.
_SAME_WAY = (
    ("增大", "变大", "增加", "增多", "变多", "升高", "上升", "提高", "加大"),
    ("减小", "变小", "减少", "变少", "降低", "下降", "缩小"),
)
_SAME_WAY_RE = re.compile("|".join(w for group in _SAME_WAY for w in group[1:]))
_SAME_WAY_AS = {w: group[0] for group in _SAME_WAY for w in group[1:]}


def same_way(form: str) -> str:
    """`form` with every direction word spelled as the first of its group (same length)."""
    return _SAME_WAY_RE.sub(lambda m: _SAME_WAY_AS[m[0]], form)


def _same_way_sounded(form: str, sounded: str) -> str:
    """The sound form of same_way(form), patched into `sounded` (the sound form of `form`): the
    sound form is one character per character, so only the changed words need sounding."""
    pieces, last = [], 0
    for m in _SAME_WAY_RE.finditer(form):
        pieces += [sounded[last : m.start()], pinyin.sound(_SAME_WAY_AS[m[0]])]
        last = m.end()
    return "".join(pieces) + sounded[last:]


def loose_claims(claims: Iterable[str], truth: Iterable[str]) -> tuple[LooseClaim, ...]:
    """The false claims that can be matched loosely. `truth` is the question's right material
    (answer, explanation, key-point phrasings): a claim differs from the truth by characters the
    truth never uses ("前" in "前向传播求梯度"), and a clause must have all of those. Claims
    without any are matched exactly only. Only Chinese counts: English claims turn on small words
    ("too") that cannot be told apart this way."""
    truth_chars = set().union(*(CJK_RE.findall(same_way(phrase_form(text))) for text in truth))
    out = []
    for claim in claims:
        spelled = same_way(phrase_form(claim))
        keys = _bigrams(pinyin.sound(spelled))
        distinctive = set(CJK_RE.findall(spelled)) - truth_chars
        if len(keys) >= FALSE_CLAIM_LOOSE_MIN_KEYS and distinctive:
            marked = {k for k in _bigrams(spelled) if k[0] in distinctive or k[1] in distinctive}
            polarity = frozenset(w for w in _POLARITY if w in spelled)
            negations = frozenset(_NEGATION_RE.findall(spelled))
            opposites = frozenset(
                (ch, _OPPOSITES[ch]) for ch in spelled if ch in _OPPOSITES and _OPPOSITES[ch] not in spelled
            )
            out.append(
                LooseClaim(
                    claim,
                    frozenset(keys),
                    frozenset(distinctive),
                    frozenset(marked),
                    polarity,
                    negations,
                    opposites,
                    frozenset(_EN_WORD_RE.findall(spelled)),
                    _direction(spelled),
                    _negation_count(spelled),
                )
            )
    return tuple(out)


# Words that hold a negation character and deny nothing ("不同", "非常").
_NOT_DENYING_RE = re.compile("不同|不断|不仅|不少|不管|不但|无论|非常|非线性|未来")


def _negation_count(spelled: str) -> int:
    return len(_NEGATION_RE.findall(_NOT_DENYING_RE.sub("", spelled)))


# "从 A 往 B": a direction, whose two ends a clause can say the other way round. Between the start
# and 往, a reply may say how it goes ("开始", "逐层"): up to this many characters.
_DIRECTION_GAP = 4
# A start told in a clause of its own ("从输入层开始，一层一层往后把梯度传到输出层") leaves the next
# clause room to say how it goes before it names the end: up to this many characters there.
_DIRECTION_GOES_ON_GAP = 12
_DIRECTION_RE = re.compile("从(.{2,6}?)[往向到](.{2,6})")


def _direction(spelled: str) -> tuple[str, str] | None:
    m = _DIRECTION_RE.search(spelled)
    if m is None:
        return None
    start, end = m[1], m[2][: len(m[1])]
    return (start, end) if start != end else None


def _turned_round(direction: tuple[str, str] | None, spelled: str) -> bool:
    """Whether the clause names the claim's two ends the other way round: "从输出层往输入层" has
    every bigram of the false claim "从输入层往输出层" and states the right direction."""
    if direction is None:
        return False
    start, end = spelled.find(direction[0]), spelled.find(direction[1])
    return 0 <= end < start


@dataclass(frozen=True, slots=True)
class DirectionClaim:
    text: str
    pattern: re.Pattern[str]  # its two ends in its order, joined by any of 往 / 向 / 到
    ends: tuple[str, str] = ("", "")  # (start, end) as the claim writes them


# Other names of a network's two ends: the first and last layer are the input and output layer
# ("从第一层往最后一层算梯度" goes the way "从输入层往输出层" goes).
_END_NAMES = {
    "输入层": ("输入层", "第一层", "最底层"),
    "输出层": ("输出层", "最后一层", "最顶层"),
}


def _end_pattern(end: str) -> str:
    return "(?:" + "|".join(map(re.escape, _END_NAMES.get(end, (end,)))) + ")"


def turns_round(claim: DirectionClaim, statement: str) -> bool:
    """Whether a key point's statement (its phrase form) sets out from where the claim arrives
    ("从输出层往回" against "从输入层往输出层"): the claim tells that key point's own way the other
    way round."""
    end = claim.ends[1]
    return bool(end) and re.search(f"从{_end_pattern(end)}", statement) is not None


def direction_claims(claims: Iterable[str]) -> tuple[DirectionClaim, ...]:
    """The false claims that state a direction ("从输入层往输出层传"): a reply states one when it
    goes from the same start to the same end, whatever follows and whichever of 往 / 向 / 到
    joins them ("从输入层到输出层逐层计算"), with a few words between inside the clause
    ("从输入层开始逐层往输出层")."""
    out = []
    gap = f"[^{re.escape(CLAUSE)}]{{0,{_DIRECTION_GAP}}}?"
    # "从输入层开始，逐层向输出层": a start told with 开始 / 出发 may end its clause, the way
    # goes on in the next one.
    begun = f"(?:开始|出发) ?{re.escape(CLAUSE)} ?[^{re.escape(CLAUSE)}]{{0,{_DIRECTION_GOES_ON_GAP}}}?"
    for claim in claims:
        direction = _direction(phrase_form(claim))
        if direction is not None:
            start, end = map(_end_pattern, direction)
            way = f"从{start}{gap}(?:{begun}|{gap})[往向到]{end}"
            out.append(DirectionClaim(claim, re.compile(way), direction))
    return tuple(out)


def direction_match(claims: tuple[DirectionClaim, ...], form: str) -> list[tuple[str, int]]:
    """(claim, position) for every direction claim the reply states and does not negate."""
    found = []
    for claim in claims:
        m = claim.pattern.search(form)
        if m is not None and not negated(form, m.start()):
            found.append((claim.text, m.start()))
            if CLAUSE in m[0]:  # it runs on into the next clause: that one states it too
                found.append((claim.text, m.end() - 1))
    return found


def _bigrams(form: str) -> set[str]:
    return {k for k in keys_of(form) if len(k) == 2 and k[0] != " "}


def loose_match(claims: tuple[LooseClaim, ...], form: str, sounded: str = "") -> list[tuple[str, int]]:
    """(claim, position of its clause in `form`) for every claim a clause states loosely: most of
    its bigrams (by sound), every character that sets it apart from the right answer and one
    bigram holding such a character, no polarity word (负, 反向, 不, ...) the claim itself
    does not have, and no opposite (小 for 大) of a claim's word the clause lacks. `sounded` is
    the sound form of `form` when the caller has it already."""
    if not claims:
        return []
    if _SAME_WAY_RE.search(form):
        sounded = _same_way_sounded(form, sounded) if sounded else ""
        form = same_way(form)
    # Cheap first look: a claim whose distinctive characters are not all in the reply is out.
    # Only the characters some claim needs are collected: a set of every character of the reply
    # made a string per character, which cost more than the look itself.
    pattern, any_free, distinctive = _first_look(claims)
    present = set(pattern.findall(form))
    if not present and not any_free:
        return []
    # compress() and map() test every claim in C, no step of Python per claim.
    claims = tuple(compress(claims, map(present.issuperset, distinctive)))
    if not claims:
        return []
    sounded = sounded or pinyin.sound(form)
    found: list[tuple[str, int]] = []
    start = 0
    for clause in sounded.split(CLAUSE):
        spelled = form[start : start + len(clause)]
        # A claim needs all its distinctive characters in the clause: when no claim has them here,
        # nothing else of the clause need be looked at.
        chars = set(pattern.findall(spelled))
        live = [claim for claim in claims if claim.distinctive <= chars]
        if not live:
            start += len(clause) + 1
            continue
        # A negation the claim does not have itself flips the clause ("不是" + the claim).
        negations = set(_NEGATION_RE.findall(spelled))
        if (not negations or any(negations <= claim.negations for claim in claims)) and not contrasted(
            form, start + len(clause)
        ):
            keys = keys_of(clause)
            spelled_keys: set[str] | None = None  # made for the first claim with most of its bigrams
            polarity: set[str] = set()
            for claim in live:
                if len(claim.keys & keys) < FALSE_CLAIM_LOOSE_AT * len(claim.keys):
                    continue  # most clauses hold few of any claim's bigrams
                if spelled_keys is None:
                    spelled_keys = keys_of(spelled)
                    polarity = {w for w in _POLARITY if w in spelled}
                if (
                    claim.marked & spelled_keys
                    and polarity <= claim.polarity
                    and negations <= claim.negations
                    # "学习率不是一直不变" denies the claim "学习率一直不变": its own cue once more.
                    and (not negations or _negation_count(spelled) <= claim.negation_count)
                    and not any(anti in spelled and ch not in spelled for ch, anti in claim.opposites)
                    and claim.words <= set(spelled.split())
                    and not _turned_round(claim.direction, spelled)
                ):
                    found.append((claim.text, start))
        start += len(clause) + 1
    return found


# Per tuple of claims (a question's, built once): a pattern for any of their distinctive
# characters, whether some claim has none, and every claim's distinctive characters in order.
# Keyed by id, the tuple kept to check identity.
_FIRST_LOOK: dict[int, tuple[tuple[LooseClaim, ...], re.Pattern[str], bool, tuple[frozenset[str], ...]]] = {}
_FIRST_LOOK_MAX = 4096  # questions remembered, so a long-running bot never grows without bound


def _first_look(claims: tuple[LooseClaim, ...]) -> tuple[re.Pattern[str], bool, tuple[frozenset[str], ...]]:
    known = _FIRST_LOOK.get(id(claims))
    if known is None or known[0] is not claims:
        chars = sorted({ch for claim in claims for ch in claim.distinctive})
        pattern = re.compile(f"[{''.join(map(re.escape, chars))}]" if chars else "(?!)")
        distinctive = tuple(claim.distinctive for claim in claims)
        known = (claims, pattern, any(not claim.distinctive for claim in claims), distinctive)
        if len(_FIRST_LOOK) >= _FIRST_LOOK_MAX:
            _FIRST_LOOK.clear()
        _FIRST_LOOK[id(claims)] = known
    return known[1], known[2], known[3]


# Per tuple of English claims (a question's): the words each needs, in order, and a pattern
# for one word of each; as _FIRST_LOOK.
_NEEDS: dict[int, tuple[tuple[WordClaim, ...], tuple[frozenset[str], ...], re.Pattern[str] | None]] = {}


def _needs(claims: tuple[WordClaim, ...]) -> tuple[frozenset[str], ...]:
    return _word_looks(claims)[0]


def _probe(claims: tuple[WordClaim, ...]) -> re.Pattern[str] | None:
    """A pattern that finds, between spaces, one word each claim needs (its longest that no
    other word is read as), or None when some claim has none such."""
    return _word_looks(claims)[1]


def _word_looks(claims: tuple[WordClaim, ...]) -> tuple[tuple[frozenset[str], ...], re.Pattern[str] | None]:
    known = _NEEDS.get(id(claims))
    if known is None or known[0] is not claims:
        read_alike = set(_SAME_WORDS.values())
        probes = [
            max((w for w in claim.needs if w not in read_alike), key=lambda w: (len(w), w), default="")
            for claim in claims
        ]
        probe = (
            None if "" in probes else re.compile("|".join(f" {re.escape(w)} " for w in sorted(set(probes))))
        )
        known = (claims, tuple(claim.needs for claim in claims), probe)
        if len(_NEEDS) >= _FIRST_LOOK_MAX:
            _NEEDS.clear()
        _NEEDS[id(claims)] = known
    return known[1], known[2]


def overclaims(form: str) -> list[tuple[str, int]]:
    """(the sweeping statement, its position) for every overclaim in `form` that no negation
    right before it takes back ("不能完全解决", "does not guarantee convergence")."""
    if _OVERCLAIM_CUE_EN_RE.search(form) is None and (
        form.isascii() or _OVERCLAIM_CUE_ZH_RE.search(form) is None
    ):
        return []  # none of the patterns can match: skip the regex
    found = []
    for m in OVERCLAIM_RE.finditer(form):
        if negated(form, m.start() + (m[0][0] == " ")):
            continue
        text = _shown(m[0].strip())
        found.append((text, m.start()))
        # A statement over two clauses ("交叉熵越大，说明…越接近") is false in both: each is named,
        # so neither counts as a right idea beside it.
        at = m[0].find(CLAUSE)
        while at >= 0:
            found.append((text, m.start() + at + 2))  # past the mark and its space
            at = m[0].find(CLAUSE, at + 1)
    return found


_LOSS_TURNED_RE = re.compile(_LOSS_TURNED)


def loss_turned(form: str) -> tuple[str, int] | None:
    """The first statement of a match form, not denied, that tells a loss the wrong way round (it
    grows as the prediction gets better), and where it starts."""
    for m in _LOSS_TURNED_RE.finditer(form):
        if not negated(form, m.start() + (m[0][0] == " ")):
            return _shown(m[0].strip()), m.start()
    return None


def _shown(text: str) -> str:
    """A matched statement as a reason quotes it: its clause marks as a comma."""
    if CLAUSE not in text:
        return text
    return text.replace(f" {CLAUSE} ", ", " if CJK_RE.search(text) is None else "，")


@dataclass(frozen=True, slots=True)
class WordClaim:
    text: str
    words: tuple[str, ...]  # stemmed English words, in order
    needs: frozenset[str]  # its words as a set, for a cheap first look
    turns: frozenset[str]  # negation words of the claim itself ("does not use ...")


# Words that say the same in a claim: "takes an optimizer step after every micro-batch" states
# "updates after each micro-batch", "starts at the highest learning rate" states "starts with
# the largest", "only uses the future" states "only sees future". Each is read as the first of
# its group, in claims and replies.
_SAME_WORDS = {
    match_form(w).strip(): match_form(group[0]).strip()
    for group in (
        ("every", "each"),
        ("update", "step"),
        ("largest", "highest", "biggest", "maximum", "peak"),
        ("large", "high", "big"),
        ("smallest", "lowest", "minimum"),
        ("small", "low", "tiny"),
        ("with", "at"),
        ("see", "attend", "look", "use"),
    )
    for w in group[1:]
}


def _same_words(words: Iterable[str]) -> list[str]:
    # get(w, w) for every word through map() in C: no step of Python per word.
    words = words if isinstance(words, list) else list(words)
    return list(map(_SAME_WORDS.get, words, words))


def _read_alike(present: set[str]) -> bool:
    """Turns `present` in place into set(_same_words(present)), by set operations in C (most
    replies now hold a word to read alike: "with", "use", "high"); whether it held any."""
    alike = present.intersection(_SAME_WORDS)
    if not alike:
        return False
    present.difference_update(alike)
    present.update(map(_SAME_WORDS.__getitem__, alike))
    return True


def word_claims(claims: Iterable[str]) -> tuple[WordClaim, ...]:
    """The English false claims long enough to be matched with words in between."""
    out = []
    for claim in claims:
        form = phrase_form(claim)
        if CJK_RE.search(form):
            continue
        words = tuple(_same_words(_EN_WORD_RE.findall(form)))
        if len(words) >= FALSE_CLAIM_WORDS_MIN:
            out.append(WordClaim(claim, words, frozenset(words), frozenset(_EN_TURN_RE.findall(form))))
    return tuple(out)


def word_match(claims: tuple[WordClaim, ...], form: str) -> list[tuple[str, int]]:
    """(claim, position of its clause in `form`) for every English claim whose words a clause
    holds in order, at most FALSE_CLAIM_WORD_GAP words apart, with no negation or contrast word
    that the claim does not have itself."""
    # Cheap first look: a claim with a word the reply lacks is out.
    same = False
    if claims and _EN_WORD_RE.search(form):
        probe = _probe(claims)
        # Every word stands between spaces in a match form: when no claim's probe word is there,
        # no claim has all its words, told by one search before the reply is cut into words.
        if probe is not None and probe.search(form) is None:
            return []
        present = set(form.split())
        same = _read_alike(present)
        claims = tuple(compress(claims, map(present.issuperset, _needs(claims))))  # tested in C
    else:
        claims = ()
    if not claims:
        return []
    found: list[tuple[str, int]] = []
    start = 0
    for clause in form.split(CLAUSE):
        words = _same_words(clause.split()) if same else clause.split()
        if len(words) >= FALSE_CLAIM_WORDS_MIN:
            # A claim in order in the clause has all its words there: the others are out, and a
            # clause left with none needs no look for a contrast.
            held = set(words)
            live = [claim for claim in claims if held.issuperset(claim.needs)]
            if live and not contrasted(form, start + len(clause)):
                turns = set(_EN_TURN_RE.findall(clause))
                for claim in live:
                    if turns <= claim.turns:
                        held_in_order = _in_order(claim.words, words)
                    else:
                        # A negation far before the claim is about something else ("any word
                        # not in the vocabulary becomes an unknown token"): only one near it or
                        # inside it turns the claim round.
                        held_in_order = _in_order(claim.words, words, claim.turns)
                    if held_in_order:
                        found.append((claim.text, start))
        start += len(clause) + 1
    return found


# Words before a worded claim's first word in which a negation or contrast word turns it round
# ("does not update all parameters", "no word ever becomes ...").
_TURN_REACH = 3
_PLACE_WORDS = frozenset(match_form("in from on within").split())


def _in_order(needle: tuple[str, ...], words: list[str], own_turns: frozenset[str] | None = None) -> bool:
    """Whether the words of `needle` come in order in `words`; with `own_turns`, at an occurrence
    with no negation or contrast word other than those near or inside it."""
    first = needle[0]
    for i, word in enumerate(words):
        if word != first:
            continue
        end = _rest_follows(needle, words, i)
        if end < 0:
            continue
        if own_turns is None:
            return True
        near = words[max(0, i - _TURN_REACH) : end + 1]
        # "not in the vocabulary", "not from the corpus": a negation before a preposition says
        # where something is not, of a noun, and turns no statement round.
        turns = {
            w
            for k, w in enumerate(near)
            if _EN_TURN_RE.fullmatch(w) and not _PLACE_WORDS.issuperset(near[k + 1 : k + 2] or ("",))
        }
        if turns <= own_turns:
            return True
    return False


def _rest_follows(needle: tuple[str, ...], words: list[str], at: int) -> int:
    """Where the last word of `needle` stands when its words after the first follow `at` in
    order, each within FALSE_CLAIM_WORD_GAP words of the one before; -1 when they do not."""
    for want in needle[1:]:
        window = words[at + 1 : at + 2 + FALSE_CLAIM_WORD_GAP]
        if want not in window:
            return -1
        at = at + 1 + window.index(want)
    return at


# Contrast: what follows is said of something else ("unlike GPT, which generates left to right",
# "不像 GPT 那样从左到右生成"). Good answers name a misconception to set it apart; on the match
# form (English stemmed).
_CONTRAST_RE = re.compile(
    rf"\b(?:{_en('unlike', 'instead', 'rather', 'whereas', 'versus', 'vs', 'different from', 'differs from')}"
    rf"|{_en('opposed to', 'compared to', 'compared with')})\b"
    r"|不同于|不像|而不是|而非|区别于|相比|相较"
)
_RELATIVE_RE = re.compile(r"\s*(?:which|that|who|where)\b")


def contrasted(form: str, start: int) -> bool:
    """Whether a contrast cue stands before `start` in its clause, or in the clause before when
    this one goes on about the contrasted thing ("different from BERT, which masks ...")."""
    lo, _ = clause_of(form, start)
    if _CONTRAST_RE.search(form, lo, start):
        return True
    if lo >= 2 and _RELATIVE_RE.match(form, lo):
        prev, _ = clause_of(form, lo - 2)
        return _CONTRAST_RE.search(form, prev, lo) is not None
    return False


# A count a key point states ("更新门和重置门两个门"): a reply that gives the same thing another
# count ("四个门") tells that key point wrong. Each group is one number in its spellings; one
# (一个) is left out, as Chinese says 一个 for "a" ("比 LSTM 少一个门").
_NUMBERS = (
    ("两", "二", "2"),
    ("三", "3"),
    ("四", "4"),
    ("五", "5"),
    ("六", "6"),
    ("七", "7"),
    ("八", "8"),
    ("九", "9"),
    ("十", "10"),
)
_NUMBER_OF = {spelling: group for group in _NUMBERS for spelling in group}
_COUNT_RE = re.compile(f"({'|'.join(sorted(_NUMBER_OF, key=len, reverse=True))}) ?个([{CJK_RANGES}])")


@dataclass(frozen=True, slots=True)
class CountClaim:
    right: tuple[str, ...]  # the key point's count of the thing, each spelling as a match form has it
    wrong: tuple[str, ...]  # every other count of the same thing


def _count_forms(numbers: Iterable[str], thing: str) -> list[str]:
    # A match form spaces digits off ("2 个门") and runs Chinese numerals on ("两个门").
    return [f" {n} 个{thing}" if n.isascii() else f"{n}个{thing}" for n in numbers]


def count_claims(statements: Iterable[str]) -> tuple[CountClaim, ...]:
    """The counts the statements (key points' own words) give a thing, each with every other
    count of that thing."""
    out = []
    for statement in statements:
        for m in _COUNT_RE.finditer(match_form(statement)):
            group, thing = _NUMBER_OF[m[1]], m[2]
            others = [n for g in _NUMBERS if g is not group for n in g]
            out.append(CountClaim(tuple(_count_forms(group, thing)), tuple(_count_forms(others, thing))))
    return tuple(out)


def count_match(claims: tuple[CountClaim, ...], form: str) -> list[tuple[str, int]]:
    """(count, position) for a count the reply gives a thing where a key point gives it another
    ("四个门" for "两个门"), not negated. A reply that also gives the key point's count speaks of
    something else with the other one ("LSTM 有三个门，GRU 只有两个门")."""
    if not claims or "个" not in form:
        return []
    found = []
    for claim in claims:
        if any(right in form for right in claim.right):
            continue
        for wrong in claim.wrong:
            position = form.find(wrong)
            if position >= 0 and not negated(form, position + (wrong[0] == " ")):
                found.append((wrong.strip(), position))
    return found


# A loss (or perplexity) told as bounded by 0 and 1 "like a probability" ("它的值总是在0到1之间",
# "it always lies between 0 and 1"): a loss or a perplexity has no upper bound of 1. Read only
# on a question that asks about a loss, where 它 / it is that loss; said of a probability it is
# true and stays out (the subject must be the loss, 它 or it, right before the range).
_BOUNDED_RE = re.compile(
    r"(?:它|损失|交叉熵|困惑度|loss|误差)(?:的值|值)?[^ǁ]{0,4}?(?:在|介于) ?0 ?(?:到|和|与|~|-) ?1 ?之间"
    rf"|(?: it| {_en('loss')}| {_en('perplexity')}| {_en('cross-entropy')})"
    rf"(?: {_en('always')}| {_en('is')}| {_en('lies')}| {_en('stays')}| {_en('value')}){{0,3}}"
    rf" (?:{_en('between')} 0 and 1|{_en('from')} 0 to 1)\b"
)


def bounded_loss(form: str) -> list[tuple[str, int]]:
    """(the statement, its position) where the reply bounds the loss by 0 and 1, not negated."""
    if " 1 " not in form:
        return []  # the bound is always written with a 1: one substring test for most replies
    found = []
    for m in _BOUNDED_RE.finditer(form):
        # A negation before it or inside it ("它的值不在0到1之间") takes it back.
        if not negated(form, m.start() + (m[0][0] == " ")) and not _NEGATION_RE.search(m[0]):
            found.append((_shown(m[0].strip()), m.start()))
    return found
