import zoneinfo
from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.rules.schedule import (
    is_due,
    is_valid_zone,
    known_zone,
    local_day,
    month_start,
    next_post,
    parse_hhmm,
    post_instant,
    week_start,
    zone,
)

NY = "America/New_York"
LH = "Australia/Lord_Howe"
KTM = "Asia/Kathmandu"


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_local_day_follows_zone_midnight() -> None:
    # 03:00 UTC is still the previous evening in New York and already morning in Shanghai.
    now = utc(2024, 5, 10, 3, 0)
    assert local_day(now, NY) == date(2024, 5, 9)
    assert local_day(now, "Asia/Shanghai") == date(2024, 5, 10)
    assert local_day(now, "UTC") == date(2024, 5, 10)


def test_local_day_kathmandu_quarter_hour_offset() -> None:
    # +05:45: local midnight is 18:15 UTC the day before.
    assert local_day(utc(2024, 5, 9, 18, 14), KTM) == date(2024, 5, 9)
    assert local_day(utc(2024, 5, 9, 18, 15), KTM) == date(2024, 5, 10)


def test_local_day_rejects_naive() -> None:
    with pytest.raises(ValueError):
        local_day(datetime(2024, 1, 1), NY)


def test_post_instant_plain_days() -> None:
    assert post_instant(date(2024, 1, 15), time(9, 0), NY) == utc(2024, 1, 15, 14, 0)  # EST
    assert post_instant(date(2024, 7, 15), time(9, 0), NY) == utc(2024, 7, 15, 13, 0)  # EDT
    assert post_instant(date(2024, 7, 15), time(9, 0), KTM) == utc(2024, 7, 15, 3, 15)


def test_spring_forward_gap_posts_at_first_valid_minute() -> None:
    # 2024-03-10: New York clocks jump from 02:00 EST to 03:00 EDT (07:00 UTC).
    assert post_instant(date(2024, 3, 10), time(2, 30), NY) == utc(2024, 3, 10, 7, 0)
    assert post_instant(date(2024, 3, 10), time(2, 0), NY) == utc(2024, 3, 10, 7, 0)
    # Just outside the gap nothing moves.
    assert post_instant(date(2024, 3, 10), time(1, 59), NY) == utc(2024, 3, 10, 6, 59)
    assert post_instant(date(2024, 3, 10), time(3, 0), NY) == utc(2024, 3, 10, 7, 0)
    assert post_instant(date(2024, 3, 10), time(3, 1), NY) == utc(2024, 3, 10, 7, 1)


def test_fall_back_ambiguous_time_posts_at_first_occurrence() -> None:
    # 2024-11-03: 01:00-02:00 happens twice in New York; the first is EDT (05:xx UTC).
    assert post_instant(date(2024, 11, 3), time(1, 30), NY) == utc(2024, 11, 3, 5, 30)


def test_fall_back_posts_once() -> None:
    day = date(2024, 11, 3)
    first = utc(2024, 11, 3, 5, 30)
    second = utc(2024, 11, 3, 6, 30)  # 01:30 EST, the same wall time again
    assert is_due(first, NY, time(1, 30), None)
    assert not is_due(first - timedelta(minutes=1), NY, time(1, 30), None)
    # Once posted for the day, the repeated 01:30 is not due again.
    assert not is_due(second, NY, time(1, 30), day)
    assert next_post(second, NY, time(1, 30), day) == utc(2024, 11, 4, 6, 30)


def test_lord_howe_half_hour_dst() -> None:
    # Lord Howe moves from +10:30 to +11:00 at 02:00 local on 2024-10-06; 02:00-02:30 does not exist.
    assert post_instant(date(2024, 10, 6), time(2, 10), LH) == utc(2024, 10, 5, 15, 30)
    assert post_instant(date(2024, 10, 6), time(2, 30), LH) == utc(2024, 10, 5, 15, 30)
    # On 2024-04-07 it moves back at 02:00 to +10:30; 01:30-02:00 happens twice.
    assert post_instant(date(2024, 4, 7), time(1, 45), LH) == utc(2024, 4, 6, 14, 45)
    # A day later it is plain +10:30.
    assert post_instant(date(2024, 4, 8), time(1, 45), LH) == utc(2024, 4, 7, 15, 15)


