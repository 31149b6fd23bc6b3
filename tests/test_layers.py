"""The layers of docs/architecture.md, checked by reading every module's imports (ast).

Imports inside functions and under TYPE_CHECKING count too: a cycle dodged by a late import is
still a cycle in the design.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BOT = ROOT / "bot"
CORE = ("bot.bank", "bot.grading", "bot.rules")
FRONT_ENDS = ("bot.discord", "bot.console", "bot.cli", "bot.own_cli", "bot.grade_command")

# (modules the rule applies to, imports it forbids, why)
FORBIDDEN: list[tuple[tuple[str, ...], tuple[str, ...], str]] = [
    (
        CORE,
        (
            "discord",
            "aiosqlite",
            "asyncpg",
            "bot.store",
            "bot.service",
            "bot.discord",
            "bot.model",
            "bot.console",
            "bot.cli",
            "bot.settings",
        ),
        "the core is pure: no Discord, no database, nothing above it",
    ),
    (
        ("bot.store",),
        ("discord", "bot.service", "bot.discord", "bot.console", "bot.cli"),
        "the store sits below the service",
    ),
    (("bot.service",), FRONT_ENDS, "the service sits below every front end"),
    (("bot.i18n",), ("bot.store", "bot.service", *FRONT_ENDS), "translators sit below the service"),
]
# (module, import) pairs allowed despite a rule above, and why.
EXEMPT = {
    # `python -m bot.i18n.catalogs update` is a maintenance command, not a layer: it collects the
    # slash commands' texts the way discord.py hands them to a translator.
    ("bot.i18n.catalogs", "bot.discord.translate"): "reads slash-command texts for the catalogs",
    ("bot.i18n.catalogs", "bot.discord.translate.command_strings"): "the same import, by name",
}
# bot.model may import only the core and the translator interface (besides the standard library).
MODEL_ALLOWED = (*CORE, "bot.i18n")


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(source: str, module: str) -> set[str]:
    """Every module name an import statement in `source` names (relative ones resolved)."""
    found: set[str] = set()
    package = module.rsplit(".", 1)[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def _within(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def violations(modules: dict[str, str]) -> list[str]:
    """Broken layer rules as readable lines; `modules` maps module names to their source."""
    found: list[str] = []
    for module, source in sorted(modules.items()):
        names = imports_of(source, module)
        for owners, forbidden, why in FORBIDDEN:
            if _within(module, owners):
                found += [
                    f"{module} imports {n} ({why})"
                    for n in sorted(names)
                    if _within(n, forbidden) and (module, n) not in EXEMPT
                ]
        if module == "bot.model":
            found += [
                f"bot.model imports {n} (value types depend on the core only)"
                for n in sorted(names)
                if n.startswith("bot") and not _within(n, MODEL_ALLOWED)
            ]
        if not _within(module, ("bot.discord",)):
            found += [
                f"{module} imports {n} (only bot.discord talks to Discord)"
                for n in sorted(names)
                if _within(n, ("discord",))
            ]
    return found


def _project_modules() -> dict[str, str]:
    return {_module_name(p): p.read_text(encoding="utf-8") for p in sorted(BOT.rglob("*.py"))}


def test_the_project_keeps_its_layers() -> None:
    modules = _project_modules()
    assert "bot.model" in modules and "bot.store.store" in modules  # the walk found the code
    assert violations(modules) == []


@pytest.mark.parametrize(
    ("module", "source", "expected"),
    [
        ("bot.grading.grader", "import discord\n", "bot.grading.grader imports discord"),
        ("bot.rules.quiz", "def f():\n    import aiosqlite\n", "bot.rules.quiz imports aiosqlite"),
        (
            "bot.store.store",
            "def f():\n    from bot.service import GuildSetup\n",
            "bot.store.store imports bot.service",
        ),
        ("bot.store.store", "from ..service import study\n", "bot.store.store imports bot.service"),
        ("bot.model", "from bot.store import Store\n", "bot.model imports bot.store"),
        ("bot.console", "from discord import Embed\n", "bot.console imports discord"),
        ("bot.service.study", "from bot.discord import render\n", "bot.service.study imports bot.discord"),
        ("bot.service.quiz", "def f():\n    import bot.console\n", "bot.service.quiz imports bot.console"),
        ("bot.i18n.formats", "from bot.service import study\n", "bot.i18n.formats imports bot.service"),
        ("bot.i18n.catalogs", "from bot.discord import render\n", "bot.i18n.catalogs imports bot.discord"),
    ],
)
def test_the_checker_catches_a_broken_rule(module: str, source: str, expected: str) -> None:
    assert any(line.startswith(expected) for line in violations({module: source}))


def test_tests_need_nothing_beside_the_clone() -> None:
    """The shared folder beside the clone is for benchmarks; a fresh clone must pass alone, also
    in another folder than the one it was made in."""
    # Spelled in pieces so that this file does not match its own search.
    shared, work = "shared", "work"
    patterns = (f'"{shared}" /', f"../{shared}", f"/ '{shared}'", f'/ "{shared}"', f'"/{work}/', f"'/{work}/")
    readers = [
        str(p.relative_to(ROOT))
        for p in sorted((ROOT / "tests").rglob("*.py"))
        if any(s in p.read_text(encoding="utf-8") for s in patterns)
    ]
    assert readers == []
