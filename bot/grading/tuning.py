"""Every threshold and weight of key-point grading, in one place.

How they were chosen: each value was set from the labeling rules first (what a fair teacher gives
credit for), as a round number, then checked on the labeled dev replies and on
bench/data/replies_own.jsonl (bench/eval_grader.py prints both) and on small hand-written sets of
fresh replies. A value was only moved when a whole class of replies went the wrong way, never to
flip a single reply.
"""

from __future__ import annotations

# --- input bounds ------------------------------------------------------------------------------
# Replies are cut to this many characters before any work: a chat answer never needs more, and it
# bounds grading time for pasted novels.
MAX_REPLY_CHARS = 2000

# --- verdict from key-point coverage -----------------------------------------------------------
# Coverage is the found share of the question's key-point weight. The bank's editors weight the
# core idea so that it alone reaches CORRECT_AT; the purpose, an example or the parent concept
# alone stays below it (labeling rules: those are partial).
CORRECT_AT = 0.6
# Any found key point earns partial credit, even a low-weight one (purpose, example, parent
# concept: weight 0.2 in the bank, at most two per question so they never add up to CORRECT_AT
# next to half of a two-part answer).
PARTIAL_AT = 0.05
# A reply stating a false claim keeps partial credit only when the key points it states outside
# the false claim's clause cover at least this share; otherwise the false claim is the answer.
FALSE_CLAIM_PARTIAL_AT = 0.3
# A false claim is also stated loosely when one clause holds this share of its Chinese bigrams in
# any order (plus what sets it apart from the right answer, see claims.py); only for claims with
# at least this many bigrams, since two shared bigrams prove nothing.
FALSE_CLAIM_LOOSE_AT = 0.7
FALSE_CLAIM_LOOSE_MIN_KEYS = 3
# Score given for partial credit: coverage mapped linearly into this range.
PARTIAL_SCORE_MIN = 0.25
PARTIAL_SCORE_MAX = 0.75

# --- phrase matching ---------------------------------------------------------------------------
# Sound (pinyin) matching only for phrasings with at least this many Chinese characters: one
# syllable alone has too many homophones.
SOUND_MIN_CJK = 2
# A negation cue this many characters (Chinese) or words (English) before a phrase negates it.
NEGATION_WINDOW_CHARS = 3
NEGATION_WINDOW_WORDS = 3

# English words at least this long that no phrase uses are respelled to the closest phrase word
# when their rapidfuzz ratio reaches FUZZY_WORD_RATIO ("backpropogation"). Shorter words differ
# by one letter from other real words too often ("gate" / "gates" / "rate").
FUZZY_WORD_MIN = 7
FUZZY_WORD_RATIO = 85.0
# ... and only to words of about the same length (a typo adds or drops a letter or two at most).
FUZZY_WORD_LENGTH_DIFF = 1

# --- whole-reply similarity (rapidfuzz ratio, 0-100, on compact normalized text) -----------------
# A reply this close to the reference answer is the pasted reference: correct.
COPY_REFERENCE_RATIO = 85.0
# ... compared with the reply's first COPY_REFERENCE_SPAN times the reference's length; only for
# references of at least COPY_REFERENCE_MIN_CHARS (a three-word reference is no "paste").
COPY_REFERENCE_SPAN = 1.2
COPY_REFERENCE_MIN_CHARS = 8
# A reply this close to the question text repeats the question: wrong.
QUESTION_COPY_RATIO = 80.0
# What is left after removing an echoed question must be this long to be graded at all.
AFTER_QUESTION_MIN_CHARS = 2
# A reply that starts with the first half of the question (at least this many characters) and
# adds less than AFTER_QUESTION_MIN_CHARS is a copy too.
QUESTION_HEAD_MIN_CHARS = 4

# --- detectors ---------------------------------------------------------------------------------
# Non-answer cues ("不知道") only decide the verdict in replies at most this long (compact chars):
# in a longer reply they are hedging around an actual answer.
NONANSWER_MAX_CHARS = 16
# Repeated text: at least this many tokens, and distinct tokens below this share of them.
REPEAT_MIN_TOKENS = 12
REPEAT_DISTINCT_SHARE = 0.3
# Binary-looking text: this share of control, private-use, unassigned or replacement characters.
BINARY_SHARE = 0.15
# A bare keyword list: at least this many chunks, each at most this many characters (Chinese) or
# words (English), and no function word anywhere.
KEYWORD_LIST_MIN_CHUNKS = 3
KEYWORD_CHUNK_MAX_CJK = 6
KEYWORD_CHUNK_MAX_WORDS = 3

# --- competing question ------------------------------------------------------------------------
# A reply is "the answer to another question" when it covers at least this share of that
# question's key points, and that coverage beats its coverage of the asked question by MARGIN.
OTHER_QUESTION_AT = 0.6
OTHER_QUESTION_MARGIN = 0.2
# ... with at least this much evidence (see KP_EVIDENCE_MIN: two phrases, or one long one) for
# the other question, and more than for the asked question's own core key points.
OTHER_QUESTION_EVIDENCE = 5

# --- feedback ----------------------------------------------------------------------------------
REASON_MAX_POINTS = 3  # key points named in one reason sentence
# Key points lighter than this (purpose, example, parent concept) are minor: never listed as
# missed (a full answer does not need them), and not the core a competing question is weighed by.
MISSED_MIN_WEIGHT = 0.5

# --- key-point evidence ------------------------------------------------------------------------
# A key point counts as stated when its matched phrasings cover at least this much of the reply
# (Chinese characters, plus two per English word, overlaps once). One generic two-character word
# ("梯度") is not enough on its own; a specific phrase ("链式法则") or two generic ones are.
KP_EVIDENCE_MIN = 3
# ... unless the phrase is specific: its question's own text uses it and at most this many
# questions' texts of the bank do ("门控": LSTM and GRU, not "梯度"), or it is one English word no
# other question of the bank uses at all ("mask").
SPECIFIC_MAX_QUESTIONS = 2
# An English word weighs like a two-character Chinese word; a long one (a technical term such as
# "backprop", "dropout") like a three-character phrase.
ENGLISH_WORD_UNITS = 2
ENGLISH_LONG_WORD = 5
ENGLISH_LONG_WORD_UNITS = 3
