"""Attachments for slash-command options (type 11): the file is served by the fake on 127.0.0.1.

    upload = fake_discord.attach("notes.yaml", b"bank: ...", content_type="application/x-yaml")
    handle = await fake_discord.send_slash("bank", {"file": upload}, subcommand="upload")

The interaction carries the attachment in `data.resolved.attachments` with a `url` on the fake,
so `discord.Attachment.read()` downloads it from here. `size` may claim another size than the
content's (what Discord reports is what a bot can check before downloading); `downloads` counts
how often the bot fetched it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from aiohttp import web

ATTACHMENT_OPTION = 11
ATTACHMENTS_PATH = "/attachments/{attachment_id}/{filename}"


@dataclass
class FakeAttachment:
    id: int
    filename: str
    content: bytes
    url: str
    content_type: str | None = None
    size: int | None = None  # reported size; None: the content's length
    downloads: int = 0

    def payload(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": str(self.id),
            "filename": self.filename,
            "size": len(self.content) if self.size is None else self.size,
            "url": self.url,
            "proxy_url": self.url,
        }
        if self.content_type:
            data["content_type"] = self.content_type
        return data


class AttachmentHost:
    """The files behind attachment URLs."""

    def __init__(self) -> None:
        self.files: dict[int, FakeAttachment] = {}

    def add(self, attachment: FakeAttachment) -> FakeAttachment:
        self.files[attachment.id] = attachment
        return attachment

    async def serve(self, request: web.Request) -> web.Response:
        found = self.files.get(int(request.match_info["attachment_id"]))
        if found is None or found.filename != request.match_info["filename"]:
            return web.Response(status=404, text="no such attachment")
        found.downloads += 1
        return web.Response(body=found.content, content_type=found.content_type or "application/octet-stream")
