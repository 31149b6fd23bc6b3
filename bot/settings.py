"""Configuration: built once at start from defaults, an optional TOML file, a `.env` file and the
environment (later sources win), validated with messages that say what to fix."""

from __future__ import annotations

import difflib
import os
import re
import sys
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_API_BASE_URL = "https://discord.com/api/v10"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
# Servers with uploaded banks whose graders stay built (each several MB; the bundled library's
# grader, shared by every other server, is always kept). Rebuilding an evicted one takes about
# half a second on its next answer.
DEFAULT_GRADER_CACHE = 8
MAX_GRADER_CACHE = 1000

# Environment variable -> settings key. The TOML file uses the keys themselves.
ENV_KEYS = {
    "DISCORD_TOKEN": "token",
    "STUDYBOT_DB": "db_path",
    "STUDYBOT_BANKS": "bank_paths",
    "STUDYBOT_TIMEZONE": "default_timezone",
    "STUDYBOT_LOG_LEVEL": "log_level",
    "STUDYBOT_DEV_GUILD": "dev_guild_id",
    "DISCORD_API_BASE_URL": "api_base_url",
    "STUDYBOT_MESSAGE_CONTENT": "message_content",
    "STUDYBOT_SHARD_COUNT": "shard_count",
    "STUDYBOT_SHARD_IDS": "shard_ids",
    "STUDYBOT_GRADER_CACHE": "grader_cache",
}
KNOWN_KEYS = frozenset(ENV_KEYS.values())
# Settings key -> the command-line option that also sets it (problems name what was typed).
FLAGS = {
    "db_path": "--db",
    "bank_paths": "--bank",
    "shard_count": "--shard-count",
    "shard_ids": "--shard-ids",
}


class SettingsError(Exception):
    """Every problem found in the configuration, one per line."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True, slots=True)
class Settings:
    token: str = field(default="", repr=False)
    # A SQLite file, or a PostgreSQL URL kept as text (a Path would fold its "//").
    db_path: Path | str = field(repr=False, default_factory=lambda: default_data_dir() / "studybot.db")
    bank_paths: tuple[Path, ...] = field(default_factory=lambda: (default_bank_dir(),))
    default_timezone: str = "UTC"
    log_level: str = "INFO"
    dev_guild_id: int | None = None
    api_base_url: str | None = None
    message_content: bool = False
    # This process runs shard_ids of shard_count shards; None: one process, Discord's choice.
    shard_count: int | None = None
    shard_ids: tuple[int, ...] | None = None
    grader_cache: int = DEFAULT_GRADER_CACHE

    def secrets(self) -> tuple[str, ...]:
        """What no log line may show: the token and the database password (as written and decoded),
        before the host or as a `password=` query parameter."""
        if not isinstance(self.db_path, str):
            return (self.token,)
        url = urlparse(self.db_path)
        written = [url.password, *re.findall(r"(?:^|&)password=([^&#]*)", url.query)]
        return (self.token, *(form for p in written if p for form in (p, unquote(p))))

    def leased_shards(self) -> tuple[int, ...]:
        """The shards this process holds a lease on in the database: those it runs when shard
        settings are given (all of them without shard_ids); none without shard settings."""
        if self.shard_count is None:
            return ()
        return self.shard_ids if self.shard_ids is not None else tuple(range(self.shard_count))


def default_data_dir() -> Path:
    """Where a user's data lives on this platform (XDG on Linux)."""
    home = Path.home()
    if sys.platform == "win32":
        return Path(os.environ.get("APPDATA", home / "AppData" / "Roaming")) / "studybot"
    if sys.platform == "darwin":
        return home / "Library" / "Application Support" / "studybot"
    return Path(os.environ.get("XDG_DATA_HOME") or home / ".local" / "share") / "studybot"


def default_bank_dir() -> Path:
    """`questions/` in the working directory, else the banks bundled in the installed package
    (setup.py copies them in), else those of the clone an editable install came from."""
    here = Path("questions")
    if here.is_dir():
        return here
    bundled = Path(__file__).resolve().parent / "questions"
    return bundled if bundled.is_dir() else Path(__file__).resolve().parent.parent / "questions"


