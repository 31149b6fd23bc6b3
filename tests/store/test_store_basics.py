"""Guilds, dailies, attempts, reveals and summaries against a real migrated database."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone

import pytest

from bot.model import GuildSetup
from bot.store import MAX_REPLY_CHARS, QuizScore, Refusal, Store, StreakRow

DAY = date(2026, 3, 2)


@pytest.fixture
async def store(db_url: str) -> AsyncIterator[Store]:
    async with Store.open(db_url) as s:
        yield s


async def test_guild_round_trip_and_delete_keeps_scores(store: Store) -> None:
    setup = GuildSetup(10, 20, time(8, 30), "Asia/Shanghai", role_id=30, thread=True, banks=("llm", "ml"))
    await store.save_guild(setup)
    assert await store.get_guild(10) == setup
    changed = GuildSetup(10, 21, time(21, 5), "Europe/Paris")
    await store.save_guild(changed)
    assert await store.list_guilds() == [changed]
    await store.record_attempt(10, 1, "q1", DAY, "r", "correct", 1.0, 10, 3)
    assert await store.delete_guild(10) is True
    assert await store.delete_guild(10) is False
    assert await store.get_guild(10) is None
    assert (await store.user_stats(10, 1)).points == 10


async def test_guild_language_is_kept_and_cleared(store: Store) -> None:
    chosen = GuildSetup(10, 20, time(8, 30), "Asia/Shanghai", language="zh-TW")
    await store.save_guild(chosen)
    assert (await store.get_guild(10)) == chosen
    await store.save_guild(GuildSetup(10, 20, time(8, 30), "Asia/Shanghai"))
    assert (await store.get_guild(10)).language is None  # type: ignore[union-attr]


async def test_create_daily_keeps_the_first_choice(store: Store) -> None:
    first = await store.create_daily(1, DAY, "q1", 0, 1)
    second = await store.create_daily(1, DAY, "q9", 0, 7)
    assert first == second
    assert second.question_id == "q1" and not second.posted
    assert await store.get_daily(1, DAY) == first
    assert await store.get_daily(2, DAY) is None


async def test_posting_closing_and_open_dailies(store: Store) -> None:
    days = [date(2026, 3, d) for d in (1, 2, 3, 4)]
    for n, d in enumerate(days, start=1):
        await store.create_daily(1, d, f"q{n}", 0, n)
    for d in days[:3]:
        assert await store.set_daily_posted(1, d, 100, 200 + d.day, thread_id=None)
    assert not await store.set_daily_posted(1, date(2026, 4, 1), 100, 1)
    assert await store.set_daily_closed(1, days[0]) is True
    assert await store.set_daily_closed(1, days[0]) is False
    still_open = await store.open_dailies_before(1, days[3])
    assert [r.day for r in still_open] == [days[1], days[2]]
    assert still_open[0].message_id == 202 and still_open[0].channel_id == 100
    assert await store.posted_questions(1) == [(0, "q1"), (0, "q2"), (0, "q3"), (0, "q4")]
    await store.create_daily(2, days[0], "q1", 0, 1)
    assert await store.last_posted_days() == {1: days[2]}
    latest = await store.latest_daily(1)
    assert latest is not None and latest.day == days[3]


async def test_attempt_limit_and_best_kept(store: Store) -> None:
    a = await store.record_attempt(1, 7, "q1", DAY, "one", "partial", 0.6, 6, 3)
    b = await store.record_attempt(1, 7, "q1", DAY, "two", "wrong", 0.1, 0, 3)
    c = await store.record_attempt(1, 7, "q1", DAY, "three", "partial", 0.7, 7, 3)
    d = await store.record_attempt(1, 7, "q1", DAY, "four", "correct", 1.0, 10, 3)
    assert (a.attempt_no, a.improved, a.points_gained) == (1, True, 6)
    assert (b.attempt_no, b.improved, b.best_points, b.points_gained) == (2, False, 6, 0)
    assert (c.attempt_no, c.improved, c.best_points, c.points_gained) == (3, True, 7, 1)
    assert d.refused is Refusal.NO_ATTEMPTS_LEFT and not d.recorded and d.attempts_used == 3
    result = await store.result(1, 7, "q1", DAY)
    assert result is not None
    summary = (result.attempts, result.best_points, result.best_verdict, result.best_score)
    assert summary == (3, 7, "partial", 0.7)
    assert [x.reply for x in await store.attempts(1, 7, "q1", DAY)] == ["one", "two", "three"]


async def test_no_attempt_after_correct_unless_asked(store: Store) -> None:
    await store.record_attempt(1, 7, "q1", DAY, "r", "correct", 1.0, 10, 5)
    again = await store.record_attempt(1, 7, "q1", DAY, "r", "correct", 1.0, 10, 5)
    assert again.refused is Refusal.ALREADY_CORRECT
    more = await store.record_attempt(1, 7, "q1", DAY, "r", "correct", 1.0, 10, 5, stop_after_correct=False)
    assert more.recorded and more.attempt_no == 2 and more.best_points == 10 and not more.improved


async def test_refusal_writes_no_streak(store: Store) -> None:
    await store.record_attempt(1, 7, "q1", DAY, "r", "wrong", 0.0, 0, 1, StreakRow(0, 4, None))
    await store.record_attempt(1, 7, "q1", DAY, "r", "correct", 1.0, 10, 1, StreakRow(5, 5, DAY))
    assert await store.get_streak(1, 7) == StreakRow(0, 4, None)


async def test_streak_written_with_attempt_and_directly(store: Store) -> None:
    assert await store.get_streak(1, 7) == StreakRow()
    await store.record_attempt(1, 7, "q1", DAY, "r", "correct", 1.0, 10, 3, (3, 5, DAY))
    assert await store.get_streak(1, 7) == StreakRow(3, 5, DAY)
    await store.set_streak(1, 7, StreakRow(0, 5, DAY))
    assert await store.get_streak(1, 7) == StreakRow(0, 5, DAY)
    with pytest.raises(ValueError):
        await store.set_streak(1, 7, StreakRow(6, 5, DAY))


async def test_reveal_before_answering_forfeits(store: Store) -> None:
    revealed = await store.mark_revealed(1, 7, "q1", DAY)
    assert revealed.revealed and revealed.forfeited and revealed.attempts == 0
    out = await store.record_attempt(1, 7, "q1", DAY, "copied", "correct", 1.0, 10, 3)
    assert out.recorded and out.forfeited and out.points == 0 and out.best_points == 0
    result = await store.result(1, 7, "q1", DAY)
    assert result is not None and result.best_verdict == "correct" and not result.correct
    assert await store.day_summary(1, "q1", DAY) == (1, 0)
    stats = await store.user_stats(1, 7)
    assert (stats.points, stats.answered, stats.correct, stats.rank) == (0, 1, 0, None)


async def test_reveal_after_answering_keeps_points(store: Store) -> None:
    await store.record_attempt(1, 7, "q1", DAY, "r", "partial", 0.5, 5, 3)
    revealed = await store.mark_revealed(1, 7, "q1", DAY)
    assert revealed.revealed and not revealed.forfeited and revealed.best_points == 5
    again = await store.mark_revealed(1, 7, "q1", DAY)
    assert again == revealed


async def test_day_summary_counts_distinct_users(store: Store) -> None:
    await store.record_attempt(1, 1, "q1", DAY, "r", "wrong", 0.0, 0, 3)
    await store.record_attempt(1, 1, "q1", DAY, "r", "correct", 1.0, 10, 3)
    await store.record_attempt(1, 2, "q1", DAY, "r", "partial", 0.5, 5, 3)
    await store.record_attempt(1, 3, "q1", DAY, "r", "wrong", 0.0, 0, 3)
    await store.record_attempt(1, 4, "q2", DAY, "r", "correct", 1.0, 10, 3)
    await store.record_attempt(2, 5, "q1", DAY, "r", "correct", 1.0, 10, 3)
    await store.mark_revealed(1, 6, "q1", DAY)
    assert await store.day_summary(1, "q1", DAY) == (3, 1)


async def test_long_reply_is_bounded(store: Store) -> None:
    await store.record_attempt(1, 7, "q1", DAY, "x" * 10_000, "wrong", 0.0, 0, 3)
    (stored,) = await store.attempts(1, 7, "q1", DAY)
    assert len(stored.reply) == MAX_REPLY_CHARS and stored.reply.endswith("…")


@pytest.mark.parametrize(
    ("verdict", "score", "points", "max_attempts"),
    [("great", 1.0, 1, 3), ("correct", 1.5, 1, 3), ("correct", 1.0, -1, 3), ("correct", 1.0, 1, 0)],
)
async def test_bad_attempt_values_are_rejected(
    store: Store, verdict: str, score: float, points: int, max_attempts: int
) -> None:
    with pytest.raises(ValueError):
        await store.record_attempt(1, 7, "q1", DAY, "r", verdict, score, points, max_attempts)
    assert await store.result(1, 7, "q1", DAY) is None


@dataclass(frozen=True)
class _OtherStreak:
    """Shaped like the rules' streak value: the store takes any object with these fields."""

    current: int
    best: int
    last_day: date | None


