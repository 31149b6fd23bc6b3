"""Grade a free-text reply against a question: key-point coverage with sanity checks around it.

The order of checks follows what a teacher would notice first: no text at all, then text that is
not an answer (binary, symbols, repeated, the question echoed back, "不知道", a bare keyword list),
then the pasted reference answer, then which key points the reply states, whether it states one
of the question's false claims, and whether it rather answers another question of the bank.
Questions without key points are graded against their reference answer (reference.py).
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from bot.bank.model import Question
from bot.grading import detect
from bot.grading.analyser import CJK_RE
from bot.grading.category import PURPOSE_RE, bare_benefit, category_of, names_category, parents_of
from bot.grading.claims import (
    CountClaim,
    DirectionClaim,
    LooseClaim,
    WordClaim,
    bounded_loss,
    contrasted,
    count_claims,
    count_match,
    direction_claims,
    direction_match,
    loose_claims,
    loose_match,
    loss_turned,
    overclaims,
    turns_round,
    word_claims,
    word_match,
)
from bot.grading.keypoints import (
    CLAUSE,
    Hits,
    PhraseIndex,
    clause_of,
    clause_spans,
    match_form,
    mixed_variants,
    negated,
    phrase_form,
)
from bot.grading.normalize import compact
from bot.grading.reference import reference_items
from bot.grading.relations import (
    Foreign,
    Relations,
    foreign_subjects,
    relations_of,
    subject_forms,
)
from bot.grading.reversal import (
    LOSS_SIDES,
    PointDirections,
    denied_sides,
    loss_raised,
    opposite_negated,
    opposites_of,
    point_directions,
    prediction_direction,
    prediction_turned,
    reversed_in,
    speaks_of_loss,
)
from bot.grading.roles import OrderCheck, RoleCheck, pairs_for, steps_in_text_order, tells_steps
from bot.grading.terms_stats import EN_STOP
from bot.grading.tuning import (
    AFTER_QUESTION_MIN_CHARS,
    COPY_REFERENCE_MIN_CHARS,
    COPY_REFERENCE_RATIO,
    COPY_REFERENCE_SPAN,
    CORRECT_AT,
    ENGLISH_LONG_WORD,
    ENGLISH_LONG_WORD_UNITS,
    ENGLISH_WORD_UNITS,
    EVERYDAY_WORDS,
    FALSE_CLAIM_PARTIAL_AT,
    FOREIGN_GENERAL_QUESTIONS,
    FOREIGN_MIN_WORDS,
    FOREIGN_WORDS_SHARE,
    GRAZING_ECHO_MIN_UNITS,
    KP_EVIDENCE_MIN,
    KP_GRAZING_SHARE,
    MAX_REPLY_CHARS,
    MISSED_MIN_WEIGHT,
    OTHER_QUESTION_AT,
    OTHER_QUESTION_EVIDENCE,
    OTHER_QUESTION_MARGIN,
    PARTIAL_AT,
    PARTIAL_SCORE_MAX,
    PARTIAL_SCORE_MIN,
    QUESTION_COPY_RATIO,
    QUESTION_HEAD_MIN_CHARS,
    RIGHT_BESIDE_SHARED_MIN,
    SPECIFIC_MAX_QUESTIONS,
)
from bot.grading.verdict import Grade, Verdict
from bot.grading.wording import (
    EMPTY,
    NO_WORDS,
    OFF_QUESTION,
    QUESTION_COPIED,
    RELATION_TURNED,
    category_reason,
    order_reason,
    purpose_reason,
    reason_for,
    reply_language,
    swap_reason,
)


@dataclass(frozen=True, slots=True)
class _Prepared:
    question: Question
    point_owners: tuple[int, ...]  # owner id of each key point, in order
    claim_owners: tuple[int, ...]  # owner id of each false claim
    claim_index: dict[int, int]  # owner id -> index of the false claim
    loose: tuple[LooseClaim, ...]  # false claims long enough for loose matching
    worded: tuple[WordClaim, ...]  # English false claims matched with words in between
    directed: tuple[DirectionClaim, ...]  # false claims that state a direction (从 A 往 B)
    relations: Relations | None  # the functions (exp, log, ...) the reference applies, and to what
    directions: tuple[PointDirections, ...]  # per key point, the opposites its wording takes a side in
    total_weight: float
    question_text: str  # compact normalized question
    question_form: str  # match form of the question, without the padding
    # What a phrase that only echoes the question is told by: the compact question, and its
    # compact match form too, since a stem need not start the word ("share" of "sharing").
    question_echo: str
    loss_goal: bool  # the reference speaks of a loss, which training makes smaller
    asks_loss: bool  # the question asks about a loss whose direction no side key point tells
    ordered: bool  # the reference tells steps in an order ("first ..., then ...")
    enumeration: bool  # the reference is graded as a list of items
    answer_text: str  # compact normalized reference answer
    roles: RoleCheck  # paired things whose properties a reply may swap
    order: OrderCheck  # paired things that come in a fixed order (encoder before decoder)
    # (source, target) when the reference predicts the later from the earlier, or the other way
    prediction: tuple[str, str] | None = None
    # English content words of what the question is about (empty: the check is off), and the
    # bank's general words it does not use, which tell nothing either way; see _off_question
    vocabulary: frozenset[str] = frozenset()
    general: frozenset[str] = frozenset()
    # every opposite wording of every key point's directions: without one, nothing is turned round
    opposites: tuple[str, ...] = ()
    # The same as one pattern (None without any): whether a reply holds one, in one search
    opposite_re: re.Pattern[str] | None = None
    # What kind of thing the reference answer says the subject is ("循环神经网络（RNN）变体" of
    # "长短期记忆是一种循环神经网络（RNN）变体"), compact; empty where it says none.
    category: str = ""
    # Parent concepts the subject's own name tells, compact: the head of its name ("注意力" of
    # "自注意力", "attention" of "self-attention"). "X是Y的一种" with such a Y is the parent alone.
    parents: frozenset[str] = frozenset()
    # The question asks two things ("What is X, and why ..."): a reply may get one half right
    # and the other wrong, which is partial.
    two_part: bool = False
    # Per declared contrast of the question, the match forms of each side's wordings (see
    # _bare_sides_dropped).
    sides: tuple[tuple[frozenset[str], frozenset[str]], ...] = ()
    # The bank's general words ("train", "run") that no core key point uses: bound to a side,
    # they tell no role.
    role_noise: frozenset[str] = frozenset()
    # The core key points (weight MISSED_MIN_WEIGHT or more), by index: what a reply is missed for
    # not stating, and what a swap, denial or false clause may take from it.
    core: frozenset[int] = frozenset()
    # The false claims that state a direction the way round a core key point does not
    # ("从输入层往输出层" where it says "从输出层往回"): stated, they tell the core idea itself wrong.
    core_turned: frozenset[str] = frozenset()
    # Per side key point told by a denial ("no extra latency"), (its index, what it denies as a
    # match form: " extra latenc ", and as written): a reply that states that thing tells the side
    # point wrong.
    denied_sides: tuple[tuple[int, str, str], ...] = ()
    # The question asks about a loss: "它" in a reply is that loss.
    loss_asked: bool = False
    # A Chinese reference that says what its subject is for (improves, prevents, reduces ...).
    purpose: bool = False
    # The counts core key points give a thing ("两个门"): another count of it is the core told wrong.
    counts: tuple[CountClaim, ...] = ()


@dataclass(frozen=True, slots=True)
class _Owner:
    question_id: str
    point: int  # index of the key point, or -1 for a false claim
    claim: int  # index of the false claim, or -1 for a key point


class Grader:
    """Grades replies to the questions it was built with; build once per loaded library."""

    def __init__(self, questions: Iterable[Question], max_reply_chars: int = MAX_REPLY_CHARS) -> None:
        self.max_reply_chars = max_reply_chars  # replies are cut to this before any work
        self._questions = [q for q in questions]
        # One index per bank: a reply is only ever weighed against its own bank's questions (the
        # asked one, and the competing-question check stays inside the bank), so phrases of other
        # banks would only be candidates to reject.
        self._indexes: dict[str, PhraseIndex] = {}
        for q in self._questions:
            if q.bank not in self._indexes:
                same = [p for p in self._questions if p.bank == q.bank]
                self._indexes[q.bank] = PhraseIndex(_corpus_of(same))
        self._owners: list[_Owner] = []
        self._owner_questions: list[str] = []  # the question id of each owner, as in _owners
        self._prepared: dict[str, _Prepared] = {}
        self._stats: object | None = None
        self._found_memo: dict[tuple[str | int, ...], _Found] = {}  # see _found_texts
        self._foreign: dict[str, Foreign | None] = {}  # see foreign()
        self._subjects: dict[str, list[tuple[str, tuple[str, ...]]]] = {}  # bank -> subject_forms
        # What each question says (its text), and that plus all its phrasings: to tell a phrase
        # specific to one or two questions from a generic one.
        self._texts: dict[str, list[str]] = {}
        self._said: dict[str, list[str]] = {}
        self._stated: dict[str, list[str]] = {}  # texts plus key-point statements
        self._said_of: dict[str, str] = {}  # question id -> its entry of _said
        self._shared: dict[tuple[str, str], bool] = {}  # see shared()
        for q in self._questions:
            self._texts.setdefault(q.bank, []).append(_text_of(q))
            said = self._said_of[q.id] = _text_of(q, with_phrasings=True)
            self._said.setdefault(q.bank, []).append(said)
            self._stated.setdefault(q.bank, []).append(_text_of(q, with_points=True))
        self._general = _general_words(self._questions)
        for question in self._questions:
            self._prepare(question)

    def grade(self, question: Question, reply: str) -> Grade:
        if not isinstance(reply, str):
            reply = "" if reply is None else str(reply)
        language = reply_language(reply[: self.max_reply_chars])
        grade = self._grade_reply(question, reply, language)
        if language != grade.language:
            # Built by this call and held nowhere else (a grade kept for reuse has its language
            # already): set in place rather than every field copied into a second Grade.
            object.__setattr__(grade, "language", language)
        return grade

    def _grade_reply(self, question: Question, reply: str, language: str = "en") -> Grade:
        prepared = self._prepared.get(question.id)
        if prepared is None or (prepared.question is not question and prepared.question != question):
            return Grader([question], self.max_reply_chars).grade(question, reply)
        if prepared.total_weight <= 0:
            # No key points (or none with weight): the reference answer is all there is, after
            # the same checks for replies that are no answer at all.
            reason = _screen_reference(prepared, reply[: self.max_reply_chars])
            if reason:
                return Grade(Verdict.WRONG, 0.0, (), (), reason, problem=reason)
            return self._reference(question, reply)
        return _grade(self, prepared, reply, language)

    # --- preparation -------------------------------------------------------------------------

    def _prepare(self, question: Question) -> None:
        own_text = _text_of(question)
        index = self._indexes[question.bank]
        points = []
        for i, kp in enumerate(question.key_points):
            owner = self._new_owner(_Owner(question.id, i, -1))
            point_text = compact(kp.point)
            statement = match_form(kp.point)
            prevents = any(cue in statement for cue in _PREVENT_CUES)  # most key points do not
            if _DENYING_RE.search(statement):
                index.mark_denying(owner, side=kp.weight < MISSED_MIN_WEIGHT)
            for phrase in (kp.point, *kp.phrasings):
                specific = self._specific(phrase, own_text, question.bank, point_text)
                index.add(phrase, owner, specific)
                if question.language == "zh" and phrase is not kp.point:
                    # Students put English terms into Chinese phrases ("同一组weight").
                    for variant in mixed_variants(phrase):
                        index.add(variant, owner, specific)
                for unlikely in _unlikely_forms(statement, phrase) if prevents else ():
                    index.add(unlikely, owner, specific)
            points.append(owner)
        claims = []
        for i, claim in enumerate(question.false_claims):
            owner = self._new_owner(_Owner(question.id, -1, i))
            index.add(claim, owner)
            claims.append(owner)
        core = frozenset(i for i, kp in enumerate(question.key_points) if kp.weight >= MISSED_MIN_WEIGHT)
        counts = count_claims(question.key_points[i].point for i in sorted(core))
        loss_asked = speaks_of_loss((question.question,))
        self._prepared[question.id] = _Prepared(
            question=question,
            point_owners=tuple(points),
            claim_owners=tuple(claims),
            claim_index={owner: i for i, owner in enumerate(claims)},
            loose=loose_claims(
                question.false_claims,
                (
                    question.answer,
                    question.explanation,
                    *(p for kp in question.key_points for p in kp.phrasings),
                ),
            ),
            worded=word_claims(question.false_claims),
            directed=(directed := direction_claims(question.false_claims)),
            directions=tuple(point_directions(kp) for kp in question.key_points),
            relations=relations_of(question),
            total_weight=sum(kp.weight for kp in question.key_points),
            question_text=compact(question.question),
            question_form=match_form(question.question).strip(f" {CLAUSE}"),
            # Where a side key point tells the direction ("lower is better"), turning it round is a
            # side point told wrong beside the core: left to the checks after (partial credit).
            asks_loss=loss_asked
            and not any(
                kp.weight < MISSED_MIN_WEIGHT and point_directions(kp).pairs for kp in question.key_points
            ),
            loss_goal=speaks_of_loss(
                (question.answer, question.explanation, *(kp.point for kp in question.key_points))
            ),
            question_echo=compact(question.question)
            + CLAUSE
            + match_form(question.question).replace(" ", ""),
            answer_text=compact(question.answer),
            roles=_role_check(question),
            order=OrderCheck.build(
                (question.answer, question.explanation, *(kp.point for kp in question.key_points))
            ),
            ordered=tells_steps((question.answer, *(kp.point for kp in question.key_points))),
            enumeration=not question.key_points and bool(reference_items(question)),
            prediction=prediction_direction((question.answer, *(kp.point for kp in question.key_points))),
            vocabulary=(vocabulary := _vocabulary(question)),
            general=(self._general.get(question.bank, frozenset()) | _EVERYDAY_FORMS) - vocabulary,
            opposites=(opposites := opposites_of(question)),
            opposite_re=_any_of(opposites),
            two_part=_two_part(question.question),
            category=category_of(question.answer) or "",
            parents=parents_of(question),
            sides=tuple((_side_forms(first), _side_forms(second)) for first, second in question.contrasts),
            role_noise=self._general.get(question.bank, frozenset())
            - frozenset(match_form(" ".join(question.key_points[i].point for i in sorted(core))).split()),
            core=core,
            core_turned=frozenset(
                claim.text
                for claim in directed
                if any(turns_round(claim, phrase_form(question.key_points[i].point)) for i in core)
            )
            | frozenset(w.strip() for count in counts for w in count.wrong),
            counts=counts,
            denied_sides=denied_sides(question),
            loss_asked=loss_asked,
            purpose=question.language == "zh" and PURPOSE_RE.search(question.answer) is not None,
        )

    def _specific(self, phrase: str, own_text: str, bank: str, point_text: str = "") -> bool:
        """A phrase the question's own text uses and few questions of its bank do; or one that the
        key point's own statement uses and no other question of the bank states at all ("置零" in
        "随机丢弃（置零）部分神经元"); or an English term (one word) that no other question of the
        bank uses at all ("adam", "mask")."""
        text = compact(phrase)
        if len(text) < 2:
            return False
        texts, said = self._texts.get(bank, []), self._said.get(bank, [])
        if text in own_text and sum(1 for t in texts if text in t) <= SPECIFIC_MAX_QUESTIONS:
            return True
        if text in point_text and sum(1 for t in self._stated.get(bank, []) if text in t) <= 1:
            return True
        return text.isalnum() and text.isascii() and sum(1 for t in said if text in t) <= 1

    def shared(self, question: Question, text: str) -> bool:
        """Whether another question of the bank uses this text (compacted) in its own text, key
        points or phrasings; remembered, bounded."""
        key = (question.id, text)
        known = self._shared.get(key)
        if known is None:
            compact_text = text.replace(" ", "")
            own = self._said_of[question.id]
            known = any(compact_text in t for t in self._said.get(question.bank, []) if t is not own)
            if len(self._shared) < _SHARED_MEMO_MAX:
                self._shared[key] = known
        return known

    def foreign(self, question: Question) -> Foreign | None:
        """Other questions' subjects the question's reference never names; worked out when a
        reply first needs it (few do), then kept."""
        if question.id not in self._foreign:
            subjects = self._subjects.get(question.bank)
            if subjects is None:
                same = [q for q in self._questions if q.bank == question.bank]
                subjects = self._subjects[question.bank] = [(q.id, subject_forms(q.question)) for q in same]
            self._foreign[question.id] = foreign_subjects(question, subjects)
        return self._foreign[question.id]

    def _new_owner(self, owner: _Owner) -> int:
        self._owners.append(owner)
        self._owner_questions.append(owner.question_id)
        return len(self._owners) - 1

    def _reference(self, question: Question, reply: str) -> Grade:
        from bot.grading.reference import CorpusStats, reference_grade

        if self._stats is None:
            self._stats = CorpusStats.build(self._questions or [question])
        stats = self._stats if isinstance(self._stats, CorpusStats) else None
        return reference_grade(question, reply, stats, max_chars=self.max_reply_chars)

    # --- queries used by grading -------------------------------------------------------------

    def search(self, form: str, bank: str) -> Hits:
        return self._indexes[bank].search(form)

    def respell(self, form: str, bank: str) -> str:
        return self._indexes[bank].respell(form)

    def found_points(
        self, prepared: _Prepared, hits: Hits, form: str, echo: str = "", skip: frozenset[int] = frozenset()
    ) -> list[int]:
        return [
            i
            for i, owner in enumerate(prepared.point_owners)
            if owner in hits.stated
            and hits.evidence(owner, form, echo, skip, KP_EVIDENCE_MIN) >= KP_EVIDENCE_MIN
        ]

    def other_question(self, prepared: _Prepared, hits: Hits, form: str, own: float) -> str | None:
        """The id of another question of the same bank that this reply answers clearly better."""
        asked = prepared.question
        candidates = []
        # Sorted: on a tie the first candidate wins, and set order changes with the hash seed.
        question_of = self._owner_questions.__getitem__
        for qid in sorted(set(map(question_of, hits.stated)) - {asked.id}):
            other = self._prepared[qid]
            if other.total_weight and other.question.bank == asked.bank:
                stated = [i for i, o in enumerate(other.point_owners) if o in hits.stated]
                # Only if every key point it states could be enough (its cover as judging keeps it).
                if _found_texts(self, other, stated)[0] >= OTHER_QUESTION_AT:
                    candidates.append(other)
        if not candidates:
            return None
        # Naming the asked question's own subject, or stating its own key points, is no sign of
        # answering another question, even where the two share phrases.
        points = zip(prepared.point_owners, asked.key_points, strict=True)
        core = [owner for owner, kp in points if kp.weight >= MISSED_MIN_WEIGHT]
        # Every key point of its own counts, a minor one too: "seq2seq 常用于机器翻译" names a use
        # the asked question lists, not the other question's answer that shares the phrase.
        shared = frozenset(
            start for owner in prepared.point_owners for start, _end, _strong in hits.stated.get(owner, ())
        )
        best_id, best, best_evidence = None, 0.0, 0
        for other in candidates:
            found = self.found_points(other, hits, form, prepared.question_echo, shared)
            cover = _cover(other, found)
            if cover > best:
                owners = [other.point_owners[i] for i in found]
                evidence = sum(hits.evidence(o, form, prepared.question_echo, shared) for o in owners)
                best_id, best, best_evidence = other.question.id, cover, evidence
        if best < OTHER_QUESTION_AT or best - own < OTHER_QUESTION_MARGIN:
            return None
        # Accusing a reply of answering another question needs more than one short phrase, and
        # more evidence for that question than for the asked one.
        own_evidence = sum(hits.evidence(owner, form) for owner in core)
        if best_evidence >= OTHER_QUESTION_EVIDENCE and best_evidence > own_evidence:
            return best_id
        return None


def grade(question: Question, reply: str, *, bank_questions: Iterable[Question] | None = None) -> Grade:
    """Grade one reply; pass the bank's questions to also detect answers to another question."""
    questions = tuple(bank_questions) if bank_questions is not None else (question,)
    if all(q.id != question.id for q in questions):
        questions = (*questions, question)
    return _grader_for(questions).grade(question, reply)


