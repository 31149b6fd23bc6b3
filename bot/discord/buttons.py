"""The persistent Answer/Explain buttons on a daily post: their custom_id format and shared base.

The ids carry the guild, the day and the question, so a click still means the same thing after a
restart: the buttons are DynamicItems registered at startup, not views kept in memory.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar

import discord

from bot.discord.render import error_embed
from bot.discord.respond import reply, report_error
from bot.i18n import ENGLISH, N_, Translator, translator

CUSTOM_ID_MAX = 100
OTHER_GUILD = N_("This button belongs to another server's question.")

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


class DailyButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"(?!)"):
    """A button on a daily post. Subclasses name their kind and look, and say what a click does.

    The base's template matches nothing, so only the subclasses are ever registered.
    """

    kind: ClassVar[str]
    label: ClassVar[str]  # a message id, shown in the language of the post
    style: ClassVar[discord.ButtonStyle]
    emoji: ClassVar[str]

    def __init__(self, ref: DailyRef, t: Translator = ENGLISH) -> None:
        super().__init__(
            discord.ui.Button(
                label=t.gettext(self.label),
                style=self.style,
                emoji=self.emoji,
                custom_id=custom_id(self.kind, ref),
            )
        )
        self.ref = ref

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> DailyButton:
        return cls(parse(match))

    async def callback(self, interaction: discord.Interaction) -> None:
        try:
            if interaction.guild_id != self.ref.guild_id:
                t = translator(interaction.locale)
                await reply(interaction, embed=error_embed(t.gettext(OTHER_GUILD)))
                return
            await self.clicked(interaction)
        except Exception as exc:  # dynamic items have no view-level error hook
            await report_error(interaction, exc)

    async def clicked(self, interaction: discord.Interaction) -> None:
        raise NotImplementedError
