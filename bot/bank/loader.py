"""Load bank YAML files into checked values, reporting every problem with its file and line.

The format is described in questions/README.md and questions/schema.json.
"""

from __future__ import annotations

import codecs
import difflib
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from bot.bank.model import Bank, BankError, Difficulty, KeyPoint, Library, Problem, Question
from bot.bank.yamlnodes import Refused, compose, line_of, reader_error_line

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_PROBLEMS_LISTED = 100  # per file: a broken file should not print a million lines
BANK_SUFFIXES = (".yaml", ".yml")
LANGUAGES = ("zh", "en")

BANK_NAME = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")  # same text as in schema.json
QUESTION_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")

BANK_KEYS = ("bank", "title", "language", "source", "questions")
BANK_REQUIRED = ("bank", "title", "language", "questions")
QUESTION_KEYS = (
    "id",
    "question",
    "answer",
    "explanation",
    "topics",
    "difficulty",
    "key_points",
    "false_claims",
    "contrasts",
    "completed",
)
QUESTION_REQUIRED = ("id", "question", "answer", "explanation")
KEY_POINT_KEYS = ("point", "phrasings", "weight", "translations")
COMPLETABLE = ("question", "answer", "explanation")

_NULL_TAG = "tag:yaml.org,2002:null"
_NUMBER_TAGS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")
_CONSTRUCTOR = yaml.constructor.SafeConstructor()

_T = TypeVar("_T")


@dataclass
class _Check:
    """Problems found in one file so far."""

    file: str
    problems: list[Problem] = field(default_factory=list)
    count: int = 0  # every problem found, listed or not
    # Repeated mapping keys found by the loader: id(repeat key node) -> (repeat, first).
    duplicates: dict[int, tuple[ScalarNode, ScalarNode]] = field(default_factory=dict)

    def add(self, line: int, where: str, message: str) -> None:
        self.count += 1
        if self.count <= MAX_PROBLEMS_LISTED:
            self.problems.append(Problem(self.file, line, where, message))

    def listed(self) -> list[Problem]:
        """The problems in line order, with a note when there were too many to list."""
        problems = sorted(self.problems, key=lambda p: p.line)
        if self.count > len(problems):
            more = self.count - len(problems)
            problems.append(Problem(self.file, problems[-1].line, "file", f"{more} more problems not listed"))
        return problems

    def at(self, node: Node, where: str, message: str) -> None:
        self.add(line_of(node), where, message)


# ---- reading and parsing -------------------------------------------------------------------------


def _read_text(path: Path, check: _Check) -> str | None:
    try:
        with path.open("rb") as f:
            data = f.read(MAX_FILE_BYTES + 1)
    except OSError as e:
        check.add(1, "file", f"cannot read the file: {e.strerror or e}")
        return None
    return _decode(data, check, MAX_FILE_BYTES)


def _decode(data: bytes, check: _Check, max_bytes: int) -> str | None:
    """The bank text of raw file bytes, or None after reporting why there is none."""
    if len(data) > max_bytes:
        check.add(1, "file", f"larger than {max_bytes / (1024 * 1024):g} MB; split it into several banks")
        return None
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        check.add(line, "file", "not valid UTF-8 (first bad byte on this line); save the file as UTF-8")
        return None
    if not text.strip():
        check.add(1, "file", "the file is empty; a bank needs bank, title, language and questions")
        return None
    return text


def _tab_lines(text: str) -> list[int]:
    """Lines whose indentation contains a tab (YAML indents with spaces only)."""
    lines = []
    for number, line in enumerate(text.split("\n"), start=1):  # count lines as editors do
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent and line.strip():
            lines.append(number)
    return lines


def _parse(text: str, check: _Check) -> Node | None:
    try:
        root, duplicates = compose(text)
    except yaml.MarkedYAMLError as e:
        _report_syntax(text, e, check)
        return None
    except yaml.YAMLError as e:  # a bad character: the error has a position, not a mark
        check.add(reader_error_line(text, e), "yaml", f"{e}".splitlines()[0])
        return None
    check.duplicates = {id(repeat): (repeat, first) for repeat, first in duplicates}
    if root is None:
        check.add(1, "file", "the file has no content; a bank needs bank, title, language and questions")
    return root


