"""Reversals: a key point stated with its direction turned round.

A reply can state a key point in the reference's own words and still turn its direction round:
"scaled up when the norm falls below the threshold" for "scaled down when it exceeds", "只能看
到后面的位置" for "earlier positions". Where the key point's own wording uses one side of a
pair of opposites and never the other, the reply's clause that states it must not use only the
other side. Built on the key point alone (its statement and phrasings), not on the whole
reference: a reference that names both sides elsewhere ("later positions are masked") still has
key points that name one. The grader prepares from here, once per question, every opposite
wording of its key points (opposites_of) and its side key points told by a denial ("no extra
latency", denied_sides), whose denied thing a reply may state as if it were so.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.bank.model import KeyPoint, Question
from bot.grading.analyser import CJK_RANGES
from bot.grading.keypoints import CLAUSE, clause_of, match_form, negated, phrase_form
from bot.grading.terms_stats import EN_STOP
from bot.grading.tuning import MISSED_MIN_WEIGHT

# Opposite directions, each side with its wordings. Chinese words are two characters or more:
# a lone 大 or 前 is part of too many words (大规模, 前向) to mean a direction.
OPPOSITES: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (
        ("increase", "raise", "grow", "higher", "larger", "bigger"),
        ("decrease", "reduce", "lower", "shrink", "smaller", "decay"),
    ),
    (("above", "exceed"), ("below", "under")),
    (("most", "maximum"), ("least", "minimum")),
    (("earlier", "previous", "past", "preceding"), ("later", "future", "subsequent")),
    # 越大 / 越小 as in "越往后学习率越大": the comparative grows or shrinks like 变大 / 变小.
    (
        ("增加", "增大", "升高", "提高", "上升", "变大", "越来越大", "越大", "放大", "变多", "增多"),
        ("减少", "减小", "降低", "下降", "变小", "衰减", "越来越小", "越小", "缩小", "变少"),
    ),
    # A measure of difference (a loss, an error) told as one of likeness, and the other way round.
    (("差距", "差异"), ("相似",)),
    (("difference", "discrepancy"), ("similarity",)),
    (("超过", "高于", "大于"), ("低于", "小于")),
    (("之前", "前面", "以前"), ("之后", "后面", "以后")),
    (("最大",), ("最小",)),
    # Done all at once or one after another; the same for all or different for each; fixed or
    # changing with the context; the whole thing or a part.
    (("parallel", "simultaneously", "at once"), ("sequentially", "one by one", "serially")),
    (("并行", "同时"), ("串行", "依次", "逐个", "一个一个")),
    (("faster",), ("slower",)),
    # Halved or doubled ("roughly halves the memory" against "needs twice the memory").
    (("halve", "halves", "halved"), ("double", "doubles", "doubled", "twice")),
    (("更快", "加快", "加速"), ("更慢", "变慢", "减慢")),
    (("dynamic", "dynamically"), ("static", "fixed")),
    (("动态",), ("静态", "固定")),
    # Built up by joining pieces or cut down by splitting them (BPE merges pairs, it splits nothing).
    (("merge", "combine", "fuse", "glue", "join"), ("split", "break", "cut")),
    (("合并", "融合", "拼接"), ("拆分", "拆开", "拆成", "切开")),
    (("dense",), ("sparse",)),
    (("稠密",), ("稀疏",)),
    (("global",), ("local",)),
    (("全局",), ("局部",)),
    # Growing with something or staying the same whatever it is ("memory grows with the length").
    (
        ("grow", "grows", "increase", "increases", "scales with"),
        (
            "constant",
            "stays the same",
            "unchanged",
            "fixed size",
            "fixed-size",
            "independent of",
            "not depend on",
        ),
    ),
    (("增长", "增加", "变大"), ("不变", "恒定", "保持不变")),
    # Each its own or one shared by all ("各头有自己的投影" against "每个头都用同一组投影参数").
    (("自己的", "各自的", "各自"), ("同一组", "同一套", "完全相同", "共用", "一样的")),
    # Done while training or when the trained model is used (said of the whole clause, see
    # _PHASES): a training-time method told of
    # inference ("Dropout 在推理时随机丢弃神经元") is a classic misconception.
    (
        ("during training", "at training time", "while training", "in training", "training time"),
        ("inference", "test time", "testing"),
    ),
    (
        ("训练时", "训练阶段", "训练过程中", "训练期间", "训练的时候"),
        ("推理时", "推理阶段", "推理的时候", "测试时", "测试阶段", "预测时", "推断时", "部署时"),
    ),
)


# Pairs whose words say when the whole clause happens, not how one thing next to them is: the
# clause is about the key point whatever words stand next to them.
_PHASES = frozenset(i for i, (a, _b) in enumerate(OPPOSITES) if "during training" in a or "训练时" in a)


@dataclass(frozen=True, slots=True)
class _Side:
    shown: str  # how the bank's side reads, for the reason ("exceeds")
    forms: tuple[str, ...]  # every wording as it appears in a match form
    words: tuple[str, ...] = ()  # the same wordings as written, for the reason
    near: frozenset[str] = frozenset()  # content words next to it in the key point ("threshold")
    clause_wide: bool = False  # a phase (training, inference): said of its whole clause


@dataclass(frozen=True, slots=True)
class PointDirections:
    """For one key point: (the side its wording uses, the opposite side it never uses)."""

    pairs: tuple[tuple[_Side, _Side], ...]
    # (the side "only" confines it to, the other side) where its wording says "can only attend to
    # itself and earlier positions" and may name the other side elsewhere ("future positions are
    # masked"): a reply that confines it to the other side turns it round.
    confined: tuple[tuple[_Side, _Side], ...] = ()


def _forms(words: Iterable[str]) -> tuple[str, ...]:
    """Each wording as it appears in a match form, in the same order as `words`."""
    out = []
    for word in words:
        form = match_form(word).strip()
        out.append(form if not form.isascii() else f" {form} ")
    return tuple(out)


_SIDES = tuple(
    (tuple(a), _forms(a), tuple(b), _forms(b), n in _PHASES) for n, (a, b) in enumerate(OPPOSITES)
)  # (wordings, their forms, whether a phase) per side


def point_directions(point: KeyPoint) -> PointDirections:
    """The pairs of opposites whose one side the key point's wording uses and the other not."""
    # Each phrasing its own clause: words of one say nothing about a direction word of another.
    text = CLAUSE.join(f" {match_form(t)} " for t in (point.point, *point.phrasings))
    statement = f" {match_form(point.point)} "
    pairs = []
    for words_a, forms_a, words_b, forms_b, phase in _SIDES:
        if phase and _both_phases(text):
            continue  # "the same in training and inference": no side taken
        # A phase is taken by the key point's own statement: phrasings name the other one in
        # passing ("match inference" in a key point about training).
        said = statement if phase else text
        has_a = [w for w, f in zip(words_a, forms_a, strict=False) if _affirmed(said, f)]
        has_b = [w for w, f in zip(words_b, forms_b, strict=False) if _affirmed(said, f)]
        # A key point that uses both sides ("attend to earlier positions; future positions are
        # masked") is left alone: telling its sides apart by their neighbours wrongly turned
        # "根据前面的词预测下一个词" round.
        if has_a and not has_b:
            pairs.append(
                (
                    _Side(has_a[0], forms_a, near=_near(text, forms_a), clause_wide=phase),
                    _Side(words_b[0], forms_b, words=words_b),
                )
            )
        elif has_b and not has_a:
            pairs.append(
                (
                    _Side(has_b[0], forms_b, near=_near(text, forms_b), clause_wide=phase),
                    _Side(words_a[0], forms_a, words=words_a),
                )
            )
    return PointDirections(tuple(pairs), _confined((point.point, *point.phrasings)))


