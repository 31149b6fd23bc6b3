"""`studybot bank suggest-keypoints`: write proposed key points (and contrasts) into bank files.

The proposals come from bot/grading/suggest.py; this module reads the files, inserts the proposals
as YAML text into each question that has none, and writes the result. The file's own text is kept
line for line (comments, quoting, block texts), so what the importer wrote stays as it was.
"""

from __future__ import annotations

import os
import re
import stat
import tempfile
from pathlib import Path
from typing import Any, TextIO

import yaml

from bot.bank.importer import represent_text
from bot.bank.loader import bank_files, read_bank
from bot.bank.model import Bank, KeyPoint
from bot.grading.suggest import suggest_contrasts, suggest_key_points

# Fields the documented format puts after key_points: the proposals go before the first of them.
_AFTER_KEY_POINTS = ("false_claims", "contrasts", "completed")


def suggest_keypoints(
    paths: list[str],
    stdout: TextIO,
    stderr: TextIO,
    output: str | None = None,
    in_place: bool = False,
    force: bool = False,
) -> int:
    """Write each bank under `paths` with proposals added: to `output` (an existing file other
    than the bank only with `force`), back into each file (`in_place`), or to `stdout`. Problems
    go to `stderr`, and nothing is written then."""
    if output and in_place:
        return _fail(stderr, "give either -o OUTPUT or --in-place, not both")
    files, problems = bank_files(paths)
    if output and len(files) > 1:
        return _fail(stderr, "-o takes one bank file; use --in-place to annotate several")
    target = Path(output) if output else None
    if target is not None and target.exists() and not force and not any(_same(target, f) for f in files):
        return _fail(stderr, f"{output} already exists; choose another file or add --force")
    if not in_place and not output:
        emptied = [f for f in files if _is_same_file(f, stdout)]
        if emptied:
            return _fail(
                stderr,
                f"{emptied[0]}: the output was redirected into the bank being read, which the shell"
                " empties first; restore it and use --in-place or -o OUTPUT",
            )
    banks: list[tuple[Path, Bank]] = []
    for file in files:
        bank, found = read_bank(file)
        problems.extend(found)
        if bank is not None:
            banks.append((file, bank))
    if problems or not banks:
        for problem in problems:
            print(problem, file=stderr)
        return _fail(stderr, "fix these problems (studybot bank check) before asking for key points")
    for n, (file, bank) in enumerate(banks):
        raw = file.read_bytes()
        text = bank_with_suggestions(raw.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n"), bank)
        newline = "\r\n" if b"\r\n" in raw else "\n"  # a Windows file stays one
        if in_place:
            _replace(file, text, newline)
            print(f"annotated {file}", file=stderr)
        elif output:
            _replace(Path(output), text, newline)
            print(f"wrote {output}", file=stderr)
        else:
            stdout.write(("---\n" if n else "") + text)
    return 0


def bank_with_suggestions(text: str, bank: Bank) -> str:
    """The bank file `text` (already checked; `bank` is what it loads as) with key points proposed
    where a question has none, and contrasts where the question names a pair and has none."""
    points = suggest_key_points(bank)
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    starts = sorted(q.line for q in bank.questions)
    added = 0
    # From the last question up, so earlier line numbers stay valid.
    for question in sorted(bank.questions, key=lambda q: -q.line):
        ends = [s for s in starts if s > question.line]
        block = (question.line - 1, (ends[0] - 1) if ends else len(lines))
        fields: dict[str, Any] = {}
        if not question.key_points and points.get(question.id):
            fields["key_points"] = [_key_point_data(kp) for kp in points[question.id]]
        contrasts = suggest_contrasts(question) if not question.contrasts else []
        if contrasts:
            fields["contrasts"] = [list(pair) for pair in contrasts]
        if fields:
            _insert(lines, block, fields)
            added += 1
    head = _leading_comment_count(lines)
    note = f"# {added} question(s) got suggestions: check and edit them, then run the bank check.\n"
    lines.insert(head, note)
    return "".join(lines)


def _insert(lines: list[str], block: tuple[int, int], fields: dict[str, Any]) -> None:
    start, end = block
    indent = _field_indent(lines[start])
    at = _last_content_line(lines, start, end) + 1
    for i in range(start + 1, at):
        if re.match(rf" {{{indent}}}(?:{'|'.join(_AFTER_KEY_POINTS)}):", lines[i]):
            at = i
            break
    text = _dump(fields)
    lines[at:at] = [" " * indent + line + "\n" for line in text.rstrip("\n").split("\n")]


def _field_indent(first_line: str) -> int:
    """Column of the question's keys: "  - id: x" -> 4."""
    match = re.match(r"(\s*-\s+)", first_line)
    return len(match.group(1)) if match else len(first_line) - len(first_line.lstrip())


def _last_content_line(lines: list[str], start: int, end: int) -> int:
    """The question's last line that is neither blank nor a comment (comments before the next
    question belong to it)."""
    last = start
    for i in range(start, min(end, len(lines))):
        stripped = lines[i].strip()
        if stripped and not stripped.startswith("#"):
            last = i
    return last


def _leading_comment_count(lines: list[str]) -> int:
    count = 0
    for line in lines:
        if not line.startswith("#"):
            break
        count += 1
    return count


def _key_point_data(kp: KeyPoint) -> dict[str, Any]:
    data: dict[str, Any] = {"point": kp.point}
    if kp.phrasings:
        data["phrasings"] = list(kp.phrasings)
    return data


def _same(one: Path, other: Path) -> bool:
    try:
        return one.samefile(other)
    except OSError:
        return False


def _is_same_file(path: Path, stream: TextIO) -> bool:
    try:
        out, src = os.fstat(stream.fileno()), os.stat(path)
    except (OSError, ValueError, AttributeError):
        return False  # not a real file (a pipe, a StringIO): it cannot be the bank
    return (out.st_dev, out.st_ino) == (src.st_dev, src.st_ino)


def _replace(path: Path, text: str, newline: str = "\n") -> None:
    """Write through a temporary file in the same folder, so a failure leaves the old file whole.
    The file keeps its permissions (mkstemp makes the temporary one private, which would hide a
    bank from a bot running as another user); a new file gets the usual ones."""
    fd, tmp = tempfile.mkstemp(dir=path.parent or Path("."), prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline=newline) as fh:
            fh.write(text)
        os.chmod(tmp, _mode_for(path))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _mode_for(path: Path) -> int:
    """The permission bits `path` has, or those a new file gets under the current umask."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _fail(stderr: TextIO, message: str) -> int:
    print(f"studybot bank suggest-keypoints: {message}", file=stderr)
    return 1


class _Dumper(yaml.SafeDumper):
    pass


def _represent_list(dumper: yaml.SafeDumper, items: list[Any]) -> yaml.SequenceNode:
    # Short lists of texts (phrasings, contrast sides) on one line, as the bank files write them.
    flow = all(isinstance(i, str | list) and "\n" not in str(i) for i in items)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", items, flow_style=flow)


_Dumper.add_representer(str, represent_text)
_Dumper.add_representer(list, _represent_list)


def _dump(data: object) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10**6)


__all__ = ["bank_with_suggestions", "suggest_keypoints"]
