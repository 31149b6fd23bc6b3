"""The /stats chart renderer: every text it draws is translatable, user text is drawn literally,
and the bot never loads matplotlib itself."""

from __future__ import annotations

import io
import subprocess
import sys
from datetime import date, timedelta

from PIL import Image

from bot.chart_job import CHART_MESSAGES, Labels, labels
from bot.charts import render_progress
from bot.i18n import ENGLISH
from bot.model import DayStats, ProgressStats, TopicStats

END = date(2026, 6, 1)


class Recording:
    locale = "xx"

    def __init__(self) -> None:
        self.seen: set[str] = set()

    def gettext(self, message: str, /, **params: object) -> str:
        self.seen.add(message)
        return "<" + (message.format(**params) if params else message) + ">"

    def ngettext(self, singular: str, plural: str, n: int, /, **params: object) -> str:
        return self.gettext(singular if n == 1 else plural, n=n, **params)


def stats(days: int = 30, topics: int = 3) -> ProgressStats:
    start = END - timedelta(days=days - 1)
    history = tuple(DayStats(start + timedelta(i), i % 11, 1, i % 2, i % 3 > 0) for i in range(0, days, 2))
    found = tuple(TopicStats(f"topic {i}", 10, i) for i in range(topics))
    return ProgressStats(1, start, END, history, found, 2, 5)


def test_every_drawn_text_is_in_the_message_list() -> None:
    recording = Recording()
    render_progress(stats(), recording, "x")
    render_progress(stats(topics=0), recording, "x")
    assert recording.seen <= set(CHART_MESSAGES)
    assert recording.seen == set(CHART_MESSAGES)  # and the list has nothing extra


def test_labels_format_like_a_translator() -> None:
    text = labels(ENGLISH)
    assert text.gettext("Progress of {name}", name="$x$") == "Progress of $x$"
    assert Labels({"points": "Punkte"}).gettext("points") == "Punkte"


def test_a_png_of_fixed_size_with_math_and_mentions_drawn_literally() -> None:
    png = render_progress(stats(365, 12), ENGLISH, "$\\frac{a}{b}$ <@123> @everyone")
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and image.size == (800, 850)


def test_the_bot_and_the_console_do_not_load_matplotlib() -> None:
    code = (
        "import sys, bot.discord.app, bot.console, bot.service.progress, bot.chart_job;"
        "sys.exit('matplotlib' in sys.modules or 'numpy' in sys.modules)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
