"""Convert numbered question / answer / explanation markdown into bank YAML.

The input looks like the first bank's source:

    **1.  题目：** 什么是词嵌入？
    **答案：** 词嵌入是……
    **解析：** 词嵌入可以……

Labels may be Chinese (题目/问题, 答案, 解析) or English (Question, Answer, Explanation), bold or
not, with a full-width or half-width colon. Nothing is dropped silently: every entry that can be
read is written, and anything odd (cut-off text, missing parts, numbers out of order) comes back
as a Problem so a person can finish the job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bot.bank.model import Problem
from bot.grading.analyser import CJK_RE

PARTS = ("question", "answer", "explanation")
_LABELS = {
    "题目": "question",
    "问题": "question",
    "question": "question",
    "答案": "answer",
    "answer": "answer",
    "解析": "explanation",
    "explanation": "explanation",
}
_BOLD = r"(?:\*\*|__)?"
_LABEL_LINE = re.compile(
    rf"^\s*(?:#{{1,6}}\s*)?{_BOLD}\s*(?:(?P<num>\d+)\s*[.．、)）]\s*)?{_BOLD}\s*"
    rf"(?P<label>{'|'.join(_LABELS)})\s*(?P<after>\d+)?\s*{_BOLD}\s*[:：]\s*{_BOLD}\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
_HEADING = re.compile(r"^\s*#{1,6}\s+(?P<text>.*?)\s*#*\s*$")
_RULE = re.compile(r"^\s*([-*_])(?:\s*\1){2,}\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_TITLE_LABEL = re.compile(r"^(?:主题|topic)\s*[:：]\s*", re.IGNORECASE)
# Text that ends with one of these looks finished; anything else at the very end of a file was
# probably cut off.
_FINAL = tuple("。！？…．.!?；;）)」』\"”’'`*]】》>")
# Text that ends with one of these is cut off wherever it is.
_DANGLING = tuple("，,、：:（(「『“‘《<-—")


@dataclass
class Entry:
    """One numbered question as read from the markdown."""

    number: int
    line: int  # line of the entry's first label
    parts: dict[str, str] = field(default_factory=dict)
    part_lines: dict[str, int] = field(default_factory=dict)
    truncated: str | None = None  # the part that stops mid-sentence
    id: str = ""


@dataclass
class ParsedMarkdown:
    title: str | None
    entries: list[Entry]
    problems: list[Problem]


@dataclass
class _Reader:
    source: str
    title: str | None = None
    entries: list[Entry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    part: str | None = None  # the part that following lines continue
    lines: list[str] = field(default_factory=list)
    numbered: list[int | None] = field(default_factory=list)  # the number each entry was given
    fenced: bool = False  # inside a ``` code block, where "# ..." is code, not a heading

    def warn(self, line: int, where: str, message: str) -> None:
        self.problems.append(Problem(self.source, line, where, message))

    def close_part(self) -> None:
        if self.part is not None and self.entries:
            self.entries[-1].parts[self.part] = _join_lines(self.lines)
            if self.part == "answer":
                self._warn_stray_paragraph(self.entries[-1])
        self.part, self.lines = None, []

    def label(self, line: int, number: str | None, part: str, rest: str) -> None:
        self.close_part()
        # A repeated answer or explanation label means a question label is missing: start a new
        # entry rather than merge two answers into one.
        if part == "question" or not self.entries or part in self.entries[-1].parts:
            if part != "question":
                self.warn(line, part, "no question label before this; started an entry without a question")
            self.entries.append(Entry(number=0, line=line))
            self.numbered.append(int(number) if number else None)
        self.entries[-1].part_lines.setdefault(part, line)
        self.part, self.lines = part, [rest]

    def _warn_stray_paragraph(self, entry: Entry) -> None:
        """A paragraph after a blank line is kept in the answer (answers may have several), but it
        is often a stray note: say where, so a person can check it."""
        seen_text = blank = False
        for offset, text in enumerate(self.lines):
            if not text.strip():
                blank = seen_text
            elif blank:
                line = entry.part_lines["answer"] + offset
                self.warn(
                    line,
                    "answer",
                    "text after a blank line was added to the answer; check that it belongs there",
                )
                return
            else:
                seen_text = True

    def other(self, line: int, text: str) -> None:
        if not self.fenced and self._section_break(text):
            return
        if _FENCE.match(text):
            self.fenced = not self.fenced
        if self.part is not None:
            self.lines.append(text)
        elif text.strip():
            self.warn(line, "text", "not under a question, answer or explanation label; not imported")

    def _section_break(self, text: str) -> bool:
        """Headings and rules end the current part; the first heading names the bank."""
        heading = _HEADING.match(text)
        if not heading and not _RULE.match(text):
            return False
        self.close_part()
        if heading and self.title is None and not self.entries:
            self.title = _TITLE_LABEL.sub("", heading.group("text")).strip() or None
        return True


def _where(entry: Entry, part: str) -> str:
    return f"#{entry.number} {part}"


def _join_lines(lines: list[str]) -> str:
    """The part's text: trailing spaces dropped, runs of blank lines kept as one paragraph break."""
    text = "\n".join(line.rstrip() for line in lines).strip()
    return re.sub(r"\n{3,}", "\n\n", text)