@lru_cache(maxsize=8)
def _grader_for(questions: tuple[Question, ...]) -> Grader:
    # Questions are frozen values: the same bank gets the same prepared grader back.
    return Grader(questions)


# --- the grading steps -------------------------------------------------------------------------


def _wrong(reason: str, prepared: _Prepared, other: str | None = None) -> Grade:
    missed = tuple([kp.point for kp in prepared.question.key_points if kp.weight >= MISSED_MIN_WEIGHT])
    return Grade(Verdict.WRONG, 0.0, (), missed, reason, other, problem=reason)


@dataclass(slots=True)  # not frozen: a frozen dataclass sets each field through object.__setattr__
class _Screened:
    reason: str | None  # why the reply is no answer at all, or None
    form: str  # its match form, the pasted question cut out
    text: str  # the same without spaces or clause marks
    own: str  # the reply's own words: the raw reply, or what follows the pasted question


def _screen(prepared: _Prepared, raw: str) -> _Screened:
    """The same checks whether the question is graded on key points or on its reference answer:
    empty, binary, only symbols or emoji, the same text over and over, the question copied back."""
    if not raw or raw.isspace():
        return _Screened(EMPTY, "", "", raw)
    reason = detect.binary_reason(raw)
    if reason:
        return _Screened(reason, "", "", raw)
    form = match_form(raw)
    text = form.replace(" ", "").replace(CLAUSE, "")
    own = raw
    if prepared.question_form and prepared.question_form in form:
        # The question pasted back, maybe with an answer after it: grade only the answer.
        form = form.replace(prepared.question_form, f" {CLAUSE} ")
        text = form.replace(" ", "").replace(CLAUSE, "")
        own = form.replace(CLAUSE, " ")
        if len(text) < AFTER_QUESTION_MIN_CHARS:
            return _Screened(QUESTION_COPIED, form, text, own)
    if not text:
        return _Screened(NO_WORDS, form, text, own)
    reason = detect.repeated_reason(form)
    if not reason and _is_question_copy(prepared, text):
        reason = QUESTION_COPIED
    return _Screened(reason, form, text, own)


