"""A small hand-made bank: three questions whose key points the grading tests rely on."""

from __future__ import annotations

from bot.bank.model import KeyPoint, Question

DROPOUT = Question(
    id="t-dropout",
    bank="t",
    question="请解释什么是 Dropout？",
    answer="Dropout 是一种正则化技术，训练时按一定概率随机丢弃神经元，防止模型过拟合。",
    explanation="推理时不丢弃任何神经元。",
    key_points=(
        KeyPoint(
            "训练时随机丢弃部分神经元",
            ("随机丢弃", "随机失活", "随机置零", "丢弃神经元", "randomly drop", "randomly zero"),
        ),
        KeyPoint("目的：防止过拟合", ("过拟合", "泛化", "overfitting", "regularization"), weight=0.2),
    ),
    false_claims=("推理时也丢弃", "永久删除", "also at inference"),
)

GRU = Question(
    id="t-gru",
    bank="t",
    question="请解释什么是门控循环单元（GRU）？",
    answer="GRU 是一种循环神经网络变体，只有更新门和重置门两个门，结构比 LSTM 简单。",
    explanation="它把 LSTM 的输入门和遗忘门合并成更新门。",
    key_points=(
        KeyPoint("只有更新门和重置门", ("更新门", "重置门", "update gate", "reset gate", "两个门")),
        KeyPoint("类别：RNN 变体", ("循环神经网络", "rnn"), weight=0.2),
    ),
    false_claims=("有三个门", "参数比LSTM多"),
)

PRETRAIN = Question(
    id="t-pretrain",
    bank="t",
    question="请解释预训练和微调的概念。",
    answer="预训练是在大规模无标注语料上训练模型；微调是在预训练模型的基础上用少量标注数据针对特定任务继续训练。",
    explanation="",
    key_points=(
        KeyPoint(
            "预训练：大规模无标注语料", ("大规模语料", "无标注", "海量文本", "unlabeled", "large corpus")
        ),
        KeyPoint(
            "微调：特定任务的少量标注数据上继续训练", ("特定任务", "下游任务", "标注数据", "downstream")
        ),
    ),
    false_claims=("微调是从头训练",),
)

LOSS = Question(
    id="t-loss",
    bank="t",
    question="什么是损失函数？",
    answer="衡量模型预测与真实值之间误差的函数，训练时把它最小化。",
    explanation="",
    key_points=(
        KeyPoint("衡量预测与真实值的误差", ("误差", "差距", "真实值", "error")),
        # Phrases inside one another ("误差" in "均方误差"): the longest match wins.
        KeyPoint("例子：均方误差、交叉熵", ("均方误差", "交叉熵", "mean squared error"), weight=0.2),
    ),
    false_claims=("越大越好",),
)

BANK = (DROPOUT, GRU, PRETRAIN, LOSS)
