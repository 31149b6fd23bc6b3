"""Whether a reply names only the reference's category or a bare benefit: partial credit.

LABELING.md gives partial credit for a reply that says no more than the parent concept of the
subject ("LSTM是一种RNN", "self-attention 就是 attention 的一种") or no more than its purpose in
general words ("能让模型效果更好") where the reference says what the subject is for. The grader
asks these rules only after a reply stated no key point and was found wrong for no other reason;
this module decides what the reference's category and the subject's parents are, and whether a
reply says only that much.
"""

from __future__ import annotations

import re
import unicodedata

from bot.bank.model import Question
from bot.grading.analyser import CJK_RANGES
from bot.grading.normalize import compact
from bot.grading.relations import subject_names

# What a thing is good for, in general words: it makes the model, its training or its output
# better, steadier, faster or lighter. Read on the compact reply (no spaces, no punctuation); each
# benefit is taken whole once found (an atomic group), so a long run of such words costs little.
_BENEFIT = (
    r"(?:可以|能够|能|会|主要是|主要|就是|是|用来|用于|目的是|作用是)?(?:为了)?(?:一种)?"
    r"(?:让|使|使得|帮助|帮|令)?(?:模型|训练|网络|神经网络|大模型|训练过程)?的?"
    r"(?:生成|训练|预测|学习|收敛)?的?(?:效果|性能|表现|质量|准确率|精度|能力)?"
    # "提升大模型对词义的把握": what it makes the model grasp better, in general words.
    rf"(?:(?:提升|提高|增强|加强)(?:模型|大模型|网络|神经网络)?对[{CJK_RANGES}]{{1,6}}?的(?:理解|把握|掌握|捕捉)(?:能力)?"
    # "提高模型的泛化能力": the verb first, then what of the model it improves.
    r"|(?:提升|提高|增强|改善)(?:模型|大模型|网络|神经网络)?的?(?:生成|训练|预测)?的?(?:泛化能力|泛化性能|泛化性|效果|性能|表现|质量|准确率|精度)"
    # "关注到更多方面的信息": more of the input, in general words.
    r"|(?:关注|捕捉|学到|学习|看到)到?更多(?:方面|角度|层面)?的?(?:信息|特征|内容)"
    rf"|更好地(?:理解|学习|捕捉)[{CJK_RANGES}]{{0,4}}|更好|更强|更高|更准|变好|提升|提高|更稳定|更稳"
    r"|更容易收敛|更快收敛|收敛更快|收敛得更快|更快|更轻量|更轻)"
)
_BARE_BENEFIT_RE = re.compile(
    f"(.{{0,10}}?)(?>{_BENEFIT})++(?:的(?:一种|一種|一个|一個)?(?:策略|方法|技术|手段|技巧|机制))?(?:吧|啊|呀)?"
)
_BARE_BENEFIT_MAX_CHARS = 40
# A reference that says what its subject is for ("从而提高模型的生成质量", "防止模型过拟合").
PURPOSE_RE = re.compile("提高|提升|有助于|防止|减少|降低|改善|增强")


def bare_benefit(question_text: str, text: str) -> bool:
    """Whether the reply (compact) says no more than that its subject, named in the question's
    words (`question_text`, compact) or not at all, makes the model better."""
    # A bare benefit is a sentence or two: longer text says more, and the pattern's optional
    # parts must not be tried at length.
    m = _BARE_BENEFIT_RE.fullmatch(text) if len(text) <= _BARE_BENEFIT_MAX_CHARS else None
    if m is None:
        return False
    subject = m.group(1).removeprefix("这个").removeprefix("它").removeprefix("这")
    return subject in question_text


# "X 是一种 Y", "X is a kind of Y": Y, up to the end of its clause.
_CATEGORY_RE = re.compile(
    r"(?:是一种|是一種|是一类|是一類|的一种|的一種|属于|屬於|\bis an? (?:kind |type |sort )?(?:of )?)"
    r"\s*([^，。,;；.!！?？:：]{1,24}?)\s*(?:[，。,;；.!！?？]|$)"
)
_CATEGORY_SUBJECT_MAX = 12  # characters before the cue: a name for the subject, no more


