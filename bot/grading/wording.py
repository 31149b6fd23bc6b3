"""What a grade says to the student, built in one place.

`reason_for` and friends give the one-sentence English reason kept on `Grade.reason` (the command
line prints it). `feedback_lines` gives what a front end shows: what was right, what was missing
and what was false, each said once, in whole phrases, through a translator, with key points in
the reply's language where the bank gives them in both.
"""

from __future__ import annotations

import re

from bot.bank.model import Question
from bot.grading.analyser import CJK_RANGES
from bot.grading.tuning import REASON_MAX_POINTS
from bot.grading.verdict import Grade, Verdict
from bot.i18n import ENGLISH, N_, Translator

# Reasons for replies that are no answer at all: message ids without placeholders, translated as
# they are (Grade.problem holds one of them).
EMPTY = N_("The reply is empty.")
NOT_TEXT = N_("This does not look like text.")
NO_WORDS = N_("The reply has no words, only symbols or emoji.")
REPEATED = N_("This repeats the same text over and over.")
QUESTION_COPIED = N_("This repeats the question instead of answering it.")
NON_ANSWER = N_("This is not an answer (it says you don't know or skip).")
KEYWORD_LIST = N_("A bare list of keywords states nothing.")
WRONG_ORDER = N_("The steps are in the wrong order.")
OFF_QUESTION = N_("Most of this is about something other than what the question asks.")
RELATION_TURNED = N_("The relation is the wrong way round: the reference applies it to the other quantity.")
# Reasons of reference-only grading that end Grade.reason and that feedback repeats, translated.
EXTRA_ITEMS = N_("Some items you list are not in the reference answer.")
UNFOCUSED = N_("Most of this reply is about other things, so it earns less credit.")


def _names(points: tuple[str, ...]) -> str:
    shown = [f"“{p}”" for p in points[:REASON_MAX_POINTS]]
    more = len(points) - len(shown)
    text = ", ".join(shown)
    return f"{text} and {more} more" if more > 0 else text


def reason_for(
    verdict: Verdict, found: tuple[str, ...], missed: tuple[str, ...], false_claim: str | None = None
) -> str:
    if false_claim is not None:
        if verdict is Verdict.PARTIAL:
            return f"Right idea ({_names(found)}), but “{false_claim}” is false."
        return f"“{false_claim}” is a misconception."
    if verdict is Verdict.CORRECT:
        return f"Covers {_names(found)}."
    if verdict is Verdict.PARTIAL:
        return f"Has {_names(found)}, but misses {_names(missed)}."
    if missed:
        return f"Does not state the key point: {_names(missed)}."
    return "Does not answer the question."


def category_reason(missed: tuple[str, ...]) -> str:
    return f"Names only what kind of thing it is, but misses {_names(missed)}."


def purpose_reason(missed: tuple[str, ...]) -> str:
    return f"Says only that it makes the model better, but misses {_names(missed)}."


def swap_reason(first: str, second: str, partial: bool = False) -> str:
    if partial:
        return f"Right idea, but it swaps “{first}” and “{second}” in one place."
    return f"It swaps “{first}” and “{second}”: what it says of one is true of the other."


def order_reason() -> str:
    return WRONG_ORDER


# Chinese runs captured: split() gives the other text and the runs, alternately, in one pass.
_CJK_RUN_SPLIT_RE = re.compile(f"([{CJK_RANGES}]+)")


def reply_language(reply: str) -> str:
    """ "zh" when Chinese characters make up a fair share of the reply's letters, else "en"."""
    if reply.isascii():  # a flag of the string, no scan: most English replies stop here
        return "en"
    text = reply[:2000]
    parts = _CJK_RUN_SPLIT_RE.split(text)
    if len(parts) == 1:
        return "en"  # no Chinese letter at all: the share below would be 0
    # Counted in C (map, join) rather than a loop per character: this runs on every reply.
    # Runs rather than single characters: one string per run, not one per character.
    chinese = "".join(parts[1::2])
    cjk = len(chinese) if chinese.isalpha() else sum(map(str.isalpha, chinese))
    if cjk and cjk * 5 >= len(text):
        return "zh"  # there are no more letters than characters: the share below holds already
    # The other letters counted apart: map() makes a string of each character it passes, and
    # most of what is left are ASCII characters, which Python keeps made.
    rest = "".join(parts[::2])
    letters = cjk + (len(rest) if rest.isalpha() else sum(map(str.isalpha, rest)))
    # A Chinese character carries about as much as a short English word.
    return "zh" if letters and cjk * 4 >= letters - cjk else "en"


def feedback_lines(
    grade: Grade, t: Translator = ENGLISH, lang: str = "en", question: Question | None = None
) -> list[str]:
    """Lines to show under a verdict: what was false, what was right, what was missing; each
    said once. `lang` is the reply's language (reply_language); with `question`, key points are
    said in that language where the bank gives them, and every missed point is named (the
    grade's `missed` leaves out the low-weight ones)."""
    if grade.problem:
        return [t.gettext(grade.problem)]
    lines = []
    if grade.reviewed:  # the reason is one of bot.grading.reviewed's message ids
        if grade.verdict is not Verdict.WRONG:
            return [t.gettext(grade.reason)]  # what the reply missed no longer counts against it
        lines.append(t.gettext(grade.reason))
    if grade.other_question:
        lines.append(
            t.gettext("This looks like the answer to another question ({qid}).", qid=grade.other_question)
        )
    lines += _false_lines(grade, t)
    on_reference = question is not None and not question.key_points
    # Reference-only reasons a student can act on, said where a false claim would be.
    notes = [n for n in (EXTRA_ITEMS, UNFOCUSED) if on_reference and grade.reason.endswith(n)]
    if grade.verdict is not Verdict.CORRECT:
        lines += [t.gettext(n) for n in notes]
    lines += _right_and_missing(grade, t, lang, question, explained=bool(notes))
    if not lines:
        lines.append(_plain(grade, t))
    return lines


def _false_lines(grade: Grade, t: Translator) -> list[str]:
    lines = []
    if grade.swapped:
        # The pair comes in the bank's order, not the reply's: the line must read true either way.
        first, second = grade.swapped
        lines.append(
            t.gettext(
                "False: you swap “{first}” and “{second}”: what you say of one is true of the other.",
                first=first,
                second=second,
            )
        )
    if grade.false_claim:
        lines.append(t.gettext("False: “{claim}”.", claim=grade.false_claim))
    return lines


def _right_and_missing(
    grade: Grade, t: Translator, lang: str, question: Question | None, explained: bool
) -> list[str]:
    lines = []
    separator = t.gettext("; ")
    found = _said(grade.found, question, lang)
    missed = _missed(grade, question, lang)
    on_reference = question is not None and not question.key_points
    partly = on_reference and grade.verdict is Verdict.PARTIAL and not missed and not explained
    if found and partly:
        # Part of the credit while every phrase of the reference counts as stated: each is stated
        # only in part, and "Right: <the whole answer>" under "Partly right" teaches nothing.
        lines.append(t.gettext("Only partly stated: {points}.", points=separator.join(found)))
    elif found:
        lines += _part(
            found, t.gettext("Right: {points}.", points=separator.join(found)), t.gettext("Right:")
        )
    # Graded on the reference alone, a correct reply in other words matches few of its phrases:
    # listing them all as missing would contradict the verdict.
    if missed and not (on_reference and grade.verdict is Verdict.CORRECT):
        lines += _part(
            missed, t.gettext("Missing: {points}.", points=separator.join(missed)), t.gettext("Missing:")
        )
    return lines


def _part(points: list[str], one_line: str, heading: str) -> list[str]:
    """The points on one line, or under a heading one a line where a point holds a semicolon of
    its own ("attend to earlier positions; future positions are masked out"): joined with "; ",
    two points would read as three."""
    if len(points) > 1 and any(";" in p or "；" in p for p in points):
        return [heading, *(f"• {p}" for p in points)]
    # A phrase cut short ends in "…": the sentence's own full stop after it would say it twice.
    if one_line.endswith(("….", "…。")):
        return [one_line[:-1]]
    return [one_line]


def _said(points: tuple[str, ...], question: Question | None, lang: str) -> list[str]:
    if question is None:
        return list(points)
    by_text = {kp.point: kp for kp in question.key_points}
    return [by_text[p].said_in(lang) if p in by_text else p for p in points]


def _missed(grade: Grade, question: Question | None, lang: str) -> list[str]:
    if question is None or not question.key_points:
        return _said(grade.missed, question, lang)
    found = set(grade.found)
    return [kp.said_in(lang) for kp in question.key_points if kp.point not in found]


def _plain(grade: Grade, t: Translator) -> str:
    if grade.verdict is Verdict.CORRECT:
        return t.gettext("Matches the reference answer.")
    if grade.verdict is Verdict.PARTIAL:
        return t.gettext("Partly right.")
    return t.gettext("Does not answer the question.")
