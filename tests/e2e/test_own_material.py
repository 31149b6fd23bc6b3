"""A group's own material end to end: uploading banks as attachments, exporting and removing them,
disputing a grade with the Dispute button, and two moderators deciding at the same instant."""

from __future__ import annotations

import asyncio
from typing import Any

from fakediscord import LOADING, MODAL, UPDATE_MESSAGE, FakeDiscord
from fakediscord.state import EVERYONE_PERMISSIONS, MANAGE_MESSAGES
from sample_banks import OUR_NOTES

from .studybot_harness import MovableClock, Studybot, eventually, reply_for
from .test_answer import answered, button_id, post_daily


async def upload(fake: FakeDiscord, filename: str, data: bytes, **options: Any) -> Any:
    attachment = fake.attach(filename, data, **options)
    handle = await fake.send_slash("bank", {"file": attachment}, subcommand="upload", user=fake.alice)
    return attachment, handle


async def final(handle: Any) -> dict[str, Any]:
    return await handle.original(where=lambda m: not m["flags"] & LOADING)


async def test_upload_list_export_replace_and_remove(fake_discord: FakeDiscord, studybot: Studybot) -> None:
    await studybot.start()
    _, handle = await upload(
        fake_discord, "notes.yaml", OUR_NOTES.encode(), content_type="application/x-yaml"
    )
    saved = await final(handle)
    assert (
        "our-notes" in saved["embeds"][0]["description"] and "1 question" in saved["embeds"][0]["description"]
    )

    listed = await (await fake_discord.send_slash("bank", {}, subcommand="list")).response()
    names = [f["name"] for f in listed.embeds[0]["fields"]]
    assert names == ["test-bank (3 questions)", "our-notes (1 question)"]
    assert "uploaded here" in listed.embeds[0]["fields"][1]["value"]

    exported = await fake_discord.send_slash("bank", {"name": "our-notes"}, subcommand="export")
    assert (await exported.response()).ephemeral
    request = await fake_discord.wait_for_request("POST", "/interactions/*/*/callback")
    files = [f for r in fake_discord.requests for f in r.files]
    assert ("our-notes.yaml", OUR_NOTES.encode()) in files, request

    # The same name again asks before replacing.
    _, again = await upload(fake_discord, "notes.yaml", OUR_NOTES.replace("Our notes", "Notes v2").encode())
    asked = await final(again)
    assert "Replace it" in asked["embeds"][0]["description"]
    pressed = await fake_discord.click_button(asked, button_id(asked, "Replace"), user=fake_discord.alice)
    assert (await pressed.response()).type == UPDATE_MESSAGE
    stored = await studybot.service.store.uploaded_banks(fake_discord.guild.id)
    assert [b.title for b in stored] == ["Notes v2"]

    cancelling = await fake_discord.send_slash("bank", {"name": "our-notes"}, subcommand="remove")
    asked = await cancelling.original()
    cancel = await fake_discord.click_button(asked, button_id(asked, "Cancel"), user=fake_discord.alice)
    assert "Nothing changed" in (await cancel.response()).embeds[0]["description"]
    assert [b.name for b in await studybot.service.store.uploaded_banks(fake_discord.guild.id)] == [
        "our-notes"
    ]

    removing = await fake_discord.send_slash("bank", {"name": "our-notes"}, subcommand="remove")
    question = await removing.original()
    confirm = await fake_discord.click_button(
        question, button_id(question, "Remove"), user=fake_discord.alice
    )
    assert "removed" in (await confirm.response()).embeds[0]["description"]
    assert await studybot.service.store.uploaded_banks(fake_discord.guild.id) == []