# What "only" (只) may confine a key point to: the earlier or the later positions, each side with
# the words a key point confines with, then the words a reply may confine with too: after
# "only", "before" and "after" say which side ("only looks at what comes after it").
_CONFINED = (
    (
        (("earlier", "previous", "past", "preceding"), ("before", "prior")),
        (("later", "future", "subsequent"), ("after", "ahead")),
    ),
    ((("之前", "前面", "以前", "前文", "上文"), ()), (("之后", "后面", "以后", "未来", "后文", "下文"), ())),
)
_ONLY_RE = re.compile(rf" {match_form('only').strip()} |只|仅")
_ONLY_WORDS = 6  # English words after "only" that say what it confines
_ONLY_CHARS = 10  # the same in Chinese characters
_ONLY_BEFORE = 3  # English words before "only" that may say what is done to it ("hides only")
_NOT_ONLY_RE = re.compile(rf"(?: {match_form('not').strip()}|不)$")
# "only the later tokens are masked", "the mask hides only future ones": what "only" picks out is
# what is kept from view, the other way round from what it confines a look to.
_HIDDEN_RE = re.compile(
    rf" (?:{'|'.join(match_form('mask hide hidden block zero cover ignore remove exclude').split())}) "
    r"|遮|屏蔽|掩|看不|不能|不可"
)


