"""Keep the current question library and swap in a new one only when it loads cleanly."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from bot.bank.loader import load_library, read_library
from bot.bank.model import Library, Problem


class BankHolder:
    """Holds the Library every part of the bot reads from.

    A reload that finds any problem changes nothing: the library already in use keeps serving,
    so a half-edited bank file never takes questions away from a running bot.
    """

    def __init__(self, paths: Iterable[str | Path], library: Library | None = None) -> None:
        """Load `paths` now (raising BankError on any problem) unless `library` is given."""
        self._paths = tuple(paths)
        self._library = library if library is not None else load_library(self._paths)

    @classmethod
    def of(cls, library: Library) -> BankHolder:
        """A holder with a fixed library and nothing to reload (for tests and tools)."""
        return cls((), library)

    @property
    def library(self) -> Library:
        return self._library

    @property
    def paths(self) -> tuple[str | Path, ...]:
        return self._paths

    def reload(self) -> list[Problem]:
        """Re-read the bank files; an empty list means the new library is now in use."""
        if not self._paths:
            return []
        library, problems = read_library(self._paths)
        if not problems:
            self._library = library  # one assignment: readers see the old or the new, never a mix
        return problems
