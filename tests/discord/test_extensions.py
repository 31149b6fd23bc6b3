"""The bot loads every extension in bot/discord/exts, found from the folder itself."""

import importlib
import inspect
from pathlib import Path

from bot.discord import app

EXTS = Path(app.__file__).resolve().parent / "exts"


def test_every_module_in_the_folder_is_loaded() -> None:
    files = sorted(f"bot.discord.exts.{p.stem}" for p in EXTS.glob("*.py") if not p.stem.startswith("_"))
    assert len(files) >= 7
    assert sorted(app.EXTENSIONS) == files


def test_each_extension_has_an_async_setup() -> None:
    for name in app.EXTENSIONS:
        module = importlib.import_module(name)
        assert inspect.iscoroutinefunction(getattr(module, "setup", None)), name
