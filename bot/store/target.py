"""Which database a setting names: a SQLite file (a path or a `sqlite:` URL) or a PostgreSQL server.

`STUDYBOT_DB=postgresql://user@host/db` selects PostgreSQL; a plain path, `sqlite:///abs/path`,
`sqlite:relative.db` or `:memory:` selects SQLite. Anything else that looks like a URL is refused,
so a typo never becomes a folder named `postgresql:` next to the bot.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn
from urllib.parse import urlsplit

from bot.store.errors import StoreError

POSTGRES_SCHEMES = ("postgresql", "postgres")
# A scheme is two or more letters before ":" (one letter is a Windows drive such as C:).
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]+):")


@dataclass(frozen=True, slots=True)
class DbTarget:
    """A parsed database setting. `kind` is "sqlite" (with `path`) or "postgresql" (with `url`)."""

    kind: str
    path: str = ""
    url: str = ""

    @property
    def label(self) -> str:
        """How to name it in messages: the path, or the URL without its password."""
        return self.path if self.kind == "sqlite" else redact(self.url)

    @property
    def is_postgres(self) -> bool:
        return self.kind == "postgresql"


def parse_target(value: str | os.PathLike[str]) -> DbTarget:
    """Parse a database setting; raises StoreError for an unknown scheme or a malformed URL."""
    if isinstance(value, os.PathLike):
        return DbTarget("sqlite", path=os.fspath(value))
    raw = value.strip()
    match = _SCHEME.match(raw)
    if match is None:
        return DbTarget("sqlite", path=raw)
    scheme = match.group(1).lower()
    if scheme in POSTGRES_SCHEMES:
        return DbTarget("postgresql", url=_check_postgres(raw))
    if scheme == "sqlite":
        return DbTarget("sqlite", path=_sqlite_path(raw))
    raise StoreError(
        f"Unknown database URL scheme {scheme!r} in {redact(raw)}: use a file path (or sqlite:PATH) "
        "for SQLite, or postgresql://user@host/dbname for PostgreSQL."
    )


def redact(url: str) -> str:
    """The URL with any password replaced by ***, for messages and logs: the one before the host
    and one given as a `password=` query parameter (libpq and asyncpg read both). The first runs
    to the last "@" before the path: a password holding "@" and "?" unencoded is hidden whole."""
    url = re.sub(r"(://[^:/@]*:)[^/]*@", r"\1***@", url)
    return re.sub(r"([?&]password=)[^&#]*", r"\1***", url)


def _check_postgres(url: str) -> str:
    _unencoded_password(url)
    parts = urlsplit(url)
    try:
        _ = parts.port
    except ValueError:
        if "@" in parts.query:  # a "?" in the password: what follows it was read as the query
            _refuse_unencoded(url, url.partition("://")[2])
        raise StoreError(f"The port in {redact(url)} is not a number.") from None
    if not parts.path.strip("/") and "dbname=" not in parts.query:
        raise StoreError(
            f"{redact(url)} names no database: add its name, as in postgresql://user@host/studybot."
        )
    return url


def _unencoded_password(url: str) -> None:
    """Refuse an "@" after the host part (before any query): a password holding "@", "/" or "#"
    as such. Parsed as it stands, part of the password would become the host, and be shown."""
    head = url.partition("://")[2].split("?", 1)[0]
    authority = re.split("[/#]", head, maxsplit=1)[0]
    if "@" in head[len(authority) :]:
        _refuse_unencoded(url, head)


def _refuse_unencoded(url: str, userinfo_up_to_host: str) -> NoReturn:
    """The user name or password holds a character a URL reserves; shown: only what follows the
    last "@" of `userinfo_up_to_host` (the host and the rest)."""
    shown = f"{url.partition('://')[0]}://***@{userinfo_up_to_host.rpartition('@')[2]}"
    raise StoreError(
        f"The PostgreSQL URL {shown} has @, /, ? or # in its user name or password: write them "
        "percent-encoded (@ as %40, / as %2F, ? as %3F, # as %23)."
    )


def _sqlite_path(url: str) -> str:
    rest = url[len("sqlite:") :]
    if rest in ("", "//", ":memory:", "///:memory:"):
        return ":memory:"
    if rest.startswith("///"):
        return "/" + rest[3:].lstrip("/") if not rest[3:].startswith("~") else rest[3:]
    if rest.startswith("//"):
        raise StoreError(
            f"{url} names a host; SQLite needs a file: sqlite:///absolute/path.db or sqlite:relative.db."
        )
    return str(Path(rest))