def _only_windows(text: str) -> list[tuple[str, str]]:
    """(the few words before, the few words after) each "only" (只 / 仅) of a text that is not
    denied ("not only", "不只"), padded as a match form."""
    out = []
    for m in _ONLY_RE.finditer(text):
        if _NOT_ONLY_RE.search(text, 0, m.start()):
            continue
        rest = text[m.end() :].split(CLAUSE, 1)[0]
        lead = text[: m.start()].rsplit(CLAUSE, 1)[-1]
        if m[0].startswith(" "):
            out.append(
                (f" {' '.join(lead.split()[-_ONLY_BEFORE:])} ", f" {' '.join(rest.split()[:_ONLY_WORDS])} ")
            )
        else:
            out.append((lead[-_ONLY_CHARS:], rest[:_ONLY_CHARS]))
    return out


def _confined(texts: Iterable[str]) -> tuple[tuple[_Side, _Side], ...]:
    """(own side, other side) per pair of _CONFINED that an "only" of the texts confines the key
    point to, on one side only."""
    windows = [w for t in texts for _lead, w in _only_windows(f" {match_form(t)} ")]
    out = []
    for first, second in _CONFINED:
        has = [any(f in w for w in windows for f in _forms(words)) for words, _more in (first, second)]
        if has[0] != has[1]:
            (own, own_more), (other, other_more) = (first, second) if has[0] else (second, first)
            words = (*other, *other_more)
            out.append(
                (_Side(own[0], _forms((*own, *own_more))), _Side(other[0], _forms(words), words=words))
            )
    return tuple(out)


def confined_forms(directions: PointDirections) -> tuple[str, ...]:
    """The wordings that may turn round what the key point confines ("only ... after")."""
    return tuple(f for _own, other in directions.confined for f in other.forms)


def _confined_turned(
    confined: tuple[tuple[_Side, _Side], ...], clauses: Sequence[str]
) -> tuple[str, str] | None:
    """(the reply's word, the key point's word) when an "only" of a clause confines the key
    point to the other side ("each position only looks at what comes after it")."""
    for clause in clauses:
        if " only " not in clause and "只" not in clause and "仅" not in clause:
            continue
        for lead, window in _only_windows(clause):
            if _HIDDEN_RE.search(lead) or _HIDDEN_RE.search(window):
                continue
            for own, other in confined:
                if any(f in window for f in own.forms):
                    continue
                said = [i for i, f in enumerate(other.forms) if f in window]
                if said:
                    return other.words[said[0]], own.shown
    return None


