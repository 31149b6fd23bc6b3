"""The grader cache builds each grader once, however many worker threads ask at the same instant,
and one grader's build does not hold up another's."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from service_helpers import make_library

from bot.bank.model import Library
from bot.grading.grader import Grader
from bot.service.graders import GraderCache

CALLERS = 4


class CountingCache(GraderCache):
    """Counts builds per library; a build takes a moment, so callers arriving together overlap it."""

    def __init__(self, pause: float = 0.2) -> None:
        super().__init__(100, 8)
        self.builds: list[Library] = []
        self.pause = pause

    def _build(self, library: Library) -> Grader:
        self.builds.append(library)
        time.sleep(self.pause)
        return super()._build(library)


def together(call: Any) -> list[Grader]:
    """`call()` from CALLERS threads released at the same instant."""
    start = threading.Barrier(CALLERS)

    def one() -> Grader:
        start.wait()
        return call()  # type: ignore[no-any-return]

    with ThreadPoolExecutor(CALLERS) as pool:
        return list(pool.map(lambda _: one(), range(CALLERS)))


def test_callers_at_the_same_instant_build_the_bundled_grader_once() -> None:
    cache, library = CountingCache(), make_library()
    graders = together(lambda: cache.bundled(library))
    assert len(cache.builds) == 1 and all(g is graders[0] for g in graders)
    reloaded = make_library()  # the bank files were reloaded: one new build
    assert together(lambda: cache.bundled(reloaded))[0] is not graders[0]
    assert len(cache.builds) == 2 and not cache._builds


def test_callers_at_the_same_instant_build_a_guilds_grader_once() -> None:
    cache, library = CountingCache(), make_library(bank="own")
    graders = together(lambda: cache.guild(5, library))
    assert len(cache.builds) == 1 and all(g is graders[0] for g in graders)
    assert cache.held() == [5] and not cache._builds


def test_one_guilds_build_does_not_hold_up_anothers() -> None:
    slow_library, quick_library = make_library(bank="slow"), make_library(bank="quick")
    slow_started, quick_done = threading.Event(), threading.Event()

    class SlowFirst(CountingCache):
        def _build(self, library: Library) -> Grader:
            if library is slow_library:
                slow_started.set()
                assert quick_done.wait(10), "the other guild's build waited for this one"
            return super()._build(library)

    cache = SlowFirst(pause=0)
    with ThreadPoolExecutor(2) as pool:
        slow = pool.submit(cache.guild, 1, slow_library)
        assert slow_started.wait(10)  # the slow build holds whatever it holds before the quick one asks
        quick = pool.submit(cache.guild, 2, quick_library)
        quick.result(10)
        quick_done.set()
        slow.result(10)
    assert cache.held() == [2, 1]
