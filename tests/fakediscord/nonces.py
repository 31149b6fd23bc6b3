"""Discord's nonce rule for created messages.

A message sent with `nonce` and `enforce_nonce: true` is checked against the same author's
recent nonces: within a few minutes a repeated nonce returns the message already created with it
instead of creating another. A nonce is an integer or a string of at most 25 characters.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Any

Json = dict[str, Any]
MAX_NONCE_CHARS = 25
WINDOW_SECONDS = 300.0  # "the past few minutes"


def nonce_error(data: Json) -> tuple[str, int, Json] | None:
    """Discord's 400 answer for a nonce it does not accept, else None."""
    nonce = data.get("nonce")
    if nonce is None or isinstance(nonce, int):
        return None
    if not isinstance(nonce, str) or len(nonce) > MAX_NONCE_CHARS:
        problem = {"_errors": [{"code": "BASE_TYPE_MAX_LENGTH", "message": "Must be 25 or fewer in length."}]}
        return ("Invalid Form Body", 50035, {"nonce": problem})
    return None


class NonceLedger:
    """Nonces seen per author, with the message each one created."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.window = WINDOW_SECONDS
        self._seen: dict[tuple[int, str], tuple[int, float]] = {}
        # Tests may set this: awaited after a message with an enforced nonce is created and before
        # the bot gets its answer (for example to kill the bot in exactly that window).
        self.after_create: Callable[[Json], Awaitable[None]] | None = None

    def existing(self, author_id: int, data: Json, messages: dict[int, Json]) -> Json | None:
        """The message a repeated enforced nonce returns, or None to create a new one."""
        key = self._key(author_id, data)
        if key is None or key not in self._seen:
            return None
        message_id, when = self._seen[key]
        if self.clock() - when > self.window:
            return None
        return messages.get(message_id)

    def remember(self, author_id: int, data: Json, message: Json) -> None:
        key = self._key(author_id, data)
        if key is not None:
            self._seen[key] = (int(message["id"]), self.clock())

    @staticmethod
    def _key(author_id: int, data: Json) -> tuple[int, str] | None:
        if data.get("nonce") is None or not data.get("enforce_nonce"):
            return None
        return author_id, str(data["nonce"])
