"""Plain values that describe a question bank once it has been loaded and checked."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum


class Difficulty(StrEnum):
    EASY = "easy"
    MEDIUM = "medium"
    HARD = "hard"


@dataclass(frozen=True, slots=True)
class KeyPoint:
    """One idea a full-marks reply must state.

    `point` is what users see in feedback ("found: ..." / "missed: ...");
    `phrasings` are other ways people state the same idea, in any language.
    """

    point: str
    phrasings: tuple[str, ...] = ()
    weight: float = 1.0
    # The point said in other languages, for feedback in the reply's language: (language, text).
    translations: tuple[tuple[str, str], ...] = ()

    def said_in(self, language: str) -> str:
        """The point in `language` when the bank gives it, else as written."""
        return next((text for lang, text in self.translations if lang == language), self.point)


@dataclass(frozen=True, slots=True)
class Question:
    id: str
    bank: str
    question: str
    answer: str
    explanation: str
    key_points: tuple[KeyPoint, ...] = ()
    # Phrases that state a serious misconception for this question; a reply containing one
    # cannot get full credit.
    false_claims: tuple[str, ...] = ()
    # Pairs of things the question relates (encoder vs decoder): each side lists its wordings.
    # A reply that gives one side the other's property states a misconception.
    contrasts: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = ()
    topics: tuple[str, ...] = ()
    difficulty: Difficulty = Difficulty.MEDIUM
    language: str = "zh"
    # Fields the bank's editors completed because the source was cut off.
    completed: tuple[str, ...] = ()
    line: int = 0


@dataclass(frozen=True, slots=True)
class Bank:
    name: str
    title: str
    language: str
    path: str
    questions: tuple[Question, ...]

    def __len__(self) -> int:
        return len(self.questions)

    def __iter__(self) -> Iterator[Question]:
        return iter(self.questions)


@dataclass(frozen=True, slots=True)
class Library:
    """Every loaded bank; question ids are unique across all of them."""

    banks: tuple[Bank, ...] = ()
    _by_id: dict[str, Question] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        for bank in self.banks:
            for q in bank.questions:
                self._by_id[q.id] = q

    def get(self, question_id: str) -> Question | None:
        return self._by_id.get(question_id)

    def bank(self, name: str) -> Bank | None:
        return next((b for b in self.banks if b.name == name), None)

    def questions(self, banks: Iterable[str] | None = None, topic: str | None = None) -> list[Question]:
        wanted = set(banks) if banks else None
        return [
            q
            for b in self.banks
            if wanted is None or b.name in wanted
            for q in b.questions
            if topic is None or topic in q.topics
        ]

    def __len__(self) -> int:
        return len(self._by_id)


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a bank file, printed as `file:line: field: message`."""

    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.field}: {self.message}"


class BankError(Exception):
    """Raised when bank files cannot be loaded; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
