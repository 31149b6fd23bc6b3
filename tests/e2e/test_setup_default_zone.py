"""/setup without a time zone: the server keeps its zone, a first setup takes STUDYBOT_TIMEZONE."""

from __future__ import annotations

import dataclasses

import pytest
from fakediscord import FakeDiscord

from bot.settings import Settings

from .studybot_harness import Studybot


async def test_the_configured_default_zone_is_used_then_kept(
    fake_discord: FakeDiscord, studybot: Studybot, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = studybot.settings

    def settings() -> Settings:
        return dataclasses.replace(plain(), default_timezone="Asia/Tokyo")

    monkeypatch.setattr(studybot, "settings", settings)
    await studybot.start()
    assert studybot.service is not None
    guild = fake_discord.guild.id

    first = await fake_discord.send_slash(
        "setup", {"channel": fake_discord.general, "time": "09:00"}, user=fake_discord.alice
    )
    assert "Asia/Tokyo" in str((await first.response()).embeds)
    setup = await studybot.service.guild_setup(guild)
    assert setup is not None and setup.timezone == "Asia/Tokyo"

    zone = {"channel": fake_discord.general, "time": "09:00", "timezone": "Europe/Berlin"}
    await (await fake_discord.send_slash("setup", zone, user=fake_discord.alice)).response()
    again = await fake_discord.send_slash(
        "setup", {"channel": fake_discord.general, "time": "10:00"}, user=fake_discord.alice
    )
    await again.response()
    setup = await studybot.service.guild_setup(guild)
    assert setup is not None and setup.timezone == "Europe/Berlin"  # kept, not reset to the default
