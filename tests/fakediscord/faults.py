"""Errors a test asks the fake to answer instead of the normal response."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from .recording import path_matcher
from .responses import json_response


@dataclass(frozen=True)
class Fault:
    status: int
    body: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)

    def response(self) -> web.Response:
        return json_response(self.body, status=self.status, headers=self.headers)

    @classmethod
    def forbidden(cls) -> Fault:
        return cls(403, {"message": "Missing Permissions", "code": 50013})

    @classmethod
    def missing_access(cls) -> Fault:
        return cls(403, {"message": "Missing Access", "code": 50001})

    @classmethod
    def unknown_channel(cls) -> Fault:
        return cls(404, {"message": "Unknown Channel", "code": 10003})

    @classmethod
    def unknown_message(cls) -> Fault:
        return cls(404, {"message": "Unknown Message", "code": 10008})

    @classmethod
    def unknown_interaction(cls) -> Fault:
        return cls(404, {"message": "Unknown interaction", "code": 10062})

    @classmethod
    def server_error(cls) -> Fault:
        # discord.py retries 5xx itself after 1 s, 3 s, ... so one 500 costs a test about a second.
        return cls(500, {"message": "500: Internal Server Error", "code": 0})

    @classmethod
    def rate_limited(cls, retry_after: float = 0.05, *, is_global: bool = False) -> Fault:
        # discord.py only retries a 429 carrying a "Via" header (without it the 429 came from
        # Cloudflare, not the API), so the fake sends one like Discord's edge does. No bucket
        # header: discord.py would map every faulted route onto that one shared bucket.
        reset = time.time() + retry_after
        headers = {
            "Via": "1.1 google",
            "Retry-After": f"{retry_after:.3f}",
            "X-RateLimit-Limit": "5",
            "X-RateLimit-Remaining": "0",
            "X-RateLimit-Reset": f"{reset:.3f}",
            "X-RateLimit-Reset-After": f"{retry_after:.3f}",
            "X-RateLimit-Scope": "global" if is_global else "user",
        }
        if is_global:
            headers["X-RateLimit-Global"] = "true"
        body = {"message": "You are being rate limited.", "retry_after": retry_after, "global": is_global}
        return cls(429, body, headers)


@dataclass
class _Rule:
    method: str
    pattern: str
    fault: Fault
    remaining: int


class FaultPlan:
    def __init__(self) -> None:
        self._rules: list[_Rule] = []

    def add(self, method: str, pattern: str, fault: Fault, times: int = 1) -> None:
        self._rules.append(_Rule(method.upper(), pattern, fault, times))

    def take(self, method: str, path: str) -> Fault | None:
        """The fault for this request, if a rule still has uses left (oldest rule first)."""
        for rule in self._rules:
            if rule.remaining > 0 and rule.method == method and path_matcher(rule.pattern).match(path):
                rule.remaining -= 1
                return rule.fault
        return None

    def pending(self) -> list[str]:
        return [f"{r.method} {r.pattern} x{r.remaining}" for r in self._rules if r.remaining > 0]
