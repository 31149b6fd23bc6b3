"""`studybot run` refuses, before connecting, a database that cannot keep anything."""

from __future__ import annotations

import pytest

from bot.cli import main

pytestmark = pytest.mark.usefixtures("clean_env")  # tests/conftest.py


@pytest.mark.parametrize("db", ["sqlite:", ":memory:", "sqlite://"])
def test_run_refuses_an_in_memory_database(db: str, monkeypatch, capsys) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", "MTIz.fake.token")
    assert main(["run", "--db", db]) == 2
    err = capsys.readouterr().err
    assert "an in-memory database loses every score when the bot stops" in err
    assert "MTIz.fake.token" not in err
