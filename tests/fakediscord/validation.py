"""The message limits Discord enforces, so a bot that breaks them fails here as it would live."""

from __future__ import annotations

from typing import Any

Error = tuple[str, int, dict[str, Any] | None]

_EMBED_LIMITS = {"title": 256, "description": 4096}
_EMBED_TOTAL = 6000


def message_errors(data: dict[str, Any], *, has_files: bool, editing: bool = False) -> Error | None:
    """None when Discord would accept the body, else (message, code, errors) of its 400 answer."""
    has_body = any(data.get(k) for k in ("content", "embeds", "components", "poll", "sticker_ids"))
    if not editing and not has_body and not has_files:
        return ("Cannot send an empty message", 50006, None)
    problems: dict[str, Any] = {}
    content = data.get("content") or ""
    if len(content) > 2000:
        problems["content"] = _too_long(2000)
    embeds = data.get("embeds") or []
    if len(embeds) > 10:
        problems["embeds"] = _too_long(10)
    for index, embed in enumerate(embeds):
        embed_problems = _embed_problems(embed)
        if embed_problems:
            problems.setdefault("embeds", {})[str(index)] = embed_problems
    component_problem = _component_problem(data.get("components") or [])
    if component_problem:
        problems["components"] = component_problem
    if problems:
        return ("Invalid Form Body", 50035, problems)
    return None


def _too_long(limit: int) -> dict[str, Any]:
    return {"_errors": [{"code": "BASE_TYPE_MAX_LENGTH", "message": f"Must be {limit} or fewer in length."}]}


def _embed_problems(embed: dict[str, Any]) -> dict[str, Any]:
    problems: dict[str, Any] = {}
    for key, limit in _EMBED_LIMITS.items():
        if len(embed.get(key) or "") > limit:
            problems[key] = _too_long(limit)
    fields = embed.get("fields") or []
    if len(fields) > 25:
        problems["fields"] = _too_long(25)
    for index, field in enumerate(fields):
        if len(field.get("name") or "") > 256 or len(field.get("value") or "") > 1024:
            problems.setdefault("fields", {})[str(index)] = _too_long(1024)
        if not field.get("name") or not field.get("value"):
            problems.setdefault("fields", {})[str(index)] = {
                "_errors": [{"code": "BASE_TYPE_REQUIRED", "message": "This field is required"}]
            }
    if len((embed.get("footer") or {}).get("text") or "") > 2048:
        problems["footer"] = _too_long(2048)
    if _embed_size(embed) > _EMBED_TOTAL:
        problems["_errors"] = [
            {"code": "MAX_EMBED_SIZE_EXCEEDED", "message": "Embed size exceeds maximum size"}
        ]
    return problems


def _embed_size(embed: dict[str, Any]) -> int:
    size = len(embed.get("title") or "") + len(embed.get("description") or "")
    size += len((embed.get("footer") or {}).get("text") or "")
    size += len((embed.get("author") or {}).get("name") or "")
    for field in embed.get("fields") or []:
        size += len(field.get("name") or "") + len(field.get("value") or "")
    return size


def _component_problem(components: list[dict[str, Any]]) -> dict[str, Any] | None:
    seen: set[str] = set()
    for row in components:
        children = row.get("components") or []
        if row.get("type") == 1 and len(children) > 5:
            return _too_long(5)
        for child in children:
            custom_id = child.get("custom_id")
            if custom_id is None:
                continue
            if len(custom_id) > 100:
                return _too_long(100)
            if custom_id in seen:
                code = "COMPONENT_CUSTOM_ID_DUPLICATED"
                return {"_errors": [{"code": code, "message": "Component custom id cannot be duplicated"}]}
            seen.add(custom_id)
    if sum(1 for c in components if c.get("type") == 1) > 5:
        return _too_long(5)
    return None