_TRAINING_WORDS = tuple(match_form("train training").split())
_USE_WORDS = tuple(match_form("inference test testing").split())


def _both_phases(text: str) -> bool:
    """Whether a key point's wording names training and the use of the trained model both."""
    words = set(text.split())
    training = not words.isdisjoint(_TRAINING_WORDS) or "训练" in text
    use = not words.isdisjoint(_USE_WORDS) or "推理" in text or "测试" in text
    return training and use


# "动态，而非固定", "the true token, not its own prediction": a side the key point denies is not
# the side it takes.
_DENIED_RE = re.compile(
    r"(?:而非|并非|不是|不|非|没有)\W?$|\b(?:not|rather than|instead of|no)(?: [a-z0-9]+){0,3} ?$"
)
_DENIAL_REACH = 24  # characters before a side word that may hold its denial


def _affirmed(text: str, form: str) -> bool:
    """Whether `form` occurs in `text` at least once without a denial just before it."""
    start = text.find(form)
    while start >= 0:
        before = text[max(0, start - _DENIAL_REACH) : start].rsplit(CLAUSE, 1)[-1]
        if _DENIED_RE.search(before.rstrip() if form.startswith(" ") else before) is None:
            return True
        start = text.find(form, start + 1)
    return False


_UNIT_RE = re.compile(f"[a-z0-9]{{2,}}|[{CJK_RANGES}]")
_NEAR_UNITS = 3  # content units either side of a direction word that say what it is about
_FUNCTION = frozenset("的了是在和与及或把被将地得也都就再而则其它这那个一到时")
_STOP = frozenset(match_form(" ".join(EN_STOP)).split())


def _content(text: str) -> list[str]:
    return [u for u in _UNIT_RE.findall(text) if u not in _FUNCTION and u not in _STOP]


def _near(text: str, forms: Sequence[str]) -> frozenset[str]:
    """Content units within a few units of any of the wordings in `text`: what it is said of."""
    near: set[str] = set()
    for form in forms:
        start = text.find(form)
        while start >= 0:
            # Within its clause: "防止过拟合、提高泛化能力" says 提高 of 泛化, not of 过拟合.
            before = _content(text[:start].rsplit(CLAUSE, 1)[-1])[-_NEAR_UNITS:]
            after = _content(text[start + len(form) :].split(CLAUSE, 1)[0])[:_NEAR_UNITS]
            near.update(before)
            near.update(after)
            start = text.find(form, start + 1)
    return frozenset(near)


def reversed_in(directions: PointDirections, form: str, starts: Sequence[int]) -> tuple[str, str] | None:
    """(the reply's word, the key point's word) when the clauses of `form` that hold `starts`
    (where the key point was matched) use the opposite side of one of its pairs about the same
    thing (a content word next to it is next to the key point's side too), and none of them uses
    the key point's own side."""
    if not directions.pairs and not directions.confined:
        return None
    if directions.confined:
        turned = _confined_turned(directions.confined, _clauses_holding(form, starts))
        if turned or not directions.pairs:
            return turned
    padded = f" {form} "
    # map(str.__contains__) per pair rather than one generator over all: no step of Python per
    # wording, and most key points take a side of one pair only.
    for _own, opposite in directions.pairs:
        if any(map(padded.__contains__, opposite.forms)):
            break
    else:
        return None  # the common case: no opposite word anywhere, no clause to cut out
    clauses = _clauses_holding(form, starts)
    for own, opposite in directions.pairs:
        # map(str.__contains__): the same test without one step of Python per wording.
        if any(any(map(clause.__contains__, own.forms)) for clause in clauses):
            continue
        for clause in clauses:
            said = [i for i, f in enumerate(opposite.forms) if f in clause]
            if said and (own.clause_wide or _near(clause, [opposite.forms[i] for i in said]) & own.near):
                return opposite.words[said[0]], own.shown
    return None


