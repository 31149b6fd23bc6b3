"""One short readable sentence that explains a grade, naming the key points concerned."""

from __future__ import annotations

from bot.grading.tuning import REASON_MAX_POINTS
from bot.grading.verdict import Verdict


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


def swap_reason(first: str, second: str) -> str:
    return f"It swaps “{first}” and “{second}”: what it says of one is true of the other."


def order_reason() -> str:
    return "The steps are in the wrong order."