async def test_bad_uploads_get_clear_messages_and_nothing_changes(
    fake_discord: FakeDiscord, studybot: Studybot
) -> None:
    await studybot.start()
    image, handle = await upload(fake_discord, "cat.png", b"\x89PNG....", content_type="image/png")
    assert "not a bank" in (await handle.response()).embeds[0]["description"]
    assert image.downloads == 0  # refused before downloading
    big, handle = await upload(fake_discord, "big.yaml", b"x", size=5 * 1024 * 1024)
    assert "at most 1024 KB" in (await handle.response()).embeds[0]["description"]
    assert big.downloads == 0
    _, handle = await upload(fake_discord, "latin1.yaml", "bank: é".encode("latin-1"))
    assert "UTF-8" in (await final(handle))["embeds"][0]["description"]
    _, handle = await upload(fake_discord, "bomb.yaml", b"a: &a [x, x]\nb: [*a, *a]\n")
    assert "aliases" in (await final(handle))["embeds"][0]["description"]
    empty = OUR_NOTES.replace("Recently used data close to where it is needed.", '""')
    _, handle = await upload(fake_discord, "empty.yaml", empty.encode())
    embed = (await final(handle))["embeds"][0]
    assert "not stored" in embed["title"] and "answer: must not be empty" in embed["description"]
    # A member without Manage Server cannot upload.
    attachment = fake_discord.attach("notes.yaml", OUR_NOTES.encode())
    denied = await fake_discord.send_slash(
        "bank", {"file": attachment}, subcommand="upload", user=fake_discord.bob
    )
    assert "Manage Server" in (await denied.response()).embeds[0]["description"]
    assert await studybot.service.store.uploaded_banks(fake_discord.guild.id) == []
    listed = await (await fake_discord.send_slash("bank", {}, subcommand="list")).response()
    assert [f["name"] for f in listed.embeds[0]["fields"]] == ["test-bank (3 questions)"]


async def test_a_chinese_moderator_reads_the_upload_checks_own_problems_in_chinese(
    fake_discord: FakeDiscord, studybot: Studybot
) -> None:
    await studybot.start()
    fake_discord.alice.locale = "zh-CN"

    async def problems(filename: str, data: bytes) -> dict[str, Any]:
        _, handle = await upload(fake_discord, filename, data)
        embed = (await final(handle))["embeds"][0]
        assert embed["title"] == f"{filename} 未保存：请修正以下问题后重新上传"
        return embed

    latin1 = (await problems("notes.md", "Question 1: ok\nAnswer: café".encode("latin-1")))["description"]
    assert "2: file: 不是有效的 UTF-8（第一个错误字节在这一行）；请将文件另存为 UTF-8" in latin1
    blank = (await problems("notes.md", b"# Just a heading\n"))["description"]
    assert "1: file: 没有找到题目" in blank
    clash = (await problems("notes.yaml", OUR_NOTES.replace("id: n-01", "id: t-01").encode()))["description"]
    assert "t-01.id: 编号重复；题库“test-bank”已有这个编号" in clash
    # The bank checker's own messages stay English (its whole message set is not translated).
    empty = OUR_NOTES.replace("Recently used data close to where it is needed.", '""')
    assert "answer: must not be empty" in (await problems("empty.yaml", empty.encode()))["description"]
    assert await studybot.service.store.uploaded_banks(fake_discord.guild.id) == []


