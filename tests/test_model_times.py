"""The one way stored times are written as text (bot.model.utc_iso)."""

from datetime import UTC, datetime, timedelta, timezone

from hypothesis import given
from hypothesis import strategies as st

from bot.model import utc_iso
from bot.store import store

SHANGHAI = timezone(timedelta(hours=8))


def test_a_time_in_any_zone_is_written_in_utc_with_milliseconds_and_z() -> None:
    assert utc_iso(datetime(2026, 3, 2, 9, 0, 1, 234567, tzinfo=SHANGHAI)) == "2026-03-02T01:00:01.234Z"
    assert utc_iso(datetime(2026, 3, 2, 1, 0, tzinfo=UTC)) == "2026-03-02T01:00:00.000Z"


moments = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC))


@given(moments, moments)
def test_text_order_is_time_order(a: datetime, b: datetime) -> None:
    a, b = (m.replace(microsecond=m.microsecond // 1000 * 1000) for m in (a, b))
    assert (utc_iso(a) < utc_iso(b)) == (a < b)


def test_the_store_writes_now_the_same_way() -> None:
    before = utc_iso(datetime.now(UTC))
    written = store._now_iso()
    assert len(written) == len(before) and written.endswith("Z") and before <= written