def _report_syntax(text: str, error: yaml.MarkedYAMLError, check: _Check) -> None:
    tabs = _tab_lines(text)
    for line in tabs:
        check.add(line, "yaml", "tab used for indentation; indent with spaces")
    mark = error.problem_mark or error.context_mark
    # An unclosed quote is only noticed at the end of the file; where it opened is what to fix.
    if error.context_mark is not None and "quoted scalar" in (error.context or ""):
        mark = error.context_mark
    line = min(mark.line + 1 if mark else 1, text.count("\n") + 1)
    if line in tabs:
        return
    if isinstance(error, Refused):
        check.add(line, "yaml", error.problem or "not allowed in a bank file")
        return
    what = error.problem or "invalid YAML"
    if error.context:
        what = f"{what} ({error.context})"
    check.add(line, "yaml", f"{what}; check the quoting and indentation here")


def _report_duplicates(check: _Check) -> None:
    """Report repeated keys that the structure walk did not reach (inside wrongly typed values)."""
    for repeat, first in check.duplicates.values():
        check.at(repeat, repeat.value, _duplicate_key(first))
    check.duplicates.clear()


def _duplicate_key(first: Node) -> str:
    return f"duplicate key (first given on line {line_of(first)}); keep one"


# ---- node helpers --------------------------------------------------------------------------------


