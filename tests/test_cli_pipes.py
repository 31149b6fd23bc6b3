"""`studybot grade ... | head -1`: the reader leaving early ends the run without a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_a_reader_that_leaves_early_gets_no_traceback(tmp_path: Path) -> None:
    lines = "".join(json.dumps({"id": "llm-08", "reply": f"防止过拟合 {i}"}) + "\n" for i in range(2000))
    replies = tmp_path / "replies.jsonl"
    replies.write_text(lines, encoding="utf-8")
    env = {**os.environ, "STUDYBOT_BANKS": str(ROOT / "questions"), "PYTHONIOENCODING": "utf-8"}
    with replies.open("rb") as stdin:
        process = subprocess.Popen(
            [sys.executable, "-m", "bot", "grade"],
            stdin=stdin,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=tmp_path,
            env=env,
        )
    assert process.stdout is not None and process.stderr is not None
    assert json.loads(process.stdout.readline())["id"] == "llm-08"
    process.stdout.close()  # what `| head -1` does
    err = process.stderr.read().decode()
    assert process.wait(timeout=120) == 1
    assert "Traceback" not in err, err
