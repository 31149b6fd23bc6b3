"""A key point stated with its direction turned round."""

from __future__ import annotations

from bot.bank.model import KeyPoint
from bot.grading.keypoints import match_form
from bot.grading.reversal import point_directions, reversed_in

CLIP = KeyPoint("rescale the gradients when their norm exceeds a threshold", ("exceeds a threshold",))
GENERALIZE = KeyPoint("目的：防止过拟合、提高泛化能力", ("过拟合", "泛化"))


def _turned(point: KeyPoint, reply: str, where: str) -> tuple[str, str] | None:
    form = match_form(reply)
    return reversed_in(point_directions(point), form, [form.find(match_form(where).strip())])


def test_the_opposite_side_said_of_the_same_thing_is_a_reversal() -> None:
    reply = "when the norm falls below the threshold the gradients are scaled up"
    assert _turned(CLIP, reply, "threshold") == ("below", "exceed")


def test_the_right_side_anywhere_in_the_clause_is_no_reversal() -> None:
    reply = "gradients below the threshold are left alone and the ones that exceed it are scaled"
    assert _turned(CLIP, reply, "threshold") is None


def test_an_opposite_said_of_something_else_is_no_reversal() -> None:
    # 减少 is said of 过拟合, while the key point's 提高 is said of 泛化.
    assert _turned(GENERALIZE, "加惩罚项，减少过拟合", "过拟合") is None
    assert _turned(GENERALIZE, "会降低泛化能力", "泛化") == ("降低", "提高")