def _screen_reference(prepared: _Prepared, raw: str) -> str | None:
    screened = _screen(prepared, raw)
    if screened.reason:
        return screened.reason
    if prepared.enumeration:
        # A question that asks for a list ("name three ...") is answered by a list.
        return detect.non_answer_reason(screened.own)
    return detect.non_answer_reason(screened.own) or detect.any_keyword_list_reason(raw)


def _grade(grader: Grader, prepared: _Prepared, reply: str, language: str = "en") -> Grade:
    raw = reply[: grader.max_reply_chars]
    screened = _screen(prepared, raw)
    if screened.reason:
        return _wrong(screened.reason, prepared)
    form, text = screened.form, screened.text
    if _is_reference_copy(prepared, text):
        swap = prepared.roles.swapped(form)
        if swap:
            return _swapped(prepared, swap.names)
        points = tuple(kp.point for kp in prepared.question.key_points)
        return Grade(Verdict.CORRECT, 1.0, points, (), "Matches the reference answer.")
    bank = prepared.question.bank
    form = grader.respell(form, bank)
    hits = grader.search(form, bank)
    _drop_contained(prepared, hits)
    found = grader.found_points(prepared, hits, form)
    if prepared.sides and len(found) >= 2 and prepared.question.language == "en":
        found = _bare_sides_dropped(prepared, hits, form, found)
    # A keyword list only matters when its keywords would earn credit.
    reason = detect.any_keyword_list_reason(raw) if found else detect.non_answer_reason(screened.own)
    if reason:
        return _wrong(reason, prepared)
    if found and prepared.asks_loss:
        turned = _loss_turned_round(prepared, form)
        if turned is not None:
            return turned
    if found:
        swap = prepared.roles.swapped(form)
        if swap:
            # As with a false claim: the right idea stated outside the swapped clauses is partial.
            skip = _clauses_at(form, list(swap.positions))
            # A key point that itself relates the swapped pair is what the swap gets wrong: met
            # elsewhere in the reply (a bare "门控机制") it is no right idea beside the swap.
            outside = [
                i
                for i in _outside(grader, prepared, hits, form, skip)
                if not prepared.roles.relates(swap.names, match_form(prepared.question.key_points[i].point))
            ]
            if _right_beside(prepared, found, outside):
                return _swapped(
                    prepared, swap.names, tuple(prepared.question.key_points[i].point for i in outside)
                )
            return _swapped(prepared, swap.names)
        if (prepared.order.patterns and prepared.order.backwards(form)) or (
            prepared.ordered and _out_of_order(prepared, hits, form, found)
        ):
            return _wrong(order_reason(), prepared)
        if prepared.relations is not None and prepared.relations.turned_round(form):
            return _wrong(RELATION_TURNED, prepared)
        predicted = prediction_turned(prepared.prediction, form)
        if predicted:
            return _turned_clause(grader, prepared, hits, form, predicted[0], predicted[1:])
        turned = _reversed(grader, prepared, hits, form, found)
        if turned:
            return turned
        told = _side_denial_turned(grader, prepared, hits, form, found) if prepared.denied_sides else None
        if told:
            return told
        # Training that makes the loss larger turns round what the loss is for, however the key
        # points are worded: wrong, partial when the right idea is stated in other clauses. A
        # reply that also states a false claim of the question is judged on that claim.
        raised = loss_raised(form, prepared.loss_asked) if prepared.loss_goal else None
        if raised is not None and not _claims(prepared, hits, form, True):
            sides = LOSS_SIDES["zh" if prepared.question.language == "zh" else "en"]
            return _turned_clause(grader, prepared, hits, form, raised, sides)
    grade = _judge(grader, prepared, hits, form, found, language)
    if found or not _wrong_for_want_of_points(grade):
        return grade
    if (prepared.category or prepared.parents) and names_category(
        prepared.category, screened.own, prepared.parents, prepared.question_text
    ):
        # Only the parent concept ("LSTM是一种RNN") is partial (LABELING.md): the reference's own
        # category, said alone, is related and not false.
        return Grade(Verdict.PARTIAL, PARTIAL_SCORE_MIN, (), grade.missed, category_reason(grade.missed))
    if prepared.purpose and bare_benefit(prepared.question_text, screened.text):
        # Only the purpose or benefit is partial (LABELING.md), told in general words ("能让模型
        # 效果更好") where the reference says what the subject improves.
        return Grade(Verdict.PARTIAL, PARTIAL_SCORE_MIN, (), grade.missed, purpose_reason(grade.missed))
    return grade


