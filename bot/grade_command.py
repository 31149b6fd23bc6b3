"""`studybot grade`: grade JSON lines, one JSON line out per line in, in order.

Each input line is either {"id": "<question id>", "reply": "..."} (a question of the loaded
library) or {"question": "...", "answer": "...", "reply": "..."} (graded against that reference
answer alone). Either may add the group's reviewed replies to its question: `"accepted": [...]` and
`"rejected": [...]`, each item a string or {"reply": "...", "verdict": "correct|partial|wrong"}
(strings in "accepted" are correct, in "rejected" wrong). They adjust the grade through
bot.grading.reviewed, the same code the bot uses for a server's decided disputes.
A line that cannot be graded gets {"line": n, "error": "..."}; the stream goes on.
"""

from __future__ import annotations

import io
import json
import math
import re
from typing import Any, TextIO

from bot.bank.model import Library, Question
from bot.grading.grader import Grader
from bot.grading.reviewed import ReviewedReply, adjust
from bot.grading.verdict import Grade, Verdict


def run_batch(inp: TextIO, out: TextIO, library: Library | None, grader: Grader | None = None) -> int:
    """Grade every line of `inp` into `out`; 0 when every line was graded, 1 otherwise. `grader`
    (built from `library`) can be passed in to keep its start-up out of a measurement."""
    if grader is None:
        grader = Grader(library.questions() if library is not None else [])
    status = 0
    for number, line in enumerate(inp, start=1):
        if not line.strip():
            continue
        try:
            text = _line_text(*_grade_line(grader, library, line))
        except _LineError as exc:
            text = _encode({"line": number, "error": str(exc)})
            status = 1
        out.write(text + "\n")
        out.flush()
    return status


# One encoder for every line: json.dumps with any option builds a new one per call.
_ENCODER = json.JSONEncoder(ensure_ascii=False)
# How that encoder writes a string (the C function where there is one).
_STRING = json.encoder.encode_basestring


# The C scanner behind json.loads, called directly: loads adds two regex matches for whitespace.
_SCAN = json.JSONDecoder().scan_once


def _decode(line: str) -> Any:
    """json.loads(line): the same object, or the same error (through json.loads itself)."""
    try:
        value, end = _SCAN(line, 0)
    except StopIteration:  # leading whitespace, a byte-order mark, or no JSON at all
        return json.loads(line)
    if line[end:].strip(" \t\n\r"):  # what json.loads allows after the value
        return json.loads(line)
    return value


_FIELDS = ["id", "verdict", "score", "found", "missed", "reason"]


def _encode(result: dict[str, Any]) -> str:
    """_ENCODER.encode(result), written directly for the common line (a graded reply with an id,
    no other question): the encoder's per-call set-up cost more than the writing itself. A test
    compares the two on any object."""
    if list(result) != _FIELDS:
        return _ENCODER.encode(result)
    score, found, missed = result["score"], result["found"], result["missed"]
    if not ((type(score) is float and math.isfinite(score)) or type(score) is int):
        return _ENCODER.encode(result)
    if type(found) not in _SEQUENCES or type(missed) not in _SEQUENCES:
        return _ENCODER.encode(result)
    text = _STRING
    try:
        return (
            f'{{"id": {text(result["id"])}, "verdict": {text(result["verdict"])}, "score": {score!r}, '
            f'"found": [{_items(found)}], "missed": [{_items(missed)}], '
            f'"reason": {_text(result["reason"])}}}'
        )
    except TypeError:  # a value that is not a string, or an item that is not
        return _ENCODER.encode(result)


_SEQUENCES = (list, tuple)  # what the encoder writes as a JSON array
# Key-point lists (tuples a grader keeps and hands out again) and reasons, as written: many
# lines repeat them. Bounded, so a long-running process never grows without bound. Only what was
# written without error is kept: a tuple or string key holds strings only.
_WRITTEN: dict[tuple[str, ...] | str, str] = {}
_WRITTEN_MAX = 20_000


def _items(items: list[str] | tuple[str, ...]) -> str:
    """The array's items as the encoder writes them, without the brackets."""
    if type(items) is not tuple:
        return ", ".join(map(_STRING, items))
    known = _WRITTEN.get(items)
    if known is None:
        known = ", ".join(map(_STRING, items))
        if len(_WRITTEN) < _WRITTEN_MAX:
            _WRITTEN[items] = known
    return known


def _text(value: str) -> str:
    if type(value) is not str:
        return _STRING(value)
    known = _WRITTEN.get(value)
    if known is None:
        known = _STRING(value)
        if len(_WRITTEN) < _WRITTEN_MAX:
            _WRITTEN[value] = known
    return known


# What follows the id in a line, per Grade: a grader hands the same Grade out again for every
# reply that states the same key points, and its fields are written the same each time. Keyed by
# identity (the Grade kept, so that its id is not reused); bounded like _WRITTEN.
_TAILS: dict[int, tuple[Grade, str]] = {}
_TAILS_MAX = 4096
_NO_ID = '{"id": "", '


