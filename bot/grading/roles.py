"""Roles, not just words: a reply that gives one of two paired things the other one's property.

Where a question relates two things (encoder vs decoder, 16-bit vs 32-bit, training vs
inference, small vs large), the reference texts bind each content word to the nearer of the two
in its clause ("the encoder reads the input", "the decoder generates the output"). A reply whose
clauses bind the words the other way round ("the decoder reads the input") states a swap or a
reversal, even though every word of it is the reference's own. Pairs come from the question's
`contrasts` and from a short built-in list that applies where the reference names both sides.

The order checks live here too: a pair with a fixed order told the other way round ("先微调再预
训练", OrderCheck), and whether a reference and a reply tell steps in order (tells_steps,
steps_in_text_order), for the grader's check that a reply puts a later step first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from bot.grading.analyser import CJK_RANGES, is_cjk
from bot.grading.keypoints import CLAUSE, match_form
from bot.grading.terms_stats import EN_STOP
from bot.grading.tuning import ROLE_SWAP_MIN, ROLE_SWAP_RATIO

Side = tuple[str, ...]
Pair = tuple[Side, Side]
_Units = tuple[tuple[str, ...], ...]  # each wording of one side, as units

# Pairs that mean the same whatever the bank: they apply to a question whose reference texts name
# both sides. Each side lists its alternative wordings.
BUILTIN_PAIRS: tuple[Pair, ...] = (
    (("encoder",), ("decoder",)),
    # Chinese replies name the two often in English ("Encoder先读入输入"): the same side.
    (("编码器", "encoder"), ("解码器", "decoder")),
    (("pre-training", "pretraining", "pre-train", "pretrain"), ("fine-tuning", "finetuning", "fine-tune")),
    (("预训练", "pre-training", "pretraining"), ("微调", "fine-tuning", "finetuning", "fine-tune")),
    (("small", "tiny", "smaller"), ("large", "big", "larger", "huge")),
    (("increase", "raise", "grow", "ramp"), ("decrease", "reduce", "lower", "shrink", "decay")),
    (("增大", "增加", "升高"), ("减小", "减少", "降低")),
    (("above", "exceed", "exceeds"), ("below",)),
    (("earlier", "previous", "past"), ("later", "future")),
)

# Texts are read in the grader's match form (keypoints.match_form: folded, English stemmed, clause
# punctuation as CLAUSE). English joins two statements with a conjunction more often than with a
# comma ("keeps the moments on the CPU and computes the forward pass on the GPU"): each half binds
# to its own side.
_CLAUSE_RE = re.compile(
    rf"{CLAUSE}| (?:{'|'.join(match_form('and while whereas but so then because').split())}) "
)
_UNIT_RE = re.compile(f"[a-z0-9]+|[{CJK_RANGES}]")
# A character of a match form that is no part of a unit, a space or a clause mark.
_ODD_UNIT_RE = re.compile(f"[^a-z0-9{CJK_RANGES} {CLAUSE}]")
_ZH_FUNCTION = frozenset("的了是在和与及或把被将地得也都就再而则其它这那个一")
# A clause that denies ("is not", "不是") states nothing to bind. Chinese negation characters
# alone are too often part of a word (无标注, 不同) to count. "Instead" alone contrasts and states
# ("batch norm instead computes ... across the batch"); "instead of" denies what follows.
_NEGATION = re.compile(
    r"不是|并非|而非|不在|不会|并不|不能|没有在| (?:not|no|never|without|cannot|unlike|instead of|rather|t) "
)
# "so big steps could make training diverge", "否则大步长可能导致发散": what would happen, told to
# give a reason, binds nothing to a side (a swap is told as what is).
_HYPOTHETICAL = re.compile(
    rf" (?:{'|'.join(match_form('could would might otherwise').split())}) |否则|不然|可能会|可能导致"
)
# "the pre-trained model", "预训练权重", "编码器输出", "在预训练的基础上": the side qualifies a noun
# that follows it rather than playing a role in the sentence.
_MODIFIED = frozenset(
    {"模", "权", "参", "输", "基", *match_form("model weight parameter output input").split()}
)
_LINKS = frozenset("好过的后完了")
# Words of extent ("over the whole batch", "across its own features") say no more than the
# stop words around them: they neither bind nor part the two words they stand between.
_STOP = frozenset(match_form(" ".join((*EN_STOP, "own", "whole", "entire"))).split())


@dataclass(frozen=True, slots=True)
class _Binding:
    """Content features the reference binds to one side of a pair and not to the other."""

    first: frozenset[str]
    second: frozenset[str]
    # Each feature of either as it stands in a match form (" word ", or a Chinese bigram): a reply
    # that holds none binds nothing to either side (see RoleCheck.swapped).
    needles: tuple[str, ...] = ()
    # The same, of each side apart; and how many of the pair's wordings (RoleCheck.pairs) name
    # the first side.
    first_needles: tuple[str, ...] = ()
    second_needles: tuple[str, ...] = ()
    first_wordings: int = 0
    # The needles as one pattern (None without any): whether a reply holds one, in one search
    # instead of a scan per needle (a pair may have fifty).
    needle_re: re.Pattern[str] | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        if self.needles:
            pattern = "|".join(map(re.escape, sorted(set(self.needles), key=lambda n: (-len(n), n))))
            object.__setattr__(self, "needle_re", re.compile(pattern))


@dataclass(frozen=True, slots=True)
class RoleCheck:
    """The pairs of one question with what its reference texts bind to each side."""

    # (names, first side, second side, what the reference binds, every side wording as text)
    pairs: tuple[tuple[tuple[str, str], _Units, _Units, _Binding, tuple[str, ...]], ...]

    @classmethod
    def build(
        cls, pairs: Iterable[Pair], reference: Sequence[str], points: Sequence[str] = (), topic: str = ""
    ) -> RoleCheck:
        """`points` are the key-point statements: written to be right, they win where they and
        the other reference texts (answer, explanation) bind a word to different sides. The words
        of `topic` (the question) are what every clause is about ("the mask lets ..."), so they
        bind to neither side."""
        texts = _clause_units(reference)
        about = frozenset(f for _, f in _features(_units(match_form(topic)), set()))
        stated = _clause_units([_label_joined(p) for p in points])
        built = []
        for pair in pairs:
            # Going on after "and" / "so" is read for the bank's own pairs: the built-in ones
            # (small / large, ...) are words any clause may use in passing.
            declared = not any(pair is b for b in BUILTIN_PAIRS)
            if declared:
                pair = _with_initials(pair)
            sides = (_side_units(pair[0]), _side_units(pair[1]))
            first, second = _bound(texts, sides, declared)
            point_first, point_second = _bound(stated, sides, declared)
            first = (point_first | (first - point_second)) - about
            second = (point_second | (second - point_first)) - about
            if first - second or second - first:
                only_first, only_second = frozenset(first - second), frozenset(second - first)
                binding = _Binding(
                    only_first,
                    only_second,
                    _needles(only_first | only_second),
                    _needles(only_first),
                    _needles(only_second),
                    len(sides[0]),
                )
                wordings = tuple(_text(u) for side in sides for u in side)
                built.append(((pair[0][0], pair[1][0]), sides[0], sides[1], binding, wordings))
        return cls(tuple(built))

    def relates(self, names: tuple[str, str], form: str) -> bool:
        """Whether a text (as a match form) names both sides of the pair called `names`."""
        for pair_names, first, second, _binding, _wordings in self.pairs:
            if pair_names == names:
                padded = f" {form} "
                return any(_text(u) in padded for u in first) and any(_text(u) in padded for u in second)
        return False

    def roles_told(
        self, form: str, side_forms: tuple[frozenset[str], frozenset[str]], general: frozenset[str]
    ) -> bool:
        """Whether a reply (match form) binds to a side of the pair whose wordings (match forms)
        are `side_forms` some feature the reference binds to that side, other than the `general`
        words many questions use ("train", "run"): it tells which does what, not only that both
        exist. Run only where a reply names both sides bare."""
        for _names, first_side, second_side, binding, _wordings in self.pairs:
            if frozenset(_text(u).strip() for u in first_side) != side_forms[0]:
                continue
            relevant = (binding.first | binding.second) - general
            for _start, clause in _clause_spans(form):
                to_first, to_second = _bind(_units(clause), first_side, second_side, relevant, subject=True)
                if to_first & binding.first or to_second & binding.second:
                    return True
            return False
        return True  # a pair the reference binds nothing to: nothing to tell either way

    def swapped(self, form: str) -> Swap | None:
        """The pair (as written in the bank) whose roles the reply exchanges, if any, with a
        position in each clause that names a side; `form` is the reply's match form."""
        form = _same_meaning(form)
        # any(map(str.__contains__, ...)): the same test as a generator, without one step of
        # Python per wording; this runs on every reply that earns credit.
        named = form.__contains__
        pairs = [p for p in self.pairs if any(map(named, p[4]))]
        if not pairs:
            return None  # the reply names no side of any pair (the common case): nothing to bind
        # A swap needs a feature bound to the wrong side, so some feature of the pair in the reply:
        # a pair none of whose features the reply holds is out before its clauses are cut. Exact
        # where every character of the form is a unit, a space or a clause mark; another character
        # ("编α码") stands between two units that _units() makes neighbours, so then none is out.
        exact = not _ODD_UNIT_RE.search(form)
        # Clauses are cut by every pair the reply names, left out or not: which clauses go on
        # from one before them must not depend on the first look.
        texts = [t for p in pairs for t in p[4]]
        live = pairs
        if exact:
            # Only a pair that may swap is bound below (fewer wrong bindings than a swap needs
            # stay fewer once a word bound to both sides counts for neither).
            live = [p for p in pairs if _holds_needle(form, p[3]) and _may_swap(form, p[3], p[4])]
            if not live:
                return None
        clauses = []
        spoken = []  # the text of each clause kept, padded, for the bound in _may_swap_in
        kept = False  # whether the clause before was kept
        for start, c in _clause_spans(form):
            padded = f" {c} "
            if any(map(padded.__contains__, texts)):
                kept = not (_NEGATION.search(padded) or _HYPOTHETICAL.search(padded))
                if kept:
                    clauses.append((start, padded, _units(c)))
                    spoken.append(padded)
            elif kept and form.endswith(_GOES_ON, 0, start):
                # "LN computes each feature's mean and variance across the batch": the part after
                # "and" goes on about the side the clause before it named.
                kept = not (_NEGATION.search(padded) or _HYPOTHETICAL.search(padded))
                if kept:
                    clauses.append((start, "", _units(c)))
                    spoken.append(padded)
            else:
                kept = False
        for names, first_side, second_side, binding, sides in live:
            if exact and not _may_swap_in(clauses, spoken, binding, sides):
                continue  # fewer features against the pair than a swap needs, clause by clause
            to_first: set[str] = set()
            to_second: set[str] = set()
            where = []
            relevant = binding.first | binding.second
            said: tuple[bool, bool] = (False, False)  # which sides the clause before named
            for start, padded, clause in clauses:
                if not padded:
                    a, b = _going_on(clause, said, relevant)
                elif not any(map(padded.__contains__, sides)) or _too(padded, sides):
                    said = (False, False)
                    continue
                else:
                    where.append(start)
                    taken: set[int] = set()
                    spans_a = _occurrences(clause, first_side, taken, relevant)
                    spans_b = _occurrences(clause, second_side, taken, relevant)
                    said = (bool(spans_a), bool(spans_b))
                    # The same test as for the whole form, per clause: a clause without any of the
                    # pair's features binds none of them, so it adds to neither side.
                    if not (spans_a or spans_b):
                        continue
                    if exact and not _holds_needle(padded, binding):
                        continue
                    a, b = _bind_at(clause, spans_a, spans_b, taken, relevant, subject=True)
                to_first |= a
                to_second |= b
            # A word the reply binds to both sides ("weight decay" said of AdamW and of Adam with
            # L2) tells neither side's role: it counts for neither.
            both = to_first & to_second
            to_first -= both
            to_second -= both
            right = len(to_first & binding.first) + len(to_second & binding.second)
            wrong = len(to_first & binding.second) + len(to_second & binding.first)
            if wrong >= ROLE_SWAP_MIN and wrong > ROLE_SWAP_RATIO * right:
                return Swap(names, tuple(sorted({*where, *_continued(form, sides, where)})))
        return None


