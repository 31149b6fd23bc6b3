"""Progress you can see: a user's points, accuracy, streak days and weakest topics over a period.

`StudyService` creates one `Progress` (as `service.progress`). The chart is drawn by bot.charts
(matplotlib) in a worker process started on the first chart (bot/chart_job.py), so drawing
never blocks the event loop and users who never ask for a chart never load matplotlib.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime, time, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from bot.bank.model import Library
from bot.chart_job import render
from bot.i18n import Translator, formats
from bot.model import DayStats, ProgressStats, StatsChart, StatsPeriod, TopicStats
from bot.rules.schedule import is_valid_zone, local_day
from bot.rules.streaks import Streak, shown

if TYPE_CHECKING:
    from bot.service.study import StudyService

NO_TOPIC = "other"  # questions whose bank gives no topics
SPARKS = "▁▂▃▄▅▆▇█"


class Progress:
    def __init__(self, study: StudyService) -> None:
        self.study = study

    async def stats(
        self, guild_id: int, user_id: int, period: StatsPeriod = StatsPeriod.MONTH
    ) -> ProgressStats:
        """The user's history over the last `period` local days (today included)."""
        period = StatsPeriod(period)
        setup = await self.study.cached_setup(guild_id)
        zone = setup.timezone if setup and is_valid_zone(setup.timezone) else "UTC"
        now = self.study._now()
        today = local_day(now, zone)
        start = today - timedelta(days=int(period) - 1)
        since = datetime.combine(start, time(0), ZoneInfo(zone)).astimezone(UTC)
        store = self.study.store
        await self.study.reviews.flush()
        days = await store.day_stats(guild_id, user_id, start)
        per_question = await store.question_stats(guild_id, user_id, since)
        stored = await store.get_streak(guild_id, user_id)
        streak = shown(Streak(stored.current, stored.best, stored.last_day), today)
        return ProgressStats(
            user_id,
            start,
            today,
            tuple(days),
            self._topics(await self.study.guild_library(guild_id), per_question),
            streak,
            stored.best,
        )

    def _topics(self, library: Library, per_question: list[tuple[str, int, int]]) -> tuple[TopicStats, ...]:
        answered: dict[str, int] = defaultdict(int)
        correct: dict[str, int] = defaultdict(int)
        for question_id, n, good in per_question:
            question = library.get(question_id)
            if question is None:
                continue  # its bank is gone: no topic to file it under
            for topic in question.topics or (NO_TOPIC,):
                answered[topic] += n
                correct[topic] += good
        topics = [TopicStats(t, answered[t], correct[t]) for t in answered]
        return tuple(sorted(topics, key=lambda s: (s.accuracy, -s.answered, s.topic)))

    async def chart(
        self, guild_id: int, user_id: int, period: StatsPeriod, t: Translator, name: str
    ) -> StatsChart:
        """The chart as PNG bytes and its text summary; drawn in a worker thread."""
        stats = await self.stats(guild_id, user_id, period)
        png = await render(stats, t, name)
        return StatsChart(stats, png, summary(stats, t))


def summary(stats: ProgressStats, t: Translator) -> str:
    """The chart in words (for screen readers and the console)."""
    days = (stats.end - stats.start).days + 1
    if not stats.days and not stats.topics:
        return t.gettext("No answers in the last {days} days yet.", days=days)
    accuracy = stats.correct / stats.answered if stats.answered else 0.0
    # Two sentences, as each count needs its own plural form.
    lines = [
        t.ngettext(
            "Last {days} days: {points} point.",
            "Last {days} days: {points} points.",
            stats.points,
            days=days,
            points=formats.number(t, stats.points),
        ),
        t.ngettext(
            "{correct} of {answered} daily question right ({accuracy}).",
            "{correct} of {answered} daily questions right ({accuracy}).",
            stats.answered,
            correct=formats.number(t, stats.correct),
            answered=formats.number(t, stats.answered),
            accuracy=formats.percent(t, accuracy),
        ),
        t.ngettext(
            "Answered on {n} day; current streak {streak}, best {best}.",
            "Answered on {n} days; current streak {streak}, best {best}.",
            len(stats.days),
            streak=stats.streak,
            best=stats.best_streak,
        ),
    ]
    if stats.topics:
        weakest = t.gettext(", ").join(
            f"{s.topic} {formats.percent(t, s.accuracy)}" for s in stats.topics[:5]
        )
        lines.append(t.gettext("Accuracy by topic, weakest first: {topics}.", topics=weakest))
    return "\n".join(lines)


def sparkline(stats: ProgressStats) -> str:
    """Points per day over the period as one line of block characters (a space: no answer)."""
    by_day: dict[object, DayStats] = {d.day: d for d in stats.days}
    span = (stats.end - stats.start).days + 1
    points = [
        by_day[d].points if d in by_day else None for d in (stats.start + timedelta(i) for i in range(span))
    ]
    top = max((p for p in points if p is not None), default=0)
    marks = []
    for p in points:
        if p is None:
            marks.append(" ")
        else:
            marks.append(SPARKS[0 if top == 0 else min(len(SPARKS) - 1, p * (len(SPARKS) - 1) // top)])
    return "".join(marks)
