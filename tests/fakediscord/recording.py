"""The log of every REST request the bot made, in order."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any


@dataclass
class RecordedRequest:
    method: str
    # Path below the API base, e.g. "/channels/123/messages".
    path: str
    query: dict[str, str]
    json: Any
    files: list[tuple[str, bytes]] = field(default_factory=list)
    status: int = 0

    def __str__(self) -> str:
        return f"{self.method} {self.path} -> {self.status}"


def path_matcher(pattern: str) -> re.Pattern[str]:
    """`*` stands for one path segment: "/channels/*/messages" matches "/channels/42/messages" only."""
    parts = (re.escape(p) for p in pattern.split("*"))
    return re.compile("[^/]+".join(parts) + r"\Z")


class Recorder:
    def __init__(self) -> None:
        self.requests: list[RecordedRequest] = []
        self.unknown_routes: list[RecordedRequest] = []

    def add(self, request: RecordedRequest) -> None:
        self.requests.append(request)

    def matching(self, method: str, pattern: str) -> list[RecordedRequest]:
        matcher = path_matcher(pattern)
        return [r for r in self.requests if r.method == method.upper() and matcher.match(r.path)]

    def summary(self, last: int = 15) -> str:
        lines = [str(r) for r in self.requests[-last:]]
        return "; ".join(lines) if lines else "no requests"