def _wrong_for_want_of_points(grade: Grade) -> bool:
    """Whether `grade` is wrong only for stating no key point: no false claim, other question or
    problem decided it, so a bare category or purpose may still earn partial credit."""
    return (
        grade.verdict is Verdict.WRONG
        and grade.false_claim is None
        and grade.other_question is None
        and grade.problem is None
    )


# A key point that prevents something ("防止过拟合", "prevents overfitting") is stated by a reply
# that says the thing becomes unlikely ("模型就不容易过拟合", "so it doesn't overfit"), where the
# negation before the thing would otherwise keep the phrase from counting.
_PREVENT_CUES = (*(f" {w} " for w in match_form("prevent avoid").split()), "防止", "避免", "减轻", "缓解")
# "为了不过拟合" (in order not to overfit) tells the purpose of preventing it.
# A key point told by a denial or a prevention ("avoids unstable updates", "without peeking").
_DENYING_RE = re.compile(
    f" (?:{'|'.join(match_form('not no never without avoid prevent stop cannot').split())}) "
)
_ZH_UNLIKELY = ("不容易", "不易", "不会", "不太会", "没那么容易", "为了不", "不至于")
_EN_UNLIKELY = ("not", "t", "cannot")


def _unlikely_forms(statement: str, phrase: str) -> list[str]:
    """The phrase told as unlikely, when the key point's statement (in match form) prevents
    what it names."""
    thing = match_form(phrase).strip()
    if not thing or CLAUSE in thing or not any(f"{cue}{thing}" in statement for cue in _PREVENT_CUES):
        return []
    if thing.isascii():
        return [f"{cue} {thing}" for cue in _EN_UNLIKELY]
    return [f"{cue}{thing}" for cue in _ZH_UNLIKELY]


