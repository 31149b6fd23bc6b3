"""/bank list, upload, export, remove and reload: the server's banks, bundled and uploaded."""

from __future__ import annotations

import asyncio
import io
import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord import language
from bot.discord.autocomplete import choices
from bot.discord.checks import manage_guild_only
from bot.discord.own_render import bank_list_embed, upload_problems_embed, upload_saved_embed
from bot.discord.render import ReloadReport, info_embed, reload_embed
from bot.discord.respond import OwnedView, reply
from bot.i18n import N_, Translator
from bot.model import ServiceError, UploadCheck
from bot.service.uploads import MAX_UPLOAD_BYTES

if TYPE_CHECKING:
    from bot.discord.app import StudyBot

log = logging.getLogger(__name__)

DOWNLOAD_TIMEOUT_S = 30.0
CONFIRM_SECONDS = 300.0


class ConfirmView(OwnedView):
    """Two buttons on an ephemeral reply: go ahead or cancel. `done` holds the choice."""

    def __init__(self, t: Translator, owner_id: int, label: str) -> None:
        super().__init__(owner_id, N_("This confirmation is not yours."), timeout=CONFIRM_SECONDS)
        self.t = t
        self.choice: asyncio.Future[tuple[bool, discord.Interaction]] = (
            asyncio.get_running_loop().create_future()
        )
        go = discord.ui.Button[ConfirmView](
            label=label, style=discord.ButtonStyle.danger, custom_id="bank:confirm"
        )
        stop = discord.ui.Button[ConfirmView](
            label=t.gettext("Cancel"), style=discord.ButtonStyle.secondary, custom_id="bank:cancel"
        )
        go.callback = self._go  # type: ignore[method-assign]
        stop.callback = self._cancel  # type: ignore[method-assign]
        self.add_item(go)
        self.add_item(stop)

    async def _go(self, interaction: discord.Interaction) -> None:
        self._decide(True, interaction)

    async def _cancel(self, interaction: discord.Interaction) -> None:
        self._decide(False, interaction)

    def _decide(self, go: bool, interaction: discord.Interaction) -> None:
        if not self.choice.done():
            self.choice.set_result((go, interaction))
        self.stop()

    async def on_timeout(self) -> None:
        await self.edit_origin(embed=info_embed(self.t.gettext("Nothing changed.")), view=None)

    async def wait_choice(self) -> tuple[bool, discord.Interaction | None]:
        """(go, the pressing interaction); (False, None) when nobody pressed in time."""
        try:
            return await asyncio.wait_for(asyncio.shield(self.choice), CONFIRM_SECONDS + 5)
        except TimeoutError:
            return False, None


