"""Both READMEs name the same commands, and every `studybot ...` command they name exists."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from bot.cli import _parser

ROOT = Path(__file__).resolve().parents[1]
READMES = ("README.md", "README.zh.md")


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def _shell_commands(text: str) -> set[str]:
    """`studybot X` and `studybot X Y` for the commands that have actions, as the text writes them."""
    top = _subcommands(_parser())
    found = set()
    for name, action in re.findall(r"\bstudybot ([a-z]+)(?: ([a-z-]+))?", text):
        if name not in top:
            continue  # prose ("studybot is ...")
        has_actions = any(isinstance(a, argparse._SubParsersAction) for a in top[name]._actions)
        found.add(f"{name} {action}" if has_actions else name)
    return found


GROUPS = {"quiz", "bank", "review", "admin"}  # slash commands whose second word is a subcommand


def _slash_commands(text: str) -> set[str]:
    found = re.findall(r"`/([a-z-]+)(?: ([a-z]+))?", text)
    return {f"{name} {sub}" if name in GROUPS else name for name, sub in found}


def test_every_studybot_command_named_exists() -> None:
    top = _subcommands(_parser())
    for readme in READMES:
        for command in _shell_commands((ROOT / readme).read_text(encoding="utf-8")):
            name, _, action = command.partition(" ")
            if action:
                assert action in _subcommands(top[name]), f"{readme}: studybot {command}"


def test_both_readmes_name_the_same_commands() -> None:
    english, chinese = ((ROOT / r).read_text(encoding="utf-8") for r in READMES)
    assert _shell_commands(english) == _shell_commands(chinese)
    assert _slash_commands(english) == _slash_commands(chinese)
