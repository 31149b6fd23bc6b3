"""`studybot grade` writes each result line as the standard JSON encoder would."""

from __future__ import annotations

import json
import math

from hypothesis import given
from hypothesis import strategies as st

from bot.grade_command import _ENCODER, _encode

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


def test_text_is_written_as_it_is_and_escaped_where_json_needs_it() -> None:
    line = _encode({"reason": 'say "嗨"\n\u200b', "score": 0.55, "found": ["a", "梯度"], "missed": []})
    assert line == '{"reason": "say \\"嗨\\"\\n\u200b", "score": 0.55, "found": ["a", "梯度"], "missed": []}'
