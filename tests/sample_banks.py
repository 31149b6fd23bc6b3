"""Small banks as a server would upload them, shared by the upload tests of every layer."""

OUR_NOTES = """\
bank: our-notes
title: Our notes
language: en
questions:
  - id: n-01
    question: What does a cache keep?
    answer: Recently used data close to where it is needed.
    explanation: Keeping data near saves slow trips.
"""
# The same bank with a second question.
OUR_NOTES_TWO = (
    OUR_NOTES
    + """\
  - id: n-02
    question: Why batch requests?
    answer: Batching amortises the fixed cost of each request.
    explanation: One trip for many items.
"""
)