async def test_streak_accepts_any_object_with_its_fields(store: Store) -> None:
    await store.record_attempt(1, 7, "q1", DAY, "r", "correct", 1.0, 10, 3, _OtherStreak(2, 9, DAY))
    assert await store.get_streak(1, 7) == StreakRow(2, 9, DAY)


@dataclass(frozen=True)
class _Standing:
    rank: int
    user_id: int
    points: int
    correct: int


async def test_quiz_results_round_trip(store: Store) -> None:
    early = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
    late = datetime(2026, 3, 2, 12, 0, tzinfo=timezone(timedelta(hours=8)))  # 04:00 UTC, earlier
    assert await store.record_quiz(1, 50, early, [QuizScore(7, 3, 3, 5), QuizScore(8, 4, 4)]) == 2
    assert await store.record_quiz(1, 50, early, [QuizScore(7, 3, 3, 5)]) == 0  # same quiz again
    assert await store.record_quiz(1, 51, late, [_Standing(1, 7, 2, 2)]) == 1
    assert await store.record_quiz(2, 50, early, [QuizScore(9, 1, 1)]) == 1
    rows = await store.quiz_results(1)
    assert [(r.channel_id, r.user_id, r.points, r.correct, r.answered) for r in rows] == [
        (50, 8, 4, 4, 4),
        (50, 7, 3, 3, 5),
        (51, 7, 2, 2, 2),
    ]
    assert rows[0].started_at == early and rows[2].started_at == late
    assert [r.points for r in await store.quiz_results(1, user_id=7)] == [3, 2]
    with pytest.raises(ValueError):
        await store.record_quiz(1, 50, datetime(2026, 3, 2, 10, 0), [QuizScore(7, 1, 1)])


