"""custom_id formats for the persistent buttons on a daily post.

The ids carry the guild, the day and the question, so a click still means the same thing after a
restart: the buttons are DynamicItems registered at startup, not views kept in memory.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

CUSTOM_ID_MAX = 100

# kind: "answer" or "explain"; qid may be empty when the id would not fit (then: today's question).
TEMPLATE = r"daily:(?P<kind>{kind}):(?P<guild>[0-9]{{1,20}}):(?P<day>[0-9]{{8}}):(?P<qid>[^:]*)"


def template(kind: str) -> re.Pattern[str]:
    return re.compile(TEMPLATE.format(kind=re.escape(kind)))


@dataclass(frozen=True, slots=True)
class DailyRef:
    guild_id: int
    day: date
    question_id: str | None


def custom_id(kind: str, ref: DailyRef) -> str:
    base = f"daily:{kind}:{ref.guild_id}:{ref.day.strftime('%Y%m%d')}:"
    qid = ref.question_id or ""
    if ":" in qid or len(base) + len(qid) > CUSTOM_ID_MAX:
        qid = ""
    return base + qid


def parse(match: re.Match[str]) -> DailyRef:
    raw = match["day"]
    try:
        day = date(int(raw[:4]), int(raw[4:6]), int(raw[6:]))
    except ValueError:
        day = date.min  # a crafted id: the service will not find a question for it
    return DailyRef(guild_id=int(match["guild"]), day=day, question_id=match["qid"] or None)
