"""`studybot grade` on input that is no clean UTF-8 JSON: one error line each, the run goes on."""

from __future__ import annotations

import io
import json
import sys

import pytest

from bot.cli import main

pytestmark = pytest.mark.usefixtures("clean_env")  # tests/conftest.py

GOOD = b'{"id": "llm-08", "reply": "\xe4\xb8\x8d\xe7\x9f\xa5\xe9\x81\x93"}\n'


def grade(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], data: bytes) -> list[dict]:
    # What a UTF-8 locale's standard input is: it refuses bytes that are no UTF-8.
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", errors="strict"))
    main(["grade"])
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def test_bytes_that_are_no_utf8_cost_their_line_only(monkeypatch, capsys) -> None:
    results = grade(monkeypatch, capsys, b'{"id": "llm-08", "reply": "\xff\xfe"}\n' + GOOD)
    assert results[0] == {"line": 1, "error": "not UTF-8 text: save the file as UTF-8"}
    assert results[1]["id"] == "llm-08" and results[1]["verdict"] == "wrong"


def test_a_byte_order_mark_is_no_error(monkeypatch, capsys) -> None:
    results = grade(monkeypatch, capsys, b"\xef\xbb\xbf" + GOOD.replace(b"\n", b"\r\n") + GOOD)
    assert [r.get("id") for r in results] == ["llm-08", "llm-08"]


def test_json_nested_too_deeply_is_an_error_line(monkeypatch, capsys) -> None:
    results = grade(monkeypatch, capsys, b"[" * 100_000 + b"]" * 100_000 + b"\n" + GOOD)
    assert results[0] == {"line": 1, "error": "not valid JSON (nested too deeply)"}
    assert results[1]["id"] == "llm-08"
