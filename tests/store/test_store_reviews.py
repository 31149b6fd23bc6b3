"""Review cards, logs, settings and deleting a user's data, in the store (and its constraints)."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.grading.verdict import Verdict
from bot.model import GuildSetup, ReviewSettings
from bot.rules.cards import Rating, ReviewCard
from bot.rules.review import new_card, rating_for, review
from bot.store import Store
from bot.store.personal import USER_DATA
from bot.store.reviews import RateOutcome, RateRequest

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
DAY = date(2026, 3, 2)


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    async with Store.open(tmp_path / "bot.db") as opened:
        yield opened


async def rate(
    store: Store, origin: str, verdict: Verdict, at: datetime = NOW, reps: int | None = None, qid: str = "q1"
) -> RateOutcome:
    def make(card: ReviewCard | None, retention: float) -> ReviewCard:
        current = card or new_card(1, 2, qid, at)
        return review(current, rating_for(verdict, current.last_rating), at, retention)

    return await store.rate_card(1, 2, qid, origin, "daily", verdict.value, make, reps)


async def test_one_origin_rates_a_card_once(store: Store) -> None:
    assert await rate(store, "daily:2026-03-02", Verdict.WRONG) is RateOutcome.RATED
    assert await rate(store, "daily:2026-03-02", Verdict.CORRECT) is RateOutcome.DUPLICATE
    card = await store.get_card(1, 2, "q1")
    assert card is not None and card.reps == 1 and card.last_rating is Rating.AGAIN
    assert (
        await rate(store, "review:1", Verdict.CORRECT, NOW + timedelta(minutes=2), reps=0)
        is RateOutcome.STALE
    )
    assert (
        await rate(store, "review:1", Verdict.CORRECT, NOW + timedelta(minutes=2), reps=1)
        is RateOutcome.RATED
    )
    card = await store.get_card(1, 2, "q1")
    assert card is not None and card.reps == 2 and card.last_rating is Rating.EASY
    exported = await store.export_user(1, 2)
    assert [r["origin"] for r in exported["review_logs"]] == ["daily:2026-03-02", "review:1"]


async def test_queue_and_most_overdue_first(store: Store) -> None:
    for minutes, qid in ((30, "late"), (10, "early"), (20, "middle")):
        await rate(store, "x", Verdict.WRONG, NOW + timedelta(minutes=minutes), qid=qid)  # due 1 min later
    at = NOW + timedelta(minutes=25)
    queue = await store.queue(1, 2, at)
    assert (queue.due_now, queue.total) == (2, 3) and queue.next_due == NOW + timedelta(minutes=31)
    assert await store.due_question_ids(1, 2, at) == ["early", "middle"]
    assert await store.due_question_ids(1, 2, at, limit=1, offset=1) == ["middle"]
    assert await store.due_question_ids(1, 2, NOW) == []
    assert (await store.queue(1, 3, at)).total == 0


async def test_settings_round_trip_and_reminders_are_claimed_once_a_day(store: Store) -> None:
    assert await store.review_settings(1, 2) == ReviewSettings()
    await store.save_guild(GuildSetup(1, 10, time(9, 0), "Asia/Tokyo"))
    await store.save_review_settings(1, 2, ReviewSettings(7, 0.85, True))
    assert await store.reminder_candidates(DAY) == [(1, 2, 7, "Asia/Tokyo", None)]
    assert await store.claim_reminder(1, 2, DAY)
    assert not await store.claim_reminder(1, 2, DAY)
    assert await store.reminder_candidates(DAY) == []
    assert await store.reminder_candidates(DAY + timedelta(days=1)) == [(1, 2, 7, "Asia/Tokyo", DAY)]
    assert (await store.review_settings(1, 2)).last_reminded == DAY
    await store.save_review_settings(1, 2, ReviewSettings(8, 0.9, False))
    assert (await store.review_settings(1, 2)).last_reminded == DAY  # kept by a settings change
    assert await store.claim_reminder(1, 2, DAY + timedelta(days=1))


async def test_the_schema_refuses_impossible_review_rows(store: Store, tmp_path: Path) -> None:
    await rate(store, "daily:x", Verdict.CORRECT)
    with sqlite3.connect(tmp_path / "bot.db") as conn:
        bad = [
            "INSERT INTO review_settings (guild_id, user_id, retention) VALUES (1, 4, 0.99)",
            "INSERT INTO review_settings (guild_id, user_id, retention) VALUES (1, 5, 0.5)",
            "INSERT INTO review_settings (guild_id, user_id, reminder_hour) VALUES (1, 6, 24)",
            "UPDATE review_cards SET state = 4",
            "UPDATE review_cards SET difficulty = 11",
            "INSERT INTO review_logs (guild_id, user_id, question_id, origin, source, rating, verdict,"
            " reviewed_at) SELECT guild_id, user_id, question_id, origin, source, rating, verdict,"
            " reviewed_at FROM review_logs",
            "UPDATE review_logs SET source = 'elsewhere'",
        ]
        for sql in bad:
            with pytest.raises(sqlite3.IntegrityError):
                conn.execute(sql)
        assert conn.execute("SELECT COUNT(*) FROM review_logs").fetchone()[0] == 1


async def test_every_table_with_a_user_column_is_in_the_one_list(store: Store, tmp_path: Path) -> None:
    with sqlite3.connect(tmp_path / "bot.db") as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        with_users = {
            t for t in tables if any(c[1] == "user_id" for c in conn.execute(f"PRAGMA table_info({t})"))
        }
        with_guilds = {
            t for t in tables if any(c[1] == "guild_id" for c in conn.execute(f"PRAGMA table_info({t})"))
        }
    listed = {table for table, _ in USER_DATA}
    assert with_users == listed and listed <= with_guilds


async def test_forget_user_in_one_guild_or_everywhere_and_totals_follow(store: Store) -> None:
    for guild in (1, 2):
        for user in (2, 3):
            await store.record_attempt(guild, user, "q1", DAY, "my reply", "correct", 1.0, 10, 3)
    await rate(store, "daily:x", Verdict.CORRECT)
    assert await store.forget_user(2, 1, "self", NOW) > 0
    board, total = await store.leaderboard(1)
    assert [r.user_id for r in board] == [3] and total == 1
    assert (await store.user_stats(2, 2)).points == 10  # the other guild keeps its data
    assert all(not rows for rows in (await store.export_user(1, 2)).values())
    await store.forget_user(2, None, "self", NOW)
    assert all(not rows for rows in (await store.export_user(2, 2)).values())
    assert (await store.user_stats(2, 3)).points == 10


async def test_a_batch_rates_in_order_across_chunks(store: Store) -> None:
    def request(qid: str, origin: str, verdict: Verdict, reps: int | None = None) -> RateRequest:
        def make(card: ReviewCard | None, retention: float) -> ReviewCard:
            current = card or new_card(1, 2, qid, NOW)
            return review(current, rating_for(verdict, current.last_rating), NOW, retention)

        return RateRequest(1, 2, qid, origin, "quiz", verdict.value, make, reps)

    await store.save_review_settings(1, 2, ReviewSettings(None, 0.95))
    many = [request(f"q{i:03d}", "a", Verdict.CORRECT) for i in range(250)]  # more than one chunk
    twice = [request("q000", "b", Verdict.WRONG), request("q000", "b", Verdict.WRONG)]
    late = [request("q001", "c", Verdict.CORRECT, reps=0), request("q002", "d", Verdict.CORRECT, reps=1)]
    outcomes = await store.rate_cards(many + twice + late)
    assert outcomes[:250] == [RateOutcome.RATED] * 250
    assert outcomes[250:] == [RateOutcome.RATED, RateOutcome.DUPLICATE, RateOutcome.STALE, RateOutcome.RATED]
    first = await store.get_card(1, 2, "q000")
    assert first is not None and first.reps == 2 and first.last_rating is Rating.AGAIN
    assert (await store.queue(1, 2, NOW + timedelta(days=400))).total == 250
    exported = await store.export_user(1, 2)
    assert len(exported["review_logs"]) == 252


@settings(max_examples=30, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["q1", "q2", "q3"]),
            st.sampled_from(["o1", "o2", "o3", "o4"]),
            st.sampled_from(list(Verdict)),
            st.integers(min_value=0, max_value=3 * 24 * 60),
        ),
        min_size=1,
        max_size=25,
    )
)
def test_a_batch_ends_where_the_same_ratings_one_by_one_end(
    steps: list[tuple[str, str, Verdict, int]],
) -> None:
    def requests() -> list[RateRequest]:
        made = []
        at = NOW
        for qid, origin, verdict, minutes in steps:
            at += timedelta(minutes=minutes)

            def rate(card: ReviewCard | None, retention: float, q=qid, v=verdict, t=at) -> ReviewCard:
                current = card or new_card(1, 2, q, t)
                return review(current, rating_for(v, current.last_rating), t, retention)

            made.append(RateRequest(1, 2, qid, origin, "daily", verdict.value, rate))
        return made

    async def run(batched: bool) -> tuple[list[RateOutcome], dict[str, list[dict[str, object]]]]:
        async with Store.open(":memory:") as store:
            if batched:
                outcomes = await store.rate_cards(requests())
            else:
                outcomes = [(await store.rate_cards([r]))[0] for r in requests()]
            return outcomes, await store.export_user(1, 2)

    assert asyncio.run(run(True)) == asyncio.run(run(False))
