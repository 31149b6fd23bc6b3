"""Every schema change from 0003 on has a PostgreSQL twin with the same tables."""

import re
from pathlib import Path

MIGRATIONS = Path(__file__).resolve().parents[2] / "bot" / "store" / "migrations"


def tables(sql: str) -> set[str]:
    return set(re.findall(r"CREATE TABLE (?:IF NOT EXISTS )?(\w+)", sql, re.IGNORECASE))


def test_each_new_migration_has_a_postgres_twin_with_the_same_tables() -> None:
    newer = [p for p in sorted(MIGRATIONS.glob("*.sql")) if int(p.name[:4]) >= 3]
    assert newer, "the quiz state migration is there"
    for sqlite in newer:
        twin = MIGRATIONS / "postgres" / sqlite.name
        assert twin.is_file(), f"{sqlite.name} has no PostgreSQL twin"
        assert tables(twin.read_text()) == tables(sqlite.read_text()), sqlite.name
