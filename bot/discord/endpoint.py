"""Point discord.py at another Discord API host (a local test server, a proxy).

How discord.py 2.7 picks its addresses, and so what has to change:

- Every REST call, including interaction callbacks and interaction webhooks (followups, edits of
  the original response), is a `discord.http.Route`, whose URL is built from the class attribute
  `Route.BASE` when the route is created. Changing `Route.BASE` moves all of REST.
- A plain `Client` opens the gateway at `DiscordWebSocket.DEFAULT_GATEWAY` without asking the
  API, and goes back to that address after an invalid session. Resumes use the
  `resume_gateway_url` the server sent in READY, so they follow the server on their own.

Both are class attributes, i.e. process wide. `use_api_base` therefore returns a function that
puts the previous values back, and `api_base` wraps that in a context manager.

Usage in the bot: when DISCORD_API_BASE_URL is set, call `use_api_base(url)` before `start()`,
and in `setup_hook` (which runs after login, when the HTTP session exists and before the
gateway is opened) `await follow_gateway(self.http)`. `follow_gateway` asks the server's
`GET /gateway/bot` where its gateway is, the same question an AutoShardedClient asks, and it
does nothing while the stock API base is in use.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import yarl
from discord.gateway import DiscordWebSocket
from discord.http import INTERNAL_API_VERSION, HTTPClient, Route

Restore = Callable[[], None]

STOCK_API_BASE = Route.BASE


def normalise_base(url: str) -> str:
    """`http://host:port` or `http://host:port/api/v10` -> the latter, without a trailing slash."""
    parsed = yarl.URL(url.strip())
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise ValueError(
            f"DISCORD_API_BASE_URL must be an http(s) URL like http://127.0.0.1:8080, got {url!r}"
        )
    path = parsed.path.rstrip("/")
    if not path:
        path = f"/api/v{INTERNAL_API_VERSION}"
    return str(parsed.with_path(path).with_query(None).with_fragment(None))


def use_api_base(url: str) -> Restore:
    """Send all REST to `url`; returns a function restoring the previous REST and gateway addresses."""
    previous_base = Route.BASE
    previous_gateway = DiscordWebSocket.DEFAULT_GATEWAY
    Route.BASE = normalise_base(url)

    def restore() -> None:
        Route.BASE = previous_base
        DiscordWebSocket.DEFAULT_GATEWAY = previous_gateway

    return restore


@contextmanager
def api_base(url: str) -> Iterator[None]:
    restore = use_api_base(url)
    try:
        yield
    finally:
        restore()


async def follow_gateway(http: HTTPClient) -> str | None:
    """Ask the custom API host for its gateway and connect there; None while on the stock API."""
    if Route.BASE == STOCK_API_BASE:
        return None
    _shards, url, _limits = await http.get_bot_gateway()
    DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(url)
    return url
