"""Dates, times, numbers and time zones the way a translator's readers write them (Babel, CLDR)."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from babel import dates, numbers

from bot.i18n import Translator
from bot.i18n.names import babel_locale


def day(t: Translator, value: date) -> str:
    """A calendar day: "Mar 2, 2026" / "2026年3月2日"."""
    return dates.format_date(value, format="medium", locale=babel_locale(t.locale))


def clock(t: Translator, value: time) -> str:
    """A wall-clock time, 24 h: "09:00"."""
    return dates.format_time(value, format="HH:mm", locale=babel_locale(t.locale))


def moment(t: Translator, value: datetime) -> str:
    """An aware instant in UTC: "Mar 2, 2026, 09:00 UTC" / "2026年3月2日 09:00 UTC"."""
    utc = value.astimezone(ZoneInfo("UTC"))
    pattern = str(dates.get_datetime_format("medium", locale=babel_locale(t.locale)))
    return pattern.format(clock(t, utc.time()), day(t, utc.date())) + " UTC"


def number(t: Translator, value: float) -> str:
    return numbers.format_decimal(value, locale=babel_locale(t.locale))


def percent(t: Translator, value: float) -> str:
    """A ratio as a whole percentage: 0.75 -> "75%"."""
    return numbers.format_percent(value, format="#,##0%", locale=babel_locale(t.locale))


def _unnamed(name: str) -> bool:
    # CLDR calls these "Unknown Region"; the id itself is clearer.
    return name in {"UTC", "GMT", "Zulu", "Universal", "UCT", "Greenwich"} or name.startswith("Etc/")


def zone_location(t: Translator, name: str, city: bool = False) -> str | None:
    """Where a time zone is, in the reader's words: "China (Shanghai) Time", "中国（上海）时间";
    with `city`, only its city ("台北")."""
    if _unnamed(name):
        return None
    try:
        return dates.get_timezone_location(name, locale=babel_locale(t.locale), return_city=city) or None
    except (LookupError, ValueError):
        return None


def zone(t: Translator, name: str, when: datetime | None = None) -> str:
    """A time zone as people know it ("China Standard Time", "中国标准时间"), then its IANA id."""
    if _unnamed(name):
        return name
    try:
        tz = ZoneInfo(name)
        label = dates.get_timezone_name(
            when.astimezone(tz) if when else tz, width="long", locale=babel_locale(t.locale)
        )
    except (LookupError, ValueError):
        return name
    return name if not label or label == name else f"{label} · {name}"
