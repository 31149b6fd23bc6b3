"""Commands say where they work with Discord's current fields (contexts, integration_types), not
the deprecated dm_permission."""

from __future__ import annotations

import pytest
from fakediscord import MODAL, FakeDiscord

from .studybot_harness import MovableClock, Studybot
from .test_answer import button_id, post_daily

GUILD_CONTEXT = [0]  # 0 guild, 1 bot DM, 2 private channel
GUILD_INSTALL = [0]  # 0 guild install, 1 user install


@pytest.mark.parametrize("dev_guild", [True, False], ids=["guild-sync", "global-sync"])
async def test_every_command_is_for_servers_only(
    fake_discord: FakeDiscord, studybot: Studybot, dev_guild: bool
) -> None:
    studybot.dev_guild = dev_guild
    await studybot.start()
    scope = fake_discord.guild.id if dev_guild else None
    listing = fake_discord.world.commands.listing(scope)
    assert {c["name"] for c in listing} >= {"quiz", "bank", "setup", "answer", "daily"}
    for command in listing:
        assert command["contexts"] == GUILD_CONTEXT, command["name"]
        assert command["integration_types"] == GUILD_INSTALL, command["name"]
    sent = [r.json for r in fake_discord.requests if r.method == "PUT" and "/commands" in r.path]
    assert sent and all(item.get("dm_permission") is not False for body in sent for item in body)


async def test_the_answer_modal_puts_its_field_in_a_label(
    fake_discord: FakeDiscord, studybot: Studybot, clock: MovableClock
) -> None:
    await studybot.start()
    post = await post_daily(fake_discord, studybot, clock)
    click = await fake_discord.click_button(post, button_id(post, "Answer"), user=fake_discord.bob)
    modal = await click.response()
    assert modal.type == MODAL
    [label] = modal.data["components"]
    assert label["type"] == 18 and label["label"] == "Answer"  # a Label, not an action row
    assert label["component"]["type"] == 4 and label["component"]["custom_id"] == "answer"
    assert not label["component"].get("label")  # the text is the Label's
    submitted = await click.submit_modal({"answer": "a transformer"})
    assert (await submitted.response()).ephemeral
