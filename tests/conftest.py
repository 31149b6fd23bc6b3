"""Both database backends for the store, service and fault tests.

`db_url` is parametrized over SQLite and PostgreSQL: each test gets a fresh database (a temporary
file, or a new schema in a throwaway PostgreSQL cluster started once per run). On CI (CI=true) a
PostgreSQL that cannot be found or started fails the run. Elsewhere, without PostgreSQL's
binaries, the PostgreSQL half is left out and the summary says so once, with how to install it.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings
from pgcluster import INSTALL_HINT, Cluster, ClusterUnavailable, find_bin

BACKENDS = ("sqlite", "pg")
_ON_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
_PG_BIN = find_bin()
_schemas = itertools.count(1)
_left_out: list[str] = []

# Property tests carry no time limit (speed lives in bench/, never in tests). On CI they draw the
# same examples every run, so a red build means a change broke something, not an unlucky draw;
# elsewhere they keep exploring new inputs.
settings.register_profile("studybot", deadline=None, print_blob=True)
settings.register_profile("studybot-ci", parent=settings.get_profile("studybot"), derandomize=True)
settings.load_profile("studybot-ci" if _ON_CI else "studybot")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if _PG_BIN is not None or _ON_CI:
        return  # on CI a missing server must fail in the fixture, loudly
    keep = [item for item in items if not _uses_pg(item)]
    dropped = [item for item in items if _uses_pg(item)]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = keep
        _left_out.append(
            f"{len(dropped)} PostgreSQL tests were NOT run: no initdb/pg_ctl found; {INSTALL_HINT}."
        )


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    for line in _left_out:
        terminalreporter.write_sep("=", "PostgreSQL", yellow=True, bold=True)
        terminalreporter.write_line(line, yellow=True, bold=True)


def _uses_pg(item: pytest.Item) -> bool:
    if "pg_cluster" in getattr(item, "fixturenames", ()):
        return True
    callspec = getattr(item, "callspec", None)
    return callspec is not None and callspec.params.get("db_backend") == "pg"


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    if _PG_BIN is None:
        pytest.fail(f"CI needs PostgreSQL for the store tests, and none was found: {INSTALL_HINT}.")
    cluster = Cluster(_PG_BIN)
    try:
        cluster.start()
    except (ClusterUnavailable, OSError) as exc:
        cluster.stop()
        pytest.fail(f"Could not start a throwaway PostgreSQL cluster from {_PG_BIN}: {exc}")
    yield cluster
    cluster.stop()


@pytest.fixture(params=BACKENDS)
def db_backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def db_url(db_backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A new, empty database of the test's backend: a file path or a PostgreSQL URL."""
    if db_backend == "sqlite":
        return str(tmp_path / "study.db")
    cluster: Cluster = request.getfixturevalue("pg_cluster")
    schema = f"t{next(_schemas)}"
    cluster.psql(f"CREATE SCHEMA {schema}")
    return cluster.url(search_path=schema)


# --- the command line ------------------------------------------------------------------------

SHIPPED_BANKS = Path(__file__).resolve().parent.parent / "questions"
CLI_VARIABLES = ("DISCORD_TOKEN", "STUDYBOT_DB", "STUDYBOT_BANKS", "STUDYBOT_CONFIG", "STUDYBOT_TIMEZONE")


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A `studybot` run that sees none of the caller's settings: no token, database, config or
    zone from the environment, the test's own folder as working folder (so no stray .env is
    read), and the repo's shipped banks."""
    for name in CLI_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("STUDYBOT_BANKS", str(SHIPPED_BANKS))
