"""Shared by the fault tests: a tiny library, a settable clock and a service over a file database."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

from bot.bank.holder import BankHolder
from bot.bank.model import Bank, KeyPoint, Library, Question
from bot.model import GuildSetup
from bot.service import StudyService
from bot.store import Store

GUILD = 42
CHANNEL = 4200
ZONE = "Europe/Berlin"
POST_AT = time(9, 0)


class Clock:
    """A clock the test moves by hand; always aware UTC."""

    def __init__(self, now: datetime) -> None:
        self.now = now.astimezone(UTC)

    def __call__(self) -> datetime:
        return self.now

    def set(self, now: datetime) -> None:
        self.now = now.astimezone(UTC)

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def question(i: int) -> Question:
    """A reply naming both `alpha<i>` and `beta<i>` is correct."""
    return Question(
        id=f"f-{i:02d}",
        bank="faults",
        question=f"What makes thing {i} work?",
        answer=f"alpha{i} together with beta{i}.",
        explanation=f"Thing {i} needs alpha{i} and beta{i}.",
        key_points=(KeyPoint(f"alpha{i}", (f"alpha{i}",)), KeyPoint(f"beta{i}", (f"beta{i}",))),
        language="en",
    )


def correct_reply(q: Question) -> str:
    n = int(q.id.rsplit("-", 1)[1])
    return f"it needs alpha{n} and beta{n}"


def library(count: int = 5) -> Library:
    questions = tuple(question(i) for i in range(count))
    return Library(banks=(Bank("faults", "Fault bank", "en", "faults.yaml", questions),))


SETUP = GuildSetup(GUILD, CHANNEL, POST_AT, ZONE)


async def open_service(path: Path, clock: Clock, **store_options: int) -> StudyService:
    """A fresh service (as after a restart) over the database at `path`."""
    store = await Store.open(path, **store_options)
    return StudyService(BankHolder.of(library()), store, clock)


def integrity(path: Path) -> list[str]:
    db = sqlite3.connect(path)
    try:
        return [str(r[0]) for r in db.execute("PRAGMA integrity_check")]
    finally:
        db.close()


def scalar(path: Path, sql: str, params: tuple[object, ...] = ()) -> int:
    db = sqlite3.connect(path)
    try:
        return int(db.execute(sql, params).fetchone()[0])
    finally:
        db.close()
