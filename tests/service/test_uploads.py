"""Banks uploaded by a server: checked like bank files, stored per server, served with the bundled ones."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from sample_banks import OUR_NOTES_TWO
from service_helpers import START, Factory, FakeClock, make_library

from bot.bank.holder import BankHolder
from bot.grading.verdict import Verdict
from bot.i18n import translator
from bot.model import GuildSetup, QuizReplyStatus, ReviewStatus, ServiceError, UploadProblem
from bot.service import StudyService
from bot.service.graders import GraderCache
from bot.service.uploads import MAX_UPLOAD_BYTES, MAX_UPLOAD_QUESTIONS

MARKDOWN = """\
**1. 题目：** 什么是缓存？
**答案：** 缓存把常用的数据放在近处。
**解析：** 这样可以减少慢速访问。
"""


async def _service(make_service: Factory) -> StudyService:
    """A service on the test's backend (SQLite and PostgreSQL, by the db_url fixture); a second
    call is the same database after a restart."""
    service = await make_service()
    for guild in (1, 2):
        await service.setup_guild(GuildSetup(guild, 10, time(9, 0), "UTC"))
    return service


async def test_a_valid_bank_is_stored_for_that_server_only_and_survives_a_restart(
    make_service: Factory,
) -> None:
    service = await _service(make_service)
    checked = await service.uploads.check(1, "notes.yaml", OUR_NOTES_TWO.encode())
    assert checked.ok and checked.name == "our-notes" and checked.questions == 2 and not checked.replaces
    assert not await service.uploads.save(1, 42, checked)
    assert service.library(1).get("n-01") is not None
    assert service.library(2).get("n-01") is None
    infos = {i.name: i for i in service.uploads.infos(1)}
    assert infos["our-notes"].uploaded and infos["our-notes"].questions == 2 and not infos["test"].uploaded
    await service.setup_guild(GuildSetup(1, 10, time(9, 0), "UTC", banks=("our-notes",)))
    daily, _ = await service.open_day(1)
    assert daily.question.bank == "our-notes"
    with pytest.raises(ServiceError, match="Unknown bank"):
        await service.setup_guild(GuildSetup(2, 10, time(9, 0), "UTC", banks=("our-notes",)))
    await service.store.close()

    again = await _service(make_service)
    await again.guild_setup(1)
    assert again.library(1).get("n-02") is not None
    exported = await again.uploads.export(1, "our-notes")
    assert exported.source == OUR_NOTES_TWO and exported.uploaded_by == 42
    assert (await again.uploads.check(1, "notes.yaml", OUR_NOTES_TWO.encode())).replaces
    assert await again.uploads.remove(1, "our-notes")
    assert again.library(1).get("n-01") is None
    with pytest.raises(ServiceError, match="no uploaded bank"):
        await again.uploads.export(1, "our-notes")


async def test_markdown_is_converted_and_checked(make_service: Factory) -> None:
    service = await _service(make_service)
    checked = await service.uploads.check(1, "cache-notes.md", MARKDOWN.encode())
    assert checked.ok and checked.name == "cache-notes" and checked.questions == 1
    assert "cache-notes-01" in checked.yaml


async def test_markdown_files_named_in_chinese_become_banks_of_their_own(make_service: Factory) -> None:
    service = await _service(make_service)
    first = await service.uploads.check(1, "第一章.md", MARKDOWN.encode())
    assert first.ok and first.name == "di-yi-zhang" and "di-yi-zhang-01" in first.yaml
    assert not await service.uploads.save(1, 42, first)
    second = await service.uploads.check(1, "第二章.md", MARKDOWN.encode())
    assert second.ok and second.name == "di-er-zhang" and not second.replaces
    assert not await service.uploads.save(1, 42, second)
    assert service.uploads.uploaded_names(1) == ["di-yi-zhang", "di-er-zhang"]
    long_name = await service.uploads.check(1, "机器学习" * 20 + ".md", MARKDOWN.encode())
    assert long_name.ok and len(long_name.name) <= 40  # its question ids stay within 64 characters


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"\xff\xfe not utf-8", "UTF-8"),
        (b"a: &x [1]\nb: *x\n", "aliases"),
        (
            OUR_NOTES_TWO.replace("Recently used data close to where it is needed.", '""').encode(),
            "must not be empty",
        ),
        (OUR_NOTES_TWO.replace("n-02", "n-01").encode(), "duplicate id"),
        (OUR_NOTES_TWO.replace("our-notes", "test").encode(), "already a bank"),
        (OUR_NOTES_TWO.replace("id: n-01", "id: test-01").encode(), "duplicate id"),
    ],
)
async def test_bad_files_come_back_as_problems_and_nothing_is_stored(
    data: bytes, expected: str, make_service: Factory
) -> None:
    service = await _service(make_service)
    checked = await service.uploads.check(1, "bad.yaml", data)
    assert not checked.ok and any(expected in str(p) for p in checked.problems), checked.problems
    with pytest.raises(ServiceError):
        await service.uploads.save(1, 42, checked)
    assert await service.store.uploaded_banks(1) == []


async def test_many_problems_are_cut_to_fifteen_with_a_count(make_service: Factory) -> None:
    service = await _service(make_service)
    body = "".join(f"  - id: x-{i}\n    question: q\n" for i in range(40))
    checked = await service.uploads.check(
        1, "bad.yaml", f"bank: b\ntitle: t\nlanguage: en\nquestions:\n{body}".encode()
    )
    assert len(checked.problems) == 15 and checked.more_problems > 0
    assert all(str(p).split(": ", 2)[0].isdigit() for p in checked.problems)


async def test_too_many_questions_is_refused(make_service: Factory) -> None:
    service = await _service(make_service)
    body = "".join(
        f"  - {{id: x-{i}, question: q{i}, answer: a{i}, explanation: e}}\n"
        for i in range(MAX_UPLOAD_QUESTIONS + 1)
    )
    data = f"bank: big\ntitle: t\nlanguage: en\nquestions:\n{body}".encode()
    assert len(data) < MAX_UPLOAD_BYTES
    checked = await service.uploads.check(1, "big.yaml", data)
    assert not checked.ok and "at most" in str(checked.problems[0])


def test_images_and_big_files_are_refused_before_download() -> None:
    from bot.service.uploads import GuildBanks

    banks = GuildBanks(BankHolder.of(make_library()), None, FakeClock(START))  # type: ignore[arg-type]
    with pytest.raises(ServiceError, match="not a bank"):
        banks.precheck("cat.png", 2000, "image/png")
    with pytest.raises(ServiceError, match="not a bank"):
        banks.precheck("notes.yaml", 2000, "image/png")
    with pytest.raises(ServiceError, match="at most 1024 KB"):
        banks.precheck("notes.yaml", MAX_UPLOAD_BYTES + 1, "text/yaml")
    banks.precheck("notes.yaml", 2000, None)


async def test_a_second_upload_while_one_is_checked_is_told_to_wait(make_service: Factory) -> None:
    service = await _service(make_service)
    service.uploads._checking.add(1)
    with pytest.raises(ServiceError, match="still being checked"):
        await service.uploads.check(1, "notes.yaml", OUR_NOTES_TWO.encode())
    assert (await service.uploads.check(2, "notes.yaml", OUR_NOTES_TWO.encode())).ok


async def test_review_cards_and_quizzes_serve_and_grade_uploaded_questions(
    make_service: Factory, clock: FakeClock
) -> None:
    service = await _service(make_service)
    await service.uploads.save(1, 42, await service.uploads.check(1, "notes.yaml", OUR_NOTES_TWO.encode()))
    question = service.library(1).get("n-01")
    assert question is not None
    view = await service.begin_quiz(1, 77, banks=["our-notes"], count=2)
    current = view.question
    assert current is not None and current.bank == "our-notes"
    reply = await service.quiz_answer(1, 77, 5, current.answer)
    assert reply.status is QuizReplyStatus.SCORED and reply.grade is not None
    await service.quiz_stop(1, 77)
    await service.reviews.note_answer(1, 5, "n-01", Verdict.WRONG, "daily", "daily:test")
    clock.now += timedelta(hours=1)  # past the cards' first learning step
    prompt, _ = await service.reviews.next_card(1, 5)
    assert prompt is not None and prompt.question.id in {"n-01", "n-02"}
    answered = await service.reviews.answer(
        1, 5, prompt.question.id, prompt.card.reps, prompt.question.answer
    )
    assert answered.status is ReviewStatus.GRADED and answered.grade is not None
    assert answered.grade.verdict is Verdict.CORRECT


async def test_graders_of_servers_with_uploads_stay_bounded_and_grade_the_same_after_eviction(
    make_service: Factory,
) -> None:
    service = await make_service(grader_cache=2)
    guilds = (1, 2, 3, 4)
    for guild in (*guilds, 5):
        await service.setup_guild(GuildSetup(guild, 10, time(9, 0), "UTC"))
    for guild in guilds:
        await service.uploads.save(
            guild, 42, await service.uploads.check(guild, "notes.yaml", OUR_NOTES_TWO.encode())
        )
    replies = ("Recently used data close to where it is needed.", "data near where it is used", "no idea")
    bundled = service.grader(5)  # guild 5 uploaded nothing: the bundled library's grader

    def grades(guild: int) -> list[object]:
        return [service.practice_answer("n-01", reply, guild).grade for reply in replies]

    first = {guild: grades(guild) for guild in guilds}
    assert service.graders.held() == [3, 4]  # the two most recently used, oldest first
    assert service.grader(5) is bundled and service.grader() is bundled
    assert grades(1) == first[1]  # rebuilt after eviction, graded the same
    assert service.graders.held() == [4, 1]
    assert grades(4) == first[4]  # kept: no rebuild
    assert service.graders.held() == [1, 4]
    assert service.grader(5) is bundled


def test_a_grader_cache_holds_at_least_one_server() -> None:
    with pytest.raises(ValueError, match="at least one"):
        GraderCache(100, 0)


def test_upload_problems_show_in_the_readers_language_and_checker_text_as_it_is() -> None:
    own = UploadProblem(3, "x-01.id", "duplicate id; bank '{other}' already has it", {"other": "b"})
    assert str(own) == "3: x-01.id: duplicate id; bank 'b' already has it"
    assert own.text(translator("zh-CN")) == "3: x-01.id: 编号重复；题库“b”已有这个编号"
    assert own.text(translator("zh-TW")) == "3: x-01.id: 編號重複；題庫「b」已有這個編號"
    # The bank checker's finished English text is never formatted, so its braces are safe.
    checker = UploadProblem(1, "file", "not valid YAML: expected ',' or '}' here")
    shown = "1: file: not valid YAML: expected ',' or '}' here"
    assert checker.text(translator("zh-CN")) == str(checker) == shown


async def test_an_upload_a_new_bank_file_clashes_with_is_left_out_and_logged(
    make_service: Factory, caplog: pytest.LogCaptureFixture
) -> None:
    service = await _service(make_service)
    checked = await service.uploads.check(1, "notes.yaml", OUR_NOTES_TWO.encode())
    await service.uploads.save(1, 42, checked)
    await service.store.close()
    # The operator adds a bank file with the same name, then restarts.
    again = await make_service(library=make_library(bank="our-notes"))
    await again.guild_setup(1)
    with caplog.at_level("WARNING", logger="bot.service.uploads"):
        assert again.library(1).get("n-01") is None
        again.library(1)  # said once, not on every call
    warnings = [r.getMessage() for r in caplog.records if "left out" in r.getMessage()]
    assert warnings == [
        "guild 1: uploaded bank(s) our-notes left out: a bank file has the same name or question ids"
    ]


async def test_removing_a_bank_the_setup_chose_drops_it_from_the_choice(make_service: Factory) -> None:
    service = await _service(make_service)
    await service.uploads.save(1, 42, await service.uploads.check(1, "notes.yaml", OUR_NOTES_TWO.encode()))
    await service.setup_guild(GuildSetup(1, 10, time(9, 0), "UTC", banks=("our-notes", "test")))
    await service.setup_guild(GuildSetup(2, 10, time(9, 0), "UTC", banks=("test",)))
    assert await service.remove_uploaded_bank(1, "our-notes")
    setup = await service.guild_setup(1)
    assert setup is not None and setup.banks == ("test",)
    # The only chosen bank gone: all banks again, so the daily question still has questions.
    await service.uploads.save(1, 42, await service.uploads.check(1, "notes.yaml", OUR_NOTES_TWO.encode()))
    await service.setup_guild(GuildSetup(1, 10, time(9, 0), "UTC", banks=("our-notes",)))
    assert await service.remove_uploaded_bank(1, "our-notes")
    setup = await service.guild_setup(1)
    assert setup is not None and setup.banks == ()
    daily, _ = await service.open_day(1)
    assert daily.question.bank == "test"
    assert not await service.remove_uploaded_bank(1, "our-notes")
    other = await service.guild_setup(2)
    assert other is not None and other.banks == ("test",)
