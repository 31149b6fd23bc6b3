"""What only the PostgreSQL backend has: URLs, refusals, reconnecting, migrations under a lock,
and `db copy` between the backends."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from pgcluster import Cluster

from bot.settings import SettingsError, load_settings
from bot.store import Store, StoreError
from bot.store.copy import copy_database
from bot.store.migrate import MIGRATIONS_DIR, POSTGRES_MIGRATIONS_DIR, load_migrations
from bot.store.target import parse_target, redact

DAY = date(2026, 3, 2)


def _schema_url(cluster: Cluster, name: str) -> str:
    cluster.psql(f"DROP SCHEMA IF EXISTS {name} CASCADE; CREATE SCHEMA {name}")
    return cluster.url(search_path=name)


@pytest.mark.parametrize(
    ("value", "kind", "where"),
    [
        (
            "postgresql://bot:secret@db.example:5433/studybot",
            "postgresql",
            "postgresql://bot:***@db.example:5433/studybot",
        ),
        ("postgres://bot@localhost/studybot", "postgresql", "postgres://bot@localhost/studybot"),
        ("/var/lib/studybot/bot.db", "sqlite", "/var/lib/studybot/bot.db"),
        ("sqlite:///var/lib/bot.db", "sqlite", "/var/lib/bot.db"),
        ("sqlite:data/bot.db", "sqlite", "data/bot.db"),
        ("sqlite::memory:", "sqlite", ":memory:"),
        ("C:/Users/me/bot.db", "sqlite", "C:/Users/me/bot.db"),
    ],
)
def test_database_settings_are_told_apart(value: str, kind: str, where: str) -> None:
    target = parse_target(value)
    assert (target.kind, target.label) == (kind, where)


@pytest.mark.parametrize(
    "value", ["mysql://u@h/db", "postgresql:", "postgresql://host-only", "sqlite://host/x.db"]
)
def test_unknown_or_incomplete_urls_are_refused(
    value: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SettingsError, match="STUDYBOT_DB"):
        load_settings(env={"STUDYBOT_DB": value}, dotenv_path=None)
    assert list(tmp_path.iterdir()) == []  # no folder named "postgresql:" or anything else


def test_password_never_reaches_messages() -> None:
    assert "secret" not in redact("postgresql://bot:secret@h/db")
    assert (
        repr(load_settings(env={"STUDYBOT_DB": "postgresql://bot:secret@h/db"}, dotenv_path=None)).count(
            "secret"
        )
        == 0
    )


def test_both_dialects_have_the_same_migrations() -> None:
    sqlite = [m.name for m in load_migrations(MIGRATIONS_DIR)]
    postgres = [m.name for m in load_migrations(POSTGRES_MIGRATIONS_DIR, whole=True)]
    assert sqlite == postgres


async def test_refused_connection_and_missing_database_say_what_to_do(
    pg_cluster: Cluster, tmp_path: Path
) -> None:
    with pytest.raises(StoreError, match="Cannot reach PostgreSQL"):
        await Store.open(f"postgresql://postgres@/studybot?host={tmp_path}&port=1")
    with pytest.raises(StoreError, match="does not exist"):
        await Store.open(pg_cluster.url("no_such_db"))


async def test_wrong_password_is_refused_with_a_clear_message(pg_cluster: Cluster) -> None:
    locked = Cluster(pg_cluster.bin_dir, password="right-horse")
    locked.start()
    try:
        with pytest.raises(StoreError, match="refused the password") as refused:
            await Store.open(locked.url(password="hunter2x"))
        assert "hunter2x" not in str(refused.value)  # the password is never shown
        async with Store.open(locked.url()) as store:
            assert store.backend == "postgresql"
    finally:
        locked.stop()


async def test_backup_on_postgresql_points_to_pg_dump(pg_cluster: Cluster, tmp_path: Path) -> None:
    async with Store.open(_schema_url(pg_cluster, "backup_help")) as store:
        with pytest.raises(StoreError, match="pg_dump"):
            await store.backup(tmp_path / "copy.db")
    assert not (tmp_path / "copy.db").exists()


async def test_processes_starting_together_migrate_once(pg_cluster: Cluster) -> None:
    url = _schema_url(pg_cluster, "together")
    stores = await asyncio.gather(*(Store.open(url) for _ in range(4)))
    try:
        latest = len(load_migrations(POSTGRES_MIGRATIONS_DIR, whole=True))
        assert {await s.schema_version() for s in stores} == {latest}
        assert pg_cluster.psql("SELECT COUNT(*) FROM together.studybot_migrations").strip() == str(latest)
    finally:
        await asyncio.gather(*(s.close() for s in stores))


async def test_failing_migration_is_rolled_back_and_retried(pg_cluster: Cluster, tmp_path: Path) -> None:
    folder = tmp_path / "migrations"
    folder.mkdir()
    for step in load_migrations(POSTGRES_MIGRATIONS_DIR, whole=True):
        (folder / step.name).write_text(step.statements[0])
    broken = folder / f"{len(list(folder.iterdir())) + 1:04d}_broken.sql"
    broken.write_text("CREATE TABLE extra (x INTEGER);\nSELECT no_such_function();\n")
    url = _schema_url(pg_cluster, "broken")
    with pytest.raises(StoreError, match="no_such_function"):
        await Store.open(url, migrations=folder)
    assert pg_cluster.psql("SELECT to_regclass('broken.extra') IS NULL").strip() == "t"
    broken.write_text("CREATE TABLE extra (x INTEGER);\n")
    async with Store.open(url, migrations=folder) as store:
        assert await store.schema_version() == len(list(folder.iterdir()))


async def test_database_away_mid_burst_then_back_reconnects_by_itself(pg_cluster: Cluster) -> None:
    own = Cluster(pg_cluster.bin_dir)  # its own server, so stopping it disturbs no other test
    own.start()
    try:
        async with Store.open(own.url()) as store:
            some_recorded, down = asyncio.Event(), asyncio.Event()

            async def answer(user: int, after: asyncio.Event | None = None) -> bool:
                if after is not None:
                    await after.wait()
                try:
                    out = await store.record_attempt(1, user, "q1", DAY, "r", "correct", 1.0, 10, 3)
                except StoreError as exc:
                    assert "PostgreSQL" in str(exc), exc  # says what is wrong, not a traceback
                    return False
                if out.recorded:
                    some_recorded.set()
                return out.recorded

            # The first 150 answer while the server stops; the last 50 come once it is down.
            burst = [asyncio.create_task(answer(u)) for u in range(150)]
            burst += [asyncio.create_task(answer(u, after=down)) for u in range(150, 200)]
            await asyncio.wait_for(some_recorded.wait(), 60)  # the burst is under way
            await asyncio.to_thread(own.stop_server)  # the server goes away mid-burst
            down.set()
            done = await asyncio.gather(*burst)
            assert not await answer(1000)  # still away: a clear error, nothing stored
            await asyncio.sleep(2.0)
            await asyncio.to_thread(own.start_server)
            assert await answer(1001)  # back: the pool reconnected by itself
            stored = await store._select("SELECT user_id, attempts FROM results ORDER BY user_id")
            counted = await store._select(
                "SELECT user_id, COUNT(*) FROM attempts GROUP BY user_id ORDER BY user_id"
            )
            total = await store._select_one(
                "SELECT points FROM score_totals WHERE period = '' AND user_id = 1001"
            )
    finally:
        own.stop()
    recorded = {u for u, ok in enumerate(done) if ok}
    # Every answer reported as recorded is there, once and whole. A few more may be stored too:
    # a COMMIT the server finished as it shut down, whose reply never arrived (the user saw an
    # error; answering again cannot count twice). Nothing is half-written.
    kept = {int(u) for u, _ in stored}
    assert recorded | {1001} <= kept and len(kept - recorded) <= 1 + 5, kept - recorded
    assert [tuple(r) for r in stored] == [tuple(r) for r in counted]
    assert all(int(n) == 1 for _, n in stored) and int(total[0]) == 10
    assert recorded and not any(done[150:])  # answers before the outage kept, during it refused


async def test_copy_sqlite_to_postgresql_and_back(pg_cluster: Cluster, tmp_path: Path) -> None:
    source, back = tmp_path / "source.db", tmp_path / "back.db"
    async with Store.open(source) as store:
        await store.create_daily(1, DAY, "q1", 0, 1)
        for user in range(1, 30):
            verdict, points = ("correct", 10) if user % 3 else ("partial", 5)
            await store.record_attempt(1, user, "q1", DAY, "é ✓", verdict, points / 10, points, 3)
        await store.mark_revealed(1, 99, "q1", DAY)
        await store.open_dispute(1, 2, "q1", DAY, 1, "r", "wrong", 0.0, "", "", "2026-03-02T01:00:00")
        await store.forget_user(777, 1, "self", datetime(2026, 3, 2, 2, tzinfo=UTC))  # an audit row
    url = _schema_url(pg_cluster, "copied")
    there = await copy_database(source, url)
    assert there.rows["attempts"] == 29 and there.rows["results"] == 30
    with pytest.raises(StoreError, match="not empty"):
        await copy_database(source, url)
    again = await copy_database(source, url, force=True)
    assert again == there
    home = await copy_database(url, back)
    assert home == there
    async with Store.open(source) as a, Store.open(back) as b:
        assert await a.leaderboard(1, limit=50) == await b.leaderboard(1, limit=50)
        assert await a.attempts(1, 5, "q1", DAY) == await b.attempts(1, 5, "q1", DAY)
    async with Store.open(url) as pg:
        # New attempts after the copy get new ids: the sequence moved past the copied ones.
        assert (await pg.record_attempt(1, 500, "q1", DAY, "r", "wrong", 0.0, 0, 3)).recorded
        # Every table with generated ids: new rows after the copy get new ids, none collides.
        assert await pg.open_dispute(1, 3, "q1", DAY, 1, "r", "wrong", 0.0, "", "", "2026-03-02T03:00:00")
        await pg.forget_user(28, 1, "self", datetime(2026, 3, 2, 4, tzinfo=UTC))