_AND = f" {match_form('and').strip()} "
# Words that open a clause going on about the side named before ("..., so the penalty passes
# through the adaptive scaling").
_GOES_ON = (_AND, f" {match_form('so').strip()} ")


def _going_on(
    units: tuple[str, ...], said: tuple[bool, bool], relevant: frozenset[str] | None
) -> tuple[set[str], set[str]]:
    """What a clause that names no side binds when it goes on after a clause that named one
    side alone: all its features, to that side."""
    if said[0] == said[1]:
        return set(), set()
    features = {f for _, f in _features(units, set(), relevant)}
    return (features, set()) if said[0] else (set(), features)


def _holds_needle(text: str, binding: _Binding) -> bool:
    """any(needle in text for needle in binding.needles), by one search."""
    return binding.needle_re is not None and binding.needle_re.search(text) is not None


def _may_swap(form: str, binding: _Binding, wordings: tuple[str, ...]) -> bool:
    """Whether the form can count ROLE_SWAP_MIN features against the pair: a clause counts a
    feature against it only where it names one side and holds a feature bound to the other, once
    per clause, and clauses do not overlap; so no more than the occurrences (str.count) of the
    features bound to a side the form does not name alone. Exact under the same condition as the
    needles test in RoleCheck.swapped."""
    named = form.__contains__
    first, second = wordings[: binding.first_wordings], wordings[binding.first_wordings :]
    against = 0
    if any(map(named, first)):
        against += sum(map(form.count, binding.second_needles))
    if any(map(named, second)):
        against += sum(map(form.count, binding.first_needles))
    return against >= ROLE_SWAP_MIN


