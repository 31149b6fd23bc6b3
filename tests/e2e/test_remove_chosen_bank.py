"""Removing the uploaded bank /setup chose: the daily keeps questions and /setup keeps working."""

from __future__ import annotations

from fakediscord import FakeDiscord
from sample_banks import OUR_NOTES

from .studybot_harness import Studybot, run_setup
from .test_answer import button_id
from .test_own_material import final, upload


async def test_after_removing_the_chosen_bank_setup_still_saves(
    fake_discord: FakeDiscord, studybot: Studybot
) -> None:
    await studybot.start()
    _, handle = await upload(fake_discord, "notes.yaml", OUR_NOTES.encode())
    await final(handle)
    assert (await run_setup(fake_discord, banks="our-notes")).embeds[0]["title"] == "Daily question set up"
    removing = await fake_discord.send_slash("bank", {"name": "our-notes"}, subcommand="remove")
    asked = await removing.original()
    await (
        await fake_discord.click_button(asked, button_id(asked, "Remove"), user=fake_discord.alice)
    ).response()
    reply = await run_setup(fake_discord, time="10:00")  # banks left out: the current choice is kept
    assert reply.embeds[0]["title"] == "Daily question set up", reply.embeds
    setup = await studybot.service.guild_setup(fake_discord.guild.id)
    assert setup is not None and setup.banks == ()