def parse_markdown(text: str, source: str = "<markdown>") -> ParsedMarkdown:
    """Every entry found in `text`, in file order, and every problem worth a person's look."""
    reader = _Reader(source)
    for number, line in enumerate(text.replace("\r\n", "\n").split("\n"), start=1):
        match = None if reader.fenced else _LABEL_LINE.match(line)
        if match:
            part = _LABELS[match.group("label").lower()]
            given = match.group("num") or match.group("after")  # "1. 题目：" or "Question 1:"
            reader.label(number, given, part, match.group("rest"))
        else:
            reader.other(number, line)
    reader.close_part()
    _number_entries(reader)
    _check_parts(reader)
    problems = sorted(reader.problems, key=lambda p: p.line)
    return ParsedMarkdown(reader.title, reader.entries, problems)


def _number_entries(reader: _Reader) -> None:
    """Give every entry a number, warning about missing, repeated and out-of-order ones."""
    previous = 0
    seen: set[int] = set()
    for entry, given in zip(reader.entries, reader.numbered, strict=True):
        entry.number = given if given is not None else previous + 1
        if given is None:
            reader.warn(entry.line, f"#{entry.number}", f"has no number; numbered {entry.number}")
        elif given in seen:
            reader.warn(entry.line, f"#{given}", "this number was already used; the entry is kept")
        elif given < previous:
            reader.warn(entry.line, f"#{given}", f"out of order: comes after #{previous}")
        seen.add(entry.number)
        previous = max(previous, entry.number)
    for low, high in _gaps(seen):
        after = next(e for e in reader.entries if e.number > high)
        name = f"#{low}" if low == high else f"#{low}-#{high}"
        reader.warn(after.line, name, "no entry has this number; check that nothing was lost")


def _gaps(numbers: set[int]) -> list[tuple[int, int]]:
    """Runs of numbers from 1 up to the largest that are not in `numbers`."""
    gaps: list[tuple[int, int]] = []
    low = 1
    for number in sorted(numbers):
        if number > low:
            gaps.append((low, number - 1))
        low = max(low, number + 1)
    return gaps


def _check_parts(reader: _Reader) -> None:
    for entry in reader.entries:
        for part in PARTS:
            if not entry.parts.get(part):
                reader.warn(entry.line, _where(entry, part), "missing or empty; write it before loading")
        for part, text in entry.parts.items():
            if text.endswith(_DANGLING):
                entry.truncated = part
        if entry.truncated:
            line = entry.part_lines[entry.truncated]
            reader.warn(line, _where(entry, entry.truncated), "stops mid-sentence; complete it")
    last = reader.entries[-1] if reader.entries else None
    if last is not None and last.truncated is None and last.parts:
        part = max(last.parts, key=lambda p: last.part_lines[p])
        if not last.parts[part].endswith(_FINAL):
            last.truncated = part
            msg = "the file ends mid-sentence here; complete it"
            reader.warn(last.part_lines[part], _where(last, part), msg)