def _may_swap_in(
    clauses: list[tuple[int, str, tuple[str, ...]]],
    spoken: list[str],
    binding: _Binding,
    wordings: tuple[str, ...],
) -> bool:
    """_may_swap counted clause by clause over the clauses RoleCheck.swapped binds: a clause that
    names the first side binds to it at most the features it holds, so it can count against the
    pair only those bound to the second side (and the other way round); one that goes on from
    the clause before (no text in `clauses`) may bind its features to either side. Exact under
    the same condition as _may_swap."""
    first, second = wordings[: binding.first_wordings], wordings[binding.first_wordings :]
    against = 0
    for (_start, padded, _units), text in zip(clauses, spoken, strict=True):
        count = text.count
        if not padded or any(map(padded.__contains__, first)):
            against += sum(map(count, binding.second_needles))
        if not padded or any(map(padded.__contains__, second)):
            against += sum(map(count, binding.first_needles))
        if against >= ROLE_SWAP_MIN:
            return True
    return False


# "memory is too small for the batch size", "太大放不下": a side after "too" tells that two things
# do not fit each other, not which of them is which size.
_TOO = (f" {match_form('too').strip()}", "太")


def _too(padded: str, sides: tuple[str, ...]) -> bool:
    """Whether the clause names a side right after "too" ("太")."""
    if " too " not in padded and "太" not in padded:
        return False
    return any(f"{t}{side}" in padded or f"{t}{side.strip()}" in padded for t in _TOO for side in sides)


