"""`studybot bank check` and `studybot bank import` as functions: what they print and return."""

from __future__ import annotations

import io
from pathlib import Path

from bot.bank.commands import check, import_markdown
from bot.bank.loader import load_bank


def test_check_prints_ok_with_counts(data_dir: Path) -> None:
    out = io.StringIO()
    assert check([str(data_dir)], out) == 0
    assert out.getvalue() == "ok: 1 bank, 2 questions\n"


def test_check_prints_every_problem_and_fails(write) -> None:
    path = write("bank: Bad\ntitle: T\nlanguage: fr\nquestions: []\n")
    out = io.StringIO()
    assert check([str(path)], out) == 1
    lines = out.getvalue().splitlines()
    assert lines[:3] == [
        f"{path}:1: bank: 'Bad' is not valid: use lowercase letters, digits and single dashes,"
        " like llm-training",
        f"{path}:3: language: 'fr' is not one of: zh, en",
        f"{path}:4: questions: must list at least one question",
    ]
    assert "3 problem(s)" in lines[3]


def test_import_seed_writes_a_loadable_bank(seed_path: Path, tmp_path: Path) -> None:
    target = tmp_path / "llm-training.zh.yaml"
    out = io.StringIO()
    code = import_markdown(str(seed_path), str(target), out, id_prefix="llm")
    assert code == 0, out.getvalue()
    bank = load_bank(target)
    assert (bank.name, bank.language, len(bank)) == ("llm-training", "zh", 24)
    assert bank.title == "大规模语言模型从理论到实践 - 模型训练"
    assert bank.questions[0].id == "llm-01"
    assert "#24 explanation" in out.getvalue() and "wrote 24 questions" in out.getvalue()


def test_import_adds_the_schema_line_next_to_a_schema(data_dir: Path, tmp_path: Path) -> None:
    (tmp_path / "schema.json").write_text("{}", encoding="utf-8")
    target = tmp_path / "ds.yaml"
    assert import_markdown(str(data_dir / "english.md"), str(target), io.StringIO()) == 0
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=schema.json\n")
    bank = load_bank(target)
    assert (bank.name, bank.language, [q.id for q in bank]) == ("ds", "en", ["ds-01", "ds-02"])


def test_import_never_overwrites_by_default(data_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "kept.yaml"
    target.write_text("hand-edited", encoding="utf-8")
    out = io.StringIO()
    assert import_markdown(str(data_dir / "english.md"), str(target), out) == 1
    assert target.read_text(encoding="utf-8") == "hand-edited"
    assert "already exists" in out.getvalue()
    assert import_markdown(str(data_dir / "english.md"), str(target), out, overwrite=True) == 0
    assert len(load_bank(target)) == 2


def test_import_with_missing_parts_still_writes_everything(data_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "messy.yaml"
    out = io.StringIO()
    assert import_markdown(str(data_dir / "messy.md"), str(target), out, id_prefix="m") == 1
    text = target.read_text(encoding="utf-8")
    assert all(f"id: {qid}\n" in text for qid in ("m-01", "m-02", "m-03", "m-03-2"))
    assert f"{target}:" in out.getvalue() and "m-03.explanation: must not be empty" in out.getvalue()


def test_import_refuses_bad_input_without_writing(tmp_path: Path, write) -> None:
    target = tmp_path / "out.yaml"
    cases = [
        (write("no labels here\n", "plain.md"), {}, "no questions found"),
        (write(b"1. \xe9\xa2\x98\xe7\x9b\xae\xef\xbc\x9a \xff\n", "bad.md"), {}, ":1: not valid UTF-8"),
        (tmp_path / "missing.md", {}, "cannot read"),
        (write("1. Question: q?\n", "ok.md"), {"bank": "Bad Name"}, "bank name"),
        (write("1. Question: q?\n", "ok.md"), {"id_prefix": "a b"}, "id prefix"),
        (write("1. Question: q?\n", "ok.md"), {"language": "fr"}, "language"),
    ]
    for src, options, words in cases:
        out = io.StringIO()
        assert import_markdown(str(src), str(target), out, **options) == 1
        assert words in out.getvalue()
        assert not target.exists()


def test_a_bad_bank_name_is_said_once_not_again_as_the_prefix_it_gave(tmp_path: Path, write) -> None:
    out = io.StringIO()
    src = write("1. Question: q?\n", "ok.md")
    assert import_markdown(str(src), str(tmp_path / "out.yaml"), out, bank="Bad Name!") == 1
    assert out.getvalue() == "bank name 'Bad Name!': use lowercase letters, digits and dashes\n"
    out = io.StringIO()
    assert import_markdown(str(src), str(tmp_path / "out.yaml"), out, bank="Bad!", id_prefix="a b") == 1
    assert "bank name 'Bad!'" in out.getvalue() and "id prefix 'a b'" in out.getvalue()