def _any_of(texts: Sequence[str]) -> re.Pattern[str] | None:
    """A pattern found in a text exactly where one of `texts` is (None for no texts): one
    search instead of a scan per text."""
    if not texts:
        return None
    return re.compile("|".join(map(re.escape, sorted(set(texts), key=lambda t: (-len(t), t)))))


def _reversed(grader: Grader, prepared: _Prepared, hits: Hits, form: str, found: list[int]) -> Grade | None:
    """A key point stated with its direction turned round ("below" where it says "exceeds"):
    wrong like a swap; partial when enough is stated right in other clauses."""
    # reversed_in() turns nothing round without an opposite wording in the form (padded as it
    # pads it): one search in C for all key points, before a step of Python per key point.
    if prepared.opposite_re is None or prepared.opposite_re.search(f" {form} ") is None:
        return None
    for i in found:
        if not prepared.directions[i].pairs and not prepared.directions[i].confined:
            continue  # most key points take no side of any pair: nothing to turn round
        starts = [start for start, _end, _sure in hits.stated[prepared.point_owners[i]]]
        turned = reversed_in(prepared.directions[i], form, starts)
        if not turned and prepared.question.language == "zh":
            # Another clause may turn round what this one states ("多个头并行算注意力，不过每个头都
            # 用同一组投影参数"): a false claim beside the right idea.
            every = [start for start, _ in clause_spans(form)]
            other = reversed_in(prepared.directions[i], form, every)
            at = (
                next((s for s in every if reversed_in(prepared.directions[i], form, [s])), -1)
                if other
                else -1
            )
            # A reply that also states a false claim of the question is judged on that claim.
            if other and not opposite_negated(form, at, other[0]) and not _claims(prepared, hits, form, True):
                outside = _outside(grader, prepared, hits, form, _clauses_at(form, [at]))
                right = tuple(prepared.question.key_points[j].point for j in outside)
                keep = _right_beside(prepared, found, outside)
                return _swapped(prepared, other, right if keep else ())
        if turned:
            skip = _clauses_at(form, starts)
            outside = [j for j in _outside(grader, prepared, hits, form, skip) if j != i]
            right = tuple(prepared.question.key_points[j].point for j in outside)
            keep = _right_beside(prepared, found, outside)
            return _swapped(prepared, turned, right if keep else ())
    return _core_reversed(prepared, hits, form, found)


def _turned_clause(
    grader: Grader, prepared: _Prepared, hits: Hits, form: str, at: int, swap: tuple[str, str]
) -> Grade:
    """Wrong for a clause that turns the reference round; partial when enough is stated right in
    the other clauses."""
    outside = _outside(grader, prepared, hits, form, _clauses_at(form, [at]))
    right = tuple(prepared.question.key_points[j].point for j in outside)
    found = grader.found_points(prepared, hits, form)
    keep = _right_beside(prepared, found, outside)
    return _swapped(prepared, swap, right if keep else ())


def _core_reversed(prepared: _Prepared, hits: Hits, form: str, found: list[int]) -> Grade | None:
    """A key point the reply does not state, whose direction a clause of it turns round
    ("后期越来越大" where the key point says 衰减): for a core one the core idea said the wrong way
    round, wrong; partial when the key points the reply does state are enough on their own (and,
    in English, never: see _core_lost). A side point turned round ("the cache has a fixed size"
    where memory grows with the length) beside the core is a false claim beside the right idea:
    partial. A side point told of one phase of training or use is left out: the other phase in
    the reply ("训练时随机丢弃") is said of the core."""
    key_points = prepared.question.key_points
    starts: list[int] = []
    for i, kp in enumerate(key_points):
        if i in found or not prepared.directions[i].pairs:
            continue
        if kp.weight < MISSED_MIN_WEIGHT and any(own.clause_wide for own, _ in prepared.directions[i].pairs):
            continue  # a side point told of one phase: the reply's other phase is about the core
        starts = starts or [start for start, _ in clause_spans(form)]
        turned = reversed_in(prepared.directions[i], form, starts)
        # The opposite word inside a phrase that states another key point is that key point's
        # own wording ("lower precision" for 16-bit compute, where the missing key point keeps
        # weights in "higher precision"): no reversal of the missing one.
        if turned and reversed_in(prepared.directions[i], _without(prepared, hits, form, found), starts):
            right = tuple(key_points[j].point for j in found)
            keep = _right_beside(prepared, [*found, i], found)
            return _swapped(prepared, turned, right if keep else ())
    return None


def _side_denial_turned(
    grader: Grader, prepared: _Prepared, hits: Hits, form: str, found: list[int]
) -> Grade | None:
    """A side key point told by a denial ("no extra latency once merged") whose denied thing the
    reply states, not negated and not as what could happen ("adds extra latency that can never be
    removed"): a false claim beside the right idea. Partial when the core is stated outside it,
    else wrong."""
    for i, thing, claim in prepared.denied_sides:
        at = form.find(thing) + 1  # the thing's first word, past its space
        if not at or i in found or negated(form, at):
            continue
        lo, hi = clause_of(form, at)
        if _HYPOTHETICAL_EN_RE.search(form[lo:hi]):
            continue
        outside = _outside(grader, prepared, hits, form, _clauses_at(form, [at]))
        if _right_beside(prepared, found, outside) and not prepared.core.isdisjoint(outside):
            right = tuple(prepared.question.key_points[j].point for j in outside)
            missed = tuple(
                kp.point
                for j, kp in enumerate(prepared.question.key_points)
                if j not in outside and kp.weight >= MISSED_MIN_WEIGHT
            )
            reason = reason_for(Verdict.PARTIAL, right, missed, claim)
            return Grade(Verdict.PARTIAL, PARTIAL_SCORE_MIN, right, missed, reason, false_claim=claim)
        missed = tuple(kp.point for kp in prepared.question.key_points if kp.weight >= MISSED_MIN_WEIGHT)
        return Grade(
            Verdict.WRONG, 0.0, (), missed, reason_for(Verdict.WRONG, (), missed, claim), false_claim=claim
        )
    return None


# What could or would happen, told to give a reason: no statement of what is.
_HYPOTHETICAL_EN_RE = re.compile(f" (?:{'|'.join(match_form('could would might otherwise if').split())}) ")


def _without(prepared: _Prepared, hits: Hits, form: str, found: list[int]) -> str:
    """The form with the phrases that state the found key points blanked out (same length)."""
    chars = list(form)
    for i in found:
        for start, stop, _strong in hits.stated.get(prepared.point_owners[i], ()):
            chars[start:stop] = " " * (stop - start)
    return "".join(chars)


