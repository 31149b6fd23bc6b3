"""The next post after the zone was moved back across midnight since the last post."""

from datetime import UTC, date, datetime, time

from bot.rules.schedule import is_due, next_post

LA = "America/Los_Angeles"


def test_the_next_post_after_a_post_dated_later_than_the_local_day_is_the_day_after_it() -> None:
    now = datetime(2024, 5, 6, 1, 0, tzinfo=UTC)  # 18:00 on May 5 in Los Angeles
    posted = date(2024, 5, 6)  # posted at 09:00 Shanghai time, before the move
    nine = time(9, 0)
    assert next_post(now, LA, nine, posted) == datetime(2024, 5, 7, 16, 0, tzinfo=UTC)
    assert not is_due(datetime(2024, 5, 6, 16, 0, tzinfo=UTC), LA, nine, posted)  # May 6 is posted
    assert is_due(datetime(2024, 5, 7, 16, 0, tzinfo=UTC), LA, nine, posted)
