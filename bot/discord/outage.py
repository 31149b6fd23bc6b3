"""Background loops (the daily post, review reminders) while the database is away.

PostgreSQL restarting, a lock held by another program or a full disk make every round fail with
the same StoreError until it passes. The store's message says what to fix, so a loop logs it as
one warning when the outage begins (repeats go to debug, no traceback) and one line when a round
works again; the next round always tries again.
"""

from __future__ import annotations

import logging

from bot.store import StoreError


class OutageLog:
    def __init__(self, logger: logging.Logger, what: str) -> None:
        self._log, self._what = logger, what
        self._warned = False  # warned about this outage already
        self._failed = False  # this round met a database error

    def start_round(self) -> None:
        self._failed = False

    def failed(self, error: StoreError) -> None:
        level = logging.DEBUG if self._warned else logging.WARNING
        self._log.log(level, "%s: %s; will retry every round", self._what, error)
        self._warned = self._failed = True

    def end_round(self) -> None:
        if self._warned and not self._failed:
            self._log.info("%s: the database is back", self._what)
            self._warned = False