def _clauses_holding(form: str, starts: Sequence[int]) -> list[str]:
    """The clause of `form` that holds each position, padded."""
    clauses = []
    for start in starts:
        lo = form.rfind(CLAUSE, 0, start) + 1
        hi = form.find(CLAUSE, start)
        clauses.append(f" {form[lo : len(form) if hi < 0 else hi]} ")
    return clauses


# "根据前文预测下一个词", "predict the next token from the previous ones": what is predicted from
# what. A reply that predicts the earlier from the later ("根据后面的词预测前面的词") turns the
# key point round even though it uses both of its sides.
_EARLIER = ("前文", "上文", "前面", "之前", "以前", "前一个", "上一个", "已有", "过去")
_LATER = ("后文", "下文", "后面", "之后", "以后", "下一个", "后一个", "未来")
_EN_EARLIER = tuple(match_form("previous preceding earlier past prior").split())
_EN_LATER = tuple(match_form("next later following future subsequent").split())
_ZH_FRAME_RE = re.compile(
    f"(?:根据|基于|由|用|从)([{CJK_RANGES}]{{1,8}}?)来?(?:预测|推测|生成)([{CJK_RANGES}]{{1,8}})"
)
_EN_FRAME_RE = re.compile(
    rf"\b{match_form('predict').strip()}\w* ((?:[a-z0-9]+ ){{1,5}}?)"
    rf"(?:{match_form('from').strip()}|{match_form('given').strip()}|{match_form('based on').strip()}) "
    r"((?:[a-z0-9]+ ?){1,5})"
)


def _slot_side(text: str) -> str | None:
    """'earlier' or 'later' when the slot names one of the two and not the other."""
    words = text.split()
    early = any(w in text for w in _EARLIER) or any(w in words for w in _EN_EARLIER)
    late = any(w in text for w in _LATER) or any(w in words for w in _EN_LATER)
    if early == late:
        return None
    return "earlier" if early else "later"


def _frames(form: str) -> list[tuple[int, str, str, str, str]]:
    """(position, source slot, source side, target slot, target side) of each prediction frame."""
    out = []
    for m in _ZH_FRAME_RE.finditer(form):
        out.append((m.start(), m[1], _slot_side(m[1]) or "", m[2], _slot_side(m[2]) or ""))
    for m in _EN_FRAME_RE.finditer(form):
        # English names the target first: "predict <target> from <source>".
        out.append((m.start(), m[2], _slot_side(m[2]) or "", m[1], _slot_side(m[1]) or ""))
    return [f for f in out if f[2] and f[4] and f[2] != f[4]]


def prediction_direction(texts: Iterable[str]) -> tuple[str, str] | None:
    """(source side, target side) when the texts (key points, answer) predict one way only."""
    found = {(f[2], f[4]) for text in texts for f in _frames(match_form(text))}
    return found.pop() if len(found) == 1 else None


def prediction_turned(direction: tuple[str, str] | None, form: str) -> tuple[int, str, str] | None:
    """(position, what the reply predicts from, what it predicts) when a clause of the reply
    predicts the other way round from the reference and does not deny it."""
    if direction is None:
        return None
    for start, source, side, target, target_side in _frames(form):
        if (side, target_side) == direction[::-1] and not negated(form, start):
            if source.isascii():  # stemmed English reads badly in a reason: name the sides
                return start, side, target_side
            return start, source, target
    return None


