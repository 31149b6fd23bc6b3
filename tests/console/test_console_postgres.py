"""The console on PostgreSQL: the URL shown without its password, the chart written to a folder."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from pgcluster import Cluster

from bot.console import console_main

QUESTIONS = Path(__file__).resolve().parents[2] / "questions"
PASSWORD = "Sekr3t-Passw0rd-x9"  # the throwaway cluster trusts local users and ignores it


async def test_console_on_postgresql_hides_the_password_and_writes_the_chart(
    pg_cluster: Cluster, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    pg_cluster.psql("DROP SCHEMA IF EXISTS console_pg CASCADE; CREATE SCHEMA console_pg")
    url = pg_cluster.url(password=PASSWORD, search_path="console_pg")
    out = StringIO()
    assert await console_main(url, [QUESTIONS], StringIO("stats\nquit\n"), out) == 0
    text = out.getvalue()
    assert PASSWORD not in text and "Database: postgresql://postgres:***@" in text
    chart = tmp_path / "data" / "studybot" / "studybot-stats-30.png"
    assert f"Chart written to {chart}" in text and chart.read_bytes().startswith(b"\x89PNG")
