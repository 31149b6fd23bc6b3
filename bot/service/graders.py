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

from bot.bank.model import Library
from bot.grading.grader import Grader


class GraderCache:
    """Graders by guild id for uploaded libraries (least recently used dropped first), and the
    bundled library's. Used from worker threads (grading runs in one), hence the lock."""

    def __init__(self, max_reply_chars: int, size: int) -> None:
        if size < 1:
            raise ValueError("the grader cache must hold at least one server's grader")
        self.size = size
        self._max_reply_chars = max_reply_chars
        self._bundled: tuple[Library, Grader] | None = None
        self._guilds: OrderedDict[int, tuple[Library, Grader]] = OrderedDict()
        self._lock = threading.Lock()

    def bundled(self, library: Library) -> Grader:
        """The grader of the bundled library (rebuilt when the bank files were reloaded)."""
        held = self._bundled
        if held is None or held[0] is not library:
            held = (library, self._build(library))
            self._bundled = held
        return held[1]

    def guild(self, guild_id: int, library: Library) -> Grader:
        """The grader of a guild's own library (rebuilt when it changed or was evicted)."""
        with self._lock:
            held = self._guilds.get(guild_id)
            if held is not None and held[0] is library:
                self._guilds.move_to_end(guild_id)
                return held[1]
        # Built outside the lock: a build takes a while and other guilds must not wait for it.
        grader = self._build(library)
        with self._lock:
            self._guilds[guild_id] = (library, grader)
            self._guilds.move_to_end(guild_id)
            while len(self._guilds) > self.size:
                self._guilds.popitem(last=False)
        return grader

    def held(self) -> list[int]:
        """The guilds whose graders are kept, least recently used first."""
        with self._lock:
            return list(self._guilds)

    def _build(self, library: Library) -> Grader:
        return Grader(library.questions(), self._max_reply_chars)
