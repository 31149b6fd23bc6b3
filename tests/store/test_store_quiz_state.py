"""Running quizzes in the store: one per channel by key, scores kept, ended exactly once."""

from datetime import UTC, datetime, timedelta

from bot.service.quizstate import rank
from bot.store import Store
from bot.store.quizstate import QuizRunRow, QuizRunScore

T0 = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


def run(channel: int = 7, started: datetime = T0) -> QuizRunRow:
    return QuizRunRow(1, channel, started, ("q-1", "q-2"), 1, 30, started)


async def test_one_running_quiz_per_channel_and_scores_until_it_ends() -> None:
    async with Store.open(":memory:") as store:
        assert await store.save_quiz_run(run())
        assert not await store.save_quiz_run(run(started=T0 + timedelta(minutes=1)))  # the key refuses
        assert await store.save_quiz_run(run(channel=8))
        await store.save_quiz_score(1, 7, QuizRunScore(5, 1, 1, 1, T0))
        await store.save_quiz_score(1, 7, QuizRunScore(5, 1, 1, 2, None))  # a later miss keeps the time
        await store.save_quiz_score(1, 9, QuizRunScore(6, 1, 1, 1, T0))  # no quiz there: nothing stored
        await store.move_quiz_run(1, 7, 2, T0 + timedelta(seconds=40))
        [seven, eight] = await store.quiz_runs()
        assert (seven.channel_id, seven.number, seven.question_ids) == (7, 2, ("q-1", "q-2"))
        assert eight.channel_id == 8
        assert await store.end_quiz_run(1, 7) == [QuizRunScore(5, 1, 1, 2, T0)]
        assert await store.end_quiz_run(1, 7) is None  # a second closer gets nothing to record
        assert [r.channel_id for r in await store.quiz_runs()] == [8]


def test_standings_follow_the_quiz_rules() -> None:
    scores = [
        QuizRunScore(1, 2, 2, 2, T0 + timedelta(seconds=9)),
        QuizRunScore(2, 2, 2, 2, T0 + timedelta(seconds=3)),  # same points, reached them earlier
        QuizRunScore(3, 0, 0, 1, None),
        QuizRunScore(4, 1, 1, 1, T0),
    ]
    assert [(s.rank, s.user_id) for s in rank(scores)] == [(1, 2), (1, 1), (3, 4), (4, 3)]
