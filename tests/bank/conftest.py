"""Fixtures shared by the bank tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parents[1]

Write = Callable[..., Path]


@pytest.fixture
def write(tmp_path: Path) -> Write:
    """Write text (or bytes) to a file under tmp_path and return its path."""

    def write(content: str | bytes, name: str = "bank.yaml") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return write


@pytest.fixture
def data_dir() -> Path:
    return HERE / "data"


@pytest.fixture
def questions_dir() -> Path:
    return PROJECT / "questions"


@pytest.fixture
def seed_path() -> Path:
    # The document the first bank was imported from, kept in the repo (questions/sources/README.md).
    return PROJECT / "questions" / "sources" / "llm-training.zh.txt"