def _right_beside(prepared: _Prepared, found: Iterable[int], outside: Sequence[int]) -> bool:
    """Whether the key points stated outside a swapped or turned clause earn partial credit."""
    return _cover(prepared, outside) >= FALSE_CLAIM_PARTIAL_AT and not _core_lost(prepared, found, outside)


def _core_lost(prepared: _Prepared, found: Iterable[int], outside: Iterable[int]) -> bool:
    """Whether a core key point is stated only inside the swapped or turned clauses: the core
    idea itself is told the wrong way round, and what the other clauses get right is no
    "right idea" beside it (an English BPE reply that splits where it should merge is wrong
    whatever it says of rare words). Only in English: the Chinese sets label a core idea with
    one turned clause as partial ("用反向传播算梯度，然后做梯度上升"), and there the rule only
    changes such replies."""
    if prepared.question.language != "en":
        return False
    return not prepared.core.isdisjoint(set(found) - set(outside))


def _side_forms(side: Iterable[object]) -> frozenset[str]:
    return frozenset(match_form(str(w)).strip() for w in side)


def _bare_sides_dropped(prepared: _Prepared, hits: Hits, form: str, found: list[int]) -> list[int]:
    """`found` without all but one of the core key points that the reply states by nothing but
    the name of one side of a declared contrast, where it names both sides that way and binds
    neither side a role: "fp16 and fp32", "first fp32, then fp16" say that both exist, not which
    does what (naming the parts without what they do is partial)."""
    for sides in prepared.sides:
        bare: dict[int, int] = {}  # key point -> the side it is stated by alone
        for i in found:
            if i not in prepared.core:
                continue
            said = {form[start:end].strip() for start, end, _sure in hits.stated[prepared.point_owners[i]]}
            if said <= sides[0]:
                bare[i] = 0
            elif said <= sides[1]:
                bare[i] = 1
        if len(set(bare.values())) == 2 and not prepared.roles.roles_told(form, sides, prepared.role_noise):
            kept = min(bare)
            found = [i for i in found if i == kept or i not in bare]
    return found


_ASKING = frozenset(match_form("what why how when where which").split())
_ASK_OPENERS = frozenset({CLAUSE, *match_form("and").split()})


def _two_part(question: str) -> bool:
    """Whether an English question asks two things: two questions, each opening with a question
    word ("What is gradient accumulation, and when is it useful?"; not "What is teacher forcing
    when training ...?")."""
    words = match_form(question).split()
    asked = [w in _ASKING and (i == 0 or words[i - 1] in _ASK_OPENERS) for i, w in enumerate(words)]
    return sum(asked) >= 2


def _out_of_order(prepared: _Prepared, hits: Hits, form: str, found: list[int]) -> bool:
    """Whether a reply that tells steps in order ("first ..., then ...") puts a later step of the
    reference before an earlier one."""
    if len(found) < 2 or not steps_in_text_order(form):
        return False
    steps = [i for i in found if i in prepared.core]
    starts = [min(s for s, _e, _sure in hits.stated[prepared.point_owners[i]]) for i in steps]
    return any(a > b for a, b in itertools.pairwise(starts))


def _outside(grader: Grader, prepared: _Prepared, hits: Hits, form: str, skip: frozenset[int]) -> list[int]:
    """The key points stated outside a false or swapped clause (the positions in `skip`), which
    may keep partial credit. In English the clauses that go on from it ("..., and the copies are
    averaged once at the end", "..., which keeps training stable") say more of the same false
    statement: they are no right idea stated apart from it."""
    if prepared.question.language == "en":
        skip = _going_on(form, skip)
    found = grader.found_points(prepared, hits, form, prepared.question_echo, skip)
    return [] if found and _weak_beside(grader, prepared, hits, form, found, skip) else found


def _weak_beside(
    grader: Grader, prepared: _Prepared, hits: Hits, form: str, found: list[int], skip: frozenset[int]
) -> bool:
    """Whether the key points stated outside a false, swapped or turned clause rest on little
    evidence, all of it words that other questions of the bank also use ("全连接层" beside a
    Transformer of convolution and pooling layers, "解码器" beside BERT told as a decoder): a
    component name the subject shares with its neighbours is no right idea beside the error."""
    echo, total = prepared.question_echo, 0
    for i in found:
        owner = prepared.point_owners[i]
        for start, end, _sure in hits.stated[owner]:
            if start not in skip and not grader.shared(prepared.question, form[start:end]):
                return False
        total += hits.evidence(owner, form, echo, skip)
    return total < RIGHT_BESIDE_SHARED_MIN


# Words that open an English clause going on from the one before ("and", "which", "so").
_GOING_ON = frozenset(match_form("and which so").split())


def _going_on(form: str, skip: frozenset[int]) -> frozenset[int]:
    """`skip` and every clause that opens with a word of _GOING_ON right after a skipped clause."""
    added: set[int] = set()
    before = False  # whether the clause before is skipped
    for start, end in clause_spans(form):
        if start in skip or start in added:
            before = True
        elif before and form[start:end].split(" ", 1)[0] in _GOING_ON:
            added.update(range(start, end))
        else:
            before = False
    return skip | added if added else skip


def _swapped(prepared: _Prepared, swap: tuple[str, str], right: tuple[str, ...] = ()) -> Grade:
    """Wrong; partial when the reply also states the right idea outside the swapped clauses."""
    points = prepared.question.key_points
    missed = tuple(kp.point for kp in points if kp.weight >= MISSED_MIN_WEIGHT and kp.point not in right)
    if right:
        reason = swap_reason(*swap, partial=True)
        return Grade(Verdict.PARTIAL, PARTIAL_SCORE_MIN, right, missed, reason, swapped=swap)
    return Grade(Verdict.WRONG, 0.0, (), missed, swap_reason(*swap), swapped=swap)


def _role_check(question: Question) -> RoleCheck:
    """What the reference binds to each side of the question's pairs (answer, explanation and
    key-point statements; phrasings are fragments that often name one side as a modifier)."""
    points = tuple(kp.point for kp in question.key_points)
    reference = (question.answer, question.explanation)
    pairs = pairs_for(question.contrasts, (*reference, *points))
    return RoleCheck.build(pairs, reference, points, question.question)


