"""`studybot db copy SRC DST`: every table from one database to another, either backend.

Both ends are opened (so both are migrated to this studybot's schema), the rows go over in one
transaction on the destination, and the copy is checked: the same number of rows in every table
and the same score totals. `score_totals` is not copied: into SQLite the destination's triggers
rebuild it from the results; into PostgreSQL it is copied with the trigger off (rebuilding it row
by row bloats its index there). Either way it is then checked against the results on both sides.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from bot.store.errors import StoreError
from bot.store.sqlite import SqliteBackend
from bot.store.store import Store

# Parents before children (attempts refer to results); tables added later go after these.
FIRST = ("guilds", "dailies", "results", "attempts", "streaks", "quiz_results")
DERIVED = ("score_totals",)


@dataclass(frozen=True, slots=True)
class CopyReport:
    rows: dict[str, int]  # rows copied per table
    points: int  # all-time points over every guild and user, equal on both sides


async def copy_database(
    source: str | os.PathLike[str], destination: str | os.PathLike[str], *, force: bool = False
) -> CopyReport:
    """Copy every table; refuses a destination holding rows unless `force` (which empties it)."""
    async with Store.open(source, create=False) as src, Store.open(destination) as dst:
        if (src.label == dst.label and src.backend == dst.backend) or await _same_file(src, dst):
            raise StoreError("The source and the destination are the same database.")
        tables = await _common_tables(src, dst)
        filled = {t: n for t, n in (await _counts(dst, tables)).items() if n}
        if filled and not force:
            listed = ", ".join(f"{t} ({n} rows)" for t, n in sorted(filled.items()))
            raise StoreError(
                f"The destination {dst.label} is not empty: {listed}. Copy into an empty database, "
                "or add --force to replace its contents."
            )
        async with dst._write() as db:
            await dst._backend.before_copy(db)
            for table in reversed([*tables, *DERIVED]):
                await db.execute(f"DELETE FROM {table}")
            clause = dst._backend.copy_insert_clause
            for table, columns in tables.items():
                await _copy_table(src, db, table, columns, clause)
            if dst._backend.copies_derived:
                for table, columns in (await _derived_tables(src, dst)).items():
                    await _copy_table(src, db, table, columns, clause)
            await dst._backend.after_copy(db)
        await dst._backend.after_bulk_load()
        return await _check(src, dst, tables)


async def _common_tables(src: Store, dst: Store) -> dict[str, list[str]]:
    theirs, ours = await src._backend.tables(), await dst._backend.tables()
    names = [t for t in FIRST if t in theirs and t in ours]
    names += sorted(t for t in theirs if t in ours and t not in names and t not in DERIVED)
    return {t: [c for c in theirs[t] if c in ours[t]] for t in names}


async def _derived_tables(src: Store, dst: Store) -> dict[str, list[str]]:
    theirs, ours = await src._backend.tables(), await dst._backend.tables()
    return {t: [c for c in theirs[t] if c in ours[t]] for t in DERIVED if t in theirs and t in ours}


async def _copy_table(src: Store, db: Any, table: str, columns: list[str], clause: str) -> None:
    cols = ", ".join(columns)
    insert = f"INSERT INTO {table} ({cols}) {clause} VALUES ({', '.join('?' for _ in columns)})"
    # One read of the whole table: paging with OFFSET would re-sort it for every page.
    rows = await src._select(f"SELECT {cols} FROM {table}")
    if rows:
        await db.executemany(insert, [tuple(r) for r in rows])


async def _counts(store: Store, tables: dict[str, list[str]]) -> dict[str, int]:
    return {t: int((await store._select_one(f"SELECT COUNT(*) FROM {t}"))[0]) for t in [*tables, *DERIVED]}


async def _points(store: Store) -> tuple[int, int]:
    row = await store._select_one(
        "SELECT (SELECT COALESCE(SUM(best_points), 0) FROM results),"
        " (SELECT COALESCE(SUM(points), 0) FROM score_totals WHERE period = '')"
    )
    return int(row[0]), int(row[1])


async def _check(src: Store, dst: Store, tables: dict[str, list[str]]) -> CopyReport:
    before, after = await _counts(src, tables), await _counts(dst, tables)
    for derived in DERIVED:  # rebuilt, not copied: checked by the points below
        before.pop(derived), after.pop(derived)
    if before != after:
        differ = ", ".join(f"{t}: {before[t]} -> {after[t]}" for t in before if before[t] != after[t])
        raise StoreError(f"The copy does not match its source ({differ}).")
    points = await _points(src)
    if await _points(dst) != points or points[0] != points[1]:
        raise StoreError(f"The copied score totals differ from the source's ({points} there).")
    return CopyReport(after, points[0])


async def _same_file(src: Store, dst: Store) -> bool:
    """Two SQLite paths for one file (a link, an absolute and a relative path): --force would
    empty the source."""
    if not isinstance(src._backend, SqliteBackend) or not isinstance(dst._backend, SqliteBackend):
        return False
    one, other = await src._backend.file_path(), await dst._backend.file_path()
    return bool(one and other) and os.path.samefile(one, other)