# ---- writing -------------------------------------------------------------------------------------


def assign_ids(entries: list[Entry], prefix: str) -> None:
    """Ids are `<prefix>-NN`; a repeated number gets `-2`, `-3`, ... so nothing is lost."""
    width = max(2, *(len(str(e.number)) for e in entries)) if entries else 2
    used: dict[str, int] = {}
    for entry in entries:
        base = f"{prefix}-{entry.number:0{width}d}"
        used[base] = used.get(base, 0) + 1
        entry.id = base if used[base] == 1 else f"{base}-{used[base]}"


class _Dumper(yaml.SafeDumper):
    pass


def represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    """A string as the bank files write it: block text when it spans lines, double-quoted when it
    holds a Unicode line separator, plain otherwise."""
    # YAML reads those separators as line breaks inside block text; double quotes keep them as written.
    style: str | None = "|" if "\n" in text else None
    if any(ch in text for ch in "\x85\u2028\u2029"):
        style = '"'
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_Dumper.add_representer(str, represent_text)


def _dump(value: object) -> str:
    return yaml.dump(
        value, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False, width=10**6
    )


def _entry_yaml(entry: Entry) -> str:
    comments = []
    if entry.truncated:
        comments.append(
            f"# The source stops mid-sentence in this {entry.truncated}: complete it,"
            f" then add `completed: [{entry.truncated}]`."
        )
    missing = [p for p in PARTS if not entry.parts.get(p)]
    if missing:
        comments.append(f"# Missing in the source: {', '.join(missing)}. Write it before loading this bank.")
    body = {"id": entry.id, **{p: entry.parts.get(p, "") for p in PARTS}}
    item = _dump([body])
    lines = [*comments, *item.rstrip("\n").split("\n")]
    return "".join(f"  {line}\n" if line else "\n" for line in lines)


def bank_yaml(
    parsed: ParsedMarkdown, bank: str, title: str, language: str, source: str, schema: str | None = None
) -> str:
    """The bank file text; `parsed.entries` must already have ids."""
    head = f"# yaml-language-server: $schema={schema}\n" if schema else ""
    head += _dump({"bank": bank, "title": title, "language": language, "source": source})
    return head + "questions:\n" + "\n".join(_entry_yaml(e) for e in parsed.entries)


def guess_language(text: str) -> str:
    cjk = len(CJK_RE.findall(text))
    latin = len(re.findall(r"[A-Za-z]", text))
    return "zh" if cjk * 4 > latin else "en"


MAX_DERIVED_NAME = 40  # question ids are the name plus "-NN" and may have 64 characters


def bank_name_for(path: str | Path) -> str:
    """A bank name from a file name: `llm-training.zh.yaml` -> `llm-training`, `第一章.md` ->
    `di-yi-zhang-md` (Chinese characters by their pinyin, so differently named Chinese files
    never all become one bank called `bank`)."""
    name = Path(path).name.lower()
    for suffix in (".yaml", ".yml", ".zh", ".en"):
        name = name.removesuffix(suffix)
    name = "-".join(_spelled(name))
    name = re.sub(r"[^a-z0-9]+", "-", name).strip("-")
    return name[:MAX_DERIVED_NAME].rstrip("-") or "bank"


def _spelled(text: str) -> list[str]:
    """Chinese characters as toneless pinyin syllables; the rest as it is."""
    try:
        from pypinyin import lazy_pinyin
    except ImportError:  # a dependency, but kept optional as in bot.grading.pinyin: ASCII only then
        return [text]
    return [part.replace("ü", "v") for part in lazy_pinyin(text)]
