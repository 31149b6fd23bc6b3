-- A running quiz, kept so a restarted bot can close it with the standings so far.
-- One per channel by key: two quizzes can never run in one channel.
CREATE TABLE quiz_runs (
    guild_id     INTEGER NOT NULL,
    channel_id   INTEGER NOT NULL,
    started_at   TEXT    NOT NULL,   -- UTC ISO-8601; with the channel, the quiz's key in quiz_results
    question_ids TEXT    NOT NULL,   -- JSON array, in the order asked
    number       INTEGER NOT NULL CHECK (number >= 1),   -- the current question, 1-based
    time_limit_s INTEGER NOT NULL CHECK (time_limit_s > 0),
    opened_at    TEXT    NOT NULL,   -- when the current question opened (UTC ISO-8601)
    PRIMARY KEY (guild_id, channel_id)
) STRICT;

-- Each participant's score in a running quiz, written as they answer.
CREATE TABLE quiz_run_scores (
    guild_id   INTEGER NOT NULL,
    channel_id INTEGER NOT NULL,
    user_id    INTEGER NOT NULL,
    points     INTEGER NOT NULL CHECK (points >= 0),
    correct    INTEGER NOT NULL CHECK (correct >= 0),
    answered   INTEGER NOT NULL CHECK (answered >= correct),
    scored_at  TEXT,                 -- when the user last scored: earlier wins a tie
    PRIMARY KEY (guild_id, channel_id, user_id),
    FOREIGN KEY (guild_id, channel_id) REFERENCES quiz_runs (guild_id, channel_id) ON DELETE CASCADE
) STRICT;
