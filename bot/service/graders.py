"""The graders the service keeps: one per library, with a bound on how many servers' are held.

Servers without uploaded banks share the bundled library and its grader, which is always kept.
A server with uploads has a library of its own, so its grader (several MB of per-bank indexes)
is its own too. Those are kept for the most recently used servers only: a process serving many
servers would otherwise hold one for every server that ever answered. An evicted server's grader
is rebuilt from its library on its next answer and grades the same.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager

from bot.bank.model import Library
from bot.grading.grader import Grader

BUNDLED = "bundled"  # the build key of the bundled library's grader (guild keys are ints)


class GraderCache:
    """Graders by guild id for uploaded libraries (least recently used dropped first), and the
    bundled library's. Used from worker threads (grading runs in one), hence the locks: each
    grader is built once however many callers want it at the same instant, and a build holds up
    only the callers waiting for that same grader."""

    def __init__(self, max_reply_chars: int, size: int) -> None:
        if size < 1:
            raise ValueError("the grader cache must hold at least one server's grader")
        self.size = size
        self._max_reply_chars = max_reply_chars
        self._bundled: tuple[Library, Grader] | None = None
        self._guilds: OrderedDict[int, tuple[Library, Grader]] = OrderedDict()
        self._lock = threading.Lock()
        self._builds: dict[int | str, tuple[threading.Lock, int]] = {}  # build lock, its users

    def bundled(self, library: Library) -> Grader:
        """The grader of the bundled library (rebuilt when the bank files were reloaded)."""
        grader = self._held_bundled(library)
        if grader is not None:
            return grader
        with self._building(BUNDLED):
            grader = self._held_bundled(library)  # built by a caller that got here first
            if grader is None:
                grader = self._build(library)
                self._bundled = (library, grader)
        return grader

    def guild(self, guild_id: int, library: Library) -> Grader:
        """The grader of a guild's own library (rebuilt when it changed or was evicted)."""
        grader = self._held_guild(guild_id, library)
        if grader is not None:
            return grader
        with self._building(guild_id):
            grader = self._held_guild(guild_id, library)
            if grader is None:
                grader = self._build(library)
                self._keep(guild_id, library, grader)
        return grader

    def held(self) -> list[int]:
        """The guilds whose graders are kept, least recently used first."""
        with self._lock:
            return list(self._guilds)

    def _held_bundled(self, library: Library) -> Grader | None:
        held = self._bundled
        return held[1] if held is not None and held[0] is library else None

    def _held_guild(self, guild_id: int, library: Library) -> Grader | None:
        with self._lock:
            held = self._guilds.get(guild_id)
            if held is None or held[0] is not library:
                return None
            self._guilds.move_to_end(guild_id)
            return held[1]

    def _keep(self, guild_id: int, library: Library, grader: Grader) -> None:
        with self._lock:
            self._guilds[guild_id] = (library, grader)
            self._guilds.move_to_end(guild_id)
            while len(self._guilds) > self.size:
                self._guilds.popitem(last=False)

    @contextmanager
    def _building(self, key: int | str) -> Iterator[None]:
        """Hold the build lock of one grader; the lock is dropped when nobody uses it, so a
        process that saw many guilds keeps none of theirs."""
        with self._lock:
            lock, users = self._builds.get(key, (threading.Lock(), 0))
            self._builds[key] = (lock, users + 1)
        try:
            with lock:
                yield
        finally:
            with self._lock:
                lock, users = self._builds[key]
                if users == 1:
                    del self._builds[key]
                else:
                    self._builds[key] = (lock, users - 1)

    def _build(self, library: Library) -> Grader:
        return Grader(library.questions(), self._max_reply_chars)