def test_is_due_and_next_post_across_spring_forward() -> None:
    pt = time(2, 30)
    before = utc(2024, 3, 10, 6, 59)
    assert not is_due(before, NY, pt, date(2024, 3, 9))
    assert next_post(before, NY, pt, date(2024, 3, 9)) == utc(2024, 3, 10, 7, 0)
    at = utc(2024, 3, 10, 7, 0)
    assert is_due(at, NY, pt, date(2024, 3, 9))
    assert not is_due(at, NY, pt, date(2024, 3, 10))
    # After posting, the next one is the next day's 02:30 EDT.
    assert next_post(at, NY, pt, date(2024, 3, 10)) == utc(2024, 3, 11, 6, 30)


def test_next_post_overdue_returns_now() -> None:
    now = utc(2024, 7, 15, 20, 0)
    assert next_post(now, NY, time(9, 0), date(2024, 7, 14)) == now
    assert next_post(now, NY, time(9, 0), None) == now


def test_due_uses_local_day_not_utc_day() -> None:
    # 01:00 UTC on the 16th is 21:00 on the 15th in New York: the 15th's daily is due if missing.
    now = utc(2024, 7, 16, 1, 0)
    assert is_due(now, NY, time(9, 0), date(2024, 7, 14))
    assert not is_due(now, NY, time(9, 0), date(2024, 7, 15))


def test_week_and_month_start() -> None:
    assert week_start(date(2024, 5, 12)) == date(2024, 5, 6)  # Sunday -> Monday before
    assert week_start(date(2024, 5, 6)) == date(2024, 5, 6)
    assert week_start(date(2024, 1, 2)) == date(2024, 1, 1)
    assert week_start(date(2025, 1, 1)) == date(2024, 12, 30)  # crosses a year
    assert month_start(date(2024, 2, 29)) == date(2024, 2, 1)


def test_post_times_are_hh_mm_within_a_day_and_anything_else_is_refused() -> None:
    assert parse_hhmm("08:30") == time(8, 30)
    assert parse_hhmm(" 7:05 ") == time(7, 5)
    assert parse_hhmm("23:59") == time(23, 59)
    for bad in ("24:00", "8:60", "0830", "08:30:00", "", "8.30"):
        assert parse_hhmm(bad) is None, bad


def test_only_real_iana_zone_names_are_valid() -> None:
    assert is_valid_zone("Asia/Kathmandu")
    assert not is_valid_zone("Mars/Olympus")
    assert not is_valid_zone("../etc/passwd")
    assert not is_valid_zone("")


ZONES = [
    "UTC",
    NY,
    LH,
    KTM,
    "Europe/London",
    "Australia/Sydney",
    "America/Santiago",  # changes at midnight: some days start at 01:00
    "Asia/Tehran",
    "America/St_Johns",  # -03:30 / -02:30
]


@given(
    tz=st.sampled_from(ZONES),
    day=st.dates(min_value=date(2000, 1, 1), max_value=date(2035, 12, 31)),
    hour=st.integers(0, 23),
    minute=st.integers(0, 59),
)
def test_post_instant_lands_on_its_day_at_or_just_after_the_wall_time(
    tz: str, day: date, hour: int, minute: int
) -> None:
    wall = time(hour, minute)
    instant = post_instant(day, wall, tz)
    local = instant.astimezone(zone(tz))
    assert local.date() == day
    assert local.time().replace(fold=0) >= wall
    # Only a gap moves the time, and never by more than the gap (at most an hour in these zones).
    moved = datetime.combine(day, local.time()) - datetime.combine(day, wall)
    assert timedelta(0) <= moved <= timedelta(hours=1)
    yesterday = day - timedelta(days=1)
    assert is_due(instant, tz, wall, yesterday)
    assert not is_due(instant - timedelta(seconds=1), tz, wall, yesterday)
    assert not is_due(instant, tz, wall, day)


def test_every_zone_stays_cached_when_all_are_in_use() -> None:
    # A due check walks every guild; with more zones in use than a bounded cache holds, each call
    # would rebuild its zone.
    names = sorted(zoneinfo.available_timezones())
    assert len(names) > 256
    for name in names:
        zone(name)
    before = zone.cache_info().misses
    for name in names:
        zone(name)
    assert zone.cache_info().misses == before


def test_known_zone_takes_any_letter_case_and_gives_the_iana_spelling() -> None:
    assert known_zone("Asia/Shanghai") == "Asia/Shanghai"
    assert known_zone("asia/SHANGHAI") == "Asia/Shanghai"
    assert known_zone("utc") == "UTC"
    assert known_zone("Mars/Olympus") is None
    assert known_zone("") is None
