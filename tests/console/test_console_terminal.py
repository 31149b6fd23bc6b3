"""The console on a real terminal (a pseudo-terminal): line editing, history, Ctrl-C, Ctrl-D."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
UP = "\x1b[A"


def _controlling_terminal() -> None:
    # As in a real terminal, Ctrl-C on this one must send SIGINT to the console.
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


class Terminal:
    def __init__(self, tmp_path: Path) -> None:
        self.master, slave = pty.openpty()
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(tmp_path),
            "PYTHONPATH": str(ROOT),
            "TERM": "xterm",
            "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8",
        }
        db = tmp_path / "c.db"
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bot", "console", "--db", str(db), "--bank", str(ROOT / "questions")],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            cwd=tmp_path,
            env=env,
            close_fds=True,
            start_new_session=True,
            preexec_fn=_controlling_terminal,
        )
        os.close(slave)
        self.seen = ""

    def type(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def wait_for(self, text: str, count: int = 1, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while self.seen.count(text) < count:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(
                    f"no {text!r} (x{count}) on the terminal; it shows:\n{self.seen[-2000:]}"
                )
            ready, _, _ = select.select([self.master], [], [], min(left, 0.5))
            if ready:
                try:
                    self.seen += os.read(self.master, 4096).decode("utf-8", "replace")
                except OSError:  # the console closed the terminal
                    if self.proc.poll() is not None:
                        raise AssertionError(f"the console exited; it showed:\n{self.seen[-2000:]}") from None

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(10)
        os.close(self.master)


@pytest.fixture
def terminal(tmp_path: Path):
    term = Terminal(tmp_path)
    try:
        yield term
    finally:
        term.close()


def test_editing_history_ctrl_c_and_ctrl_d(terminal: Terminal) -> None:
    terminal.wait_for("Database: ")
    steps = [
        ("score\r", "Points: 0"),
        (UP + "\r", "Points: 0"),  # the arrow recalls the last line instead of sending ^[[A as an answer
        ("你好\x7f\x7fscore\r", "Points: 0"),  # backspace removes whole Chinese characters
        ("a half-written answer", "a half-written answer"),
        ("\x03", "line cancelled"),  # Ctrl-C drops the line, nothing is graded
        ("score\r", "Points: 0"),
    ]
    prompts = 0
    for i, (keys, reply) in enumerate(steps):
        if keys != "\x03":  # Ctrl-C comes while the line is being typed, not at a new prompt
            prompts += 1
            terminal.wait_for("> ", count=prompts)  # type at the prompt, as a person would
        time.sleep(0.3)  # a person's pause: readline is back waiting for the next key
        terminal.type(keys)
        terminal.wait_for(reply, count=sum(1 for _, r in steps[: i + 1] if r == reply))
    terminal.wait_for("> ", count=prompts + 1)
    terminal.type("\x04")  # Ctrl-D on an empty line leaves
    terminal.wait_for("Bye.")
    assert terminal.proc.wait(10) == 0
    assert "Answered: 0" in terminal.seen  # nothing above was graded as an answer
    assert "Not quite" not in terminal.seen and "Partly" not in terminal.seen