def read_dotenv(path: Path) -> dict[str, str]:
    """KEY=VALUE lines; `#` comments (whole lines, or after a value), optional `export ` and
    matching quotes are allowed."""
    values: dict[str, str] = {}
    if not path.is_file():
        return values
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SettingsError([f"{path}: cannot read: {exc.strerror or exc}"]) from None
    try:
        text = data.decode("utf-8-sig")  # Notepad's byte-order mark would hide the first key
    except UnicodeDecodeError as exc:  # no text from it: the token may be on that line
        line = data.count(b"\n", 0, exc.start) + 1
        raise SettingsError([f"{path}:{line}: not valid UTF-8; save the file as UTF-8"]) from None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _, value = line.removeprefix("export ").partition("=")
        values[key.strip()] = _dotenv_value(value.strip())
    return values


def _dotenv_value(value: str) -> str:
    """The value without its quotes, or without a ` # comment` after it (python-dotenv reads both
    so; kept, the comment made a token "contain spaces")."""
    if value[:1] in ("'", '"') and (end := value.find(value[0], 1)) > 0:
        return value[1:end]
    return re.split(r"\s#", value, maxsplit=1)[0].rstrip()


def read_config_file(path: Path) -> dict[str, object]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SettingsError([f"config file {path}: not found"]) from None
    except OSError as exc:  # a folder, no permission
        raise SettingsError([f"config file {path}: cannot read: {exc.strerror or exc}"]) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SettingsError([f"config file {path}: {exc}"]) from None
    section = data.get("studybot", data)
    if not isinstance(section, dict):
        raise SettingsError([f"config file {path}: [studybot] must be a table"])
    unknown = sorted(set(section) - KNOWN_KEYS)
    if unknown:
        raise SettingsError([_unknown_key(path, k) for k in unknown])
    return dict(section)


def _unknown_key(path: Path, key: str) -> str:
    close = difflib.get_close_matches(key, sorted(KNOWN_KEYS), 1, 0.5)
    if not close and key.upper() in ENV_KEYS:  # an environment name used as a key
        close = [ENV_KEYS[key.upper()]]
    if not close:
        close = [k for k in sorted(KNOWN_KEYS) if key in k.split("_")][:1]  # timezone -> default_timezone
    if close:
        return f"config file {path}: unknown key {key!r}; did you mean {close[0]!r}?"
    return f"config file {path}: unknown key {key!r}; known keys: {', '.join(sorted(KNOWN_KEYS))}"


def load_settings(
    env: Mapping[str, str] | None = None,
    config_path: Path | None = None,
    dotenv_path: Path | None = Path(".env"),
    overrides: Mapping[str, object] | None = None,
) -> Settings:
    """Build the settings; raises SettingsError listing every problem."""
    env = dict(os.environ if env is None else env)
    raw: dict[str, object] = {}
    origins: dict[str, str] = {}  # key -> how the user wrote it, for problems with its value
    config_path = config_path or (Path(env["STUDYBOT_CONFIG"]) if env.get("STUDYBOT_CONFIG") else None)
    if config_path is not None:
        section = read_config_file(config_path)
        raw.update(section)
        origins.update({key: f"{key} in {config_path}" for key in section})
    layered_env = {**(read_dotenv(dotenv_path) if dotenv_path else {}), **env}
    for name, key in ENV_KEYS.items():
        if layered_env.get(name, "") != "":
            raw[key], origins[key] = layered_env[name], name
    for key, value in (overrides or {}).items():
        if value is not None:
            raw[key], origins[key] = value, FLAGS.get(key, _env_name(key))
    return _validate(raw, origins)


def _validate(raw: Mapping[str, object], origins: Mapping[str, str] | None = None) -> Settings:
    problems: list[str] = []
    values: dict[str, object] = {}
    for key, parse in _PARSERS.items():
        if key not in raw:
            continue
        try:
            values[key] = parse(raw[key])
        except ValueError as exc:
            problems.append(f"{(origins or {}).get(key, _env_name(key))}: {exc}")
    problems += _check_shards(values.get("shard_count"), values.get("shard_ids"))
    if problems:
        raise SettingsError(problems)
    return Settings(**values)  # type: ignore[arg-type]


