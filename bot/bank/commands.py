"""The bank commands behind `studybot`: check bank files, import markdown into a bank file."""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from bot.bank.importer import assign_ids, bank_name_for, bank_yaml, guess_language, parse_markdown
from bot.bank.loader import BANK_NAME, MAX_FILE_BYTES, QUESTION_ID, read_bank, read_library
from bot.i18n import ENGLISH


def check(paths: list[str], out: TextIO) -> int:
    """Print every problem in the banks under `paths` (or a one-line summary); 1 if any problem."""
    library, problems = read_library(paths)
    for problem in problems:
        print(problem, file=out)
    if problems:
        print(f"{len(problems)} problem(s); fix them and run the check again", file=out)
        return 1
    banks = ENGLISH.ngettext("{n} bank", "{n} banks", len(library.banks))
    questions = ENGLISH.ngettext("{n} question", "{n} questions", len(library))
    print(ENGLISH.gettext("ok: {banks}, {questions}", banks=banks, questions=questions), file=out)
    return 0


def import_markdown(
    src: str,
    out_path: str,
    out: TextIO,
    bank: str | None = None,
    id_prefix: str | None = None,
    language: str | None = None,
    overwrite: bool = False,
) -> int:
    """Write the entries of the markdown file `src` as the bank file `out_path`.

    Every entry that could be read is written, even when some need a person's attention; the
    warnings say which. Returns 0 when the written file loads as a bank, else 1.
    """
    text = _read_markdown(src, out)
    if text is None:
        return 1
    bank = bank or bank_name_for(out_path)
    prefix = id_prefix or bank
    if not _names_ok(bank, prefix if id_prefix or BANK_NAME.fullmatch(bank) else None, language, out):
        return 1
    if Path(out_path).exists() and not overwrite:
        message = ENGLISH.gettext("{path} already exists; choose another file or add --force", path=out_path)
        print(message, file=out)
        return 1
    parsed = parse_markdown(text, src)
    if not parsed.entries:
        print(f"{src}: no questions found; expected lines like '**1. 题目：** ...'", file=out)
        return 1
    assign_ids(parsed.entries, prefix)
    schema = "schema.json" if (Path(out_path).parent / "schema.json").is_file() else None
    yaml_text = bank_yaml(
        parsed,
        bank=bank,
        title=parsed.title or bank,
        language=language or guess_language(text),
        source=f"imported from {Path(src).name}",
        schema=schema,
    )
    try:
        Path(out_path).parent.mkdir(parents=True, exist_ok=True)  # as `backup` does
        Path(out_path).write_text(yaml_text, encoding="utf-8")
    except OSError as e:
        print(ENGLISH.gettext("{path}: cannot write: {why}", path=out_path, why=e.strerror or e), file=out)
        return 1
    for problem in parsed.problems:
        print(f"warning: {problem}", file=out)
    written = ENGLISH.ngettext("{n} question", "{n} questions", len(parsed.entries))
    print(f"wrote {written} to {out_path}", file=out)
    return _report_load(out_path, out)


def _read_markdown(src: str, out: TextIO) -> str | None:
    try:
        data = Path(src).read_bytes()
    except OSError as e:
        print(f"{src}: cannot read: {e.strerror or e}", file=out)
        return None
    if len(data) > MAX_FILE_BYTES:
        print(f"{src}: larger than {MAX_FILE_BYTES // (1024 * 1024)} MB; split it first", file=out)
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        print(f"{src}:{line}: not valid UTF-8; save the file as UTF-8", file=out)
        return None


def _names_ok(bank: str, prefix: str | None, language: str | None, out: TextIO) -> bool:
    """Say what is wrong with each name given; `prefix` None: it is the bad bank name, said once."""
    ok = True
    if not BANK_NAME.fullmatch(bank):
        print(f"bank name '{bank}': use lowercase letters, digits and dashes", file=out)
        ok = False
    if prefix is not None and not QUESTION_ID.fullmatch(f"{prefix}-00"):
        print(f"id prefix '{prefix}': use letters, digits, dashes and underscores", file=out)
        ok = False
    if language not in (None, "zh", "en"):
        print(f"language '{language}': use zh or en", file=out)
        ok = False
    return ok


def _report_load(out_path: str, out: TextIO) -> int:
    _, problems = read_bank(out_path)
    if not problems:
        print("the file loads as a bank; review the warnings above, if any", file=out)
        return 0
    for problem in problems:
        print(problem, file=out)
    print("the file was written but does not load yet; fix the lines above", file=out)
    return 1
