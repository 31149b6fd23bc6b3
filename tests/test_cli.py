"""The `studybot` command end to end: each subcommand on real files."""

import io
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main

ROOT = Path(__file__).resolve().parent.parent
BANKS = str(ROOT / "questions")
SEED = ROOT / "questions" / "sources" / "llm-training.zh.txt"


pytestmark = pytest.mark.usefixtures("clean_env")  # tests/conftest.py


def test_bank_check_passes_on_shipped_banks(capsys):
    assert main(["bank", "check"]) == 0
    assert "ok: 2 banks" in capsys.readouterr().out


def test_bank_check_reports_file_line_field(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "bank: b\ntitle: t\nlanguage: zh\nquestions:\n  - id: b-1\n    question: q\n    answer: [5]\n"
    )
    assert main(["bank", "check", str(bad)]) == 1
    out = capsys.readouterr().out
    assert f"{bad}:" in out and "answer" in out and "explanation" in out


def test_bank_import_of_the_seed_loads(tmp_path, capsys):
    out_file = tmp_path / "seed.yaml"
    assert main(["bank", "import", str(SEED), "-o", str(out_file), "--prefix", "s"]) == 0
    assert "24" in capsys.readouterr().out
    assert main(["bank", "check", str(out_file)]) == 0
    # An existing file is kept unless --force is given.
    assert main(["bank", "import", str(SEED), "-o", str(out_file)]) != 0
    assert main(["bank", "import", str(SEED), "-o", str(out_file), "--force"]) == 0


def test_grade_reads_json_lines_in_order(monkeypatch, capsys):
    lines = [
        {"id": "llm-08", "reply": "Dropout是一种正则化技术，通过随机丢弃模型中的神经元，防止模型过拟合。"},
        {"id": "llm-08", "reply": "不知道"},
        {"id": "no-such-id", "reply": "x"},
        {"question": "What is a stack?", "answer": "A last-in first-out list.", "reply": "a LIFO list"},
    ]
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n".join(json.dumps(x) for x in lines) + "\nnot json\n"))
    main(["grade"])
    results = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(results) == 5
    assert results[0]["verdict"] == "correct" and results[1]["verdict"] == "wrong"
    assert "error" in results[2] and "error" in results[4]
    assert 0 <= results[3]["score"] <= 1 and results[3]["verdict"] != "wrong"


def test_backup_copies_a_live_database(tmp_path, capsys):
    db = tmp_path / "live.db"
    console_in = io.StringIO("score\nquit\n")
    import asyncio

    from bot.console import console_main

    assert asyncio.run(console_main(db, [Path(BANKS)], console_in, io.StringIO())) == 0
    copy = tmp_path / "copy.db"
    assert main(["backup", str(copy), "--db", str(db)]) == 0
    assert sqlite3.connect(copy).execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert main(["backup", str(tmp_path / "other.db"), "--db", str(tmp_path / "missing.db")]) == 1
    assert "missing.db" in capsys.readouterr().err


def test_run_without_token_explains_where_to_get_one(capsys):
    assert main(["run"]) == 2
    err = capsys.readouterr().err
    assert "DISCORD_TOKEN" in err and "applications.commands" in err


def test_bad_settings_are_listed_and_exit_2(monkeypatch, capsys):
    monkeypatch.setenv("STUDYBOT_TIMEZONE", "Nowhere/Special")
    assert main(["bank", "check"]) == 2
    assert "STUDYBOT_TIMEZONE" in capsys.readouterr().err


# The console speaks the terminal's language; these tests pin it so the machine's own does not matter.
ENGLISH_TERMINAL = {"LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": "C.UTF-8"}


def test_console_script_runs_as_a_process(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "bot", "console", "--db", str(tmp_path / "c.db"), "--bank", BANKS],
        input="help\nscore\nquit\n",
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        env={**os.environ, **ENGLISH_TERMINAL},
    )
    assert proc.returncode == 0, proc.stderr
    assert "Today's question" in proc.stdout and "Points: 0" in proc.stdout


def test_console_speaks_the_terminal_language_or_the_one_asked_for(tmp_path):
    def console(*options: str, **env: str) -> str:
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "bot",
                "console",
                "--db",
                str(tmp_path / "c.db"),
                "--bank",
                BANKS,
                *options,
            ],
            input="score\nquit\n",
            capture_output=True,
            text=True,
            timeout=60,
            cwd=ROOT,
            env={**os.environ, **ENGLISH_TERMINAL, **env},
        )
        assert proc.returncode == 0, proc.stderr
        return proc.stdout

    taiwan = console(LANG="zh_TW.UTF-8")
    assert "今天的題目" in taiwan and "積分：0" in taiwan and taiwan.rstrip().endswith("再見。")
    asked = console("--lang", "zh-CN", LANG="en_US.UTF-8")
    assert "今天的题目" in asked and "积分：0" in asked


def test_db_copy_checks_and_refuses_a_filled_destination(tmp_path, capsys):
    db = tmp_path / "live.db"
    import asyncio

    from bot.console import console_main

    console_in = io.StringIO("it is about attention\nscore\nquit\n")
    assert asyncio.run(console_main(db, [Path(BANKS)], console_in, io.StringIO())) == 0
    copy = tmp_path / "copy.db"
    assert main(["db", "copy", str(db), f"sqlite:{copy}"]) == 0
    out = capsys.readouterr().out
    assert "attempts 1" in out and "results 1" in out
    assert main(["db", "copy", str(db), str(copy)]) == 1
    assert "not empty" in capsys.readouterr().err
    assert main(["db", "copy", str(db), str(copy), "--force"]) == 0
    assert main(["db", "copy", str(tmp_path / "missing.db"), str(tmp_path / "new.db")]) == 1
    assert not (tmp_path / "new.db").exists()


def test_unknown_database_url_is_refused_before_anything_is_created(tmp_path, capsys):
    assert main(["console", "--db", "postgresq://bot@host/studybot"]) == 2
    assert "Unknown database URL scheme" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []
