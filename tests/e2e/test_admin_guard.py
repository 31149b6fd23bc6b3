"""Admin-only commands refuse members without the permission even when the client's command
permissions are bypassed (a crafted interaction, a server that overrode default permissions)."""

from __future__ import annotations

from typing import Any

from fakediscord import FakeDiscord, FakeUser
from fakediscord.state import MANAGE_GUILD, MANAGE_MESSAGES, VIEW_CHANNEL

from .studybot_harness import (
    BANK_YAML,
    Studybot,
    run_setup,
    write_bank,
)
from .test_quiz import titled

EXTRA_QUESTION = """\
  - id: t-04
    question: What is weight decay?
    answer: Weight decay adds a penalty on large weights, which regularises the model.
    explanation: It shrinks weights a little every step.
    key_points:
      - point: penalises large weights
        phrasings: [penalty on large weights, penalises large weights]
"""


def description(reply: Any) -> str:
    return reply.embeds[0].get("description", "") if reply.embeds else reply.content


def member_with(fake: FakeDiscord, name: str, permissions: int) -> FakeUser:
    user = fake.world.add_user(name)
    role = fake.world.add_role(fake.guild, f"{name}-role", permissions)
    fake.world.add_member(fake.guild, user, roles=[role])
    return user


async def test_setup_refuses_members_without_manage_server(
    fake_discord: FakeDiscord, studybot: Studybot
) -> None:
    # Manage Messages is a moderator permission, but not the one /setup asks for.
    mod = member_with(fake_discord, "mod", MANAGE_MESSAGES)
    await studybot.start()
    values = {"channel": fake_discord.general, "time": "09:00", "timezone": "UTC", "thread": True}
    for user in (fake_discord.bob, mod):
        reply = await (await fake_discord.send_slash("setup", values, user=user)).response()
        assert reply.ephemeral and "Manage Server" in description(reply), user.username
    assert await studybot.service.guild_setup(fake_discord.guild.id) is None

    admin = member_with(fake_discord, "admin", MANAGE_GUILD)
    allowed = await (await fake_discord.send_slash("setup", values, user=admin)).response()
    assert allowed.embeds[0]["title"] == "Daily question set up"


async def test_setup_by_a_member_does_not_change_an_existing_setup(
    fake_discord: FakeDiscord, studybot: Studybot
) -> None:
    await studybot.start()
    await run_setup(fake_discord)
    before = await studybot.service.guild_setup(fake_discord.guild.id)
    other = await fake_discord.add_channel("elsewhere")
    values = {"channel": other, "time": "23:59", "timezone": "UTC"}
    reply = await (await fake_discord.send_slash("setup", values, user=fake_discord.bob)).response()
    assert "Manage Server" in description(reply)
    assert await studybot.service.guild_setup(fake_discord.guild.id) == before


async def test_bank_reload_refuses_members_and_keeps_the_banks(
    fake_discord: FakeDiscord, studybot: Studybot
) -> None:
    await studybot.start()
    write_bank(studybot.bank_dir, BANK_YAML + EXTRA_QUESTION)  # a change only a reload would pick up
    refused = await (
        await fake_discord.send_slash("bank", {}, subcommand="reload", user=fake_discord.bob)
    ).response()
    assert refused.ephemeral and "Manage Server" in description(refused)
    assert studybot.service.banks.library.get("t-04") is None

    handle = await fake_discord.send_slash("bank", {}, subcommand="reload", user=fake_discord.alice)
    await handle.original(where=lambda m: bool(m.get("embeds")))
    assert studybot.service.banks.library.get("t-04") is not None


async def test_settings_are_shown_only_to_managers(fake_discord: FakeDiscord, studybot: Studybot) -> None:
    await studybot.start()
    await run_setup(fake_discord)
    shown = await (await fake_discord.send_slash("settings", {}, user=fake_discord.alice)).response()
    assert shown.embeds[0]["title"] == "Daily question settings"
    refused = await (await fake_discord.send_slash("settings", {}, user=fake_discord.bob)).response()
    assert "Manage Server" in description(refused)
    assert "Asia/Shanghai" not in str(refused.data)


