"""Deciding from the /disputes list: the review post of that dispute shows the decision, and the
moderator's private list keeps their language and the disputes still open. The server's reviewer
role can use the moderator commands."""

from __future__ import annotations

from typing import Any

from fakediscord import LOADING, UPDATE_MESSAGE, FakeDiscord
from fakediscord.state import EVERYONE_PERMISSIONS

from .studybot_harness import MovableClock, Studybot, eventually, reply_for
from .test_answer import answered, post_daily


def decide_id(dispute_id: int, kind: str) -> str:
    return f"dispute:decide:{dispute_id}:{kind}"


def custom_ids(message: dict[str, Any]) -> list[str]:
    return [c["custom_id"] for row in message["components"] for c in row["components"]]


async def test_a_decision_from_the_list_closes_the_review_post_and_keeps_the_list(
    fake_discord: FakeDiscord, studybot: Studybot, clock: MovableClock
) -> None:
    fake = fake_discord
    reviews = fake.world.add_channel(fake.guild, "reviews")
    carol = fake.world.add_user("carol")
    fake.world.add_member(fake.guild, carol)
    await studybot.start()
    await post_daily(fake, studybot, clock)
    daily = await studybot.service.today(fake.guild.id)
    assert daily is not None
    await (await fake.send_slash("setup", {"review_channel": reviews}, user=fake.alice)).response()
    for user in (fake.bob, carol):
        text = reply_for(daily.question.id, "wrong")
        await answered(await fake.send_slash("answer", {"text": text}, user=user))
        opened = await fake.send_slash("dispute", {}, user=user)
        await (await opened.submit_modal({"note": ""})).original(where=lambda m: not m["flags"] & LOADING)
    store = studybot.service.store
    bobs = (await store.user_disputes(fake.guild.id, fake.bob.id))[0]
    carols = (await store.user_disputes(fake.guild.id, carol.id))[0]

    def post_of(dispute_id: int) -> dict[str, Any]:
        return next(m for m in fake.messages_in(reviews) if decide_id(dispute_id, "correct") in custom_ids(m))

    await eventually(lambda: _async(len(fake.messages_in(reviews)) == 2), what="both review posts")
    bobs_post = post_of(bobs.id)

    fake.alice.locale = "zh-CN"
    listing = await (await fake.send_slash("disputes", {}, user=fake.alice)).original()
    assert decide_id(carols.id, "correct") in custom_ids(listing)
    click = await fake.click_button(listing, decide_id(bobs.id, "correct"), user=fake.alice)
    response = await click.response()
    assert response.type == UPDATE_MESSAGE
    # The list is the moderator's own: still in Chinese, the other dispute still decidable there.
    assert response.data["embeds"][0]["title"].startswith("待处理的申诉")
    ids = custom_ids(response.data)
    assert decide_id(carols.id, "correct") in ids and decide_id(bobs.id, "correct") not in ids
    entries = [f["name"] for f in response.data["embeds"][0]["fields"]]
    assert len(entries) == 1 and entries[0].startswith(f"#{carols.id} ")

    async def post_closed() -> bool:
        now = next(m for m in fake.messages_in(reviews) if m["id"] == bobs_post["id"])
        return not now["components"] and any(f["name"] == "Decision" for f in now["embeds"][0]["fields"])

    await eventually(post_closed, what="the review post showing the decision without buttons")
    assert (await studybot.service.score(fake.guild.id, fake.bob.id)).points == 10


async def _async(value: bool) -> bool:
    return value


async def test_the_reviewer_role_can_use_the_moderator_commands(
    fake_discord: FakeDiscord, studybot: Studybot, clock: MovableClock
) -> None:
    fake = fake_discord
    tutors = fake.world.add_role(fake.guild, "tutors", EVERYONE_PERMISSIONS)  # no Manage Messages
    dan = fake.world.add_user("dan")
    fake.world.add_member(fake.guild, dan, roles=[tutors])
    await studybot.start()
    await post_daily(fake, studybot, clock)
    await (await fake.send_slash("setup", {"reviewer_role": tutors}, user=fake.alice)).response()
    # Discord hides a command from members without its default permissions: these must have none.
    synced = {c["name"]: c for c in fake.world.commands.listing(fake.guild.id)}
    assert synced["disputes"]["default_member_permissions"] is None
    assert synced["regrade"]["default_member_permissions"] is None
    listing = await (await fake.send_slash("disputes", {}, user=dan)).response()
    assert "No open disputes" in listing.embeds[0]["description"]
    refused = await (await fake.send_slash("disputes", {}, user=fake.bob)).response()
    assert "Manage Messages" in refused.embeds[0]["description"]
