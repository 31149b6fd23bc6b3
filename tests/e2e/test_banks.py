"""/bank list and /bank reload: problems are reported, the working banks stay in use."""

from __future__ import annotations

from fakediscord import LOADING, FakeDiscord

from .studybot_harness import BANK_YAML, Studybot, write_bank

EXTRA_BANK = """\
bank: extra
title: Extra questions
language: en
questions:
  - id: x-01
    question: What is a token?
    answer: A unit of text the model reads.
    explanation: Tokenizers split text into tokens.
"""


async def reload(fake: FakeDiscord, user: object = None) -> dict:
    handle = await fake.send_slash("bank", {}, subcommand="reload", user=user or fake.alice)
    message = await handle.original(where=lambda m: not m["flags"] & LOADING)
    return message["embeds"][0]


async def test_list_shows_loaded_banks(fake_discord: FakeDiscord, studybot: Studybot) -> None:
    await studybot.start()
    reply = await (await fake_discord.send_slash("bank", {}, subcommand="list")).response()
    assert reply.embeds[0]["fields"][0]["name"] == "test-bank (3 questions)"


async def test_broken_reload_reports_problems_and_keeps_the_working_bank(
    fake_discord: FakeDiscord, studybot: Studybot
) -> None:
    await studybot.start()
    broken = BANK_YAML.replace("  - id: t-02\n", "  - id: t-01\n").replace(
        "answer: A schedule", "anwser: A schedule"
    )
    write_bank(studybot.bank_dir, broken)

    embed = await reload(fake_discord)
    assert embed["title"].startswith("Reload found") and "kept the working banks" in embed["title"]
    assert "test.yaml:" in embed["description"]
    assert "Still in use: 1 bank(s), 3 question(s)" in embed["footer"]["text"]
    assert len(studybot.service.banks.library) == 3

    write_bank(studybot.bank_dir)
    write_bank(studybot.bank_dir, EXTRA_BANK, name="extra.yaml")
    fixed = await reload(fake_discord)
    assert fixed["title"] == "Banks reloaded" and "4 question(s)" in fixed["description"]


async def test_hundreds_of_problems_fit_in_one_embed(fake_discord: FakeDiscord, studybot: Studybot) -> None:
    await studybot.start()
    items = "".join(f"  - id: bad-{i}\n    question: q\n" for i in range(400))  # each lacks three fields
    write_bank(
        studybot.bank_dir, "bank: many\ntitle: Many\nlanguage: en\nquestions:\n" + items, name="many.yaml"
    )
    embed = await reload(fake_discord)  # the fake answers 400 to an embed over Discord's limits
    assert "more" in embed["description"].splitlines()[-1]
    assert len(studybot.service.banks.library) == 3


async def test_reload_needs_manage_server(fake_discord: FakeDiscord, studybot: Studybot) -> None:
    await studybot.start()
    handle = await fake_discord.send_slash("bank", {}, subcommand="reload", user=fake_discord.bob)
    reply = await handle.response()
    assert reply.ephemeral and "Manage Server" in reply.embeds[0]["description"]