class BanksCog(commands.Cog, name="Banks"):
    bank = app_commands.Group(
        name="bank",
        description="Question banks",
        allowed_contexts=app_commands.AppCommandContext(guild=True),
        allowed_installs=app_commands.AppInstallationType(guild=True),
        default_permissions=discord.Permissions(manage_guild=True),
    )

    def __init__(self, bot: StudyBot) -> None:
        self.bot = bot

    async def cog_load(self) -> None:
        await self.bot.service.uploads.load()

    @bank.command(name="list", description="List this server's question banks, bundled and uploaded")
    async def list_banks(self, interaction: discord.Interaction) -> None:
        t = language.for_user(interaction)
        infos = self.bot.service.uploads.infos(interaction.guild_id or 0)
        await reply(interaction, embed=bank_list_embed(t, infos))

    @bank.command(
        name="upload", description="Upload a YAML bank or a 题目/答案/解析 markdown file (max 1 MB)"
    )
    @app_commands.describe(file="A .yaml or .md file", name="Bank name for a markdown file")
    @manage_guild_only()
    async def upload(
        self, interaction: discord.Interaction, file: discord.Attachment, name: str | None = None
    ) -> None:
        assert interaction.guild_id is not None
        t = language.for_user(interaction)
        uploads = self.bot.service.uploads
        # What Discord says about the file is checked before a byte is downloaded.
        uploads.precheck(file.filename, file.size, file.content_type)
        await interaction.response.defer(ephemeral=True, thinking=True)
        data = await _download(file)
        checked = await uploads.check(interaction.guild_id, file.filename, data, name)
        if not checked.ok:
            await reply(interaction, embed=upload_problems_embed(t, file.filename, checked))
            return
        if checked.replaces:
            await self._confirm_replace(interaction, t, checked)
            return
        replaced = await uploads.save(interaction.guild_id, interaction.user.id, checked)
        await reply(interaction, embed=upload_saved_embed(t, checked, replaced))

    async def _confirm_replace(
        self, interaction: discord.Interaction, t: Translator, checked: UploadCheck
    ) -> None:
        assert interaction.guild_id is not None
        question = t.gettext(
            "This server already has a bank called {name}. Replace it with the uploaded file?",
            name=checked.name,
        )
        pressed = await _confirmed(interaction, t, question, t.gettext("Replace"))
        if pressed is None:
            return
        replaced = await self.bot.service.uploads.save(interaction.guild_id, interaction.user.id, checked)
        await pressed.response.edit_message(embed=upload_saved_embed(t, checked, replaced), view=None)

    @bank.command(name="export", description="Get an uploaded bank back as a YAML file")
    @manage_guild_only()
    async def export(self, interaction: discord.Interaction, name: str) -> None:
        assert interaction.guild_id is not None
        row = await self.bot.service.uploads.export(interaction.guild_id, name)
        file = discord.File(io.BytesIO(row.source.encode("utf-8")), filename=f"{row.name}.yaml")
        await interaction.response.send_message(file=file, ephemeral=True)

    @bank.command(name="remove", description="Remove a bank this server uploaded (asks first)")
    @manage_guild_only()
    async def remove(self, interaction: discord.Interaction, name: str) -> None:
        assert interaction.guild_id is not None
        t = language.for_user(interaction)
        if name not in self.bot.service.uploads.uploaded_names(interaction.guild_id):
            raise ServiceError("This server has no uploaded bank called {name}.", name=name)
        question = t.gettext(
            "Remove the bank {name}? Its questions stop being asked; scores already earned stay.", name=name
        )
        pressed = await _confirmed(interaction, t, question, t.gettext("Remove"))
        if pressed is None:
            return
        removed = await self.bot.service.remove_uploaded_bank(interaction.guild_id, name)
        done = t.gettext("Bank {name} removed.", name=name) if removed else t.gettext("It was already gone.")
        await pressed.response.edit_message(embed=info_embed(done), view=None)

    @export.autocomplete("name")
    @remove.autocomplete("name")
    async def _uploaded_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return choices(self.bot.service.uploads.uploaded_names(interaction.guild_id or 0), current)

    @bank.command(name="reload", description="Re-read the bank files; problems keep the working banks in use")
    @manage_guild_only()
    async def reload(self, interaction: discord.Interaction) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        problems = await self.bot.service.reload_banks()
        if problems:
            log.warning("bank reload found %d problem(s); keeping the loaded banks", len(problems))
        library = self.bot.service.banks.library
        t = language.for_user(interaction)
        await reply(interaction, embed=reload_embed(t, ReloadReport(library.banks, problems)))


async def _confirmed(
    interaction: discord.Interaction, t: Translator, question: str, label: str
) -> discord.Interaction | None:
    """Ask with `label` / Cancel buttons; the pressing interaction when the user went ahead.

    Cancel says that nothing changed; no press in time leaves that to the view's timeout.
    """
    view = ConfirmView(t, interaction.user.id, label)
    await reply(interaction, embed=info_embed(question), view=view)
    view.origin = interaction
    go, pressed = await view.wait_choice()
    if pressed is not None and not go:
        await pressed.response.edit_message(embed=info_embed(t.gettext("Nothing changed.")), view=None)
    return pressed if go else None


async def _download(file: discord.Attachment) -> bytes:
    """The attachment's bytes, refusing more than the size limit whatever its reported size said."""
    try:
        data = await asyncio.wait_for(file.read(), DOWNLOAD_TIMEOUT_S)
    except (TimeoutError, discord.HTTPException) as exc:
        raise ServiceError("I could not download {file}; upload it again.", file=file.filename) from exc
    if len(data) > MAX_UPLOAD_BYTES:
        raise ServiceError("{file} is larger than 1024 KB; split it into several banks.", file=file.filename)
    return data


async def setup(bot: StudyBot) -> None:
    await bot.add_cog(BanksCog(bot))
