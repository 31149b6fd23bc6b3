-- PostgreSQL twin of ../0005_quiz_state.sql: the same tables, keys and constraints.
CREATE TABLE quiz_runs (
    guild_id     BIGINT  NOT NULL,
    channel_id   BIGINT  NOT NULL,
    started_at   TEXT    NOT NULL,
    question_ids TEXT    NOT NULL,
    number       INTEGER NOT NULL CHECK (number >= 1),
    time_limit_s INTEGER NOT NULL CHECK (time_limit_s > 0),
    opened_at    TEXT    NOT NULL,
    PRIMARY KEY (guild_id, channel_id)
);

CREATE TABLE quiz_run_scores (
    guild_id   BIGINT  NOT NULL,
    channel_id BIGINT  NOT NULL,
    user_id    BIGINT  NOT NULL,
    points     INTEGER NOT NULL CHECK (points >= 0),
    correct    INTEGER NOT NULL CHECK (correct >= 0),
    answered   INTEGER NOT NULL CHECK (answered >= correct),
    scored_at  TEXT,
    PRIMARY KEY (guild_id, channel_id, user_id),
    FOREIGN KEY (guild_id, channel_id) REFERENCES quiz_runs (guild_id, channel_id) ON DELETE CASCADE
);
