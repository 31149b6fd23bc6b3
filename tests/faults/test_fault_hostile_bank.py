"""Hostile bank files are refused with a clear message, within bounded memory and time.

Every load runs in a child process limited to 512 MB of address space and a timeout, so a loader
that falls for one of these files fails its test instead of taking the whole run down.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

PROBE = Path(__file__).with_name("bank_probe.py")
TIMEOUT_S = 60

HEADER = "bank: hostile\ntitle: Hostile\nlanguage: en\nquestions:\n"
QUESTION = (
    "  - id: q-{n}\n    question: What is {n}?\n    answer: It is {n}.\n    explanation: Because {n}.\n"
)


def probe(path: Path) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, str(PROBE), str(path), "512"],
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        check=False,
    )
    assert done.returncode == 0, f"the loader crashed:\n{done.stderr[-3000:]}"
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def refused_with(path: Path, *words: str) -> list[str]:
    """Assert the file was refused and that one problem says all of `words`; every problem."""
    outcome = probe(path)
    problems = outcome["problems"]
    assert isinstance(problems, list)
    assert outcome["loaded"] is False and problems, "the hostile file was accepted"
    assert any(all(w in p for w in words) for p in problems), problems
    assert all(p.startswith(str(path)) for p in problems), "every problem names the file"
    return problems


def billion_laughs() -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 10):
        refs = ", ".join([f"*a{i - 1}"] * 10)
        lines.append(f"a{i}: &a{i} [{refs}]")
    return "\n".join(lines) + "\n"


def test_probe_loads_a_good_file(tmp_path: Path) -> None:
    """The probe itself works: a sound bank loads under the same limits."""
    path = tmp_path / "good.yaml"
    path.write_text(HEADER + "".join(QUESTION.format(n=n) for n in range(3)), encoding="utf-8")
    assert probe(path) == {"loaded": True, "problems": []}


def test_very_large_file_is_refused_without_being_parsed(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("w", encoding="utf-8") as f:
        f.write(HEADER)
        n = 0
        while f.tell() < 6 * 1024 * 1024:
            f.write(QUESTION.format(n=n))
            n += 1
    refused_with(path, "larger than", "split it")


def test_file_with_too_many_values_is_refused(tmp_path: Path) -> None:
    # Under the size limit, but hundreds of thousands of tiny values to build nodes for.
    path = tmp_path / "many.yaml"
    path.write_text(HEADER + "  - id: q-1\n    topics:\n" + "      - x\n" * 400_000, encoding="utf-8")
    assert path.stat().st_size < 5 * 1024 * 1024
    refused_with(path, "values", "split")


@pytest.mark.parametrize("style", ["flow", "block"])
def test_deeply_nested_yaml_is_refused(tmp_path: Path, style: str) -> None:
    path = tmp_path / f"deep-{style}.yaml"
    if style == "flow":
        depth = 200_000
        body = "  - id: q-1\n    topics: " + "[" * depth + "]" * depth + "\n"
    else:
        depth = 1_500
        body = "".join(" " * (2 * i) + f"k{i}:\n" for i in range(depth)) + " " * (2 * depth) + "end\n"
    path.write_text(HEADER + body if style == "flow" else body, encoding="utf-8")
    refused_with(path, "nested")


def test_billion_laughs_aliases_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "laughs.yaml"
    path.write_text(billion_laughs() + HEADER + QUESTION.format(n=1), encoding="utf-8")
    refused_with(path, "aliases", "not allowed")


def test_alias_hidden_inside_a_question_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "alias.yaml"
    text = HEADER + QUESTION.format(n=1) + "    topics: &t [a, b]\n" + QUESTION.format(n=2)
    text += "    topics: *t\n"
    path.write_text(text, encoding="utf-8")
    refused_with(path, "aliases")


@pytest.mark.parametrize(
    "data",
    [
        (HEADER + QUESTION.format(n=1)).replace("What", "Caf\xe9 what").encode("latin-1"),
        (HEADER + QUESTION.format(n=1)).encode("utf-16"),
        b"\xff\xfe\x00\x00" + b"\x00" * 64,
        (HEADER + QUESTION.format(n=1)).encode("utf-8") + b"\x80\x81\x82\n",
    ],
    ids=["latin-1", "utf-16", "binary", "trailing-bad-bytes"],
)
def test_non_utf8_file_is_refused(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "encoded.yaml"
    path.write_bytes(data)
    refused_with(path, "UTF-8")
