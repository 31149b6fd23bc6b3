"""Load one bank file under a memory limit and print what the loader said, as JSON.

    python bank_probe.py BANK_FILE [LIMIT_MB]

Run in a child process by the hostile-file tests, so a loader that blows up (memory, recursion,
time) fails that test instead of taking the test run down. Prints
{"loaded": bool, "problems": ["file:line: field: message", ...]}; any other outcome is a crash
with a traceback and a non-zero exit.
"""

from __future__ import annotations

import json
import resource
import sys


def limit_memory(megabytes: int) -> None:
    limit = megabytes * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def main() -> None:
    limit_memory(int(sys.argv[2]) if len(sys.argv) > 2 else 512)
    from bot.bank.loader import read_bank  # imported under the limit too

    bank, problems = read_bank(sys.argv[1])
    print(json.dumps({"loaded": bank is not None, "problems": [str(p) for p in problems]}))


if __name__ == "__main__":
    main()
