"""The fake Discord against a real discord.py client: a tiny bot with a slash command, a view and a modal."""

from __future__ import annotations

import json
import zlib

import aiohttp
import discord
import pytest
from discord import app_commands
from discord.gateway import DiscordWebSocket
from discord.http import Route
from fakediscord import (
    CHANNEL_MESSAGE,
    DEFERRED_CHANNEL_MESSAGE,
    LOADING,
    MODAL,
    UPDATE_MESSAGE,
    FakeDiscord,
    Fault,
)

from bot.discord.endpoint import api_base, follow_gateway, normalise_base, use_api_base

from .conftest import Connect


class Feedback(discord.ui.Modal, title="Feedback"):
    comment: discord.ui.TextInput[Feedback] = discord.ui.TextInput(label="Comment", custom_id="comment")

    async def on_submit(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(f"thanks for: {self.comment.value}", ephemeral=True)


class Confirm(discord.ui.View):
    def __init__(self) -> None:
        super().__init__(timeout=60)
        self.clicked_by: list[int] = []

    @discord.ui.button(label="Confirm", custom_id="confirm")
    async def confirm(self, interaction: discord.Interaction, button: discord.ui.Button[Confirm]) -> None:
        self.clicked_by.append(interaction.user.id)
        button.disabled = True
        await interaction.response.edit_message(content="confirmed", view=self)

    @discord.ui.select(custom_id="level", options=[discord.SelectOption(label=v) for v in ("easy", "hard")])
    async def level(self, interaction: discord.Interaction, select: discord.ui.Select[Confirm]) -> None:
        await interaction.response.send_message(f"level {select.values[0]}", ephemeral=True)


class TinyBot(discord.Client):
    def __init__(self) -> None:
        super().__init__(intents=discord.Intents.default())
        self.tree = app_commands.CommandTree(self)
        self.views: list[Confirm] = []
        self.seen_messages: list[str] = []
        self._add_commands()

    def _add_commands(self) -> None:
        @self.tree.command(description="Echo text back with a confirm button")
        async def echo(interaction: discord.Interaction, text: str, times: int = 1) -> None:
            view = Confirm()
            self.views.append(view)
            await interaction.response.send_message(" ".join([text] * times), view=view)

        @self.tree.command(description="Think, then answer")
        async def slow(interaction: discord.Interaction) -> None:
            await interaction.response.defer(thinking=True)
            await interaction.edit_original_response(content="thought about it")
            extra = await interaction.followup.send("and one more thin", wait=True)
            await extra.edit(content="and one more thing")

        @self.tree.command(description="Open the feedback form")
        async def feedback(interaction: discord.Interaction) -> None:
            await interaction.response.send_modal(Feedback())

        @self.tree.command(description="Pick a topic")
        async def topic(interaction: discord.Interaction, name: str) -> None:
            await interaction.response.send_message(name)

        @topic.autocomplete("name")
        async def topic_names(
            interaction: discord.Interaction, current: str
        ) -> list[app_commands.Choice[str]]:
            names = ["linear algebra", "linux", "networks"]
            return [app_commands.Choice(name=n, value=n) for n in names if n.startswith(current)]

    async def setup_hook(self) -> None:
        await follow_gateway(self.http)
        await self.tree.sync()

    async def on_message(self, message: discord.Message) -> None:
        if message.author.id != self.user.id:  # type: ignore[union-attr]
            self.seen_messages.append(message.content)


async def test_connects_over_zlib_stream_and_syncs_commands(
    fake_discord: FakeDiscord, connect_client: Connect
) -> None:
    bot = await connect_client(TinyBot, expect_sync=True)
    assert bot.user is not None and bot.user.id == fake_discord.bot_user.id
    assert fake_discord.gateway.compressed_connections == 1
    assert fake_discord.gateway.identify_count == 1
    assert fake_discord.requests_to("GET", "/gateway/bot"), "the gateway address came from /gateway/bot"
    guild = bot.get_guild(fake_discord.guild.id)
    assert guild is not None and guild.get_channel(fake_discord.general.id) is not None
    assert guild.me.guild_permissions.send_messages and not guild.me.guild_permissions.administrator
    assert sorted(fake_discord.world.commands.names()) == ["echo", "feedback", "slow", "topic"]


async def test_slash_command_round_trip_and_button(
    fake_discord: FakeDiscord, connect_client: Connect
) -> None:
    bot = await connect_client(TinyBot, expect_sync=True)
    handle = await fake_discord.send_slash("echo", {"text": "hi", "times": 2}, user=fake_discord.bob)
    reply = await handle.response()
    assert reply.type == CHANNEL_MESSAGE and reply.content == "hi hi"
    message = await handle.original()
    assert message["components"][0]["components"][0]["custom_id"] == "confirm"

    click = await fake_discord.click_button(message, "confirm", user=fake_discord.alice)
    update = await click.response()
    assert update.type == UPDATE_MESSAGE
    assert bot.views[0].clicked_by == [fake_discord.alice.id]
    edited = fake_discord.world.messages[int(message["id"])]
    assert edited["content"] == "confirmed"
    assert edited["components"][0]["components"][0]["disabled"] is True
    with pytest.raises(AssertionError, match="disabled"):
        await fake_discord.click_button(edited, "confirm")
    picked = await fake_discord.choose(edited, "level", ["hard"], user=fake_discord.bob)
    assert (await picked.response()).content == "level hard"
    secret = await picked.original()
    with pytest.raises(AssertionError, match="cannot see ephemeral"):
        await fake_discord.click_button(secret, "anything", user=fake_discord.alice)
    with pytest.raises(AssertionError, match="offers"):
        await fake_discord.choose(edited, "level", ["medium"])


async def test_defer_then_edit_and_followup(fake_discord: FakeDiscord, connect_client: Connect) -> None:
    await connect_client(TinyBot, expect_sync=True)
    handle = await fake_discord.send_slash("slow")
    assert (await handle.response()).type == DEFERRED_CHANNEL_MESSAGE
    original = await handle.original(where=lambda m: not m["flags"] & LOADING)
    assert original["content"] == "thought about it"
    [followup] = await handle.followups(1)
    edit = await fake_discord.wait_for_request("PATCH", f"/webhooks/*/*/messages/{followup['id']}")
    assert edit.json["content"] == "and one more thing"
    assert fake_discord.world.messages[int(followup["id"])]["content"] == "and one more thing"


async def test_modal_submit_reaches_on_submit(fake_discord: FakeDiscord, connect_client: Connect) -> None:
    await connect_client(TinyBot, expect_sync=True)
    handle = await fake_discord.send_slash("feedback")
    modal = await handle.response()
    assert modal.type == MODAL and modal.data["title"] == "Feedback"
    submitted = await handle.submit_modal({"comment": "more questions please"})
    answer = await submitted.response()
    assert answer.content == "thanks for: more questions please" and answer.ephemeral


async def test_autocomplete_returns_choices(fake_discord: FakeDiscord, connect_client: Connect) -> None:
    await connect_client(TinyBot, expect_sync=True)
    handle = await fake_discord.send_autocomplete("topic", {"name": "li"}, focused="name")
    assert [c["value"] for c in (await handle.response()).choices] == ["linear algebra", "linux"]


async def test_unsynced_command_or_unknown_option_is_a_test_error(
    fake_discord: FakeDiscord, connect_client: Connect
) -> None:
    await connect_client(TinyBot, expect_sync=True)
    with pytest.raises(AssertionError, match="never synced"):
        await fake_discord.send_slash("nope")
    with pytest.raises(AssertionError, match="no option 'colour'"):
        await fake_discord.send_slash("echo", {"text": "x", "colour": "red"})
    with pytest.raises(AssertionError, match="needs options"):
        await fake_discord.send_slash("echo", {})


async def test_channel_send_and_user_message(fake_discord: FakeDiscord, connect_client: Connect) -> None:
    bot = await connect_client(TinyBot)
    channel = bot.get_channel(fake_discord.general.id)
    assert isinstance(channel, discord.TextChannel)
    sent = await channel.send("daily question", embed=discord.Embed(title="Q1"))
    stored = await fake_discord.wait_for_message(lambda m: m["content"] == "daily question")
    assert int(stored["id"]) == sent.id and stored["embeds"][0]["title"] == "Q1"
    await sent.add_reaction("✅")
    assert stored["reactions"][0]["emoji"]["name"] == "✅"
    thread = await sent.create_thread(name="answers")
    assert thread.id == sent.id and fake_discord.world.channels[thread.id].is_thread

    # Default intents lack message_content, so the bot sees the message but not its text.
    await fake_discord.send_message("my answer", user=fake_discord.bob)
    await fake_discord.send_message(f"{fake_discord.bot_user.mention} hello", user=fake_discord.bob)
    await fake_discord.wait_until(lambda: len(bot.seen_messages) == 2, explain="on_message not called twice")
    assert bot.seen_messages == ["", f"{fake_discord.bot_user.mention} hello"]


async def test_forbidden_is_raised_and_rate_limit_is_retried(
    fake_discord: FakeDiscord, connect_client: Connect
) -> None:
    bot = await connect_client(TinyBot)
    channel = bot.get_channel(fake_discord.general.id)
    assert isinstance(channel, discord.TextChannel)
    fake_discord.fail("POST", "/channels/*/messages", Fault.forbidden())
    with pytest.raises(discord.Forbidden) as caught:
        await channel.send("nope")
    assert caught.value.code == 50013

    fake_discord.fail("POST", f"/channels/{channel.id}/messages", Fault.rate_limited(retry_after=0.05))
    await channel.send("after the limit")
    statuses = [r.status for r in fake_discord.requests_to("POST", "/channels/*/messages")]
    assert statuses == [403, 429, 200]
    with pytest.raises(discord.HTTPException) as too_long:
        await channel.send("x" * 2001)
    assert too_long.value.code == 50035 and "content" in str(too_long.value)
    assert [m["content"] for m in fake_discord.messages_in(channel.id)] == ["after the limit"]


async def test_real_permissions_and_deleted_channel(
    fake_discord: FakeDiscord, connect_client: Connect
) -> None:
    everyone = str(fake_discord.guild.id)
    locked = fake_discord.world.add_channel(
        fake_discord.guild,
        "locked",
        overwrites=[{"id": everyone, "type": 0, "allow": "0", "deny": str(1 << 11)}],
    )
    bot = await connect_client(TinyBot)
    with pytest.raises(discord.Forbidden):
        await bot.get_partial_messageable(locked.id).send("x")
    with pytest.raises(discord.Forbidden):
        await bot.get_channel(locked.id).delete()  # type: ignore[union-attr]  # no manage_channels
    await fake_discord.delete_channel(fake_discord.general)
    with pytest.raises(discord.NotFound) as caught:
        await bot.get_partial_messageable(fake_discord.general.id).send("x")
    assert caught.value.code == 10003
    await fake_discord.wait_until(
        lambda: bot.get_channel(fake_discord.general.id) is None, explain="no delete"
    )


async def test_removed_from_guild(fake_discord: FakeDiscord, connect_client: Connect) -> None:
    bot = await connect_client(TinyBot)
    await fake_discord.remove_bot_from_guild(fake_discord.guild)
    await fake_discord.wait_until(
        lambda: bot.get_guild(fake_discord.guild.id) is None, explain="guild still cached"
    )
    with pytest.raises(discord.NotFound):
        await bot.fetch_guild(fake_discord.guild.id)


async def test_gateway_drop_resumes_and_replays_missed_events(
    fake_discord: FakeDiscord, connect_client: Connect
) -> None:
    await connect_client(TinyBot, expect_sync=True)
    await fake_discord.drop_gateway()
    # Sent while the socket is down: only a RESUME replay can deliver it.
    handle = await fake_discord.send_slash("echo", {"text": "still here"})
    assert (await handle.response()).content == "still here"
    await fake_discord.wait_for_resume()
    assert fake_discord.gateway.identify_count == 1 and fake_discord.gateway.connection_count == 2
    await fake_discord.request_reconnect()
    await fake_discord.wait_for_resume(2)
    assert fake_discord.gateway.identify_count == 1 and fake_discord.gateway.connection_count == 3


async def test_invalid_session_reidentifies_at_the_fake(
    fake_discord: FakeDiscord, connect_client: Connect
) -> None:
    await connect_client(TinyBot, expect_sync=True)
    await fake_discord.invalidate_session(resumable=False)
    await fake_discord.wait_for_identify(2)
    handle = await fake_discord.send_slash("echo", {"text": "new session"})
    assert (await handle.response()).content == "new session"


async def test_missing_response_fails_with_a_clear_message(
    fake_discord: FakeDiscord, connect_client: Connect
) -> None:
    bot = await connect_client(TinyBot, expect_sync=True)

    @bot.tree.command(description="never answers")
    async def silent(interaction: discord.Interaction) -> None:
        return None

    @bot.tree.command(description="crashes")
    async def broken(interaction: discord.Interaction) -> None:
        raise RuntimeError("boom")

    await bot.tree.sync()
    handle = await fake_discord.send_slash("silent")
    with pytest.raises(AssertionError, match="did not respond to interaction"):
        await handle.response(timeout=0.2)
    handle = await fake_discord.send_slash("broken")
    await fake_discord.wait_until(lambda: fake_discord.bot_errors, explain="discord.py logged no error")
    with pytest.raises(AssertionError, match=r"the bot logged errors: .*RuntimeError: boom"):
        await handle.response(timeout=0.2)


async def test_unknown_routes_are_recorded(fake_discord: FakeDiscord, connect_client: Connect) -> None:
    bot = await connect_client(TinyBot)
    fake_discord.allow_unknown_routes = True
    with pytest.raises(discord.NotFound):
        await bot.http.request(Route("GET", "/stickers/{sticker_id}", sticker_id=1))
    assert [r.path for r in fake_discord.unknown_routes] == ["/stickers/1"]


async def test_endpoint_restores_addresses() -> None:
    before = (Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY)
    restore = use_api_base("http://127.0.0.1:9/")
    assert Route("GET", "/users/@me").url == "http://127.0.0.1:9/api/v10/users/@me"
    DiscordWebSocket.DEFAULT_GATEWAY = DiscordWebSocket.DEFAULT_GATEWAY.with_host("127.0.0.1")
    restore()
    after = (Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY)
    assert after == before
    with api_base("http://127.0.0.1:9/api/v10"):
        inside = Route.BASE
    assert inside == "http://127.0.0.1:9/api/v10"
    after_context = Route.BASE
    assert after_context == before[0]
    with pytest.raises(ValueError, match="http"):
        normalise_base("ws://127.0.0.1:9")


async def test_followup_rate_limit_is_retried_by_the_webhook_adapter(
    fake_discord: FakeDiscord, connect_client: Connect
) -> None:
    await connect_client(TinyBot, expect_sync=True)
    fake_discord.fail("POST", "/webhooks/*/*", Fault.rate_limited(retry_after=0.02))
    handle = await fake_discord.send_slash("slow")
    [followup] = await handle.followups(1)
    assert followup["content"].startswith("and one more thin")
    assert [r.status for r in fake_discord.requests_to("POST", "/webhooks/*/*")] == [429, 200]


async def test_slash_command_in_a_direct_message(fake_discord: FakeDiscord, connect_client: Connect) -> None:
    await connect_client(TinyBot, expect_sync=True)
    dm = fake_discord.world.dm_channel(fake_discord.bob)
    handle = await fake_discord.send_slash("echo", {"text": "private"}, user=fake_discord.bob, channel=dm)
    assert "member" not in handle.payload and handle.payload["user"]["id"] == str(fake_discord.bob.id)
    assert (await handle.response()).content == "private"
    assert [m["content"] for m in fake_discord.messages_in(dm)] == ["private"]


async def test_raw_gateway_speaks_text_and_zlib_stream(fake_discord: FakeDiscord) -> None:
    async with aiohttp.ClientSession() as session:
        async with session.ws_connect(fake_discord.gateway_url + "?v=10&encoding=json") as ws:
            hello = await ws.receive()
            assert hello.type is aiohttp.WSMsgType.TEXT and json.loads(hello.data)["op"] == 10
            await ws.send_json({"op": 2, "d": {"token": "wrong", "intents": 0}})
            closing = await ws.receive()
            assert closing.type is aiohttp.WSMsgType.CLOSE and closing.data == 4004

        url = fake_discord.gateway_url + "?v=10&encoding=json&compress=zlib-stream"
        async with session.ws_connect(url) as ws:
            inflate = zlib.decompressobj()
            frames = []

            async def receive() -> dict[str, object]:
                message = await ws.receive()
                assert message.type is aiohttp.WSMsgType.BINARY and message.data.endswith(b"\x00\x00\xff\xff")
                frames.append(message.data)
                return json.loads(inflate.decompress(message.data))

            assert (await receive())["op"] == 10
            await ws.send_json({"op": 1, "d": None})
            assert (await receive())["op"] == 11
            await ws.send_json({"op": 2, "d": {"token": fake_discord.token, "intents": 1}})
            ready, guild = await receive(), await receive()
            assert (ready["t"], ready["s"], guild["t"], guild["s"]) == ("READY", 1, "GUILD_CREATE", 2)
    assert fake_discord.gateway.heartbeat_count == 1 and fake_discord.gateway.identify_count == 1


async def test_history_pages_before_and_after(fake_discord: FakeDiscord, connect_client: Connect) -> None:
    bot = await connect_client(TinyBot)
    for number in range(130):
        await fake_discord.send_message(f"m{number}", user=fake_discord.bob)
    channel = bot.get_channel(fake_discord.general.id)
    assert isinstance(channel, discord.TextChannel)
    newest_first = [m.content async for m in channel.history(limit=None)]
    assert newest_first == [f"m{n}" for n in reversed(range(130))]
    oldest = [
        m.content async for m in channel.history(limit=3, oldest_first=True, after=discord.Object(id=1))
    ]
    assert oldest == ["m0", "m1", "m2"]
    assert [r.status for r in fake_discord.requests_to("GET", "/channels/*/messages")] == [200, 200, 200]
