"""Calendar maths for a guild's day, in the guild's own IANA time zone.

Every function takes the current instant as a plain aware datetime, so callers decide what "now" is.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

_HHMM = re.compile(r"\s*([01]?\d|2[0-3]):([0-5]\d)\s*")
# Longest stretch of wall-clock time a zone has ever skipped (Samoa dropped a whole day in 2011).
_MAX_GAP = timedelta(hours=48)


# Unbounded on purpose: there are fewer than 600 IANA zones, so the cache stays small, while a
# bounded one smaller than the zones in use misses on every call of a due check that
# walks all guilds and rebuilds each zone. Unknown names raise and are not cached.
@cache
def zone(name: str) -> ZoneInfo:
    """The ZoneInfo for an IANA name; raises ZoneInfoNotFoundError for unknown names."""
    return ZoneInfo(name)


def parse_hhmm(value: str) -> time | None:
    """A 24-hour "HH:MM" posting time (surrounding spaces allowed); None when it is not one."""
    m = _HHMM.fullmatch(value)
    return time(int(m[1]), int(m[2])) if m else None


def is_valid_zone(name: str) -> bool:
    try:
        zone(name)
    except (ValueError, KeyError, OSError):
        # ZoneInfoNotFoundError is a KeyError; malformed names raise ValueError.
        return False
    return True


@cache
def zone_names() -> tuple[str, ...]:
    """Every IANA zone id this system knows, sorted."""
    return tuple(sorted(available_timezones()))


def known_zone(name: str) -> str | None:
    """The IANA id `name` means: as typed, or typed in other letter case ("utc", "asia/shanghai")."""
    zones = zone_names()
    if name in zones:
        return name
    return next((z for z in zones if z.lower() == name.lower()), None)


def _require_aware(now: datetime) -> None:
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("expected an aware datetime")


def local_day(now: datetime, tz: str) -> date:
    """The guild's local date at instant `now`; days start at local midnight."""
    _require_aware(now)
    return now.astimezone(zone(tz)).date()


def _exists(wall: datetime, tz: ZoneInfo) -> bool:
    back = wall.replace(tzinfo=tz).astimezone(UTC).astimezone(tz)
    return back.replace(tzinfo=None) == wall


def post_instant(day: date, post_time: time, tz: str) -> datetime:
    """The UTC instant a post at local `post_time` on local `day` happens.

    A wall time skipped by a spring-forward gap posts at the first valid minute after it; a wall
    time that happens twice in a fall-back posts at its first occurrence.
    """
    zi = zone(tz)
    wall = datetime.combine(day, post_time.replace(tzinfo=None, fold=0))
    if not _exists(wall, zi):
        wall = wall.replace(second=0, microsecond=0)
        limit = wall + _MAX_GAP
        while not _exists(wall, zi) and wall < limit:
            wall += timedelta(minutes=1)
    # fold=0 selects the earlier of two ambiguous instants.
    return wall.replace(tzinfo=zi, fold=0).astimezone(UTC)


def is_due(now: datetime, tz: str, post_time: time, last_posted: date | None) -> bool:
    """True when today's local post time has been reached and today's daily was not posted."""
    today = local_day(now, tz)
    if last_posted is not None and last_posted >= today:
        return False
    return now >= post_instant(today, post_time, tz)


def next_post(now: datetime, tz: str, post_time: time, last_posted: date | None) -> datetime:
    """The UTC instant of the next posting; `now` (as UTC) when a posting is already overdue.

    A last post dated after the local today (the zone was moved back across midnight since) is
    followed by the day after it, as `is_due` holds every day up to it.
    """
    today = local_day(now, tz)
    day = today if last_posted is None or last_posted < today else last_posted + timedelta(days=1)
    return max(post_instant(day, post_time, tz), now.astimezone(UTC))


def week_start(day: date) -> date:
    """The Monday starting `day`'s week (weeks run Monday to Sunday)."""
    return day - timedelta(days=day.weekday())


def month_start(day: date) -> date:
    return day.replace(day=1)