def _needles(features: frozenset[str]) -> tuple[str, ...]:
    """The features as a match form holds them: an English word between spaces, a bigram as is."""
    # A pair of English words stands in a reply with other words between: each word is a needle.
    words = {f if is_cjk(f[0]) else f" {w} " for f in features for w in f.split()}
    if f" {_ACROSS} " in words:
        words.add(f" {_OVER} ")  # _features reads "over" as "across"
    return tuple(sorted(words))


# The dimension a statistic is taken along is told with either word ("the mean over the batch",
# "statistics across the batch"): the role check reads both as one feature word, although "over"
# is a stop word elsewhere.
_OVER, _ACROSS = match_form("over across").split()


def _continued(form: str, sides: tuple[str, ...], where: list[int]) -> list[int]:
    """Starts of the clauses that go on after a swapped clause without naming a side: they say
    more of the same subject ("微调则是在海量文本上继续训练，让模型学到通用能力")."""
    out, going_on = [], False
    for start, clause in _clause_spans(form):
        if any(t in f" {clause} " for t in sides):
            going_on = start in where
        elif going_on:
            out.append(start)
    return out


@dataclass(frozen=True, slots=True)
class Swap:
    names: tuple[str, str]  # the pair's sides, as the bank writes them
    # a position in the match form of each clause that names a side, and of each clause after
    # one that goes on about it without naming a side
    positions: tuple[int, ...]


# Words of one meaning, spelled as one (same length, so positions in the form stay): "没标注的数据"
# is the reference's "无标注" data, whatever the reply's negation character.
_SAME_MEANING = (("没标注", "无标注"), ("未标注", "无标注"))


def _same_meaning(form: str) -> str:
    if "标注" in form:
        for said, meant in _SAME_MEANING:
            form = form.replace(said, meant)
    return form


def _clause_units(texts: Iterable[str]) -> list[tuple[tuple[str, ...], bool]]:
    """(units, whether it goes on from the clause before: opened by "and" or "so") of each clause;
    a denied statement ("推理时不丢弃") binds nothing, in the reference as in a reply: its units
    are empty."""
    out = []
    for text in texts:
        form = _same_meaning(match_form(_BRACKETED_RE.sub(_one_clause, text)))
        for start, clause in _clause_spans(form):
            denied = _NEGATION.search(f" {clause} ")
            out.append(((() if denied else _units(clause)), form.endswith(_GOES_ON, 0, start)))
    return out


# "runs most of the computation (matrix multiplications, activations) in 16-bit": a list of
# names in brackets belongs to the clause around it; its commas cut no clause. Brackets that hold
# statements ("（遗忘门丢弃旧信息、输入门写入新信息）") keep them apart.
_BRACKETED_RE = re.compile(r"[(（]([^()（）]*)[)）]")
_LIST_MARKS_RE = re.compile("[,;，；、]")
_LIST_ITEM_MAX_WORDS = 3
_LIST_ITEM_MAX_CJK = 4


def _one_clause(match: re.Match[str]) -> str:
    items = _LIST_MARKS_RE.split(match[1])
    for item in items:
        cjk = sum(map(is_cjk, item))
        if cjk > _LIST_ITEM_MAX_CJK or len(item.split()) > _LIST_ITEM_MAX_WORDS:
            return match[0]
    return f" {' '.join(items)} "


def _bound(
    clauses: list[tuple[tuple[str, ...], bool]], sides: tuple[_Units, _Units], going_on: bool = True
) -> tuple[set[str], set[str]]:
    first: set[str] = set()
    second: set[str] = set()
    said = (False, False)  # which sides the clause before named
    for clause, goes_on in clauses:
        taken: set[int] = set()
        spans_a, spans_b = _occurrences(clause, sides[0], taken), _occurrences(clause, sides[1], taken)
        if spans_a or spans_b:
            a, b = _bind_at(clause, spans_a, spans_b, taken)
            said = (bool(spans_a), bool(spans_b))
        elif goes_on and going_on:
            # "adds the penalty to the gradient, so the penalty passes through the adaptive
            # scaling": what follows "and" or "so" says more of the side named before it.
            a, b = _going_on(clause, said, None)
        else:
            said = (False, False)
            continue
        first |= a
        second |= b
    return first, second


