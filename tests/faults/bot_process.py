"""Runs `python -m bot run` as a separate process against a local fake Discord.

The process gets a clean environment (only what it needs, no `.env`: it runs in its own folder),
writes its log to a file, and is always stopped by `stop()`, whatever the test did.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parents[2]
T = TypeVar("T")


class BotProcess:
    def __init__(
        self,
        api_base: str,
        db_path: Path | str,
        workdir: Path,
        name: str,
        extra_env: dict[str, str] | None = None,
    ) -> None:
        workdir.mkdir(parents=True, exist_ok=True)
        self.log_path = workdir / f"{name}.log"
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(workdir),
            "PYTHONPATH": str(ROOT),
            "DISCORD_TOKEN": "fake-token",
            "DISCORD_API_BASE_URL": api_base,
            "STUDYBOT_DB": str(db_path),
            "STUDYBOT_BANKS": str(ROOT / "questions"),
            "STUDYBOT_LOG_LEVEL": "INFO",
            **(extra_env or {}),
        }
        with self.log_path.open("wb") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "bot", "run"],
                cwd=workdir,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    @property
    def alive(self) -> bool:
        return self.proc.poll() is None

    def log(self, last: int = 3000) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")[-last:]

    def kill(self) -> int:
        """SIGKILL: no cleanup of any kind runs in the bot."""
        os.kill(self.proc.pid, signal.SIGKILL)
        return self.proc.wait(timeout=10)

    def interrupt(self, timeout: float = 30.0) -> int:
        """Ctrl-C: the bot closes its connections and finishes a posting round in progress."""
        self.proc.send_signal(signal.SIGINT)
        return self.proc.wait(timeout=timeout)

    def stop(self) -> None:
        if self.alive:
            self.proc.kill()
        self.proc.wait(timeout=10)

    async def wait_for(self, check: Callable[[], T | None], timeout: float, what: str) -> T:
        """Poll `check` until it returns something truthy; fail early if the bot died."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            value = check()
            if value:
                return value
            if not self.alive:
                raise AssertionError(f"the bot exited ({self.proc.returncode}) before {what}:\n{self.log()}")
            if loop.time() > deadline:
                raise AssertionError(f"timed out after {timeout:g}s waiting for {what}:\n{self.log()}")
            await asyncio.sleep(0.02)
