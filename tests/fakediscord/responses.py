"""JSON responses with Discord's exact content type.

discord.py decodes a body as JSON only when Content-Type is exactly "application/json";
aiohttp's json_response would add "; charset=utf-8" and the bot would see a plain string.
"""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web


def json_response(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    body = json.dumps(data, separators=(",", ":")).encode()
    return web.Response(
        body=body, status=status, headers={**(headers or {}), "Content-Type": "application/json"}
    )