# "预训练：先在大规模通用语料上训练": a key point that names its subject before a colon says the
# rest of that subject; joined into one clause, the subject binds it.
_LABEL_RE = re.compile(r"^([^:：,，。;；]{1,16})[:：]")


def _label_joined(point: str) -> str:
    return _LABEL_RE.sub(r"\1 ", point, count=1)


def pairs_for(contrasts: Iterable[Pair], reference: Sequence[str]) -> list[Pair]:
    """The question's own contrasts, and the built-in pairs its reference texts name both sides of."""
    chosen = list(contrasts)
    units = [u for text in reference for u in _units(match_form(text))]
    joined = f" {' '.join(units)} "
    seen = set()
    for pair in BUILTIN_PAIRS:
        named = tuple(
            frozenset(w for w in side if f" {' '.join(_units(match_form(w)))} " in joined) for side in pair
        )
        # A pair named by the same words as one taken already ("encoder" of the pair that also
        # lists 编码器, in an English reference) would only bind the same words again.
        if all(named) and named not in seen:
            seen.add(named)
            chosen.append(pair)
    return chosen


def _clauses(form: str) -> list[str]:
    return [c for _, c in _clause_spans(form)]


# A part after "and" this short is a noun joined to the clause before it ("attend to
# itself and earlier positions"), not a statement of its own: it stays in that clause.
_JOINED_MAX_UNITS = 2


def _clause_spans(form: str) -> list[tuple[int, str]]:
    """(start, text) of each clause of a match form."""
    spans: list[tuple[int, str]] = []
    start, joined = 0, False
    for cut in _CLAUSE_RE.finditer(form):
        _add_span(spans, start, form[start : cut.start()], joined)
        joined = cut.group(0).strip() == "and"
        start = cut.end()
    _add_span(spans, start, form[start:], joined)
    return spans


def _add_span(spans: list[tuple[int, str]], start: int, text: str, joined: bool) -> None:
    if not text.strip():
        return
    if joined and spans and len(_UNIT_RE.findall(text)) <= _JOINED_MAX_UNITS:
        before_start, before = spans[-1]
        spans[-1] = (before_start, f"{before} and {text}")
        return
    spans.append((start, text))


def _units(form: str) -> tuple[str, ...]:
    """English words (as stemmed in the match form) and single Chinese characters, in order."""
    return tuple(_UNIT_RE.findall(form))


def _text(units: tuple[str, ...]) -> str:
    """A side's wording as it appears in a match form: "编码器", " 16 bit "."""
    if units and is_cjk(units[0][0]):
        return "".join(units)
    return f" {' '.join(units)} "


def _initials(wording: str) -> str:
    """ "ln" for "layer norm": the first letters of an English wording of two words or more, all
    letters; "" for any other wording."""
    words = wording.split()
    if len(words) < 2 or not all(w.isascii() and w.isalpha() for w in words):
        return ""
    return "".join(w[0] for w in words).lower()


def _with_initials(pair: Pair) -> Pair:
    """The bank's pair with each side's initials as one more wording ("LN computes its statistics
    over the batch; BN over the features" swaps layer norm and batch norm), where the initials
    are the same for every such wording of the side, differ from the other side's and are no
    wording of either."""
    said = {w.lower() for side in pair for w in side}
    found = [{i for i in map(_initials, side) if i} for side in pair]
    if any(len(f) != 1 for f in found) or found[0] == found[1] or said & (found[0] | found[1]):
        return pair
    return ((*pair[0], *found[0]), (*pair[1], *found[1]))


def _side_units(side: Side) -> _Units:
    units = tuple(u for u in (_units(match_form(w)) for w in side) if u)
    _VERB_FREE[units] = _verb_free(side)
    return units


# A side that the bank writes only in derived forms ("predicted", "prediction") is no verb: where
# its stem stands right after "to" ("every position is trained to predict the next token") the
# text names an action, not the side. A side written in its bare form too ("increase", "reduce")
# keeps "to increase". Filled by _side_units, per side: the single-word stems this holds for.
_VERB_FREE: dict[_Units, frozenset[str]] = {}


def _verb_free(side: Side) -> frozenset[str]:
    stems: dict[str, bool] = {}  # stem -> whether some wording is its bare form
    for wording in side:
        word = str(wording).lower()
        if " " in word or not word.isascii():
            continue
        stem = match_form(word).strip()
        if stem and " " not in stem:
            stems[stem] = stems.get(stem, False) or word in (stem, f"{stem}e")
    return frozenset(stem for stem, bare in stems.items() if not bare)


# Words around a verb that a noun does not stand among: "to predict", "can predict", "predict
# every next token", "predict which token comes next".
_BEFORE_VERB = frozenset(match_form("to can will would should must").split())
_AFTER_VERB = frozenset(match_form("every each all next which what how it them").split())


