"""Drawing the /stats chart in a worker process, so it never holds up the bot's event loop.

matplotlib holds the interpreter lock while it draws; in a thread that still delays every other
command by up to a hundred milliseconds or more (bench/README.md, Review and stats). A process of
its own draws in parallel, and keeps matplotlib and numpy (tens of megabytes) out of the bot's
memory. The process starts on the first chart and stays for the next ones. If it cannot be
started or dies, the chart is drawn in a thread instead.

The chart's text is translated here, in the bot, and sent along as a small table (`Labels`), so
the worker needs no translation catalogs.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import pickle
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass

from bot.i18n import Translator
from bot.model import ProgressStats

log = logging.getLogger(__name__)

# Every message id bot.charts draws (tests/test_charts.py checks the list is complete).
CHART_MESSAGES = (
    "Progress of {name}",
    "points",
    "accuracy %",
    "Points per day and accuracy over the last 7 days",
    "Mon",
    "Wed",
    "Fri",
    "Sun",
    "Streak calendar: current {streak}, best {best}",
    "streak day",
    "answered",
    "no answer",
    "Accuracy per topic, weakest first",
    "No answers yet",
)


@dataclass(frozen=True, slots=True)
class Labels:
    """A translator made of templates translated in advance: small and picklable."""

    table: dict[str, str]
    locale: str = "en"

    def gettext(self, message: str, /, **params: object) -> str:
        text = self.table.get(message, message)
        return text.format(**params) if params else text

    def ngettext(self, singular: str, plural: str, n: int, /, **params: object) -> str:
        return self.gettext(singular if n == 1 else plural, n=n, **params)


def labels(t: Translator) -> Labels:
    return Labels({message: t.gettext(message) for message in CHART_MESSAGES}, t.locale)


def draw(stats: ProgressStats, text: Labels, name: str) -> bytes:
    from bot.charts import render_progress  # only this process (or thread) loads matplotlib

    return render_progress(stats, text, name)


_pool: ProcessPoolExecutor | None = None


async def render(stats: ProgressStats, t: Translator, name: str) -> bytes:
    """The chart as PNG bytes, drawn in the worker process (or a thread if that fails)."""
    global _pool
    text = labels(t)
    try:
        if _pool is None:
            # spawn, not fork: a fork of a process with running threads (aiosqlite's) may hang.
            _pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
        return await asyncio.get_running_loop().run_in_executor(_pool, draw, stats, text, name)
    except (BrokenProcessPool, OSError, pickle.PicklingError, RuntimeError):
        log.warning("the chart process failed; drawing in a thread instead", exc_info=True)
        _pool = None
        return await asyncio.to_thread(draw, stats, text, name)
