"""Errors the store raises. Messages are written for the person running the bot."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Generator


class StoreError(Exception):
    """The database cannot be used as asked. `str(error)` says what happened and what to do."""


class SchemaTooNewError(StoreError):
    """The database was written by a newer studybot than this one; it was left untouched."""


@contextlib.contextmanager
def translated(label: str) -> Generator[None, None, None]:
    """Turn SQLite errors into a StoreError that says what to do."""
    try:
        yield
    except sqlite3.Error as e:
        raise StoreError(explain(e, label)) from e


def explain(error: sqlite3.Error, label: str) -> str:
    text = str(error)
    low = text.lower()
    if "readonly" in low or "read-only" in low:
        return f"The database {label} is read-only. Make it (and its folder) writable, then try again."
    if "locked" in low or "busy" in low:
        return (
            f"The database {label} is locked by another program (is a second studybot using it?). "
            "Stop the other program or try again in a moment."
        )
    if "unable to open" in low:
        return f"Cannot open the database {label}: check that its folder exists and is writable."
    if "not a database" in low or "malformed" in low:
        return (
            f"{label} is not a usable studybot database (or it is damaged). "
            "Restore a backup or use another file."
        )
    if "full" in low:
        return f"The disk holding {label} is full. Free some space, then try again."
    if isinstance(error, sqlite3.IntegrityError):
        return f"Refused by a database constraint ({text})."
    return f"Database error on {label}: {text}."
