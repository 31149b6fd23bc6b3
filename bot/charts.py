"""The /stats chart: points and accuracy per day, a streak calendar, accuracy per topic.

Drawn with matplotlib's Agg backend on a `Figure` of its own (no pyplot, no global figure state).
Import this module lazily: matplotlib and numpy take a few hundred milliseconds and tens of
megabytes to load, which users who never ask for a chart should not pay for.
"""

from __future__ import annotations

import io
import threading
import warnings
from datetime import timedelta

import matplotlib

matplotlib.use("Agg")

from matplotlib import rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure

from bot.i18n import Translator
from bot.model import ProgressStats

WIDTH_IN, HEIGHT_IN, DPI = 8.0, 8.5, 100  # 800 x 850 pixels
MAX_TOPICS = 10
BLUE, GREEN, ORANGE = "#5865F2", "#3BA55D", "#FAA61A"
# Calendar cells: outside the period, no answer, answered (streak not kept), streak day.
CALENDAR = ListedColormap(["#FFFFFF", "#E3E5E8", "#FDE2A7", GREEN])

# Matplotlib's font cache and text layout are not safe to use from two threads at once.
_LOCK = threading.Lock()
_STYLE = {"text.parse_math": False, "font.size": 9, "axes.spines.top": False, "axes.spines.right": False}


def render_progress(stats: ProgressStats, t: Translator, name: str) -> bytes:
    """The chart as PNG bytes. User text (the name, topics) is drawn literally, never as math."""
    with _LOCK, rc_context(_STYLE), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a glyph missing from the font draws as a box, no more
        fig = Figure(figsize=(WIDTH_IN, HEIGHT_IN), dpi=DPI, layout="constrained")
        FigureCanvasAgg(fig)
        axes = fig.subplots(3, 1, height_ratios=[3, 2, 3])
        fig.suptitle(t.gettext("Progress of {name}", name=name), fontsize=13)
        _per_day(axes[0], stats, t)
        _calendar(axes[1], stats, t)
        _topics(axes[2], stats, t)
        out = io.BytesIO()
        fig.savefig(out, format="png", dpi=DPI)
    return out.getvalue()


def _per_day(ax, stats: ProgressStats, t: Translator) -> None:  # type: ignore[no-untyped-def]
    span = (stats.end - stats.start).days + 1
    by_day = {d.day: d for d in stats.days}
    xs = list(range(span))
    points = [
        by_day[stats.start + timedelta(i)].points if stats.start + timedelta(i) in by_day else 0 for i in xs
    ]
    ax.bar(xs, points, color=BLUE, width=0.8, label=t.gettext("points"))
    ax.set_ylabel(t.gettext("points"))
    ax.set_xlim(-1, span)
    ax.set_title(t.gettext("Points and accuracy per day"), loc="left")
    answered = [(i, by_day[stats.start + timedelta(i)]) for i in xs if stats.start + timedelta(i) in by_day]
    acc = ax.twinx()
    acc.set_ylim(0, 105)
    acc.set_ylabel(t.gettext("accuracy %"))
    if answered:
        acc.plot(
            [i for i, _ in answered],
            [100 * d.correct / d.answered if d.answered else 0 for _, d in answered],
            color=ORANGE,
            marker="o" if len(answered) <= 60 else None,
            markersize=3,
            linewidth=1.2,
        )
    ticks = xs[:: max(1, span // 6)]
    ax.set_xticks(ticks, [(stats.start + timedelta(i)).strftime("%m-%d") for i in ticks])


def _calendar(ax, stats: ProgressStats, t: Translator) -> None:  # type: ignore[no-untyped-def]
    first = stats.start - timedelta(days=stats.start.weekday())  # the Monday of the first week
    weeks = (stats.end - first).days // 7 + 1
    grid = [[0] * weeks for _ in range(7)]
    by_day = {d.day: d for d in stats.days}
    day = stats.start
    while day <= stats.end:
        week, weekday = (day - first).days // 7, day.weekday()
        found = by_day.get(day)
        grid[weekday][week] = 1 if found is None else (3 if found.counted else 2)
        day += timedelta(days=1)
    ax.imshow(grid, cmap=CALENDAR, vmin=0, vmax=3, aspect="auto", interpolation="nearest")
    ax.set_yticks([0, 2, 4, 6], [t.gettext("Mon"), t.gettext("Wed"), t.gettext("Fri"), t.gettext("Sun")])
    ax.set_xticks([])
    ax.set_title(
        t.gettext(
            "Streak calendar: current {streak}, best {best}", streak=stats.streak, best=stats.best_streak
        ),
        loc="left",
    )
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)


def _topics(ax, stats: ProgressStats, t: Translator) -> None:  # type: ignore[no-untyped-def]
    shown = list(stats.topics[:MAX_TOPICS])
    ax.set_title(t.gettext("Accuracy per topic, weakest first"), loc="left")
    ax.set_xlim(0, 100)
    if not shown:
        ax.text(50, 0.5, t.gettext("No answers yet"), ha="center", va="center", transform=ax.transData)
        ax.set_yticks([])
        return
    ys = list(range(len(shown)))
    ax.barh(ys, [100 * s.accuracy for s in shown], color=GREEN)
    ax.set_yticks(ys, [f"{s.topic} ({s.correct}/{s.answered})" for s in shown])
    ax.invert_yaxis()  # weakest at the top
    ax.set_xlabel(t.gettext("accuracy %"))