def _judge(
    grader: Grader, prepared: _Prepared, hits: Hits, form: str, found: list[int], language: str = "en"
) -> Grade:
    cover, found_text, missed_text, reasons, grades = _found_texts(grader, prepared, found)
    claims = _claims(prepared, hits, form, bool(found))
    if claims:
        # A false claim of this very question shows the reply is about it: judge the claim.
        claim = claims[0][0]
        skip = _clauses_at(form, [position for _, position in claims])
        kept = _outside(grader, prepared, hits, form, skip)
        outside = _cover(prepared, kept)
        if (
            outside >= FALSE_CLAIM_PARTIAL_AT
            and found
            and not prepared.claim_index.keys().isdisjoint(hits.stated)
        ):
            # An exact claim in one clause clears no other: the clauses that state a false claim
            # loosely are left out too before the rest earns credit.
            loose = [p for _, p in _loose_claims(prepared, hits, form) if p not in skip]
            if loose:
                skip = skip | _clauses_at(form, loose)
                kept = _outside(grader, prepared, hits, form, skip)
                outside = _cover(prepared, kept)
        # As with a swap: a core key point stated only inside the false clauses is the core idea
        # told wrong ("each GPU trains its own copy, and the weights are averaged once at the
        # end"), and what the other clauses get right is no right idea beside it.
        # A question that asks two things takes the other half right as half an answer.
        core_lost = (not prepared.two_part and _core_lost(prepared, found, kept)) or (
            not prepared.core_turned.isdisjoint(c for c, _ in claims)
        )
        if outside >= FALSE_CLAIM_PARTIAL_AT and not core_lost:
            reason = reason_for(Verdict.PARTIAL, found_text, missed_text, claim)
            return Grade(
                Verdict.PARTIAL, PARTIAL_SCORE_MIN, found_text, missed_text, reason, false_claim=claim
            )
        reason = reason_for(Verdict.WRONG, (), missed_text, claim)
        return Grade(Verdict.WRONG, 0.0, (), missed_text, reason, false_claim=claim)
    if cover < CORRECT_AT:
        other = grader.other_question(prepared, hits, form, cover)
        if other:
            reason = f"This looks like the answer to {other}."
            return Grade(Verdict.WRONG, 0.0, (), missed_text, reason, other)
    if reasons[0] is Verdict.PARTIAL and hits.negated and _core_denied(prepared, hits, found):
        # Told as not stating the core (the reason a reply that misses it gets), no new wording.
        return Grade(Verdict.WRONG, 0.0, (), missed_text, reason_for(Verdict.WRONG, (), missed_text))
    if reasons[0] is Verdict.PARTIAL and _about_something_else(prepared, hits, form, found):
        return Grade(Verdict.WRONG, 0.0, (), missed_text, OFF_QUESTION, problem=OFF_QUESTION)
    if reasons[0] is Verdict.PARTIAL and (foreign := grader.foreign(prepared.question)) is not None:
        # "Transformer就是很多层LSTM堆起来": the subject told as what another question asks about,
        # a thing its reference never names. Only short of full credit: a reply that states the
        # core may name a part the reference leaves out ("seq2seq 由两个 LSTM 组成").
        other = foreign.told_as_subject(form)
        if other is not None:
            return Grade(Verdict.WRONG, 0.0, (), missed_text, OFF_QUESTION, problem=OFF_QUESTION)
    # On cover alone, the grade is the same for every reply in this language that states these
    # key points: one kept Grade (a frozen value) instead of a new one per reply.
    grade = grades.get(language)
    if grade is None:
        verdict, score, shown, reason = reasons
        grade = grades[language] = Grade(verdict, score, shown, missed_text, reason, language=language)
    return grade


# What a set of found key points of one question comes to, the same for every reply that states
# them: (cover, found texts, missed texts, and on cover alone: verdict, score, found texts shown,
# reason; and the grade per reply language, made when first asked for).
_Found = tuple[
    float, tuple[str, ...], tuple[str, ...], tuple[Verdict, float, tuple[str, ...], str], dict[str, Grade]
]
_FOUND_MEMO_MAX = 20_000  # sets of found key points remembered, so a bot never grows without bound


_SHARED_MEMO_MAX = 20_000  # texts remembered by Grader.shared, so a long-running bot stays bounded


def _loss_turned_round(prepared: _Prepared, form: str) -> Grade | None:
    """On a question about a loss (asks_loss), the loss told the wrong way round (it grows as the
    prediction improves) is the core idea turned round, in both languages: wrong, whatever the
    other clauses get right ("衡量预测和真实标签的差别，预测越准 loss 越大"). Training told to make
    the loss larger is left to the loss_raised check: there the right idea beside it keeps
    partial credit."""
    claim = loss_turned(form)
    if claim is None:
        return None
    missed = tuple(kp.point for kp in prepared.question.key_points)
    reason = reason_for(Verdict.WRONG, (), missed, claim[0])
    return Grade(Verdict.WRONG, 0.0, (), missed, reason, false_claim=claim[0])


def _core_denied(prepared: _Prepared, hits: Hits, found: Iterable[int]) -> bool:
    """Whether the reply names a core key point only to deny it ("fed its own predictions instead
    of the ground truth") and states no core key point: what it gets right is a side point of an
    idea it tells the other way, no partial answer."""
    if not prepared.core.isdisjoint(found):
        return False
    owners = prepared.point_owners
    return any(owners[i] in hits.negated for i in prepared.core)


def _found_texts(grader: Grader, prepared: _Prepared, found: list[int]) -> _Found:
    """What the key points `found` come to, kept per question and set of key points: many
    replies state the same ones."""
    key = (prepared.question.id, *found)
    known = grader._found_memo.get(key)
    if known is None:
        known = _found_of(prepared, found)
        if len(grader._found_memo) < _FOUND_MEMO_MAX:
            grader._found_memo[key] = known
    return known


def _found_of(prepared: _Prepared, found: list[int]) -> _Found:
    question = prepared.question
    cover = _cover(prepared, found)
    found_text = tuple([question.key_points[i].point for i in found])
    missed_text = tuple(
        [
            kp.point
            for i, kp in enumerate(question.key_points)
            if i not in found and kp.weight >= MISSED_MIN_WEIGHT
        ]
    )
    if cover >= CORRECT_AT:
        outcome = (Verdict.CORRECT, 1.0, found_text, reason_for(Verdict.CORRECT, found_text, missed_text))
    elif cover >= PARTIAL_AT:
        score = PARTIAL_SCORE_MIN + (PARTIAL_SCORE_MAX - PARTIAL_SCORE_MIN) * min(1.0, cover / CORRECT_AT)
        reason = reason_for(Verdict.PARTIAL, found_text, missed_text)
        outcome = (Verdict.PARTIAL, round(score, 2), found_text, reason)
    else:
        outcome = (Verdict.WRONG, 0.0, (), reason_for(Verdict.WRONG, (), missed_text))
    return cover, found_text, missed_text, outcome, {}


def _drop_contained(prepared: _Prepared, hits: Hits) -> None:
    """The longest match wins: a key point's phrase found only inside a longer phrase of another
    key point of the question ("误差" inside the example "均方误差") does not count for it."""
    owners = [o for o in prepared.point_owners if o in hits.stated]
    if len(owners) < 2:
        return
    spans = {o: hits.stated[o] for o in owners}  # decide on the spans as found, then apply
    for owner in owners:
        others = [span for o in owners if o != owner for span in spans[o]]
        kept = [span for span in spans[owner] if not _inside_longer(span[0], span[1], others)]
        if kept:
            hits.stated[owner] = kept
        else:
            del hits.stated[owner]


def _inside_longer(start: int, end: int, spans: list[tuple[int, int, bool]]) -> bool:
    # A plain loop, not any(): a generator per span cost more than the test itself.
    length = end - start
    for s, e, _ in spans:  # noqa: SIM110
        if s <= start and end <= e and e - s > length:
            return True
    return False


def _cover(prepared: _Prepared, found: list[int]) -> float:
    points = prepared.question.key_points
    return sum([points[i].weight for i in found]) / prepared.total_weight


