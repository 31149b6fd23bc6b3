"""Whatever reaches the grader gets a verdict and a reason, on both paths, never an exception; and
grades do not depend on the hash seed or on the order banks are loaded."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.bank.loader import load_library
from bot.bank.model import Question
from bot.grading.grader import Grader
from bot.grading.verdict import Verdict

ROOT = Path(__file__).resolve().parents[2]
BANKS = sorted((ROOT / "questions").glob("*.yaml"))
LIBRARY = load_library(BANKS)
QUESTIONS = list(LIBRARY.questions())
PLAIN = Question(
    id="plain-01",
    bank="plain",
    question="What does a stack's pop operation do?",
    answer="Pop removes the top element of the stack and returns it.",
    explanation="",
    language="en",
)
GRADER = Grader([*QUESTIONS, PLAIN])

ODD = [
    "\u200b",  # zero-width space
    "\u200d",  # zero-width joiner
    "\ufeff",  # byte order mark
    "\u202e",  # right-to-left override
    "\u200f",  # right-to-left mark
    "مرحبا",  # Arabic
    "שלום",  # Hebrew
    "😀",
    "👩‍💻",
    "\x00",
    "\udcff",  # a lone surrogate, as from bytes decoded with surrogateescape
    "\ufffd",
    "Ｆｕｌｌ",
    "編碼器",
    "encoder",
    "decoder",
    "不是",
    "first",
    "then",
    "，",
    "e\u0301",  # a combining accent
]
REPLIES = st.one_of(
    st.text(max_size=400),
    st.lists(st.sampled_from(ODD), max_size=40).map("".join),
    st.binary(max_size=300).map(lambda b: b.decode("utf-8", "surrogateescape")),
    st.binary(max_size=300).map(lambda b: b.decode("latin-1")),
)


def check(question: Question, reply: str) -> None:
    grade = GRADER.grade(question, reply)
    assert isinstance(grade.verdict, Verdict)
    assert 0.0 <= grade.score <= 1.0
    assert grade.reason


@settings(max_examples=300, deadline=None)
@given(reply=REPLIES, question=st.sampled_from([*QUESTIONS, PLAIN]))
def test_any_text_gets_a_verdict_and_a_reason(reply: str, question: Question) -> None:
    check(question, reply)


@pytest.mark.parametrize("question", [QUESTIONS[0], QUESTIONS[-1], PLAIN], ids=lambda q: q.id)
@pytest.mark.parametrize(
    "reply",
    [
        "",
        "a" * 100_000,
        ("编码器把输入读成向量，" + "x\u200b" * 10) * 3_000,
        "\u202e" + QUESTIONS[0].answer,
        bytes(range(256)).decode("latin-1") * 50,
        "😀" * 50_000,
    ],
    ids=["empty", "100k", "long-mixed", "rtl-override", "binary", "emoji"],
)
def test_extreme_replies(question: Question, reply: str) -> None:
    check(question, reply)


_SCRIPT = """
import json, sys
from pathlib import Path
from bot.bank.loader import load_library
from bot.grading.grader import Grader
banks = [Path(p) for p in json.loads(sys.argv[1])]
replies = json.loads(sys.argv[2])
library = load_library(banks)
grader = Grader(library.questions())
out = []
for qid, reply in replies:
    g = grader.grade(library.get(qid), reply)
    out.append([g.verdict.value, g.score, list(g.found), list(g.missed), g.reason, g.other_question])
print(json.dumps(out, ensure_ascii=False))
"""

SAMPLE = [
    ("llm-04", "解码器把输入序列编码成上下文向量，编码器再逐个生成输出"),
    ("llm-04", "编码器负责编码输入，解码器负责生成输出"),
    ("llm-08", "训练时随机丢弃神经元；推理时也丢弃"),
    ("llm-en-04", "keeps the master weights in 16-bit and does the matmuls in 32-bit"),
    ("llm-en-09", "first PPO, then humans rank outputs, finally a reward model is trained"),
    ("llm-en-10", "freeze W, train a low-rank BA"),
    ("llm-en-14", "attention, mask, future, softmax"),
    ("llm-22", "GRU 合并了门，比 LSTM 简单"),
]


def _grades(seed: str, banks: list[Path]) -> str:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    args = [sys.executable, "-c", _SCRIPT, json.dumps([str(b) for b in banks]), json.dumps(SAMPLE)]
    return subprocess.run(args, env=env, cwd=ROOT, capture_output=True, text=True, check=True).stdout


def test_grades_do_not_depend_on_hash_seed_or_bank_order() -> None:
    first = _grades("1", BANKS)
    assert json.loads(first)
    assert _grades("2", BANKS) == first
    assert _grades("3", list(reversed(BANKS))) == first


_TIE_SCRIPT = """
from bot.bank.model import KeyPoint, Question
from bot.grading.grader import Grader
def q(i, name, kp):
    return Question(id=i, bank="tie", question=f"What does {name} do?", answer=f"{name} {kp}.",
                    explanation="", key_points=(KeyPoint(kp, (kp,)),), language="en")
qs = [q("a-1", "alpha", "sorts the records by their timestamp"),
      q("b-2", "beta", "counts the distinct words in every document"),
      q("c-3", "gamma", "counts the distinct words in every document")]
print(Grader(qs).grade(qs[0], "it counts the distinct words in every document").other_question)
"""


def test_a_tie_between_two_other_questions_does_not_depend_on_hash_seed() -> None:
    # Two other questions answered equally well: the one named must not follow set order.
    named = set()
    for seed in ("1", "2", "3", "4", "5", "6"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        args = [sys.executable, "-c", _TIE_SCRIPT]
        named.add(subprocess.run(args, env=env, cwd=ROOT, capture_output=True, text=True, check=True).stdout)
    assert named == {"b-2\n"}
