"""Your data: /mydata (a JSON file of everything stored about you here), /forget-me, and
/admin forget user for members who left. Deleting always asks for a confirmation click first."""

from __future__ import annotations

import gzip
import io
from typing import TYPE_CHECKING, Any, Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord.checks import manage_guild_only
from bot.discord.render import NO_PINGS, error_embed
from bot.discord.render_study import forget_confirm_embed, forgotten_embed
from bot.discord.respond import OwnedView, reply
from bot.i18n import N_, Translator, translator
from bot.model import ForgetScope

if TYPE_CHECKING:
    from bot.discord.app import StudyBot
    from bot.service import StudyService

CONFIRM_SECONDS = 120
# Discord's smallest upload limit (servers without boosts); a bigger export is sent gzipped.
UPLOAD_LIMIT = 10 * 1024 * 1024


class ConfirmForget(OwnedView):
    """Delete / Cancel on a private reply; only the person who asked can press them."""

    def __init__(
        self,
        service: StudyService,
        t: Translator,
        owner_id: int,
        target_id: int,
        guild_id: int,
        scope: ForgetScope,
        by_admin: bool,
    ) -> None:
        # The message id: whoever else presses is told in their own language.
        super().__init__(owner_id, N_("Only the person who asked can confirm."), timeout=CONFIRM_SECONDS)
        self.service, self.t = service, t
        self.target_id, self.guild_id, self.scope, self.by_admin = target_id, guild_id, scope, by_admin
        self.delete.label = t.gettext("Delete")
        self.cancel.label = t.gettext("Cancel")

    @discord.ui.button(label="Delete", style=discord.ButtonStyle.danger)
    async def delete(self, interaction: discord.Interaction, button: discord.ui.Button[Any]) -> None:
        self.stop()  # a second click finds no listener: the deletion runs once
        report = await self.service.personal.forget(
            self.target_id, self.guild_id, self.scope, by_admin=self.by_admin
        )
        await interaction.response.edit_message(embed=forgotten_embed(report, self.t), view=None)

    @discord.ui.button(label="Cancel", style=discord.ButtonStyle.secondary)
    async def cancel(self, interaction: discord.Interaction, button: discord.ui.Button[Any]) -> None:
        self.stop()
        await interaction.response.edit_message(
            embed=error_embed(self.t.gettext("Nothing was deleted.")), view=None
        )

    async def on_timeout(self) -> None:
        await self.edit_origin(
            embed=error_embed(self.t.gettext("Nothing was deleted (no confirmation).")), view=None
        )


class MyDataCog(commands.Cog, name="MyData"):
    admin = app_commands.Group(
        name="admin",
        description="Server admin tools",
        default_permissions=discord.Permissions(manage_guild=True),
    )
    admin_forget = app_commands.Group(name="forget", description="Delete stored data", parent=admin)

    def __init__(self, bot: StudyBot) -> None:
        self.bot = bot

    @app_commands.command(name="mydata", description="A file of everything stored about you in this server")
    async def mydata(self, interaction: discord.Interaction) -> None:
        assert interaction.guild_id is not None
        t = translator(interaction.locale)
        await interaction.response.defer(ephemeral=True, thinking=True)
        data = await self.bot.service.personal.export(interaction.guild_id, interaction.user.id)
        name = f"studybot-{interaction.guild_id}-{interaction.user.id}.json"
        if len(data) > UPLOAD_LIMIT:
            data, name = gzip.compress(data), name + ".gz"
        file = discord.File(io.BytesIO(data), name)
        text = t.gettext(
            "Everything stored about you in this server: answers with your replies, grades and times, "
            "points, streaks, quiz results, review cards and disputes. /forget-me deletes it."
        )
        await interaction.edit_original_response(content=text, attachments=[file], allowed_mentions=NO_PINGS)

    @app_commands.command(name="forget-me", description="Delete everything stored about you (asks first)")
    @app_commands.describe(scope="here: this server (default); everywhere: every server")
    async def forget_me(
        self, interaction: discord.Interaction, scope: Literal["here", "everywhere"] = "here"
    ) -> None:
        assert interaction.guild_id is not None
        await self._confirm(interaction, interaction.user.id, ForgetScope(scope), None)

    @admin_forget.command(name="user", description="Delete everything stored about a member (asks first)")
    @app_commands.describe(user="The member (or former member) whose data to delete")
    @manage_guild_only()
    async def forget_user(self, interaction: discord.Interaction, user: discord.User) -> None:
        assert interaction.guild_id is not None
        await self._confirm(interaction, user.id, ForgetScope.HERE, user.display_name)

    async def _confirm(
        self, interaction: discord.Interaction, target_id: int, scope: ForgetScope, other: str | None
    ) -> None:
        assert interaction.guild_id is not None
        t = translator(interaction.locale)
        view = ConfirmForget(
            self.bot.service,
            t,
            interaction.user.id,
            target_id,
            interaction.guild_id,
            scope,
            other is not None,
        )
        await reply(interaction, embed=forget_confirm_embed(scope, other, t), view=view)
        view.origin = interaction


async def setup(bot: StudyBot) -> None:
    await bot.add_cog(MyDataCog(bot))