def _verb_at(units: tuple[str, ...], i: int) -> bool:
    return (i > 0 and units[i - 1] in _BEFORE_VERB) or (i + 1 < len(units) and units[i + 1] in _AFTER_VERB)


# Size words ("a small GPU") qualify the word right after them: see _occurrences.
_SIZE_WORDS = frozenset(match_form("small tiny smaller large big larger huge").split())


def _occurrences(
    units: tuple[str, ...],
    side: _Units,
    modified: set[int] | None = None,
    relevant: frozenset[str] | None = None,
) -> list[tuple[int, int]]:
    """Spans of the side's wordings in the clause; a wording that qualifies a noun ("预训练模型")
    is no side there, and with `modified` the positions of it and its noun are added to it.
    With `relevant` (a reply's clause), a size word right before an English content word the
    reference binds to neither side ("on a small GPU") says how big that thing is and no more."""
    found = []
    verb_free = _VERB_FREE.get(side, frozenset())
    for word in side:
        n, start = len(word), 0
        while n:
            try:
                i = units.index(word[0], start)  # in C: most clauses hold few side words
            except ValueError:
                break
            if units[i : i + n] == word:
                if n == 1 and word[0] in verb_free and _verb_at(units, i):
                    # "trained to predict": a verb, not the side "prediction"; nor a feature.
                    if modified is not None:
                        modified.add(i)
                    start = i + 1
                    continue
                noun = _modifier(units, i + n) or _time_reference(units, i, i + n)
                if not noun and relevant is not None and n == 1 and word[0] in _SIZE_WORDS:
                    noun = _qualified(units, i + 1, relevant)
                if not noun:
                    found.append((i, i + n))
                elif modified is not None:
                    modified.update(range(i, noun))
            start = i + 1
    return found


# "在微调之后", "after pre-training": a side named as a point in time is not what the clause is
# about ("预训练则是在微调之后用特定任务的数据调整" is about 预训练).
_ZH_TIME_AFTER = ("之后", "之前", "以后", "以前")
_EN_TIME_BEFORE = frozenset(match_form("after before").split())


def _time_reference(units: tuple[str, ...], start: int, end: int) -> int:
    """Where a side used as a point in time ends, with its time word, or 0."""
    if "".join(units[end : end + 2]) in _ZH_TIME_AFTER:
        return end + 2
    if start > 0 and units[start - 1] in _EN_TIME_BEFORE:
        return end
    return 0


def _qualified(units: tuple[str, ...], at: int, relevant: frozenset[str]) -> int:
    """Where the English content word at `at` ends when the reference binds it to neither side of
    the pair, alone or in a pair of words (so a size word before it qualifies it alone), or 0."""
    if at >= len(units) or is_cjk(units[at][0]) or units[at] in _STOP or units[at].isdigit():
        return 0
    word = units[at]
    return 0 if any(word in feature.split() for feature in relevant) else at + 1


def _modifier(units: tuple[str, ...], after: int) -> int:
    """Where the noun that the side ending before `after` qualifies ends ("预训练好的模型"), or 0."""
    while after < len(units) and units[after] in _LINKS:
        after += 1
    if after < len(units) and units[after] in _MODIFIED:
        # A Chinese noun of the list is two characters (模型, 权重, 输出); an English one a word.
        return min(len(units), after + (2 if is_cjk(units[after][0]) else 1))
    return 0


def _bind(
    units: tuple[str, ...],
    first: _Units,
    second: _Units,
    relevant: frozenset[str] | None = None,
    subject: bool = False,
) -> tuple[set[str], set[str]]:
    """Content features of the clause bound to the nearer side (both on a tie); with `relevant`,
    only those features (the others could not change a verdict). With `subject`, an English
    clause that opens with one side and names the other only after a verb is about the first."""
    # The pair's own words, and a side used as a modifier with its noun ("预训练模型"): a noun
    # phrase that names the thing, not a property bound to either side.
    taken: set[int] = set()
    spans_a, spans_b = _occurrences(units, first, taken), _occurrences(units, second, taken)
    return _bind_at(units, spans_a, spans_b, taken, relevant, subject)


def _bind_at(
    units: tuple[str, ...],
    spans_a: list[tuple[int, int]],
    spans_b: list[tuple[int, int]],
    taken: set[int],
    relevant: frozenset[str] | None = None,
    subject: bool = False,
) -> tuple[set[str], set[str]]:
    """_bind with the sides' spans found already, and `taken` holding their modified nouns."""
    if not spans_a and not spans_b:
        return set(), set()
    taken.update(i for s, e in spans_a + spans_b for i in range(s, e))
    features = _features(units, taken, relevant)
    if not spans_b:
        return {f for _, f in features}, set()
    if not spans_a:
        return set(), {f for _, f in features}
    opener = _subject(units, spans_a, spans_b, features) if subject else 0
    if opener:
        every = {f for _, f in features}
        return (every, set()) if opener == 1 else (set(), every)
    bound_a: set[str] = set()
    bound_b: set[str] = set()
    for i, feature in features:
        da = min(_distance(i, s, e) for s, e in spans_a)
        db = min(_distance(i, s, e) for s, e in spans_b)
        if da <= db:
            bound_a.add(feature)
        if db <= da:
            bound_b.add(feature)
    return bound_a, bound_b