def category_of(text: str) -> str | None:
    """What the first sentence of a text says its subject is a kind of, compact."""
    m = _CATEGORY_RE.search(unicodedata.normalize("NFKC", text).casefold())
    return compact(m.group(1)) if m else None


def names_category(
    category: str, reply: str, parents: frozenset[str] = frozenset(), question: str = ""
) -> bool:
    """Whether the reply says no more than that its subject is a kind of something the
    reference's category names ("是一种RNN。", "LSTM是RNN的一种变体") or a parent its name tells
    (`parents`, "self-attention 就是 attention 的一种"); `question` is the compact question."""
    text = unicodedata.normalize("NFKC", reply).casefold().strip()
    member = _MEMBER_RE.fullmatch(text)
    if member is not None:
        said = compact(member.group(1) or member.group(2) or member.group(3))
        return _is_parent(said, category, parents, question)
    m = _CATEGORY_RE.search(text)
    if m is None or len(compact(text[: m.start()])) > _CATEGORY_SUBJECT_MAX:
        return False
    return _is_parent(compact(m.group(1)), category, parents, question) and not compact(text[m.end() :])


def _is_parent(said: str, category: str, parents: frozenset[str], question: str) -> bool:
    """Whether `said` (compact) names the reference's category or a parent of the subject; a
    qualifier before 的 ("门控的RNN") may stand before it where the question uses it too."""
    if len(said) < 2:
        return False
    if (category and said in category) or said in parents:
        return True
    # "LSTM是一种RNN的变体": a variant of Y tells Y as the parent.
    for tail in _VARIANT_TAILS:
        if said.endswith(tail):
            return _is_parent(said.removesuffix(tail), category, parents, question)
    qualifier, _, head = said.rpartition("的")
    return bool(qualifier) and qualifier in question and _is_parent(head, category, parents, "")


_VARIANT_TAILS = ("的变体", "的變體", "的变种", "的變種")

# A unit of a subject's name: an English word or a Chinese character.
_NAME_UNIT_RE = re.compile(f"[a-z0-9]+|[{CJK_RANGES}]")
# Names of two things at once ("预训练和微调") or of a task ("如何计算词嵌入") tell no parent.
_NOT_ONE_NAME_RE = re.compile(r"和|与|如何|\band\b")


def parents_of(question: Question) -> frozenset[str]:
    """The parents a question's subject name tells (see grader._Prepared.parents): each proper tail of
    its units, two characters or more ("attention" of "Self-Attention", "注意力" of "自注意力")."""
    heads = set()
    for name in subject_names(question.question):
        folded = unicodedata.normalize("NFKC", name).casefold()
        if _NOT_ONE_NAME_RE.search(folded):
            continue
        units = _NAME_UNIT_RE.findall(folded)
        heads.update("".join(units[i:]) for i in range(1, len(units)))
    return frozenset(h for h in heads if len(h) >= 2)


# The parent concept told without 是一种: a bare "一种RNN", or "(它)是RNN家族里的一个模型" (a member of
# the family, the group or the kind the category names).
_MEMBER_RE = re.compile(
    r"(?:一种|一種|一类|一類)\s*([^，。,;；.!！?？:：]{1,24}?)\s*[。.!！]?"
    r"|[^，。,;；.!！?？:：]{0,20}?(?:是|属于|屬於)\s*([^，。,;；.!！?？:：]{1,16}?)\s*"
    r"(?:家族|系列|大类|大類|一族)?(?:里|裡|中|当中|當中)?的一(?:种|種|个|個|类|類|员|員)"
    r"(?:模型|网络|網絡|網路|变体|變體|方法|结构|結構)?\s*[。.!！]?"
    # ... or told by what it is used for ("LSTM是用来处理序列数据的神经网络"): a use and the parent.
    r"|[^，。,;；.!！?？:：]{0,12}?(?:是|就是)(?:一种)?(?:用来|用于|专门用来)[^，。,;；.!！?？:：]{1,14}?的"
    r"\s*([^，。,;；.!！?？:：的]{2,12}?)\s*[。.!！]?"
)
