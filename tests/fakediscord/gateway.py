"""The Gateway side: HELLO, IDENTIFY/READY, RESUME with replay, heartbeats, zlib-stream, dispatches."""

from __future__ import annotations

import asyncio
import json
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

from . import payloads
from .state import World

DISPATCH, HEARTBEAT, IDENTIFY, PRESENCE, RESUME, RECONNECT = 0, 1, 2, 3, 6, 7
REQUEST_MEMBERS, INVALID_SESSION, HELLO, HEARTBEAT_ACK = 8, 9, 10, 11

INTENT_GUILD_MESSAGES = 1 << 9
INTENT_DIRECT_MESSAGES = 1 << 12
INTENT_MESSAGE_CONTENT = 1 << 15


class Connection:
    """One WebSocket. zlib-stream uses one compressor for the whole connection, flushed per payload."""

    def __init__(self, ws: web.WebSocketResponse, compress: bool) -> None:
        self.ws = ws
        self._compressor = zlib.compressobj() if compress else None
        self._lock = asyncio.Lock()
        self.frames_sent = 0

    async def send(self, payload: dict[str, Any]) -> None:
        text = json.dumps(payload, separators=(",", ":"))
        # The lock keeps compress-then-send atomic: interleaved writers would corrupt the stream.
        async with self._lock:
            if self.ws.closed:
                return
            if self._compressor is None:
                await self.ws.send_str(text)
            else:
                data = self._compressor.compress(text.encode()) + self._compressor.flush(zlib.Z_SYNC_FLUSH)
                await self.ws.send_bytes(data)
            self.frames_sent += 1

    @property
    def compressed(self) -> bool:
        return self._compressor is not None


@dataclass
class Session:
    session_id: str
    intents: int
    seq: int = 0
    # Every dispatch of the session, kept so a RESUME can replay what the bot missed.
    history: list[dict[str, Any]] = field(default_factory=list)
    connection: Connection | None = None
    resumable: bool = True


