"""`studybot grade` writes each result line as the standard JSON encoder would."""

from __future__ import annotations

import json
import math

from hypothesis import given
from hypothesis import strategies as st

from bot.grade_command import _ENCODER, _decode, _encode, _grade_fields, _line_text
from bot.grading.verdict import Grade, Verdict

KEYS = st.sampled_from(["id", "verdict", "score", "found", "missed", "reason", "line", "error", 'é"\\'])
VALUES = st.one_of(
    st.text(),
    st.lists(st.text(), max_size=4),
    st.floats(),
    st.integers(),
    st.booleans(),
    st.none(),
    st.lists(st.integers(), max_size=2),
)


@given(st.dictionaries(KEYS, VALUES, max_size=7))
def test_a_result_line_is_what_the_json_encoder_writes(result: dict[str, object]) -> None:
    assert _encode(result) == _ENCODER.encode(result)
    if not any(isinstance(v, float) and not math.isfinite(v) for v in result.values()):
        assert json.loads(_encode(result)) == result


FIELDS = ("id", "verdict", "score", "found", "missed", "reason")


# Each field mostly of the type a grade gives it, sometimes of any other.
NEAR = {
    "id": st.text(),
    "verdict": st.text(),
    "score": st.floats(),
    "found": st.lists(st.text(), max_size=3),
    "missed": st.lists(st.text(), max_size=3),
    "reason": st.text(),
}


@given(st.tuples(*(st.one_of(NEAR[f], NEAR[f], NEAR[f], VALUES) for f in FIELDS)))
def test_a_graded_line_is_what_the_json_encoder_writes(values: tuple[object, ...]) -> None:
    result = dict(zip(FIELDS, values, strict=True))
    assert _encode(result) == _ENCODER.encode(result)


@given(st.text(), st.sampled_from(["correct", "partial", "wrong"]), st.floats(0, 1), st.lists(st.text()))
def test_a_grade_is_what_the_json_encoder_writes(
    qid: str, verdict: str, score: float, points: list[str]
) -> None:
    result = {
        "id": qid,
        "verdict": verdict,
        "score": score,
        "found": points,
        "missed": points[:1],
        "reason": qid,
    }
    assert _encode(result) == _ENCODER.encode(result)


def test_a_field_of_another_type_is_written_as_the_encoder_would() -> None:
    result = {"id": "q", "verdict": "wrong", "score": 0.0, "found": "ab", "missed": [1], "reason": "r"}
    assert _encode(result) == _ENCODER.encode(result)
    assert _encode(result | {"found": []}) == _ENCODER.encode(result | {"found": []})


def test_text_is_written_as_it_is_and_escaped_where_json_needs_it() -> None:
    result = {"id": "q1", "verdict": "partial", "score": 0.55, "found": ["a", "梯度"], "missed": []}
    line = _encode(result | {"reason": 'say "嗨"\n\u200b'})
    assert line == (
        '{"id": "q1", "verdict": "partial", "score": 0.55, "found": ["a", "梯度"], "missed": [], '
        '"reason": "say \\"嗨\\"\\n\u200b"}'
    )


def _loaded(line: str) -> tuple[str, object]:
    try:
        return "ok", json.loads(line)
    except json.JSONDecodeError as exc:
        return "error", (exc.msg, exc.pos)


def _decoded(line: str) -> tuple[str, object]:
    try:
        return "ok", _decode(line)
    except json.JSONDecodeError as exc:
        return "error", (exc.msg, exc.pos)


JSONISH = st.text(alphabet=' \t\n\r\u3000\ufeff{}[]":,0123456789.eE+-truefalsn\\ab梯', max_size=24)


@given(
    st.one_of(JSONISH, st.builds(json.dumps, st.dictionaries(st.text(), st.text())).map(lambda s: s + "\n"))
)
def test_a_line_is_read_as_json_loads_reads_it(line: str) -> None:
    assert _decoded(line) == _loaded(line)


def test_a_bom_leading_spaces_and_extra_data_read_as_json_loads_reads_them() -> None:
    for line in ('\ufeff{"a": 1}', '  {"a": 1}\n', '{"a": 1} x', '{"a": 1}\u3000', "", "{", "[1] \t\r\n"):
        assert _decoded(line) == _loaded(line)


@given(st.lists(st.text(), max_size=3), st.lists(st.text(), max_size=3), st.text())
def test_key_point_tuples_are_written_as_arrays_every_time(
    found: list[str], missed: list[str], reason: str
) -> None:
    # A grade hands out tuples, which the line writer remembers: the second line must read the same.
    result = {"id": "q", "verdict": "wrong", "score": 0.0, "found": tuple(found), "missed": tuple(missed)}
    result["reason"] = reason
    for _ in range(2):
        assert _encode(result) == _ENCODER.encode(result)
        assert json.loads(_encode(result))["found"] == found


def test_a_remembered_tuple_does_not_stand_for_an_equal_one_of_other_items() -> None:
    text = {"id": "q", "verdict": "wrong", "score": 0.0, "found": ("1",), "missed": (), "reason": "r"}
    number = text | {"found": (1,), "missed": (True,)}
    assert _encode(text) == _ENCODER.encode(text)
    assert _encode(number) == _ENCODER.encode(number)


GRADES = st.builds(
    Grade,
    st.sampled_from(list(Verdict)),
    st.floats(0, 1),
    st.lists(st.text(), max_size=3).map(tuple),
    st.lists(st.text(), max_size=3).map(tuple),
    st.text(),
    st.none() | st.text(),
    reviewed=st.booleans(),
)


@given(st.text(), st.text(), GRADES)
def test_a_line_from_its_grade_is_what_the_json_encoder_writes(qid: str, other: str, grade: Grade) -> None:
    # Twice with each id: the second time the grade's fields are written as remembered.
    for head in ({"id": qid}, {"id": other}, {}, {"id": qid}):
        assert _line_text(head, grade) == _ENCODER.encode({**head, **_grade_fields(grade)})