# "AdamW adds the L2 penalty to the loss gradient": the side an English clause opens with is what
# it is about; the other side, named after the verb, is what it acts on. At most this many words
# (a modifier: "plain", "in") stand before the opening side.
_SUBJECT_AT_MOST = 1


def _subject(
    units: tuple[str, ...],
    spans_a: list[tuple[int, int]],
    spans_b: list[tuple[int, int]],
    features: list[tuple[int, str]],
) -> int:
    """1 or 2 when an English clause opens with the first or the second side and names the other
    only after a content word in between; 0 otherwise."""
    if not units or is_cjk(units[0][0]):
        return 0
    a, b = min(spans_a), min(spans_b)
    opener, other, side = (a, b, 1) if a[0] < b[0] else (b, a, 2)
    if opener[0] > _SUBJECT_AT_MOST:
        return 0
    if not any(opener[1] <= i < other[0] for i, _ in features):
        return 0  # "AdamW or Adam with L2": both sides are the subject
    return side


def _features(
    units: tuple[str, ...], taken: set[int], relevant: frozenset[str] | None = None
) -> list[tuple[int, str]]:
    """English content words and pairs of neighbouring ones, and bigrams of Chinese content
    characters, outside the pair words; with `relevant`, only those."""
    out = []
    last = len(units) - 1
    before = -1  # position of the English content word before, while no pair word came between
    for i, unit in enumerate(units):
        if i in taken:
            before = -1
            continue
        if unit == _OVER:
            unit = _ACROSS  # "each feature over the batch" says "each feature across the batch"
        if is_cjk(unit[0]):
            before = -1
            if i == last:
                continue
            nxt = units[i + 1]
            feature = unit + nxt
            if relevant is not None and feature not in relevant:
                continue
            if i + 1 not in taken and is_cjk(nxt[0]) and not _ZH_FUNCTION & {unit, nxt}:
                out.append((i, feature))
        elif unit not in _STOP and len(unit) > 1 and not unit.isdigit():
            if before >= 0:
                # Word order tells what a word belongs to where the words alone do not: "each
                # feature across the examples" (batch norm) against "across its own features"
                # (layer norm) use the same words.
                pair = f"{_ACROSS if units[before] == _OVER else units[before]} {unit}"
                if relevant is None or pair in relevant:
                    out.append((before, pair))
            # "the features of one example" (layer norm) is no "across the examples" (batch
            # norm): a word counted as a single one is not the word alone.
            if (relevant is None or unit in relevant) and (i == 0 or units[i - 1] not in _ONE):
                out.append((i, unit))
            before = i
    return out


_ONE = frozenset(match_form("one single").split())


def _distance(i: int, start: int, end: int) -> int:
    return start - i if i < start else i - end + 1


# Pairs whose first side comes first wherever they meet: data goes through the encoder before the
# decoder, a model is pre-trained before it is fine-tuned, the forward pass runs before the
# backward pass, gradients come before the update. They apply to a question whose reference texts
# name both sides, first side first.
ORDERED_PAIRS: tuple[Pair, ...] = (
    (("encoder",), ("decoder",)),
    # Chinese replies name the two often in English ("Encoder先读入输入"): the same side.
    (("编码器", "encoder"), ("解码器", "decoder")),
    (("pre-training", "pretraining", "pre-train", "pretrain"), ("fine-tuning", "finetuning", "fine-tune")),
    (("预训练", "pre-training", "pretraining"), ("微调", "fine-tuning", "finetuning", "fine-tune")),
    (("forward pass", "forward propagation"), ("backward pass", "backpropagation", "backward propagation")),
    (("前向传播", "前向计算"), ("反向传播",)),
    # Gradients are computed before the parameters are updated with them.
    (
        ("gradient", "gradients"),
        (
            "update the weights",
            "update the parameters",
            "weight update",
            "parameter update",
            "optimizer step",
        ),
    ),
    (("梯度",), ("更新参数", "参数更新", "调整参数", "更新权重", "权重更新")),
)
# "先由解码器生成…，然后编码器…", "first fine-tune …, then pre-train …": a cue that something comes
# first, the later side, a cue that something follows, then the earlier side.
_FIRST_CUE = r"(?:先|首先|\bfirst\b)"
# At the start of a clause 之后 / after that mean "then" ("先用解码器生成输出，之后编码器…").
_THEN_CUE = (
    rf"(?:然后|接着|随后|再|\bthen\b|\bnext\b|\bafterwards\b|{CLAUSE} (?:之后|以后|after th(?:at|is)))"
)
# The same order told by a word placed after a side: "在预训练之前先微调" (what comes before the
# earlier side), "微调之后再预训练" (what follows the later side), and in English "fine-tune
# before pre-training", "pre-train after fine-tuning", inside one clause.
_ZH_BEFORE = r"(?:之前|以前)"
_ZH_AFTER = r"(?:之后|以后)"
_EN_BEFORE = r"\bbefore\b"
_EN_AFTER = r"\bafter\b"