def _claims(prepared: _Prepared, hits: Hits, form: str, credit: bool) -> list[tuple[str, int]]:
    """(false claim, a position in its clause) for the false claims the reply states: exactly
    (and not set against a contrast: "unlike GPT, which ..."), or, when it would earn credit
    otherwise, loosely or as a sweeping overclaim."""
    question = prepared.question
    claim_index = prepared.claim_index
    # Most replies state none of the question's false claims exactly: told by one set operation
    # in C before a step of Python per owner the reply states.
    exact = (
        []
        if claim_index.keys().isdisjoint(hits.stated)
        else [
            (question.false_claims[i], start)
            for o in hits.stated
            if (i := claim_index.get(o)) is not None and not contrasted(form, start := hits.stated[o][0][0])
        ]
    )
    if exact or not credit:
        return exact
    return (
        loose_match(prepared.loose, form, hits.sounded)
        or direction_match(prepared.directed, form)
        or count_match(prepared.counts, form)
        or (bounded_loss(form) if prepared.loss_asked else [])
        or word_match(prepared.worded, form)
        or overclaims(form)
    )


def _loose_claims(prepared: _Prepared, hits: Hits, form: str) -> list[tuple[str, int]]:
    """Every false claim the reply states loosely, by each of the loose looks."""
    return [
        *loose_match(prepared.loose, form, hits.sounded),
        *direction_match(prepared.directed, form),
        *count_match(prepared.counts, form),
        *(bounded_loss(form) if prepared.loss_asked else []),
        *word_match(prepared.worded, form),
        *overclaims(form),
    ]


def _clauses_at(form: str, positions: list[int]) -> frozenset[int]:
    """Every position of the clauses that hold the given positions."""
    covered: set[int] = set()
    for position in positions:
        lo, hi = clause_of(form, position)
        covered.update(range(lo, hi))
    return frozenset(covered)


def _corpus_of(questions: list[Question]) -> Iterator[str]:
    """Text like the replies to come, to file each phrase under its rarest key: the questions,
    answers and explanations, and every phrase of the bank (a key many phrases share, such as
    "梯度" or "batch", is one many replies hold)."""
    for q in questions:
        yield f"{q.question} {q.answer} {q.explanation}"
        yield from (p for kp in q.key_points for p in (kp.point, *kp.phrasings))
        yield from q.false_claims


def _text_of(question: Question, with_phrasings: bool = False, with_points: bool = False) -> str:
    parts = [question.question, question.answer, question.explanation]
    if with_phrasings or with_points:
        parts.extend(kp.point for kp in question.key_points)
    if with_phrasings:
        parts.extend(p for kp in question.key_points for p in kp.phrasings)
    return "\u0001".join(compact(p) for p in parts)


_STOP_FORMS = frozenset((*match_form(" ".join(EN_STOP)).split(), CLAUSE))
_EVERYDAY_FORMS = frozenset(match_form(EVERYDAY_WORDS).split()) - {CLAUSE}


def _content_words(form: str) -> set[str]:
    """The distinct English content words of a match form (stemmed, as it holds them)."""
    words = set(form.split())
    words.difference_update(_STOP_FORMS)
    return {w for w in words if len(w) > 1 and w.isascii() and w[0].isalpha()}


def _vocabulary(question: Question) -> frozenset[str]:
    """The English content words of an English question, its reference answer, explanation and
    key points (their phrasings and English translations too); empty for other languages, where
    students' own words vary too much for a share of foreign words to mean anything."""
    if question.language != "en":
        return frozenset()
    texts = [question.question, question.answer, question.explanation]
    for kp in question.key_points:
        texts.extend((kp.point, *kp.phrasings, *(text for lang, text in kp.translations if lang == "en")))
    return frozenset(_content_words(match_form(" ".join(texts))))


def _general_words(questions: list[Question]) -> dict[str, frozenset[str]]:
    """Per bank, the English content words that the texts of many of its questions use ("make",
    "step", "before"): a reply's use of them says nothing about which question it answers."""
    counts: dict[str, Counter[str]] = {}
    for q in questions:
        if q.language == "en":
            texts = (q.question, q.answer, q.explanation, *(kp.point for kp in q.key_points))
            words = _content_words(match_form(" ".join(texts)))
            counts.setdefault(q.bank, Counter()).update(words)
    return {
        bank: frozenset(w for w, n in counted.items() if n >= FOREIGN_GENERAL_QUESTIONS)
        for bank, counted in counts.items()
    }


def _about_something_else(prepared: _Prepared, hits: Hits, form: str, found: list[int]) -> bool:
    """Whether a reply that would earn partial credit describes something else and meets the
    key points only in passing: its key-point evidence is a sliver of what it says
    (KP_GRAZING_SHARE of its Chinese characters and English content words, counted like
    evidence: "神经机器翻译是先把句子切成短语，再根据统计出来的短语对照表…" meets 翻译), or, in English,
    most of its content words are foreign to the question's texts ("BPE gives each word an
    integer id by hashing it into buckets"). Asked only of replies that would earn partial credit:
    one that states the core idea is about the question whatever else it says."""
    cjk = 0 if form.isascii() else len(CJK_RE.findall(form))
    words = _content_words(form)
    units = cjk
    for word in words:
        units += ENGLISH_LONG_WORD_UNITS if len(word) >= ENGLISH_LONG_WORD else ENGLISH_WORD_UNITS
    # In a reply that says enough to describe something, phrases that only echo the question's
    # own words ("翻译" of "神经机器翻译") are no evidence of what it describes.
    echo = prepared.question_echo if units >= GRAZING_ECHO_MIN_UNITS else ""
    evidence = sum([hits.evidence(prepared.point_owners[i], form, echo) for i in found])
    if evidence < KP_GRAZING_SHARE * units:
        return True
    vocabulary = prepared.vocabulary
    if not vocabulary or cjk:
        return False  # the foreign-word share is read in English replies to English questions
    # Each word counts once; the bank's general words not at all.
    words -= prepared.general
    if len(words) < FOREIGN_MIN_WORDS:
        return False
    return len(words - vocabulary) >= FOREIGN_WORDS_SHARE * len(words)


def _is_question_copy(prepared: _Prepared, text: str) -> bool:
    q = prepared.question_text
    if not q:
        return False
    # ratio() can only reach the threshold when the lengths are close enough.
    near = QUESTION_COPY_RATIO / (200 - QUESTION_COPY_RATIO)
    if near * len(q) <= len(text) <= len(q) / near and fuzz.ratio(q, text) >= QUESTION_COPY_RATIO:
        return True
    # The start of the question pasted with next to nothing added.
    head = q[: max(QUESTION_HEAD_MIN_CHARS, len(q) // 2)]
    return text.startswith(head) and len(text) - len(q) < AFTER_QUESTION_MIN_CHARS


def _is_reference_copy(prepared: _Prepared, text: str) -> bool:
    a = prepared.answer_text
    if len(a) < COPY_REFERENCE_MIN_CHARS or len(text) < len(a) // 2:
        return False
    if a in text:
        return True
    # The reply's start, a little longer than the reference, leaves room for small edits.
    return fuzz.ratio(a, text[: int(len(a) * COPY_REFERENCE_SPAN)]) >= COPY_REFERENCE_RATIO