async def test_attempts_after_a_reveal_add_nothing(store: Store) -> None:
    await store.record_attempt(1, 7, "q1", DAY, "r", "wrong", 0.1, 0, 3)
    await store.record_attempt(1, 8, "q1", DAY, "r", "partial", 0.5, 5, 3)
    for user in (7, 8):
        await store.mark_revealed(1, user, "q1", DAY)
    late = await store.record_attempt(1, 7, "q1", DAY, "copied", "correct", 1.0, 10, 3)
    assert (late.recorded, late.forfeited, late.points, late.best_points, late.improved) == (
        True, True, 0, 0, False,
    )  # fmt: skip
    other = await store.record_attempt(1, 8, "q1", DAY, "copied", "correct", 1.0, 10, 3)
    assert (other.points, other.best_points, other.points_gained) == (0, 5, 0)
    seven = await store.result(1, 7, "q1", DAY)
    assert seven is not None and seven.best_verdict == "wrong" and not seven.correct
    assert await store.day_summary(1, "q1", DAY) == (2, 0)
    assert [a.points for a in await store.attempts(1, 7, "q1", DAY)] == [0, 0]
    # Nothing to gain, but the limit still applies and there is nothing "already correct".
    again = await store.record_attempt(1, 7, "q1", DAY, "r", "correct", 1.0, 10, 3)
    assert again.recorded and again.attempt_no == 3


async def test_forfeited_correct_answer_is_not_already_correct(store: Store) -> None:
    await store.mark_revealed(1, 7, "q1", DAY)
    await store.record_attempt(1, 7, "q1", DAY, "r", "correct", 1.0, 10, 3)
    again = await store.record_attempt(1, 7, "q1", DAY, "r", "correct", 1.0, 10, 3)
    assert again.recorded and again.points == 0