class Gateway:
    def __init__(
        self,
        world: World,
        token: str,
        url: Callable[[], str],
        changed: Callable[[], None],
        heartbeat_interval_ms: int,
    ) -> None:
        self.world = world
        self.token = token
        self._url = url
        self._changed = changed
        self.heartbeat_interval_ms = heartbeat_interval_ms
        self.session: Session | None = None
        self.identify_count = 0
        self.resume_count = 0
        self.heartbeat_count = 0
        self.connection_count = 0
        self.compressed_connections = 0
        # Everything the bot sent that is not a heartbeat (identify, resume, presence, member requests).
        self.received: list[dict[str, Any]] = []
        self._sessions_started = 0

    # the WebSocket endpoint

    async def handle(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(max_msg_size=0)
        await ws.prepare(request)
        compress = request.query.get("compress") == "zlib-stream"
        connection = Connection(ws, compress)
        self.connection_count += 1
        self.compressed_connections += int(compress)
        self._changed()
        await connection.send(
            {"op": HELLO, "d": {"heartbeat_interval": self.heartbeat_interval_ms}, "s": None}
        )
        try:
            async for message in ws:
                if message.type is not WSMsgType.TEXT:
                    continue
                await self._on_payload(connection, json.loads(message.data))
        finally:
            self._detach(connection, ws.close_code)
        return ws

    def _detach(self, connection: Connection, close_code: int | None) -> None:
        session = self.session
        if session is not None and session.connection is connection:
            session.connection = None
            # A client closing with 1000/1001 ends its session for good, as on Discord.
            if close_code in (1000, 1001):
                self.session = None
        self._changed()

    async def _on_payload(self, connection: Connection, payload: dict[str, Any]) -> None:
        op = payload.get("op")
        if op == HEARTBEAT:
            self.heartbeat_count += 1
            await connection.send({"op": HEARTBEAT_ACK, "d": None, "s": None})
            return
        self.received.append(payload)
        if op == IDENTIFY:
            await self._identify(connection, payload["d"])
        elif op == RESUME:
            await self._resume(connection, payload["d"])
        elif op == REQUEST_MEMBERS:
            await self._members_chunk(payload["d"])
        self._changed()

    async def _identify(self, connection: Connection, data: dict[str, Any]) -> None:
        if data.get("token") != self.token:
            await connection.ws.close(code=4004, message=b"Authentication failed.")
            return
        self._sessions_started += 1
        self.identify_count += 1
        self.session = Session(f"fake-session-{self._sessions_started}", int(data.get("intents", 0)))
        self.session.connection = connection
        await self.dispatch("READY", self._ready_payload(data))
        for guild in self.world.guilds.values():
            if guild.has_bot:
                await self.dispatch("GUILD_CREATE", payloads.guild_create(guild, self.world))

    def _ready_payload(self, identify: dict[str, Any]) -> dict[str, Any]:
        me = payloads.user(self.world.bot) | {"verified": True, "mfa_enabled": False, "flags": 0}
        ready: dict[str, Any] = {
            "v": 10,
            "user": me,
            "guilds": [
                {"id": str(g.id), "unavailable": True} for g in self.world.guilds.values() if g.has_bot
            ],
            "session_id": self.session.session_id if self.session else "",
            "session_type": "normal",
            "resume_gateway_url": self._url(),
            "application": {"id": str(self.world.application_id), "flags": 0},
            "private_channels": [],
            "relationships": [],
            "presences": [],
            "user_settings": {},
            "geo_ordered_rtc_regions": [],
            "_trace": ["fake-discord"],
        }
        if "shard" in identify:
            ready["shard"] = identify["shard"]
        return ready

    async def _resume(self, connection: Connection, data: dict[str, Any]) -> None:
        session = self._session_named(data.get("session_id"))
        seq = data.get("seq") or 0
        if session is None or not session.resumable or seq > session.seq:
            await connection.send({"op": INVALID_SESSION, "d": False, "s": None})
            return
        self.resume_count += 1
        session.connection = connection
        for frame in session.history:
            if frame["s"] > seq:
                await connection.send(frame)
        await self._send_resumed(session)

    # The two steps of RESUME that differ with shards (see shards.py).
    def _session_named(self, session_id: str | None) -> Session | None:
        session = self.session
        return session if session is not None and session.session_id == session_id else None

    async def _send_resumed(self, session: Session) -> None:
        await self.dispatch("RESUMED", {"_trace": ["fake-discord"]})

    async def _members_chunk(self, data: dict[str, Any]) -> None:
        guild = self.world.guilds.get(int(data["guild_id"]))
        if guild is None:
            return
        wanted = {int(u) for u in data.get("user_ids") or []}
        query = (data.get("query") or "").lower()
        members = [
            payloads.member(m)
            for m in guild.members.values()
            if (not wanted or m.user.id in wanted) and m.user.username.lower().startswith(query)
        ]
        chunk = {"guild_id": str(guild.id), "members": members, "chunk_index": 0, "chunk_count": 1}
        if data.get("nonce") is not None:
            chunk["nonce"] = data["nonce"]
        await self.dispatch("GUILD_MEMBERS_CHUNK", chunk)

    # used by the fake and by tests

    @property
    def connected(self) -> bool:
        return self.session is not None and self.session.connection is not None

    def intents(self) -> int:
        return self.session.intents if self.session else 0

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        """Send an event; while the bot is disconnected it is kept for the RESUME replay."""
        session = self.session
        if session is None:
            raise AssertionError(f"cannot send {event}: the bot has no gateway session (did it connect?)")
        session.seq += 1
        frame = {"op": DISPATCH, "t": event, "s": session.seq, "d": data}
        session.history.append(frame)
        if session.connection is not None:
            await session.connection.send(frame)

    async def drop(self, code: int = 4000) -> None:
        """Close the bot's socket like a network failure; the session stays resumable."""
        session = self.session
        if session is None or session.connection is None:
            raise AssertionError("cannot drop the gateway: the bot is not connected")
        connection = session.connection
        session.connection = None
        await connection.ws.close(code=code, message=b"dropped by test")

    async def send_op(self, op: int, data: Any) -> None:
        """Send a non-dispatch opcode (RECONNECT 7, INVALID_SESSION 9) to the connected bot."""
        session = self.session
        if session is None or session.connection is None:
            raise AssertionError("the bot is not connected to the gateway")
        if op == INVALID_SESSION and data is False:
            session.resumable = False
        await session.connection.send({"op": op, "d": data, "s": None})

    async def close_all(self) -> None:
        session = self.session
        if session is not None and session.connection is not None:
            await session.connection.ws.close(code=1001, message=b"server shutting down")
