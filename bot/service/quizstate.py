"""Running quizzes kept in the store, so a restart closes them with their standings.

The service keeps the one registry of running quizzes in memory (StudyService._quizzes); this
module mirrors each quiz's progress and scores into the store as they change. After a restart,
`close_interrupted` ends every quiz the store still holds: the standings so far are recorded as
the quiz's result and returned for the front end to post.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from datetime import datetime

from bot.model import QuizView
from bot.rules.quiz import QuizSession, Standing
from bot.store import Store
from bot.store.quizstate import QuizRunRow, QuizRunScore


class QuizKeeper:
    def __init__(self, store: Store) -> None:
        self.store = store

    async def started(
        self, guild_id: int, channel_id: int, started_at: datetime, session: QuizSession
    ) -> None:
        row = QuizRunRow(
            guild_id,
            channel_id,
            started_at,
            tuple(q.id for q in session.questions),
            session.number,
            int(session.time_limit.total_seconds()),
            session.opened_at,
        )
        if not await self.store.save_quiz_run(row):
            # An abandoned quiz still holds the channel (the service has already replaced it).
            await self.store.end_quiz_run(guild_id, channel_id)
            await self.store.save_quiz_run(row)

    async def answered(
        self, guild_id: int, channel_id: int, user_id: int, session: QuizSession, scored_at: datetime | None
    ) -> None:
        standing = next((s for s in session.ranking() if s.user_id == user_id), None)
        if standing is not None:
            score = QuizRunScore(user_id, standing.points, standing.correct, standing.answered, scored_at)
            await self.store.save_quiz_score(guild_id, channel_id, score)

    async def moved(self, guild_id: int, channel_id: int, session: QuizSession) -> None:
        await self.store.move_quiz_run(guild_id, channel_id, session.number, session.opened_at)

    async def ended(self, guild_id: int, channel_id: int) -> None:
        await self.store.end_quiz_run(guild_id, channel_id)

    async def close_interrupted(
        self, running: Collection[tuple[int, int]], owns: Callable[[int], bool] | None = None
    ) -> list[QuizView]:
        """End every stored quiz not running in this process, of the guilds it `owns` (another
        shard process runs the others' quizzes); record and return its standings."""
        closed: list[QuizView] = []
        for row in await self.store.quiz_runs():
            if (row.guild_id, row.channel_id) in running or (owns is not None and not owns(row.guild_id)):
                continue
            scores = await self.store.end_quiz_run(row.guild_id, row.channel_id)
            if scores is None:  # another process closed it first
                continue
            standings = rank(scores)
            if standings:
                await self.store.record_quiz(row.guild_id, row.channel_id, row.started_at, standings)
            closed.append(
                QuizView(
                    guild_id=row.guild_id,
                    channel_id=row.channel_id,
                    question=None,
                    number=row.number,
                    total=len(row.question_ids),
                    deadline=None,
                    time_limit_s=row.time_limit_s,
                    finished=True,
                    standings=tuple(standings),
                )
            )
        return closed


def rank(scores: Sequence[QuizRunScore]) -> list[Standing]:
    """The quiz rules' order: most points first, then who reached them earlier; equal points
    share a rank ("1, 2, 2, 4")."""

    def key(s: QuizRunScore) -> tuple[int, float, int]:
        return (-s.points, s.scored_at.timestamp() if s.scored_at else float("inf"), s.user_id)

    order = sorted(scores, key=key)
    rows: list[Standing] = []
    for pos, s in enumerate(order):
        rank_no = rows[-1].rank if rows and rows[-1].points == s.points else pos + 1
        rows.append(Standing(rank_no, s.user_id, s.points, s.correct, s.answered))
    return rows
