"""Find which phrases of a bank a reply states, fast, in both spelling and sound.

Every phrase (a key point's text or phrasing, or a false claim) of every question of a bank goes
into one Aho-Corasick automaton over its sound (pinyin) form. A reply is turned into its match
form once and its sound form is searched for all phrases in one pass, so a wrong homophone still
matches. A phrase preceded by a negation cue ("不是", "not") does not count as
stated; it is reported as negated instead.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import ahocorasick
from rapidfuzz import fuzz, process

from bot.grading import pinyin
from bot.grading.analyser import CJK_RANGES, CJK_RE, match_stem
from bot.grading.normalize import fold_chars, is_cjk
from bot.grading.tuning import (
    ENGLISH_LONG_WORD,
    ENGLISH_LONG_WORD_UNITS,
    ENGLISH_WORD_UNITS,
    FUZZY_WORD_LENGTH_DIFF,
    FUZZY_WORD_MIN,
    FUZZY_WORD_RATIO,
    KP_EVIDENCE_MIN,
    NEGATION_WINDOW_CHARS,
    NEGATION_WINDOW_WORDS,
    SOUND_MIN_CJK,
)

# Clause breaks survive normalization as this letter, so no phrase matches across a full stop and
# a negation never reaches into the previous clause.
CLAUSE = "\u01c1"
_WORD_RE = re.compile(r"[a-z0-9]+")
# A whole word of FUZZY_WORD_MIN letters or more (\b[a-z]{N,}\b): a letter first, and the word
# boundary before it looked behind, lets the regex engine skip to the letters instead of trying
# the boundary at every position of a Chinese reply.
_LONG_WORD_RE = re.compile(rf"[a-z](?<!\w[a-z])[a-z]{{{FUZZY_WORD_MIN - 1},}}(?!\w)")
_RESPELL_CACHE = 20_000  # words remembered, so a long-running bot never grows without bound
_ARTICLES = frozenset({"a", "an", "the"})
# The space first, then the look behind: a pattern that starts with a literal lets the regex
# engine jump from space to space instead of trying the look-behind at every position.
_CJK_SPACE_RE = re.compile(f" (?<=[{CJK_RANGES}] )(?=[{CJK_RANGES}])")
_KEY_RUN_RE = re.compile(f"[a-z0-9]+|[^\\sa-z0-9{CLAUSE}]+")
_CJK_CHAR_RE = CJK_RE

# Negation cues directly before a phrase. Compounds that merely contain 不/无/非 and negate
# nothing ("不同", "非常", "别人") are listed as exceptions.
_ZH_NEGATIONS = "不没无非未别"
_ZH_NOT_NEGATION = (
    "不同",
    "不断",
    "不仅",
    "不少",
    "不错",
    "不管",
    "不过",
    "不止",
    "不但",
    "无论",
    "非常",
    "非线性",
    "没错",
    "别人",
    "别的",
    "未来",
)
# Contrast ("unlike RNNs", "instead of", "不同于 RNN") works like a negation for what follows, and
# so does a verb that leaves a thing out ("skips the reward model", "bypasses RL"): what it names
# is what the reply says is not there. Stems, as the match form spells them.
_EN_NEGATIONS = frozenset(
    {"not", "no", "never", "t", "without", "cannot", "neither", "nor", "unlike", "instead", "rather"}
    | {match_stem(w) for w in ("skip", "bypass", "omit")}
)
# Of the negation cues, those that say a thing is left out or not needed ("skips the reward
# model", "不需要奖励模型") rather than contrast it: see _drop_outweighed.
_EN_LEFT_OUT = frozenset(match_stem(w) for w in ("skip", "bypass", "omit"))
_ZH_LEFT_OUT = ("不需要", "无需", "不用", "不必")


# A verb that keeps a thing from doing what follows "from" ("stops each token from attending to
# the tokens before it"): what it names after "from" is what does not happen. Not "keep": "keeps
# the keys and values from earlier steps" is where they come from.
_EN_PREVENTING = frozenset(match_stem(w) for w in ("stop", "prevent", "forbid", "bar"))
_EN_FROM = match_stem("from")
_EN_PREVENTED_RE = re.compile(
    rf"(?:^| )(?:{'|'.join(sorted(_EN_PREVENTING))})(?: [a-z0-9]+){{0,4}} {_EN_FROM}(?: [a-z0-9]+){{0,3}} ?$"
)

# Whether negated() can be true anywhere in a match form, where every English word stands
# between spaces: a pattern that starts with a character or a space lets the regex engine skip
# ahead, where a leading \b was tried at every position. Chinese and English cues in two scans:
# cheaper than one pattern over both, and ASCII text skips the Chinese scan.
_ZH_NEGATION_CUE_RE = re.compile(f"[{_ZH_NEGATIONS}]")
_EN_NEGATION_CUE_RE = re.compile(f" (?:{'|'.join(sorted(_EN_NEGATIONS | _EN_PREVENTING))}) ")


def _negation_cue_in(form: str) -> bool:
    """Whether negated() can be true anywhere in a match form: a negation cue occurs in it."""
    return (not form.isascii() and _ZH_NEGATION_CUE_RE.search(form) is not None) or (
        _EN_NEGATION_CUE_RE.search(form) is not None
    )


# Where a negation cue of a match form may start: a Chinese negation character, or a space before
# the letters of an English negation word (the letters looked ahead, so that " not no " gives
# both; no space is asked after it, since a phrase may start inside a word: " no" is read in
# " noth"). The space matched, not looked ahead, lets the regex engine skip to the characters
# that may start a cue.
_NEGATION_CUE_AT_RE = re.compile(
    f"[{_ZH_NEGATIONS}]| (?=(?:{'|'.join(sorted(_EN_NEGATIONS | _EN_PREVENTING))}))"
)
_EVERYWHERE = [0]  # see _negation_cues


def _negation_cues(form: str) -> list[int]:
    """Where negated() may look for a cue, asked once per reply: the sorted starts of its cues, or
    _EVERYWHERE when a "无关" look after a phrase may apply (every such cue holds 关, and one of
    the negation characters, which _zh_unrelated reads after the phrase, not before it); empty
    when negated() is false everywhere."""
    if not _negation_cue_in(form):
        return []
    if "关" in form:
        return _EVERYWHERE
    return [m.start() for m in _NEGATION_CUE_AT_RE.finditer(form)]


def _may_be_negated(cues: list[int], form: str, start: int) -> bool:
    """False where negated(form, start) is false: no cue starts in the clause before `start`
    (negated() reads only that clause, from its clause mark on, before the phrase). The cues
    as _negation_cues gives them."""
    if cues is _EVERYWHERE:
        return True
    i = bisect_left(cues, form.rfind(CLAUSE, 0, start))
    return i < len(cues) and cues[i] < start


class _ClauseFold(dict[int, str]):
    """Everything normalize() does to one character, as a translate table: NFKC, case folding,
    traditional to simplified, punctuation to a space; clause punctuation becomes CLAUSE.

    Done per character, NFKC cannot compose sequences (a letter plus a combining accent stays
    two characters), which no phrase of a bank depends on; in return the whole text is folded
    in one C-level pass."""

    def __missing__(self, code: int) -> str:
        folded = "".join(
            f" {CLAUSE} " if ch in _CLAUSE_PUNCT else fold_chars(ch)
            for ch in unicodedata.normalize("NFKC", chr(code)).casefold()
        )
        self[code] = folded
        return folded


# After NFKC, so full-width forms are already ASCII. A full stop inside "0.1" or "e.g." also
# breaks the clause, which costs nothing.
_CLAUSE_PUNCT = frozenset(",;!?:.\u3001\u3002\n")
_CLAUSE_FOLD = _ClauseFold()


def _ascii_fold() -> dict[int, str]:
    """_CLAUSE_FOLD for ASCII, one character for one: clause punctuation becomes NUL (every
    control character, NUL too, folds to a space), replaced by CLAUSE afterwards. A table of
    single ASCII characters lets str.translate take its fast path for ASCII text."""
    table = {}
    for code in range(128):
        folded = chr(code).translate(_CLAUSE_FOLD)
        table[code] = "\0" if folded == f" {CLAUSE} " else folded
    return table


_ASCII_FOLD = _ascii_fold()
# "e^(loss)", "e^x": the exponential written as a power of e reads as "exp" ("exp(loss)"), which
# the folding would otherwise leave as a bare letter e that no phrase can hold.
_EXP_RE = re.compile(r"(?<![a-z0-9])e\s*\^", re.IGNORECASE)


# "(x − μ)/σ": the mean and the standard deviation (σ² the variance) written as the letters a
# formula uses read as the words the phrases hold. Capital Σ (a sum) is another letter.
_STATISTIC_WORDS = {"μ": " mean ", "µ": " mean ", "σ²": " variance ", "σ^2": " variance ", "σ": " std "}
_STATISTIC_RE = re.compile("σ²|σ\\^2|[μµσ]")


def match_form(text: str) -> str:
    """Normalized text with clause marks, English words stemmed and spaced, padded by spaces.

    The same steps as normalize(), in one pass, with clause punctuation kept as CLAUSE."""
    if "^" in text:  # in C; a power is rare
        text = _EXP_RE.sub(" exp ", text)
    if "μ" in text or "σ" in text or "µ" in text:  # in C; notation is rare
        text = _STATISTIC_RE.sub(lambda m: _STATISTIC_WORDS[m[0]], text)
    if text.isascii():  # a flag of the string: costs nothing to ask
        # Folded, every run of letters and digits stands between spaces: split() finds the words
        # the regex would, and a dict look-up per word replaces a Python call per match. No
        # Chinese character, so no space between two of them to drop.
        words = text.translate(_ASCII_FOLD).replace("\0", f" {CLAUSE} ").split()
        try:
            # Every word met before (the common case): looked up in C, no step of Python per word.
            spaced = "".join(map(_SPACED.__getitem__, words))
        except KeyError:
            known = _SPACED.get
            spaced = "".join([known(word) or _spaced_word(word) for word in words])
        return f" {' '.join(spaced.split())} "
    text = text.translate(_CLAUSE_FOLD)
    if _WORD_RE.search(text):
        text = _WORD_RE.sub(_spaced_stem, text)
    # split() and the regex \s agree on what whitespace is; the join collapses and strips in C.
    text = _CJK_SPACE_RE.sub("", " ".join(text.split()))
    return f" {text} "


# Word -> its spaced stem: a plain dict answers faster than a call to the stemmer's memo, and every
# word of every reply passes here. Bounded like the respelling cache.
_SPACED: dict[str, str] = {CLAUSE: f" {CLAUSE} "}  # the clause mark too, for the ASCII path
_SPACED_CACHE = 20_000


def _spaced_stem(match: re.Match[str]) -> str:
    word = match[0]
    return _SPACED.get(word) or _spaced_word(word)


def _spaced_word(word: str) -> str:
    # Articles carry no meaning here and only stop "the left and the right" from meeting "left
    # and right".
    spaced = " " if word in _ARTICLES else f" {match_stem(word)} "
    if len(_SPACED) < _SPACED_CACHE:
        _SPACED[word] = spaced
    return spaced


# Chinese terms that students write in English inside a Chinese reply ("共用同一组weight",
# "把loss最小化"), with the English words they use for them (stemmed alike in every form).
# Longer terms first: 损失函数 before 损失.
MIXED_TERMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("损失函数", ("loss function",)),
    ("学习率", ("learning rate", "lr")),
    ("注意力", ("attention",)),
    ("编码器", ("encoder",)),
    ("解码器", ("decoder",)),
    ("神经元", ("neuron",)),
    ("卷积核", ("kernel",)),
    ("过拟合", ("overfitting",)),
    ("正则化", ("regularization",)),
    ("上下文", ("context",)),
    ("权重", ("weight", "weights")),
    ("参数", ("parameter", "parameters", "params")),
    ("梯度", ("gradient", "gradients")),
    ("损失", ("loss",)),
    ("向量", ("vector", "vectors")),
    ("嵌入", ("embedding",)),
    ("样本", ("sample", "samples")),
    ("批次", ("batch",)),
    ("序列", ("sequence",)),
    ("矩阵", ("matrix",)),
    ("标签", ("label", "labels")),
    ("特征", ("feature", "features")),
)


def mixed_variants(phrase: str) -> list[str]:
    """A Chinese phrase with one of its terms in English, once per term it holds and English
    word: "同一组权重" gives "同一组weight" and "同一组weights". Each term is replaced where it
    stands alone, not inside a longer term of the list (损失 inside 损失函数)."""
    out = []
    for i, (term, english) in enumerate(MIXED_TERMS):
        if term not in phrase or any(term in longer and longer in phrase for longer, _ in MIXED_TERMS[:i]):
            continue
        out.extend(phrase.replace(term, f" {word} ") for word in english)
    return out


def phrase_form(text: str) -> str:
    """Match form of a phrase: spaces kept only where they bound an English word."""
    # Punctuation inside a phrase ("Q、K、V", "loss.backward") must meet the same in the reply.
    form = match_form(text).strip(f" {CLAUSE}")
    if not form:
        return ""
    if not is_cjk(form[0]):
        form = " " + form
    if not is_cjk(form[-1]):
        form += " "
    return form


def _cjk_count(text: str) -> int:
    return sum(1 for ch in text if is_cjk(ch))


# sound form, spelling it must also have (or ""), owner, sure (enough evidence on its own)
_Entry = tuple[str, str, int, bool, str]


def clause_of(form: str, position: int) -> tuple[int, int]:
    """Start and end of the clause of the match form that holds `position`."""
    start = form.rfind(CLAUSE, 0, position) + 1
    end = form.find(CLAUSE, position)
    return start, len(form) if end < 0 else end


def clause_spans(form: str) -> list[tuple[int, int]]:
    """(start, end) of each clause of a match form."""
    spans, start = [], 0
    for part in form.split(CLAUSE):
        if part.strip():
            spans.append((start + len(part) - len(part.lstrip()), start + len(part)))
        start += len(part) + len(CLAUSE)
    return spans


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping spans joined, so overlapping phrases count once."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


@dataclass(slots=True)
class Hits:
    """Per owner (an int per key point or false claim): the spans of the reply that state it,
    and the owners that the reply only states negated."""

    stated: dict[int, list[tuple[int, int, bool]]] = field(default_factory=dict)  # start, end, sure
    negated: set[int] = field(default_factory=set)
    sounded: str = ""  # the sound form that was searched

    def evidence(
        self, owner: int, form: str, echo: str = "", skip: frozenset[int] = frozenset(), enough: int = 0
    ) -> int:
        """How much of the reply states this owner: one per Chinese character and two or three
        per English word (short / long) covered by its matched phrases, overlaps counted once;
        a sure phrase (question-specific, or long) counts as KP_EVIDENCE_MIN at least. Phrases
        that `echo` (compact text) already contains, or that start at a position in `skip`, are
        left out. With `enough`, stops counting as soon as a sure phrase guarantees that much."""
        stated = self.stated.get(owner, ())
        if len(stated) == 1 and not skip and not echo:
            # One phrase, nothing left out (the common case): the same count without the lists.
            start, end, is_sure = stated[0]
            if not is_sure:
                return _units(form[start:end])
            if 0 < enough <= KP_EVIDENCE_MIN:
                return KP_EVIDENCE_MIN
            return max(_units(form[start:end]), KP_EVIDENCE_MIN)
        spans = []
        sure = False
        for start, end, is_sure in stated:
            if start in skip or (echo and form[start:end].replace(" ", "") in echo):
                continue
            if is_sure and 0 < enough <= KP_EVIDENCE_MIN:
                return KP_EVIDENCE_MIN
            spans.append((start, end))
            sure = sure or is_sure
        units = sum([_units(form[start:end]) for start, end in _merged(spans)])
        return max(units, KP_EVIDENCE_MIN) if sure else units


def strong_by_length(phrase: str) -> bool:
    """Whether a phrase carries enough evidence by its length alone, counted on its words as the
    bank writes them (articles aside): what the stemmer leaves of a word ("fixed" -> "fix") does
    not make a phrase weaker."""
    written = phrase.translate(_CLAUSE_FOLD).split()
    return _units(" ".join(w for w in written if w not in _ARTICLES)) >= KP_EVIDENCE_MIN


def _units(piece: str) -> int:
    # The same phrases are met in reply after reply: their count is kept (bounded).
    units = _UNIT_COUNTS.get(piece)
    if units is None:
        units = len(_CJK_CHAR_RE.findall(piece))
        for word in _WORD_RE.findall(piece):
            units += ENGLISH_LONG_WORD_UNITS if len(word) >= ENGLISH_LONG_WORD else ENGLISH_WORD_UNITS
        if len(_UNIT_COUNTS) < _UNIT_COUNTS_MAX:
            _UNIT_COUNTS[piece] = units
    return units


_UNIT_COUNTS: dict[str, int] = {}
_UNIT_COUNTS_MAX = 20_000


class PhraseIndex:
    """Phrases of many owners, searched all at once in one reply.

    Everything is searched in the sound form, which the spelled form maps onto position by
    position: a phrase that is spelled right also sounds right. Phrases with fewer than
    SOUND_MIN_CJK Chinese characters must also match in spelling there.

    Each phrase is filed under one of its keys (a Chinese bigram or an English word): the one
    least frequent in `corpus` (text like the replies to come, e.g. the bank's own questions and
    answers). The search itself runs on an automaton over all phrases; the keys give the order in
    which the phrases found are taken (it decides which false claim a reason names first), and a
    phrase without a key (a lone character) is not searched."""

    def __init__(self, corpus: Iterable[str] = ()) -> None:
        self._index: dict[str, list[_Entry]] = defaultdict(list)
        self._seen: set[tuple[str, int]] = set()
        # Every phrase of the index in one automaton, built on first search: one pass over the
        # reply finds all of them (see _build).
        self._automaton: ahocorasick.Automaton | None = None
        self._entries = 0  # how many entries the automaton holds
        self._vocabulary: set[str] = set()  # English words of the phrases, for respelling
        self._respelled: dict[str, str] = {}
        self._unchanged: set[str] = set()  # words respelled as themselves so far (bounded likewise)
        self._frequency: Counter[str] = Counter(k for text in corpus for k in keys_of(_sound_form(text)))
        # (owner, denial word, the word it denies) of each English phrase that states its owner
        # by a denial ("never unknown", "no unknown words"): see _stated_by_denial.
        self._denials: set[tuple[int, str, str]] = set()
        # Owners whose key point is itself told by a denial or a prevention ("avoids unstable
        # updates", "without peeking"): "stops the loss from spiking" states them.
        self._denying: set[int] = set()
        # ... of them, side points ("why: ... without peeking at the target"): "so the model
        # can't cheat" states them too, a plain negation as much as a prevention.
        self._denying_sides: set[int] = set()

    def mark_denying(self, owner: int, side: bool = False) -> None:
        """The owner's key point is told by a denial or a prevention: a phrase of it kept from
        happening ("stops the model from peeking") is stated, not negated; for a side point
        (`side`), a phrase of it negated at all ("can't cheat") is."""
        self._denying.add(owner)
        if side:
            self._denying_sides.add(owner)

    def add(self, phrase: str, owner: int, strong: bool = False) -> None:
        form = phrase_form(phrase)
        if not form.strip() or (form, owner) in self._seen:
            return
        self._seen.add((form, owner))
        self._automaton = None
        words = form.split()
        if len(words) >= 2 and words[0] in _DENIAL_OPENERS and words[1].isascii():
            self._denials.add((owner, words[0], words[1]))
        self._vocabulary.update(w for w in _WORD_RE.findall(form) if len(w) >= FUZZY_WORD_MIN)
        sounded = pinyin.sound(form)
        spelled = form if sounded != form and _cjk_count(form) < SOUND_MIN_CJK else ""
        # A lone character of the phrase may sit inside a longer run of the reply, where it is no
        # key of its own: only bigrams and words are safe keys.
        keys = {k for k in keys_of(sounded) if len(k) == 2 or k[0] == " "}
        if keys:
            key = min(sorted(keys), key=lambda k: (self._frequency[k], len(self._index.get(k, ()))))
            long = strong_by_length(phrase)
            sure = strong or long
            # A short phrase sure only for being specific is sure when spelled right: met by sound
            # alone it is often a different word (对输入 sounds like 对数), so it counts its length.
            exact = form if sure and not long and sounded != form else ""
            self._index[key].append((sounded, spelled, owner, sure, exact))

    def respell(self, form: str) -> str:
        """The match form with long misspelled English words ("backpropogation") replaced by the
        phrase word they are closest to, when that is close enough."""
        if not self._vocabulary:
            return form
        words = _LONG_WORD_RE.findall(form)
        # Most replies hold only words met before that stay as they are: told by one set
        # operation in C instead of a call per word.
        if not words or self._unchanged.issuperset(words):
            return form
        return _LONG_WORD_RE.sub(self._respell_word, form)

    def _respell_word(self, match: re.Match[str]) -> str:
        word = match[0]
        if word in self._vocabulary:
            self._keep(word)
            return word
        fixed = self._respelled.get(word)
        if fixed is None:
            # A typo keeps the first letter and about the length; "current" is no "recurrent".
            near = [
                w
                for w in self._vocabulary
                if w[0] == word[0] and abs(len(w) - len(word)) <= FUZZY_WORD_LENGTH_DIFF
            ]
            best = process.extractOne(word, near, scorer=fuzz.ratio, score_cutoff=FUZZY_WORD_RATIO)
            fixed = best[0] if best else word
            if len(self._respelled) < _RESPELL_CACHE:
                self._respelled[word] = fixed
        if fixed == word:
            self._keep(word)
        return fixed

    def _keep(self, word: str) -> None:
        # Only a word that _respell_word gives back as it is for good: a phrase word (the
        # vocabulary only grows) or one whose respelling is remembered.
        if len(self._unchanged) < _RESPELL_CACHE and (word in self._vocabulary or word in self._respelled):
            self._unchanged.add(word)

    def _build(self) -> ahocorasick.Automaton:
        """The automaton over every phrase's sound form. Each word carries its length less one
        and its entries with their rank: the order the key index lists them in (keys sorted,
        then as filed), which decides the order of the hits and so which claim a reason names
        first; sorted keys keep it independent of the hash seed."""
        grouped: dict[str, list[tuple[int, str, int, bool, str]]] = {}
        rank = 0
        for key in sorted(self._index):
            for phrase, spelled, owner, sure, exact in self._index[key]:
                grouped.setdefault(phrase, []).append((rank, spelled, owner, sure, exact))
                rank += 1
        automaton = ahocorasick.Automaton()
        for phrase, entries in grouped.items():
            automaton.add_word(phrase, (len(phrase) - 1, tuple(entries)))
        automaton.make_automaton()
        self._entries = rank
        self._automaton = automaton
        return automaton

    def search(self, form: str) -> Hits:
        hits = Hits()
        text = hits.sounded = pinyin.sound(form)
        automaton = self._automaton if self._automaton is not None else self._build()
        if not self._entries:
            return hits
        cues: list[int] | None = None  # see _negation_cues: asked once, if at all
        denied: dict[int, int] = {}  # owner -> units of its longest negated phrase
        done: set[int] = set()  # entries stated already: only their first stated occurrence counts
        found = []
        # Every occurrence of every phrase in one pass, by where it ends: per phrase in order.
        for end, (back, entries) in automaton.iter(text):
            start = end - back
            for rank, spelled, owner, sure, exact in entries:
                if rank in done or (spelled and not form.startswith(spelled, start)):
                    continue
                if cues is None:
                    cues = _negation_cues(form)
                if (
                    cues
                    and _may_be_negated(cues, form, start)
                    and negated(form, start)
                    and not (self._denials and self._stated_by_denial(owner, form, start))
                    and not (
                        owner in self._denying
                        and (owner in self._denying_sides or _prevented_only(form, start))
                    )
                ):
                    hits.negated.add(owner)
                    if _left_out(form, start):
                        denied[owner] = max(denied.get(owner, 0), _units(form[start : end + 1]))
                    continue
                done.add(rank)
                # A short sure phrase met by sound alone counts its length, not as sure.
                strong = sure and not (exact and not form.startswith(exact, start))
                found.append((rank, owner, (start, end + 1, strong)))  # the span made once
        if found:
            stated = hits.stated
            found.sort()  # by rank, which is unique
            for _rank, owner, span in found:
                # No empty list made per span as setdefault() would.
                if owner in stated:
                    stated[owner].append(span)
                else:
                    stated[owner] = [span]
            if denied:
                _drop_outweighed(stated, denied, form)
            if hits.negated:  # most replies negate no phrase
                hits.negated.difference_update(stated)
        return hits

    def _stated_by_denial(self, owner: int, form: str, start: int) -> bool:
        """Whether the English phrase at `start`, negated, is what a phrase of the same owner
        states by denying it: "never get an unknown word" where the owner has "never unknown"."""
        if is_cjk(form[start]) or form[start] != " ":
            return False
        first = form[start + 1 : form.find(" ", start + 1)]
        head = form[form.rfind(CLAUSE, 0, start) + 1 : start].rsplit(None, NEGATION_WINDOW_WORDS)
        return any((owner, w, first) in self._denials for w in head[-NEGATION_WINDOW_WORDS:])


def _prevented_only(form: str, start: int) -> bool:
    """Whether the English phrase at `start` is negated by a preventing verb before "from" alone
    ("stops each token from attending to"), no negation word in its window."""
    if is_cjk(form[start]):
        return False
    lo = form.rfind(CLAUSE, 0, start) + 1
    window = form[lo:start].rsplit(None, NEGATION_WINDOW_WORDS)[-NEGATION_WINDOW_WORDS:]
    return (
        not any(w in _EN_NEGATIONS for w in window) and _EN_PREVENTED_RE.search(form, lo, start) is not None
    )


# The English words a phrase that states its owner by a denial opens with.
_DENIAL_OPENERS = frozenset(match_form("no never without").split())


def _left_out(form: str, start: int) -> bool:
    """Whether the negation cue before a negated phrase at `start` is one of leaving out."""
    head = form[form.rfind(CLAUSE, 0, start) + 1 : start]
    if start > 0 and is_cjk(form[start]):
        return any(cue in head[-NEGATION_WINDOW_CHARS - 2 :] for cue in _ZH_LEFT_OUT)
    return not _EN_LEFT_OUT.isdisjoint(head.rsplit(None, NEGATION_WINDOW_WORDS)[-NEGATION_WINDOW_WORDS:])


def _drop_outweighed(
    stated: dict[int, list[tuple[int, int, bool]]], denied: dict[int, int], form: str
) -> None:
    """Owners whose longest phrase said to be left out is longer than every phrase that states
    them: denied by their main words, met only by lesser ones ("skips the reward model ... preferred answers"
    for training a reward model on preferences), they are not stated."""
    for owner, units in denied.items():
        spans = stated.get(owner)
        if spans and all(_units(form[start:stop]) < units for start, stop, _sure in spans):
            del stated[owner]


def _sound_form(text: str) -> str:
    return pinyin.sound(match_form(text))


def keys_of(text: str) -> set[str]:
    """Index keys of a match form (or its sound form): English words (marked by a leading space)
    and bigrams of every run of other characters (a lone character stands for itself)."""
    keys: set[str] = set()
    for run in _KEY_RUN_RE.findall(text):
        if run[0] <= "z":
            keys.add(" " + run)
        elif len(run) == 1:
            keys.add(run)
        else:
            keys.update(map(str.__add__, run, run[1:]))  # bigrams, built in C
    return keys


def negated(form: str, start: int) -> bool:
    """Whether a negation cue of the same clause stands right before position `start`."""
    if start > 0 and form[start] != " " and is_cjk(form[start]):
        before = form[max(0, start - NEGATION_WINDOW_CHARS - 1) : start]
        before = before.rsplit(CLAUSE, 1)[-1].rsplit(" ", 1)[-1]
        return (
            _zh_negated(before)
            or _zh_unrelated(form, start)
            or _zh_denied_through(form, start, "的", _ZH_DENY_EXISTENCE, _DE_MODIFIER_CHARS)
            or _zh_denied_through(form, start, _ZH_AND, _ZH_DENY_LIST, _AND_REACH_CHARS)
        )
    # Only the last few words of the clause matter: split from the right, at most that many
    # times (the same words as split()[-N:], without splitting a whole long clause per phrase).
    lo = form.rfind(CLAUSE, 0, start) + 1
    head = form[lo:start].rsplit(None, NEGATION_WINDOW_WORDS)
    if head and is_cjk(head[-1][-1]):
        return _zh_negated(head[-1][-NEGATION_WINDOW_CHARS:])
    window = head[-NEGATION_WINDOW_WORDS:]
    if any(w in _EN_NEGATIONS for w in window):
        return True
    return _EN_FROM in window and _EN_PREVENTED_RE.search(form, lo, start) is not None


# "没有单独的细胞状态": an existence denied reaches over a short modifier ending in 的 to the
# thing itself.
_ZH_DENY_EXISTENCE = ("没有", "无需", "不需要", "不用")
_DE_MODIFIER_CHARS = 4

# "不再需要短语表和人工规则": a thing denied or not needed reaches over the things joined to it by
# 和 / 与 / 及 / 或: each of them is denied too.
_ZH_AND = "和与及或"
_ZH_DENY_LIST = (*_ZH_DENY_EXISTENCE, "不再需要", "不再用", "不再使用", "不再依赖", "不依赖")
_AND_REACH_CHARS = 8  # the things before the joining character, after the cue


def _zh_denied_through(form: str, start: int, links: str, cues: tuple[str, ...], reach: int) -> bool:
    """Whether one of `cues` ends at most `reach` characters before the character of `links`
    right before `start`, in the same clause and run of characters."""
    if form[start - 1] not in links:
        return False
    before = form[max(0, start - 1 - reach - max(map(len, cues))) : start - 1]
    before = before.rsplit(CLAUSE, 1)[-1].rsplit(" ", 1)[-1]
    for cue in cues:
        at = before.rfind(cue)
        if at >= 0 and len(before) - at - len(cue) <= reach:
            return True
    return False


# "和序列中其他位置无关": what stands between 和 / 与 / 跟 and 无关 is denied, like after 不.
_ZH_UNRELATED_RE = re.compile("无关|没有?关系|不相关")
_ZH_WITH = "和与跟同"
_UNRELATED_REACH = 12  # characters either side of the phrase's start


def _zh_unrelated(form: str, start: int) -> bool:
    after = form[start : start + _UNRELATED_REACH]
    if "关" not in after:  # every cue has it: most matches stop here, before any split or regex
        return False
    if _ZH_UNRELATED_RE.search(after.split(CLAUSE, 1)[0]) is None:
        return False
    before = form[max(0, start - _UNRELATED_REACH) : start].rsplit(CLAUSE, 1)[-1]
    return any(ch in before for ch in _ZH_WITH)


def _zh_negated(before: str) -> bool:
    for i in range(len(before) - 1, -1, -1):
        if before[i] in _ZH_NEGATIONS:
            return before.startswith("不同于", i) or not before.startswith(_ZH_NOT_NEGATION, i)
    return False
