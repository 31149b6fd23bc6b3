"""Logging set-up; secrets are masked in every record, whoever logs them."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterable

MASK = "[secret]"


class RedactSecrets(logging.Filter):
    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        # Short strings would mask ordinary words; real tokens are long.
        self._secrets = tuple(s for s in secrets if len(s) >= 8)

    def filter(self, record: logging.LogRecord) -> bool:
        if not self._secrets:
            return True
        message = record.getMessage()
        text = message
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        for secret in self._secrets:
            text = text.replace(secret, MASK)
            if record.exc_text:
                record.exc_text = record.exc_text.replace(secret, MASK)
        if text != message:
            record.msg, record.args = text, None
        return True


def setup_logging(level: str, secrets: Iterable[str] = ()) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)-7s %(name)s: %(message)s"))
    handler.addFilter(RedactSecrets(secrets))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # discord.py logs every gateway payload at DEBUG; keep it at INFO unless asked.
    logging.getLogger("discord").setLevel(max(logging.getLevelName(level), logging.INFO))


class NoVoiceWarnings(logging.Filter):
    """discord.py warns at every start that voice needs PyNaCl and davey; a text bot has no voice."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "voice will NOT be supported" not in record.getMessage()


def silence_voice_warnings() -> None:
    """Drop those two warnings where discord.py logs them (once per process is enough)."""
    logger = logging.getLogger("discord.client")
    if not any(isinstance(f, NoVoiceWarnings) for f in logger.filters):
        logger.addFilter(NoVoiceWarnings())


class OutageLog:
    """How a repeated database write or a background loop logs a database that went away.

    PostgreSQL restarting, a lock held by another program or a full disk make every try fail with
    the same store error until it passes. Its message says what to fix, so it is logged as one
    warning when the outage begins (repeats go to debug, no traceback) and one line when a try
    works again; the next try always goes ahead.
    """

    def __init__(self, logger: logging.Logger, what: str, retry: str = "will retry every round") -> None:
        self._log, self._what, self._retry = logger, what, retry
        self._warned = False  # warned about this outage already
        self._failed = False  # this round met a database error

    def start_round(self) -> None:
        self._failed = False

    def failed(self, error: Exception) -> None:
        level = logging.DEBUG if self._warned else logging.WARNING
        self._log.log(level, "%s: %s; %s", self._what, error, self._retry)
        self._warned = self._failed = True

    def end_round(self) -> None:
        if self._warned and not self._failed:
            self._log.info("%s: the database is back", self._what)
            self._warned = False
