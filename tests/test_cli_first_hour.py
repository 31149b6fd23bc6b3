"""What a new user meets first on the command line: paths checked at start, flags named, the
bundled banks found by an installed package run from an empty folder."""

import asyncio
import io
import logging
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main
from bot.console import console_main

ROOT = Path(__file__).resolve().parent.parent
BANKS = str(ROOT / "questions")
SEED = ROOT / "questions" / "sources" / "llm-training.zh.txt"


@pytest.fixture(autouse=True)
def fresh_db(clean_env, monkeypatch, tmp_path):  # clean_env: tests/conftest.py
    monkeypatch.setenv("STUDYBOT_DB", str(tmp_path / "data" / "s.db"))


def test_import_creates_the_output_folder(tmp_path, capsys):
    assert not (tmp_path / "questions").exists()
    assert main(["bank", "import", str(SEED), "-o", "questions/seed.yaml"]) == 0
    assert (tmp_path / "questions" / "seed.yaml").is_file()


def test_existing_files_name_the_flag_that_overwrites(tmp_path, capsys):
    (tmp_path / "seed.yaml").write_text("x")
    assert main(["bank", "import", str(SEED), "-o", "seed.yaml"]) == 1
    assert "--force" in capsys.readouterr().out
    db = tmp_path / "live.db"
    assert asyncio.run(console_main(db, [Path(BANKS)], io.StringIO("quit\n"), io.StringIO())) == 0
    (tmp_path / "copy.db").write_text("keep me")
    assert main(["backup", "copy.db", "--db", str(db)]) == 1
    assert "--force" in capsys.readouterr().err
    assert (tmp_path / "copy.db").read_text() == "keep me"
    assert main(["backup", "copy.db", "--db", str(db), "--force"]) == 0
    assert (tmp_path / "copy.db").read_bytes().startswith(b"SQLite format 3")


@pytest.mark.parametrize("command", [["run"], ["console"], ["grade"]])
def test_a_missing_bank_path_is_reported_first_with_the_setting(monkeypatch, capsys, command):
    monkeypatch.setenv("STUDYBOT_BANKS", "no-such-folder")
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    assert main(command) == 2
    err = capsys.readouterr().err
    assert "no-such-folder" in err and "STUDYBOT_BANKS" in err and "--bank" in err
    assert "DISCORD_TOKEN" not in err  # checked before the token


@pytest.mark.parametrize("command", [["run"], ["console"]])
def test_a_bad_database_path_is_reported_without_a_token(tmp_path, monkeypatch, capsys, command):
    (tmp_path / "folder.db").mkdir()
    monkeypatch.setenv("STUDYBOT_DB", str(tmp_path / "folder.db"))
    assert main(command) == 2
    err = capsys.readouterr().err
    assert "STUDYBOT_DB" in err and "is a folder" in err


def test_a_database_error_is_said_once(tmp_path, caplog):
    from bot.discord.app import run_bot
    from bot.settings import Settings

    db = tmp_path / "folder.db"
    db.mkdir()
    settings = Settings(token="t", db_path=db, bank_paths=(Path(BANKS),))
    with caplog.at_level(logging.ERROR):
        assert asyncio.run(run_bot(settings)) == 2
    messages = [r.getMessage() for r in caplog.records]
    assert len(messages) == 1 and "is a folder" in messages[0]
    assert not messages[0].lower().startswith("cannot open the database:")  # no prefix over the reason


def test_an_unknown_config_key_gets_a_did_you_mean(tmp_path, capsys):
    config = tmp_path / "studybot.toml"
    config.write_text('[studybot]\ntimezone = "Asia/Shanghai"\n')
    assert main(["--config", str(config), "bank", "check"]) == 2
    assert "did you mean 'default_timezone'" in capsys.readouterr().err


def test_bank_check_counts_in_words(capsys):
    assert main(["bank", "check", str(ROOT / "questions" / "llm-training.zh.yaml")]) == 0
    assert "ok: 1 bank, " in capsys.readouterr().out


def test_an_installed_package_finds_its_banks_from_an_empty_folder(tmp_path):
    """Builds the package the way a wheel is built (setup.py copies the banks in), then runs
    `studybot console` from a folder with no questions/ and no settings."""
    lib = tmp_path / "lib"
    built = subprocess.run(
        [sys.executable, "setup.py", "-q", "build_py", "--build-lib", str(lib)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert built.returncode == 0, built.stderr
    assert sorted(p.name for p in (lib / "bot" / "questions").glob("*.yaml")) == sorted(
        p.name for p in (ROOT / "questions").glob("*.yaml")
    )
    empty = tmp_path / "empty"
    empty.mkdir()
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(empty),
        "XDG_DATA_HOME": str(empty / "data"),
        "PYTHONPATH": str(lib),
    }
    script = "import sys, bot; print(bot.__file__); from bot.cli import main; sys.exit(main(['console']))"
    proc = subprocess.run(
        [sys.executable, "-c", script],
        input="quit\n",
        capture_output=True,
        text=True,
        timeout=120,
        cwd=empty,
        env=env,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(str(lib / "bot"))  # the built copy ran, not the clone
    assert "Today's question" in proc.stdout