def _line_text(head: dict[str, Any], grade: Grade) -> str:
    """The line for a graded reply: `head` (its id, if it has one) and the fields of `grade`."""
    qid = head.get("id")
    if type(qid) is not str:
        return _encode({**head, **_grade_fields(grade)})
    known = _TAILS.get(id(grade))
    if known is None or known[0] is not grade:
        # The fields are written the same whatever the id: written once with an empty one.
        tail = _encode({"id": "", **_grade_fields(grade)})[len(_NO_ID) :]
        if len(_TAILS) >= _TAILS_MAX:
            _TAILS.clear()
        known = _TAILS[id(grade)] = (grade, tail)
    return f'{{"id": {_text(qid)}, {known[1]}'


# Bytes that were not UTF-8, as a reader with errors="surrogateescape" (utf8_lines) keeps them.
_UNDECODED = re.compile("[\udc80-\udcff]")


def utf8_lines(stream: TextIO) -> TextIO:
    """Standard input read as UTF-8 whatever the locale, a byte-order mark dropped, and bytes that
    are no UTF-8 kept (as _UNDECODED) so that their line gets an error line instead of ending
    the run. A stream without bytes underneath (a test's StringIO) is returned as it is."""
    binary = getattr(stream, "buffer", None)
    if binary is None:
        return stream
    return io.TextIOWrapper(binary, encoding="utf-8-sig", errors="surrogateescape")


class _LineError(ValueError):
    """What is wrong with one input line, said so that the user can fix it."""


def _grade_line(grader: Grader, library: Library | None, line: str) -> tuple[dict[str, Any], Grade]:
    """The start of one line's result (its id, when the line names a question by id) and the
    grade whose fields follow it (_grade_fields)."""
    if not line.isascii() and _UNDECODED.search(line):
        raise _LineError("not UTF-8 text: save the file as UTF-8")
    try:
        record = _decode(line)
    except json.JSONDecodeError as exc:
        raise _LineError(f"not valid JSON ({exc.msg} at column {exc.colno})") from None
    except RecursionError:
        raise _LineError("not valid JSON (nested too deeply)") from None
    if not isinstance(record, dict):
        raise _LineError('expected a JSON object like {"id": "llm-01", "reply": "..."}')
    reply = record.get("reply")
    if not isinstance(reply, str):
        raise _LineError('"reply" must be a string')
    question = _question(library, record)
    result: dict[str, Any] = {"id": question.id} if "id" in record else {}
    reviewed = (
        _reviewed(record, "accepted", Verdict.CORRECT) + _reviewed(record, "rejected", Verdict.WRONG)
        if "accepted" in record or "rejected" in record  # most lines have neither: two calls saved
        else []
    )
    grade = grader.grade(question, reply)
    return result, adjust(grade, reply, reviewed) if reviewed else grade


def _reviewed(record: dict[str, Any], key: str, default: Verdict) -> list[ReviewedReply]:
    items = record.get(key, [])
    if not isinstance(items, list):
        raise _LineError(f'"{key}" must be a list of replies')
    out: list[ReviewedReply] = []
    for item in items:
        if isinstance(item, str):
            out.append(ReviewedReply(item, default))
            continue
        if not isinstance(item, dict) or not isinstance(item.get("reply"), str):
            raise _LineError(f'each item of "{key}" must be a string or {{"reply": "...", "verdict": "..."}}')
        verdict = item.get("verdict", default.value)
        if verdict not in {v.value for v in Verdict}:
            raise _LineError(f'"verdict" in "{key}" must be correct, partial or wrong, not {verdict!r}')
        out.append(ReviewedReply(item["reply"], Verdict(verdict)))
    return out


def _question(library: Library | None, record: dict[str, Any]) -> Question:
    if "id" in record:
        qid = record["id"]
        if not isinstance(qid, str):
            raise _LineError('"id" must be a string')
        question = library.get(qid) if library is not None else None
        if question is None:
            raise _LineError(f"unknown question id {qid!r}: load its bank with --bank")
        return question
    text, answer = record.get("question"), record.get("answer")
    if not isinstance(text, str) or not isinstance(answer, str) or not answer.strip():
        raise _LineError('give either "id", or "question" and a non-empty "answer"')
    return Question(id="adhoc", bank="adhoc", question=text, answer=answer, explanation="")


def _grade_fields(grade: Grade) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "verdict": grade.verdict._value_,  # .value is an enum property, several times slower
        "score": grade.score,
        "found": grade.found,  # tuples, written as arrays: see _items
        "missed": grade.missed,
        "reason": grade.reason,
    }
    if grade.other_question:
        fields["other_question"] = grade.other_question
    if grade.reviewed:
        fields["reviewed"] = True
    return fields
