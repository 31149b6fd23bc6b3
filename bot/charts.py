"""The /stats chart: points per day with a 7-day accuracy line, a streak calendar, accuracy per topic.

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

from matplotlib import font_manager, rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from bot.i18n import Translator
from bot.model import DayStats, ProgressStats

WIDTH_IN, HEIGHT_IN, DPI = 8.0, 8.5, 100  # 800 x 850 pixels
MAX_TOPICS = 10
BLUE, GREEN, ORANGE = "#5865F2", "#3BA55D", "#FAA61A"
# Calendar cells: outside the period, no answer, answered (streak not kept), streak day.
CALENDAR = ListedColormap(["#FFFFFF", "#E3E5E8", "#FDE2A7", GREEN])

# Matplotlib's font cache and text layout are not safe to use from two threads at once.
_LOCK = threading.Lock()
# Chinese text (labels, topics, names) needs a CJK font: each glyph takes the first font of this
# list that has it, so Latin stays in DejaVu and Chinese falls back to whichever CJK font the
# machine has (the Docker image installs WenQuanYi Micro Hei). Without any, Chinese draws as boxes.
_FONTS = [
    "DejaVu Sans",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "Microsoft YaHei",
    "PingFang SC",
    "SimHei",
]
_STYLE = {
    "text.parse_math": False,
    "font.size": 9,
    "font.family": [f for f in _FONTS if f in {entry.name for entry in font_manager.fontManager.ttflist}],
    "axes.spines.top": False,
    "axes.spines.right": False,
}


def render_progress(stats: ProgressStats, t: Translator, name: str) -> bytes:
    """The chart as PNG bytes. User text (the name, topics) is drawn literally, never as math."""
    with _LOCK, rc_context(_STYLE), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a glyph missing from the font draws as a box, no more
        # Fixed margins: a layout engine would measure every label and draw the figure twice.
        fig = Figure(figsize=(WIDTH_IN, HEIGHT_IN), dpi=DPI)
        FigureCanvasAgg(fig)
        fig.subplots_adjust(left=0.24, right=0.9, top=0.93, bottom=0.05, hspace=0.42)
        axes = fig.subplots(3, 1, height_ratios=[3, 2, 3])
        fig.suptitle(t.gettext("Progress of {name}", name=name), fontsize=13)
        _per_day(axes[0], stats, t)
        _calendar(axes[1], stats, t)
        _topics(axes[2], stats, t)
        out = io.BytesIO()
        # Light compression: a few percent bigger, several times faster to write.
        fig.savefig(out, format="png", dpi=DPI, pil_kwargs={"compress_level": 1})
    return out.getvalue()


def _per_day(ax, stats: ProgressStats, t: Translator) -> None:  # type: ignore[no-untyped-def]
    span = (stats.end - stats.start).days + 1
    by_day = {d.day: d for d in stats.days}
    days = [by_day.get(stats.start + timedelta(i)) for i in range(span)]
    xs = list(range(span))
    points = [d.points if d else 0 for d in days]
    # One line per day in a single collection: a bar chart makes one patch per day (slow at 365).
    width = max(1.0, 0.8 * 560 / span)  # in points: bars nearly touch whatever the period
    ax.vlines(xs, 0, points, colors=BLUE, linewidth=width)
    ax.set_ylim(0, max([*points, 1]) * 1.1)
    ax.set_ylabel(t.gettext("points"), color=BLUE)
    ax.set_xlim(-1, span)
    ax.set_title(t.gettext("Points per day and accuracy over the last 7 days"), loc="left")
    acc = ax.twinx()
    acc.set_ylim(0, 105)
    acc.set_ylabel(t.gettext("accuracy %"), color=ORANGE)
    rolling = _rolling_accuracy(days)
    shown = [(i, a) for i, a in enumerate(rolling) if a is not None]
    if shown:
        acc.plot([i for i, _ in shown], [a for _, a in shown], color=ORANGE, linewidth=1.4)
    ticks = xs[:: max(1, span // 6)]
    ax.set_xticks(ticks, [(stats.start + timedelta(i)).strftime("%m-%d") for i in ticks])


def _rolling_accuracy(days: list[DayStats | None], window: int = 7) -> list[float | None]:
    """Correct / answered over each day's last `window` days (None while nothing was answered)."""
    out: list[float | None] = []
    for i in range(len(days)):
        recent = [d for d in days[max(0, i - window + 1) : i + 1] if d is not None and d.answered]
        answered = sum(d.answered for d in recent)
        out.append(100 * sum(d.correct for d in recent) / answered if answered else None)
    return out


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
    ax.pcolormesh(grid, cmap=CALENDAR, vmin=0, vmax=3, edgecolors="white", linewidth=1)
    ax.invert_yaxis()  # Monday on top
    ax.set_yticks(
        [0.5, 2.5, 4.5, 6.5], [t.gettext("Mon"), t.gettext("Wed"), t.gettext("Fri"), t.gettext("Sun")]
    )
    ax.set_xticks([])
    ax.set_title(
        t.gettext(
            "Streak calendar: current {streak}, best {best}", streak=stats.streak, best=stats.best_streak
        ),
        loc="left",
    )
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)
    legend = [
        Patch(color=CALENDAR.colors[3], label=t.gettext("streak day")),
        Patch(color=CALENDAR.colors[2], label=t.gettext("answered")),
        Patch(color=CALENDAR.colors[1], label=t.gettext("no answer")),
    ]
    ax.legend(handles=legend, loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=3, frameon=False)


def _topics(ax, stats: ProgressStats, t: Translator) -> None:  # type: ignore[no-untyped-def]
    shown = list(stats.topics[:MAX_TOPICS])
    ax.set_title(t.gettext("Accuracy per topic, weakest first"), loc="left")
    ax.set_xlim(0, 100)
    if not shown:
        ax.text(50, 0.5, t.gettext("No answers yet"), ha="center", va="center")
        ax.set_yticks([])
        return
    ys = list(range(len(shown)))
    ax.barh(ys, [100 * s.accuracy for s in shown], color=GREEN, height=0.6)
    ax.set_yticks(ys, [f"{s.topic} ({s.correct}/{s.answered})" for s in shown])
    ax.set_ylim(max(len(shown), 4) - 0.5, -0.5)  # weakest at the top; few topics stay thin
    ax.set_xlabel(t.gettext("accuracy %"))
