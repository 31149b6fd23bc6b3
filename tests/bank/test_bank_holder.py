"""BankHolder: swaps in a reloaded library only when every file loads cleanly."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.bank.holder import BankHolder
from bot.bank.model import BankError, Library


def bank(name: str, ids: list[str]) -> str:
    rows = [f"bank: {name}", "title: T", "language: en", "questions:"]
    for qid in ids:
        rows += [f"  - id: {qid}", "    question: Q?", "    answer: A.", "    explanation: E."]
    return "\n".join(rows) + "\n"


def test_holder_loads_its_paths(write) -> None:
    path = write(bank("one", ["a-1", "a-2"]))
    holder = BankHolder([path])
    assert len(holder.library) == 2 and holder.library.get("a-2") is not None


def test_holder_refuses_to_start_on_a_broken_bank(write) -> None:
    path = write("bank: one\n")
    with pytest.raises(BankError):
        BankHolder([path])


def test_reload_swaps_in_the_new_library(write) -> None:
    path = write(bank("one", ["a-1"]))
    holder = BankHolder([path])
    write(bank("one", ["a-1", "a-2", "a-3"]))
    assert holder.reload() == []
    assert len(holder.library) == 3


def test_reload_keeps_the_old_library_when_a_file_breaks(write) -> None:
    good = write(bank("one", ["a-1"]), "banks/one.yaml")
    holder = BankHolder([good.parent])
    before = holder.library
    write(bank("two", ["b-1"]).replace("answer", "anwser"), "banks/two.yaml")
    problems = holder.reload()
    assert [(Path(p.file).name, p.field) for p in problems] == [
        ("two.yaml", "b-1.answer"),  # missing: named on the question's line
        ("two.yaml", "b-1.anwser"),
    ]
    assert holder.library is before and holder.library.get("a-1") is not None
    write(bank("two", ["b-1"]), "banks/two.yaml")
    assert holder.reload() == [] and holder.library.get("b-1") is not None


def test_reload_keeps_the_old_library_when_a_file_disappears(write) -> None:
    path = write(bank("one", ["a-1"]))
    holder = BankHolder([path])
    path.unlink()
    assert [p.field for p in holder.reload()] == ["file"]
    assert holder.library.get("a-1") is not None


def test_fixed_library_holder_has_nothing_to_reload() -> None:
    library = Library()
    holder = BankHolder.of(library)
    assert holder.reload() == [] and holder.library is library