async def test_admin_commands_in_a_dm_are_refused(fake_discord: FakeDiscord, studybot: Studybot) -> None:
    studybot.dev_guild = False  # global commands, so a (crafted) DM invocation reaches the bot
    await studybot.start()
    dm = fake_discord.world.dm_channel(fake_discord.bob)
    reload = await (
        await fake_discord.send_slash("bank", {}, subcommand="reload", user=fake_discord.bob, channel=dm)
    ).response()
    assert "server" in description(reload).lower()
    values = {"channel": fake_discord.general, "time": "09:00", "timezone": "UTC"}
    setup = await (
        await fake_discord.send_slash("setup", values, user=fake_discord.bob, channel=dm)
    ).response()
    assert setup.ephemeral
    assert await studybot.service.guild_setup(fake_discord.guild.id) is None
    assert not fake_discord.bot_errors


async def test_quiz_stop_needs_the_starter_or_manage_messages(
    fake_discord: FakeDiscord, studybot: Studybot
) -> None:
    mod = member_with(fake_discord, "mod", MANAGE_MESSAGES)
    viewer = member_with(fake_discord, "viewer", VIEW_CHANNEL)  # no moderation rights at all
    await studybot.start(quiz_poll_seconds=0.05)
    start = await fake_discord.send_slash("quiz", {"count": 3}, subcommand="start", user=fake_discord.bob)
    await start.response()
    await fake_discord.wait_for_message(titled("Quiz · question 1/3"))

    plain = member_with(fake_discord, "plain", 0)
    for user in (viewer, plain):
        refused = await (await fake_discord.send_slash("quiz", {}, subcommand="stop", user=user)).response()
        assert refused.ephemeral and "Manage Messages" in description(refused)
    assert studybot.service.quiz(fake_discord.guild.id, fake_discord.general.id) is not None

    stopped = await (await fake_discord.send_slash("quiz", {}, subcommand="stop", user=mod)).response()
    assert "Stopping" in description(stopped)
    await fake_discord.wait_for_message(titled("Quiz stopped"))
    assert studybot.service.quiz(fake_discord.guild.id, fake_discord.general.id) is None


async def test_the_starter_can_stop_their_own_quiz_without_permissions(
    fake_discord: FakeDiscord, studybot: Studybot
) -> None:
    await studybot.start(quiz_poll_seconds=0.05)
    await (
        await fake_discord.send_slash("quiz", {"count": 2}, subcommand="start", user=fake_discord.bob)
    ).response()
    await fake_discord.wait_for_message(titled("Quiz · question 1/2"))
    stopped = await (
        await fake_discord.send_slash("quiz", {}, subcommand="stop", user=fake_discord.bob)
    ).response()
    assert "Stopping" in description(stopped)
    await fake_discord.wait_for_message(titled("Quiz stopped"))


async def test_a_channel_overwrite_taking_manage_messages_away_is_respected(
    fake_discord: FakeDiscord, studybot: Studybot
) -> None:
    mod = member_with(fake_discord, "mod", MANAGE_MESSAGES)
    role_id = fake_discord.guild.members[mod.id].role_ids[0]
    deny = [{"id": str(role_id), "type": 0, "allow": "0", "deny": str(MANAGE_MESSAGES)}]
    quiet = fake_discord.world.add_channel(fake_discord.guild, "quiet", overwrites=deny)
    await studybot.start(quiz_poll_seconds=0.05)
    await (
        await fake_discord.send_slash(
            "quiz", {"count": 2}, subcommand="start", user=fake_discord.bob, channel=quiet
        )
    ).response()
    await fake_discord.wait_for_message(titled("Quiz · question 1/2"), channel=quiet)
    refused = await (
        await fake_discord.send_slash("quiz", {}, subcommand="stop", user=mod, channel=quiet)
    ).response()
    assert "Manage Messages" in description(refused)
    assert studybot.service.quiz(fake_discord.guild.id, quiet.id) is not None