@dataclass(frozen=True, slots=True)
class OrderCheck:
    """The question's pairs with a fixed order, as patterns for telling them the other way round."""

    patterns: tuple[tuple[tuple[str, str], re.Pattern[str]], ...]
    # Per pattern, the later side's wordings: a reply without one of them cannot match it.
    later: tuple[tuple[str, ...], ...]

    @classmethod
    def build(cls, reference: Sequence[str]) -> OrderCheck:
        text = match_form(" ".join(reference))
        patterns = []
        later_sides = []
        for first, second in ORDERED_PAIRS:
            a, b = _side_forms(first), _side_forms(second)
            at_a, at_b = _first_at(text, a), _first_at(text, b)
            if at_a < 0 or at_b < 0 or at_b < at_a:
                continue  # the reference does not name both sides, first side first
            later, earlier = _alternatives(b), _alternatives(a)
            gap = f"[^{re.escape(CLAUSE)}]{{0,{_CUE_GAP}}}?"
            near = f"[^{re.escape(CLAUSE)}]{{0,{_NEAR_GAP}}}?"
            span = f".{{0,{_CUE_GAP * 2}}}?"
            told = (
                f"{_FIRST_CUE}{gap}{later}.{{0,{_CUE_SPAN}}}?{_THEN_CUE}{span}{earlier}",
                f"{earlier}{near}{_ZH_BEFORE}{span}{later}",
                f"{later}{near}{_ZH_AFTER}{span}{earlier}",
                f"{later}{gap}{_EN_BEFORE}{gap}{earlier}",
                f"{earlier}{gap}{_EN_AFTER}{gap}{later}",
            )
            patterns.append(((first[0], second[0]), re.compile("|".join(f"(?:{t})" for t in told))))
            later_sides.append(b)
        return cls(tuple(patterns), tuple(later_sides))

    def backwards(self, form: str) -> tuple[str, str] | None:
        """The pair (as the bank writes it) that the reply tells in the wrong order, if any."""
        named = form.__contains__
        for (names, pattern), later in zip(self.patterns, self.later, strict=True):
            if not any(map(named, later)):  # in C: most replies name no later side
                continue
            m = pattern.search(form)
            # "不是先微调再预训练", "not first fine-tune": a negation just before counts too.
            if m is not None and not _NEGATION.search(f" {form[max(0, m.start() - 6) : m.end()]} "):
                return names
        return None


# Characters between a cue and the side it is about ("先在具体任务上微调", "first we fine-tune"),
# and at most between the later side and the cue that something follows.
_CUE_GAP = 12
_CUE_SPAN = 60
# Characters between a side and the 之前 / 之后 placed after it ("微调完之后").
_NEAR_GAP = 3


def _side_forms(side: Side) -> tuple[str, ...]:
    return tuple(_text(u).strip() for u in _side_units(side))


def _first_at(text: str, forms: Sequence[str]) -> int:
    found = [i for i in (text.find(f) for f in forms) if i >= 0]
    return min(found) if found else -1


def _alternatives(forms: Sequence[str]) -> str:
    return "(?:" + "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True)) + ")"


# Words that tell steps in order, and words after which the text's order is not the steps' order
# ("PPO runs after the reward model is trained").
_SEQUENCE_RE = re.compile(r"\b(?:first|then|finally|next|afterwards|steps?)\b|先|然后|接着|最后|首先|再")
_REORDER_RE = re.compile(r"\b(?:after|before|once|until|prior)\b|之前|之后|以前|以后|前要|基础上")


# "…，之后再训练奖励模型", "…. After that, ...": at the start of a clause these words mean "then",
# and tell the steps in the text's order.
_THEN_RE = re.compile(rf"{CLAUSE}\s*(?:之后|以后|after that|after this)")


_STEPS_RE = re.compile(
    r"\b(?:first|then|finally|(?:two|three|four|\d) steps?)\b|先|然后|最后|首先|之后|基础上"
)


def tells_steps(reference: Sequence[str]) -> bool:
    """Whether the reference texts (answer and key points) tell steps in an order: two different
    sequence words in them."""
    text = match_form(" ".join(reference))
    return len({m.group(0) for m in _STEPS_RE.finditer(text)}) >= 2


def steps_in_text_order(form: str) -> bool:
    """Whether a reply (match form) tells steps in the order of its text: it uses a sequence word
    ("first", "然后") and no word after which the text's order is not the steps' order."""
    return bool(_SEQUENCE_RE.search(form)) and not _REORDER_RE.search(_THEN_RE.sub(" ", form))
