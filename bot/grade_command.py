"""`studybot grade`: grade JSON lines, one JSON line out per line in, in order.

Each input line is either {"id": "<question id>", "reply": "..."} (a question of the loaded
library) or {"question": "...", "answer": "...", "reply": "..."} (graded against that reference
answer alone). A line that cannot be graded gets {"line": n, "error": "..."}; the stream goes on.
"""

from __future__ import annotations

import json
import math
from typing import Any, TextIO

from bot.bank.model import Library, Question
from bot.grading.grader import Grader
from bot.grading.verdict import Grade


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
            result = _grade_line(grader, library, line)
        except _LineError as exc:
            result = {"line": number, "error": str(exc)}
            status = 1
        out.write(_encode(result) + "\n")
        out.flush()
    return status


# One encoder for every line: json.dumps with any option builds a new one per call.
_ENCODER = json.JSONEncoder(ensure_ascii=False)
# How that encoder writes a string (the C function where there is one).
_STRING = json.encoder.encode_basestring


def _encode(result: dict[str, Any]) -> str:
    """The same text as _ENCODER.encode(result) for the flat objects written here (strings,
    lists of strings, finite floats, ints), without the encoder's per-call set-up, which cost
    more than the writing itself; anything else goes through the encoder."""
    parts = []
    for key, value in result.items():
        kind = type(value)
        if kind is str:
            text = _STRING(value)
        elif kind is list and all(type(item) is str for item in value):
            text = "[" + ", ".join(map(_STRING, value)) + "]"
        elif (kind is float and math.isfinite(value)) or kind is int:
            text = repr(value)
        else:
            return _ENCODER.encode(result)
        parts.append(f"{_STRING(key)}: {text}")
    return "{" + ", ".join(parts) + "}"


class _LineError(ValueError):
    """What is wrong with one input line, said so that the user can fix it."""


def _grade_line(grader: Grader, library: Library | None, line: str) -> dict[str, Any]:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise _LineError(f"not valid JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(record, dict):
        raise _LineError('expected a JSON object like {"id": "llm-01", "reply": "..."}')
    reply = record.get("reply")
    if not isinstance(reply, str):
        raise _LineError('"reply" must be a string')
    question = _question(library, record)
    result: dict[str, Any] = {"id": question.id} if "id" in record else {}
    result.update(_grade_fields(grader.grade(question, reply)))
    return result


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
        "verdict": grade.verdict.value,
        "score": grade.score,
        "found": list(grade.found),
        "missed": list(grade.missed),
        "reason": grade.reason,
    }
    if grade.other_question:
        fields["other_question"] = grade.other_question
    return fields
