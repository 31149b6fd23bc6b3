"""Both READMEs' configuration tables list every setting, with its environment variable and key."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.settings import ENV_KEYS

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("readme", ["README.md", "README.zh.md"])
def test_the_configuration_table_lists_every_setting(readme: str) -> None:
    text = (ROOT / readme).read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| `([A-Z_]+)` \| `([a-z_]+)` \|", text, re.MULTILINE))
    assert rows == ENV_KEYS