def _kind(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    return "nothing" if node.tag == _NULL_TAG else "text"


def _text(node: Node, where: str, check: _Check) -> str | None:
    """The stripped text of a scalar, or None after reporting why it is not usable text."""
    if not isinstance(node, ScalarNode):
        check.at(node, where, f"must be text, not {_kind(node)}")
        return None
    value = "" if node.tag == _NULL_TAG else node.value.strip()
    if not value:
        check.at(node, where, "must not be empty")
        return None
    return value


def _items(
    node: Node,
    where: str,
    check: _Check,
    expected: str,
    when_empty: str,
    read: Callable[[Node, int], _T | None],
) -> tuple[_T, ...] | None:
    """A non-empty list read item by item with `read(item, index)`; None if any item is unusable.

    Every item is read even after a bad one, so one pass reports every problem in the list.
    """
    if not isinstance(node, SequenceNode):
        check.at(node, where, f"must be {expected}, not {_kind(node)}")
        return None
    if not node.value:
        check.at(node, where, when_empty)
        return None
    items = [read(item, i) for i, item in enumerate(node.value)]
    if any(item is None for item in items):
        return None
    return tuple(item for item in items if item is not None)


def _text_list(node: Node, where: str, check: _Check) -> tuple[str, ...] | None:
    return _items(
        node,
        where,
        check,
        "a list of text",
        "must not be an empty list; leave the key out instead",
        lambda item, i: _text(item, f"{where}[{i}]", check),
    )


def _fields(
    node: Node, where: str, allowed: tuple[str, ...], required: tuple[str, ...], check: _Check
) -> dict[str, Node] | None:
    """The mapping's values by key; reports unknown and missing keys."""
    if not isinstance(node, MappingNode):
        what = f"must be a mapping with {', '.join(required)}; found {_kind(node)}"
        check.at(node, where or "file", what)
        return None
    found: dict[str, Node] = {}
    for key, value in node.value:
        name = key.value if isinstance(key, ScalarNode) else None
        if name is None:
            check.at(key, where or "file", "keys must be plain words")
        elif id(key) in check.duplicates:
            check.at(key, _join(where, name), _duplicate_key(check.duplicates.pop(id(key))[1]))
        elif name not in allowed:
            check.at(key, _join(where, name), _unknown_key(name, allowed))
        else:
            found[name] = value
    for name in required:
        if name not in found:
            check.at(node, _join(where, name), "missing; this key is required")
    return found


def _unknown_key(name: str, allowed: tuple[str, ...]) -> str:
    close = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
    hint = f"did you mean '{close[0]}'?" if close else f"allowed keys: {', '.join(allowed)}"
    return f"unknown key; {hint}"


def _join(where: str, name: str) -> str:
    return f"{where}.{name}" if where else name


def _choice(node: Node, where: str, choices: tuple[str, ...], check: _Check) -> str | None:
    value = _text(node, where, check)
    if value is not None and value not in choices:
        check.at(node, where, f"'{value}' is not one of: {', '.join(choices)}")
        return None
    return value


def _pattern(node: Node, where: str, pattern: re.Pattern[str], rule: str, check: _Check) -> str | None:
    value = _text(node, where, check)
    if value is not None and not pattern.fullmatch(value):
        check.at(node, where, f"'{value}' is not valid: {rule}")
        return None
    return value


def _weight(node: Node, where: str, check: _Check) -> float | None:
    number = None
    if isinstance(node, ScalarNode) and node.tag in _NUMBER_TAGS:
        try:
            number = float(_CONSTRUCTOR.construct_object(node))
        except (ValueError, OverflowError, yaml.YAMLError):
            number = None
    if number is None or not math.isfinite(number) or number <= 0:
        check.at(node, where, "must be a positive number, like 1 or 0.5")
        return None
    return number


# ---- the bank structure --------------------------------------------------------------------------


def _key_point(node: Node, where: str, check: _Check) -> KeyPoint | None:
    before = check.count
    values = _fields(node, where, KEY_POINT_KEYS, ("point",), check)
    if values is None:
        return None
    point = _text(values["point"], f"{where}.point", check) if "point" in values else None
    phrasings: tuple[str, ...] | None = ()
    if "phrasings" in values:
        phrasings = _text_list(values["phrasings"], f"{where}.phrasings", check)
    weight: float | None = 1.0
    if "weight" in values:
        weight = _weight(values["weight"], f"{where}.weight", check)
    translations: tuple[tuple[str, str], ...] | None = ()
    if "translations" in values:
        translations = _translations(values["translations"], f"{where}.translations", check)
    if check.count > before or point is None or phrasings is None or weight is None or translations is None:
        return None
    return KeyPoint(point=point, phrasings=phrasings, weight=weight, translations=translations)


def _translations(node: Node, where: str, check: _Check) -> tuple[tuple[str, str], ...] | None:
    """{en: "...", zh: "..."}: the point said in each language."""
    values = _fields(node, where, LANGUAGES, (), check)
    if values is None:
        return None
    if not values:
        check.at(node, where, "must not be empty; leave the key out instead")
        return None
    said = {lang: _text(value, f"{where}.{lang}", check) for lang, value in values.items()}
    if any(text is None for text in said.values()):
        return None
    return tuple((lang, text) for lang, text in said.items() if text is not None)


Contrast = tuple[tuple[str, ...], tuple[str, ...]]


def _contrast_side(node: Node, where: str, check: _Check) -> tuple[str, ...] | None:
    """One side of a contrast: a wording, or a list of wordings of the same thing."""
    if isinstance(node, SequenceNode):
        return _text_list(node, where, check)
    text = _text(node, where, check)
    return (text,) if text is not None else None


def _contrast(node: Node, where: str, check: _Check) -> Contrast | None:
    if not isinstance(node, SequenceNode) or len(node.value) != 2:
        what = _kind(node) if not isinstance(node, SequenceNode) else f"a list of {len(node.value)}"
        check.at(node, where, f"must be a pair like [encoder, decoder], not {what}")
        return None
    first = _contrast_side(node.value[0], f"{where}[0]", check)
    second = _contrast_side(node.value[1], f"{where}[1]", check)
    if first is None or second is None:
        return None
    if {w.casefold() for w in first} & {w.casefold() for w in second}:
        check.at(node, where, "the two sides must differ")
        return None
    return first, second


def _contrasts(node: Node, where: str, check: _Check) -> tuple[Contrast, ...] | None:
    return _items(
        node,
        where,
        check,
        "a list of pairs",
        "must not be an empty list; leave the key out instead",
        lambda item, i: _contrast(item, f"{where}[{i}]", check),
    )


def _key_points(node: Node, where: str, check: _Check) -> tuple[KeyPoint, ...] | None:
    return _items(
        node,
        where,
        check,
        "a list of points",
        "must not be empty; list at least one point or leave the key out",
        lambda item, i: _key_point(item, f"{where}[{i}]", check),
    )


def _id_node(node: Node) -> ScalarNode | None:
    if isinstance(node, MappingNode):
        for key, value in node.value:
            if isinstance(key, ScalarNode) and key.value == "id" and isinstance(value, ScalarNode):
                return value
    return None


def _question_where(node: Node, index: int) -> str:
    """Name a question by its id when it has a usable one, else by its position."""
    id_node = _id_node(node)
    if id_node is not None and QUESTION_ID.fullmatch(id_node.value.strip()):
        return id_node.value.strip()
    return f"questions[{index}]"


def _question(node: Node, index: int, bank: str, language: str, check: _Check) -> Question | None:
    where = _question_where(node, index)
    before = check.count
    values = _fields(node, where, QUESTION_KEYS, QUESTION_REQUIRED, check)
    if values is None:
        return None
    rule = "use letters, digits, dashes and underscores (at most 64)"
    qid = _pattern(values["id"], f"{where}.id", QUESTION_ID, rule, check) if "id" in values else None
    texts = {
        name: _text(values[name], f"{where}.{name}", check)
        for name in ("question", "answer", "explanation")
        if name in values
    }
    optional_lists = {
        name: _text_list(values[name], f"{where}.{name}", check)
        for name in ("topics", "false_claims", "completed")
        if name in values
    }
    for i, name in enumerate(optional_lists.get("completed") or ()):
        if name not in COMPLETABLE:
            check.at(values["completed"].value[i], f"{where}.completed[{i}]", _unknown_key(name, COMPLETABLE))
    difficulty: str | None = Difficulty.MEDIUM
    if "difficulty" in values:
        difficulty = _choice(values["difficulty"], f"{where}.difficulty", tuple(Difficulty), check)
    key_points: tuple[KeyPoint, ...] | None = ()
    if "key_points" in values:
        key_points = _key_points(values["key_points"], f"{where}.key_points", check)
    contrasts: tuple[Contrast, ...] | None = ()
    if "contrasts" in values:
        contrasts = _contrasts(values["contrasts"], f"{where}.contrasts", check)
    if check.count > before or qid is None or key_points is None or difficulty is None or contrasts is None:
        return None
    return Question(
        id=qid,
        bank=bank,
        question=texts.get("question") or "",
        answer=texts.get("answer") or "",
        explanation=texts.get("explanation") or "",
        key_points=key_points,
        false_claims=optional_lists.get("false_claims") or (),
        contrasts=contrasts,
        topics=optional_lists.get("topics") or (),
        difficulty=Difficulty(difficulty),
        language=language,
        completed=optional_lists.get("completed") or (),
        line=line_of(node),
    )


def _bank(root: Node, path: str, check: _Check) -> Bank | None:
    values = _fields(root, "", BANK_KEYS, BANK_REQUIRED, check)
    if values is None:
        return None
    rule = "use lowercase letters, digits and single dashes, like llm-training"
    name = _pattern(values["bank"], "bank", BANK_NAME, rule, check) if "bank" in values else None
    title = _text(values["title"], "title", check) if "title" in values else None
    language = _choice(values["language"], "language", LANGUAGES, check) if "language" in values else None
    if "source" in values and not (
        isinstance(values["source"], ScalarNode) and values["source"].tag == _NULL_TAG
    ):
        _text(values["source"], "source", check)
    questions = _questions(values.get("questions"), name or "", language or "zh", check)
    if check.count or name is None or title is None or language is None or questions is None:
        return None
    return Bank(name=name, title=title, language=language, path=path, questions=questions)


def _questions(node: Node | None, bank: str, language: str, check: _Check) -> tuple[Question, ...] | None:
    if node is None:
        return None
    questions = _items(
        node,
        "questions",
        check,
        "a list of questions",
        "must list at least one question",
        lambda item, i: _question(item, i, bank, language, check),
    )
    if isinstance(node, SequenceNode):
        _check_unique_ids(node, check)
    return questions


def _check_unique_ids(questions: SequenceNode, check: _Check) -> None:
    first: dict[str, int] = {}
    for item in questions.value:
        id_node = _id_node(item)
        if id_node is None:
            continue
        qid = id_node.value.strip()
        if not qid:
            continue  # already reported as empty
        if qid in first:
            check.at(id_node, f"{qid}.id", f"duplicate id; also used on line {first[qid]}")
        else:
            first[qid] = line_of(id_node)


# ---- public API ----------------------------------------------------------------------------------


def read_bank(path: str | Path) -> tuple[Bank | None, list[Problem]]:
    """The bank in one file, or None and every problem found in it."""
    check = _Check(str(path))
    return _checked(_read_text(Path(path), check), str(path), check)


def read_bank_bytes(
    data: bytes, label: str, max_bytes: int = MAX_FILE_BYTES
) -> tuple[Bank | None, list[Problem]]:
    """The bank in raw file bytes (an upload), checked exactly like a file; `label` names it."""
    check = _Check(label)
    return _checked(_decode(data, check, max_bytes), label, check)


def _checked(text: str | None, label: str, check: _Check) -> tuple[Bank | None, list[Problem]]:
    root = _parse(text, check) if text is not None else None
    if root is None:
        return None, check.listed()
    bank = _bank(root, label, check)
    _report_duplicates(check)
    problems = check.listed()
    return (bank if not problems else None), problems


def load_bank(path: str | Path) -> Bank:
    """Load one bank file; raises BankError listing every problem."""
    bank, problems = read_bank(path)
    if problems or bank is None:
        raise BankError(problems)
    return bank


def bank_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[Problem]]:
    """The bank files named by `paths` (files, or directories holding *.yaml / *.yml)."""
    files: list[Path] = []
    problems: list[Problem] = []
    seen: set[Path] = set()
    for given in paths:
        path = Path(given)
        if path.is_dir():
            try:
                found = sorted(p for p in path.iterdir() if p.suffix in BANK_SUFFIXES and p.is_file())
            except OSError as e:
                problems.append(Problem(str(path), 1, "file", f"cannot list the folder: {e.strerror or e}"))
                continue
            if not found:
                problems.append(Problem(str(path), 1, "file", "no *.yaml or *.yml bank files in this folder"))
        elif path.exists():
            found = [path]
        else:
            problems.append(Problem(str(path), 1, "file", "no such file or folder"))
            found = []
        for file in found:
            if file.resolve() not in seen:
                seen.add(file.resolve())
                files.append(file)
    return files, problems