# Training lowers the loss: a clause that has the loss (损失, loss, 误差, error) grow as the aim
# of training ("让损失尽量变大", "预测越准 loss 越大", "to maximize the loss") turns round what every
# reference about a loss says, whatever its key points are worded with.
_LOSS_ZH = "(?:损失|loss|误差|error)"
_UP_ZH = "(?:变大|增大|越来越大|尽量大|尽可能大|最大|增加|上升|升高)"
_LOSS_WORDS_EN = "|".join(match_form("loss error").split())
_UP_WORDS_EN = "|".join(match_form("maximize increase raise").split())
_LOSS_UP_RE = re.compile(
    rf"(?:让|使|使得|要|尽量|尽可能|目标是|为了)[^{CLAUSE}]{{0,12}}{_LOSS_ZH}[^{CLAUSE}]{{0,6}}{_UP_ZH}"
    rf"|越(?:准|好|接近|对)[^{CLAUSE}]{{0,10}}{_LOSS_ZH}\s?越(?:大|高)"
    rf"|(?: to| should| tri to| aim to| want to| goal is to) (?:{_UP_WORDS_EN})\w* (?:{_LOSS_WORDS_EN})\b"
)
# On a question that asks about a loss, "它" (it) in the reply is that loss: "训练时要让它尽可能大".
_IT_UP_RE = re.compile(rf"(?:让|使|使得|要|尽量|尽可能|目标是|为了)它[^{CLAUSE}]{{0,6}}{_UP_ZH}")
LOSS_SIDES = {"zh": ("变大", "变小"), "en": ("larger", "smaller")}
_LOSS_MENTION_RE = re.compile(rf"损失|误差|\b(?:{_LOSS_WORDS_EN})\b")


def speaks_of_loss(texts: Iterable[str]) -> bool:
    """Whether a reference (answer, explanation, key points) speaks of a loss or an error."""
    return any(_LOSS_MENTION_RE.search(match_form(text)) for text in texts)


def loss_raised(form: str, asks_loss: bool = False) -> int | None:
    """The position of a clause that has training make the loss larger, not denied. With
    `asks_loss` (the question asks about the loss), "它" stands for the loss too."""
    if asks_loss and "它" in form:
        for found in _IT_UP_RE.finditer(form):
            if not negated(form, found.start()):
                return found.start()
    if "损失" not in form and "误差" not in form and " loss" not in form and " error" not in form:
        return None  # most replies name no loss: one substring test each
    for found in _LOSS_UP_RE.finditer(form):
        if not negated(form, found.start()):
            return found.start()
    return None


def opposites_of(question: Question) -> tuple[str, ...]:
    """Every opposite wording of every key point's directions, sorted: a reply with none of them
    turns nothing round."""
    directions = tuple(point_directions(kp) for kp in question.key_points)
    return tuple(
        sorted(
            {f for d in directions for _own, opposite in d.pairs for f in opposite.forms}
            | {f for d in directions for f in confined_forms(d)}
        )
    )


def opposite_negated(form: str, clause_at: int, word: str) -> bool:
    """Whether the opposite wording `word` (as the bank writes it) in the clause at `clause_at`
    stands right after a negation ("不用固定学习率")."""
    lo, hi = clause_of(form, clause_at)
    at = form.find(match_form(word).strip(), lo, hi)
    return at >= 0 and negated(form, at)


_DENYING_OPENERS = frozenset(match_form("no never without").split())
_DENIED_MIN_WORDS = 2  # what a side point denies, in words: one word ("latency") says too little


def denied_sides(question: Question) -> tuple[tuple[int, str, str], ...]:
    """(index, denied thing, as written) for the English phrasings of side key points that open with a
    denial ("no extra latency"), the thing not a word of the question."""
    asked = f" {match_form(question.question).strip()} "
    out = []
    for i, kp in enumerate(question.key_points):
        if kp.weight >= MISSED_MIN_WEIGHT:
            continue
        for phrasing in kp.phrasings:
            words = phrase_form(phrasing).split()
            if len(words) > _DENIED_MIN_WORDS and words[0] in _DENYING_OPENERS and phrasing.isascii():
                thing = f" {' '.join(words[1:])} "
                if thing not in asked:
                    out.append((i, thing, phrasing.split(None, 1)[1]))
    return tuple(out)
