"""One checker for everything the bot sent: Discord's size limits and "never a ping".

`sent_problems(fake, since)` walks the REST requests the fake recorded (channel messages, edits,
interaction callbacks, webhook followups and edits, thread names) and returns what Discord would
reject or what could notify someone. An empty list means all is well.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from fakediscord import FakeDiscord, RecordedRequest

CONTENT_MAX = 2000
EMBEDS_MAX = 10
TITLE_MAX = 256
DESCRIPTION_MAX = 4096
FIELDS_MAX = 25
FIELD_NAME_MAX = 256
FIELD_VALUE_MAX = 1024
FOOTER_MAX = 2048
AUTHOR_MAX = 256
EMBED_TOTAL_MAX = 6000
CHOICES_MAX = 25
CHOICE_MAX = 100
MODAL_TITLE_MAX = 45
INPUT_LABEL_MAX = 45
PLACEHOLDER_MAX = 100
THREAD_NAME_MAX = 100

# Callback types whose data is a message.
_MESSAGE_CALLBACKS = {4, 7}
_AUTOCOMPLETE, _MODAL = 8, 9

# A raw @everyone/@here that Discord would turn into a ping if allowed.
_MASS_PING = re.compile(r"@(everyone|here)")


def _length_problem(where: str, text: Any, limit: int) -> list[str]:
    size = len(text or "")
    return [f"{where}: {size} > {limit} characters"] if size > limit else []


def embed_problems(embed: dict[str, Any], where: str = "embed") -> list[str]:
    problems: list[str] = []
    problems += _length_problem(f"{where}.title", embed.get("title"), TITLE_MAX)
    problems += _length_problem(f"{where}.description", embed.get("description"), DESCRIPTION_MAX)
    footer = (embed.get("footer") or {}).get("text")
    author = (embed.get("author") or {}).get("name")
    problems += _length_problem(f"{where}.footer", footer, FOOTER_MAX)
    problems += _length_problem(f"{where}.author", author, AUTHOR_MAX)
    fields = embed.get("fields") or []
    if len(fields) > FIELDS_MAX:
        problems.append(f"{where}: {len(fields)} > {FIELDS_MAX} fields")
    total = sum(len(x or "") for x in (embed.get("title"), embed.get("description"), footer, author))
    for i, field in enumerate(fields):
        name, value = field.get("name") or "", field.get("value") or ""
        if not name.strip() or not value.strip():
            problems.append(f"{where}.fields[{i}]: empty name or value")
        problems += _length_problem(f"{where}.fields[{i}].name", name, FIELD_NAME_MAX)
        problems += _length_problem(f"{where}.fields[{i}].value", value, FIELD_VALUE_MAX)
        total += len(name) + len(value)
    if total > EMBED_TOTAL_MAX:
        problems.append(f"{where}: {total} > {EMBED_TOTAL_MAX} characters in all")
    return problems


def message_problems(body: dict[str, Any], pingable_roles: Iterable[int] = ()) -> list[str]:
    """Size limits and pings of one message body (a send, an edit or a callback's data)."""
    problems = _length_problem("content", body.get("content"), CONTENT_MAX)
    embeds = body.get("embeds") or []
    if len(embeds) > EMBEDS_MAX:
        problems.append(f"{len(embeds)} > {EMBEDS_MAX} embeds")
    for i, embed in enumerate(embeds):
        problems += embed_problems(embed, f"embeds[{i}]")
    return problems + ping_problems(body, set(pingable_roles))


def ping_problems(body: dict[str, Any], pingable_roles: set[int]) -> list[str]:
    """Content that could notify anyone beyond `pingable_roles`, given the allowed mentions sent."""
    content = body.get("content") or ""
    allowed = body.get("allowed_mentions")
    problems = []
    if _MASS_PING.search(content):
        problems.append(f"raw @everyone/@here in content: {content[:80]!r}")
    if allowed is None:
        # Without allowed_mentions Discord pings whatever the content mentions; text the bot
        # sends may hold a user's words, so any content must come with them.
        if content:
            problems.append(f"content without allowed_mentions: {content[:80]!r}")
        return problems
    parse = set(allowed.get("parse") or [])
    if parse:
        problems.append(f"allowed_mentions.parse lets {sorted(parse)} ping")
    if allowed.get("users"):
        problems.append(f"allowed_mentions.users {allowed['users']}")
    roles = {int(r) for r in allowed.get("roles") or []}
    if roles - pingable_roles:
        problems.append(f"allowed_mentions.roles {sorted(roles - pingable_roles)} may not be pinged")
    return problems


def _callback_problems(data: dict[str, Any], kind: int) -> list[str]:
    if kind in _MESSAGE_CALLBACKS:
        return message_problems(data)
    if kind == _AUTOCOMPLETE:
        choices = data.get("choices") or []
        problems = [f"{len(choices)} > {CHOICES_MAX} choices"] if len(choices) > CHOICES_MAX else []
        for choice in choices:
            name, value = str(choice.get("name") or ""), str(choice.get("value") or "")
            if not 1 <= len(name) <= CHOICE_MAX or len(value) > CHOICE_MAX:
                problems.append(f"choice {name[:40]!r} has name/value outside 1-{CHOICE_MAX} characters")
        return problems
    if kind == _MODAL:
        problems = _length_problem("modal title", data.get("title"), MODAL_TITLE_MAX)
        for item in _walk(data.get("components") or []):
            problems += _length_problem("input label", item.get("label"), INPUT_LABEL_MAX)
            problems += _length_problem("input placeholder", item.get("placeholder"), PLACEHOLDER_MAX)
        return problems
    return []


def _walk(components: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for component in components:
        yield component
        yield from _walk(component.get("components") or [])
        if isinstance(component.get("component"), dict):
            yield from _walk([component["component"]])


def request_problems(request: RecordedRequest, pingable_roles: Iterable[int] = ()) -> list[str]:
    """Problems in what one recorded request sent; requests that carry no message are fine."""
    body = request.json if isinstance(request.json, dict) else None
    if body is None:
        return []
    path, method = request.path, request.method
    if path.startswith("/interactions/") and path.endswith("/callback"):
        found = _callback_problems(body.get("data") or {}, int(body.get("type") or 0))
    elif path.endswith("/threads"):
        found = _length_problem("thread name", body.get("name"), THREAD_NAME_MAX)
    elif path.startswith("/webhooks/") and method in ("POST", "PATCH"):
        found = message_problems(body)
    elif path.startswith("/channels/") and "/messages" in path and method in ("POST", "PATCH"):
        found = message_problems(body, pingable_roles)
    else:
        found = []
    return [f"{request.method} {path}: {p}" for p in found]


def sent_problems(fake: FakeDiscord, since: int = 0, pingable_roles: Iterable[int] = ()) -> list[str]:
    """Every problem in the requests recorded from index `since` on, plus Discord's 400 answers."""
    problems = []
    for request in fake.requests[since:]:
        problems += request_problems(request, pingable_roles)
        if request.status == 400:
            problems.append(f"Discord refused {request}")
    return problems