def read_library(paths: Iterable[str | Path]) -> tuple[Library, list[Problem]]:
    """Every bank that loaded cleanly, and every problem found across all files."""
    files, problems = bank_files(paths)
    banks: list[Bank] = []
    for file in files:
        bank, found = read_bank(file)
        problems.extend(found)
        if bank is not None:
            banks.append(bank)
    problems.extend(_clashes(banks))
    return Library(banks=tuple(banks)), problems


def _clashes(banks: list[Bank]) -> list[Problem]:
    """Bank names and question ids used in more than one file."""
    problems: list[Problem] = []
    names: dict[str, str] = {}
    ids: dict[str, str] = {}
    for bank in banks:
        other = names.setdefault(bank.name, bank.path)
        if other != bank.path:
            problems.append(Problem(bank.path, 1, "bank", f"bank name '{bank.name}' is also used by {other}"))
        for q in bank.questions:
            place = f"{bank.path}:{q.line}"
            first = ids.setdefault(q.id, place)
            if first != place:
                message = f"duplicate id; also used at {first}"
                problems.append(Problem(bank.path, q.line, f"{q.id}.id", message))
    return problems


def load_library(paths: Iterable[str | Path]) -> Library:
    """Load every bank; raises BankError listing every problem in every file."""
    library, problems = read_library(paths)
    if problems:
        raise BankError(problems)
    return library


def check_paths(paths: Iterable[str | Path]) -> list[Problem]:
    """Every problem in the banks under `paths`; empty when all is well. Never raises for bad content."""
    return read_library(paths)[1]