def _env_name(key: str) -> str:
    return next(name for name, k in ENV_KEYS.items() if k == key)


def _parse_token(value: object) -> str:
    token = str(value).strip()
    if any(c.isspace() for c in token):
        raise ValueError("the token contains spaces; copy it again from the Developer Portal")
    return token


def _parse_paths(value: object) -> tuple[Path, ...]:
    items = value if isinstance(value, list) else str(value).split(os.pathsep)
    paths = tuple(Path(str(p)).expanduser() for p in items if str(p).strip())
    if not paths:
        raise ValueError("give at least one bank file or folder")
    return paths


def _parse_timezone(value: object) -> str:
    name = str(value).strip()
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {name!r}; use an IANA name such as Europe/Berlin") from None
    return name


def _parse_log_level(value: object) -> str:
    level = str(value).strip().upper()
    if level not in LOG_LEVELS:
        raise ValueError(f"{value!r} is not one of {', '.join(LOG_LEVELS)}")
    return level


def _parse_guild(value: object) -> int:
    text = str(value).strip()
    if not is_number(text) or not 0 < int(text) < 2**64:
        raise ValueError(f"{value!r} is not a server id (a number; right-click the server, Copy Server ID)")
    return int(text)


def _parse_url(value: object) -> str:
    url = str(value).strip().rstrip("/")
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise ValueError(f"{value!r} is not an http(s) URL such as {DEFAULT_API_BASE_URL}")
    return url


def _parse_db(value: object) -> Path | str:
    from bot.store.errors import StoreError
    from bot.store.target import parse_target  # the store owns the URL rules

    try:
        target = parse_target(str(value))
    except StoreError as exc:
        raise ValueError(str(exc)) from None
    return target.url if target.is_postgres else Path(target.path).expanduser()


def _parse_shard_count(value: object) -> int:
    text = str(value).strip()
    if not is_number(text) or int(text) < 1:
        raise ValueError(f"{value!r} is not a number of shards (1 or more)")
    return int(text)


def _parse_shard_ids(value: object) -> tuple[int, ...]:
    items = value if isinstance(value, list) else str(value).replace(" ", "").split(",")
    if not all(is_number(str(i)) for i in items) or not items:
        raise ValueError(f"{value!r} is not a list of shard numbers such as 0,1")
    ids = tuple(int(i) for i in items)
    if len(set(ids)) != len(ids):
        raise ValueError(f"{value!r} names a shard twice")
    return ids


def _check_shards(count: object, ids: object) -> list[str]:
    if ids is None:
        return []
    if count is None:
        return [
            "STUDYBOT_SHARD_IDS: give the total number of shards too (--shard-count / STUDYBOT_SHARD_COUNT)"
        ]
    assert isinstance(count, int) and isinstance(ids, tuple)
    too_big = [i for i in ids if i >= count]
    if too_big:
        return [f"STUDYBOT_SHARD_IDS: shards are numbered 0 to {count - 1}; {too_big} do not exist"]
    return []


def _parse_grader_cache(value: object) -> int:
    text = str(value).strip()
    if not is_number(text) or not 1 <= int(text) <= MAX_GRADER_CACHE:
        raise ValueError(f"{value!r} is not a number of servers from 1 to {MAX_GRADER_CACHE}")
    return int(text)


def is_number(text: str) -> bool:
    """ASCII digits only: str.isdigit() also accepts "²" and "٣", which are no way to type a number
    (int() refuses the first and reads the second). Also for the console's and CLI's arguments."""
    return text.isascii() and text.isdigit()


def _parse_bool(value: object) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off"):
        return False
    raise ValueError(f"{value!r} is not true or false")


_PARSERS = {
    "token": _parse_token,
    "db_path": _parse_db,
    "bank_paths": _parse_paths,
    "default_timezone": _parse_timezone,
    "log_level": _parse_log_level,
    "dev_guild_id": _parse_guild,
    "api_base_url": _parse_url,
    "message_content": _parse_bool,
    "shard_count": _parse_shard_count,
    "shard_ids": _parse_shard_ids,
    "grader_cache": _parse_grader_cache,
}