async def test_dispute_button_review_post_and_one_decision_of_two_at_once(
    fake_discord: FakeDiscord, studybot: Studybot, clock: MovableClock
) -> None:
    fake = fake_discord
    reviews = fake.world.add_channel(fake.guild, "reviews")
    mod_role = fake.world.add_role(fake.guild, "mods", EVERYONE_PERMISSIONS | MANAGE_MESSAGES)
    carol = fake.world.add_user("carol")
    fake.world.add_member(fake.guild, carol, roles=[mod_role])
    await studybot.start()
    await post_daily(fake, studybot, clock)
    daily = await studybot.service.today(fake.guild.id)
    assert daily is not None
    before = await studybot.service.guild_setup(fake.guild.id)
    setup = await fake.send_slash("setup", {"review_channel": reviews}, user=fake.alice)
    fields = {f["name"]: f["value"] for f in (await setup.response()).embeds[0]["fields"]}
    assert f"<#{reviews.id}>" in fields["Disputes"]
    assert await studybot.service.guild_setup(fake.guild.id) == before  # the rest is kept

    wrong = await fake.send_slash("answer", {"text": reply_for(daily.question.id, "wrong")}, user=fake.bob)
    feedback = await wrong.original(where=lambda m: not m["flags"] & LOADING)
    assert (await answered(wrong))["title"].startswith("❌")
    click = await fake.click_button(feedback, button_id(feedback, "Dispute"), user=fake.bob)
    assert (await click.response()).type == MODAL
    sent = await click.submit_modal({"note": "I said the same as the reference @everyone"})
    assert "sent to the moderators" in (await final(sent))["embeds"][0]["description"]

    post = await fake.wait_for_message(
        lambda m: m["embeds"] and "Dispute #" in m["embeds"][0]["title"], channel=reviews
    )
    fields = {f["name"]: f["value"] for f in post["embeds"][0]["fields"]}
    assert fields["Reference answer"] == daily.question.answer
    assert "@\u200beveryone" in fields["Their note"]
    own = await fake.click_button(post, button_id(post, "Accept as correct"), user=fake.bob)
    assert "Manage Messages" in (await own.response()).embeds[0]["description"]  # not a moderator

    first, second = await asyncio.gather(
        fake.click_button(post, button_id(post, "Accept as correct"), user=fake.alice),
        fake.click_button(post, button_id(post, "Reject"), user=carol),
    )
    answers = [await first.response(), await second.response()]
    assert sorted(a.type for a in answers) == [4, UPDATE_MESSAGE]
    refused = next(a for a in answers if a.type != UPDATE_MESSAGE)
    assert "already decided" in refused.embeds[0]["description"]

    dispute = (await studybot.service.store.user_disputes(fake.guild.id, fake.bob.id))[0]
    expected = 10 if dispute.status.value == "correct" else 0
    assert (await studybot.service.score(fake.guild.id, fake.bob.id)).points == expected
    dm = fake.world.dm_channel(fake.bob)
    told = await fake.wait_for_message(lambda m: bool(m["embeds"]), channel=dm)
    assert "Your dispute of" in told["embeds"][0]["description"]
    again = await fake.send_slash("dispute", {}, user=fake.bob)
    assert (await again.response()).type == MODAL
    repeat = await again.submit_modal({"note": ""})
    assert "one dispute per answer" in (await final(repeat))["embeds"][0]["description"]

    # The decision is now one of the server's reviewed replies: the same reply from someone else
    # earns what was decided, and the feedback says where the grade came from.
    same = await fake.send_slash("answer", {"text": reply_for(daily.question.id, "wrong")}, user=carol)
    graded = await answered(same)
    if dispute.status.value == "correct":
        assert graded["title"].startswith("✅") and "The group accepted" in graded["description"]
    else:
        assert graded["title"].startswith("❌")

    score = await (await fake.send_slash("score", {}, user=fake.bob)).response()
    fields = {f["name"]: f["value"] for f in score.embeds[0]["fields"]}
    assert daily.question.id in fields["Disputes"]

    async def no_untold() -> bool:
        return not await studybot.service.disputes.has_outcomes(fake.guild.id, fake.bob.id)

    await eventually(no_untold, what="the outcome marked as told")


async def test_a_moderator_regrades_an_answer_and_its_open_dispute_is_closed(
    fake_discord: FakeDiscord, studybot: Studybot, clock: MovableClock
) -> None:
    fake = fake_discord
    reviews = fake.world.add_channel(fake.guild, "reviews")
    await studybot.start()
    await post_daily(fake, studybot, clock)
    daily = await studybot.service.today(fake.guild.id)
    assert daily is not None
    await (await fake.send_slash("setup", {"review_channel": reviews}, user=fake.alice)).response()
    await answered(
        await fake.send_slash("answer", {"text": reply_for(daily.question.id, "wrong")}, user=fake.bob)
    )
    opened = await fake.send_slash("dispute", {}, user=fake.bob)
    await final(await opened.submit_modal({"note": "close enough"}))
    post = await fake.wait_for_message(lambda m: bool(m["embeds"]) and bool(m["components"]), channel=reviews)

    denied = await fake.send_slash("regrade", {"member": fake.alice, "verdict": "correct"}, user=fake.bob)
    assert "Manage Messages" in (await denied.response()).embeds[0]["description"]
    done = await fake.send_slash("regrade", {"member": fake.bob, "verdict": "correct"}, user=fake.alice)
    text = (await done.response()).embeds[0]["description"]
    assert daily.question.id in text and "from 0 to 10" in text
    assert (await studybot.service.score(fake.guild.id, fake.bob.id)).points == 10

    async def post_closed() -> bool:
        now = next(m for m in fake.messages_in(reviews) if m["id"] == post["id"])
        return not now["components"] and any(f["name"] == "Decision" for f in now["embeds"][0]["fields"])

    await eventually(post_closed, what="the review post showing the decision without buttons")
    told = await fake.wait_for_message(lambda m: bool(m["embeds"]), channel=fake.world.dm_channel(fake.bob))
    assert "accepted as correct" in told["embeds"][0]["description"]
