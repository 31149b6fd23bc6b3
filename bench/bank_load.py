"""How long bank loading takes on the shipped banks and on hostile files at the size limit.

Run: .venv/bin/python bench/bank_load.py
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from bot.bank.loader import MAX_FILE_BYTES, read_bank, read_library

HEAD = "bank: big\ntitle: T\nlanguage: zh\nquestions:\n"
QUESTION = (
    "  - id: q-{n}\n"
    "    question: 什么是词嵌入？请简要说明其在大规模语言模型训练中的作用。\n"
    "    answer: 词嵌入是一种将单词映射到高维向量空间的技术。\n"
    "    explanation: 词嵌入可以通过多种算法实现。\n"
    "    key_points:\n"
    "      - point: 把词映射为稠密向量\n"
    "        phrasings: [词向量, map words to vectors]\n"
)


def _fill(line: str) -> str:
    return HEAD + line * ((MAX_FILE_BYTES - len(HEAD) - 100) // len(line.encode()))


def hostile_files() -> dict[str, str]:
    many = "".join(QUESTION.format(n=n) for n in range(600))
    return {
        "600 questions with key points": HEAD + many,
        "5 MB of empty questions '- {}'": _fill("  - {}\n"),
        "5 MB flow list [a, a, ...]": "x: [" + "a," * ((MAX_FILE_BYTES - 10) // 2) + "]\n",
        "5 MB of invalid questions": _fill("  - {id: 'a b', question: q, answer: a, explanation: e}\n"),
        "one 5 MB text": "title: " + "x" * (MAX_FILE_BYTES - 20) + "\n",
    }


def main() -> None:
    started = time.perf_counter()
    library, problems = read_library(["questions"])
    took = time.perf_counter() - started
    print(f"questions/: {len(library)} questions, {len(problems)} problems, {took * 1000:.0f} ms")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bank.yaml"
        for name, text in hostile_files().items():
            path.write_text(text, encoding="utf-8")
            started = time.perf_counter()
            _, problems = read_bank(path)
            took = time.perf_counter() - started
            size = path.stat().st_size / 1e6
            first = problems[0].message if problems else "loads"
            print(f"{name}: {size:.1f} MB, {took:.2f} s, {len(problems)} problems listed ({first})")


if __name__ == "__main__":
    main()
