-- Initial schema. Days are the guild's local date as 'YYYY-MM-DD'; timestamps are UTC ISO-8601.
-- Discord ids are INTEGER (snowflakes fit in SQLite's 64-bit integers).

CREATE TABLE guilds (
    guild_id   INTEGER PRIMARY KEY,
    channel_id INTEGER NOT NULL,
    post_time  TEXT    NOT NULL CHECK (post_time GLOB '[0-2][0-9]:[0-5][0-9]' AND post_time < '24:00'),
    timezone   TEXT    NOT NULL CHECK (timezone <> ''),
    role_id    INTEGER,
    thread     INTEGER NOT NULL DEFAULT 0 CHECK (thread IN (0, 1)),
    banks      TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(banks) AND json_type(banks) = 'array'),
    created_at TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;

-- No foreign key to guilds: a guild's history outlives its setup (the bot can be removed and re-added).
CREATE TABLE dailies (
    guild_id    INTEGER NOT NULL,
    day         TEXT    NOT NULL CHECK (date(day, '+0 days') IS day),
    question_id TEXT    NOT NULL CHECK (question_id <> ''),
    cycle       INTEGER NOT NULL CHECK (cycle >= 0),
    number      INTEGER NOT NULL CHECK (number >= 1),
    channel_id  INTEGER,
    message_id  INTEGER,
    thread_id   INTEGER,
    posted_at   TEXT,
    closed      INTEGER NOT NULL DEFAULT 0 CHECK (closed IN (0, 1)),
    closed_at   TEXT,
    created_at  TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    PRIMARY KEY (guild_id, day)
) STRICT;

CREATE INDEX dailies_cycle ON dailies (guild_id, cycle, question_id);

-- One row per (guild, user, question, day). Leaderboards sum best_points here, so one question can
-- never count twice for a user on a day: the primary key forbids a second row.
CREATE TABLE results (
    guild_id        INTEGER NOT NULL,
    user_id         INTEGER NOT NULL,
    question_id     TEXT    NOT NULL CHECK (question_id <> ''),
    day             TEXT    NOT NULL CHECK (date(day, '+0 days') IS day),
    attempts        INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    best_points     INTEGER NOT NULL DEFAULT 0 CHECK (best_points >= 0),
    best_verdict    TEXT    CHECK (best_verdict IN ('correct', 'partial', 'wrong')),
    best_score      REAL    CHECK (best_score BETWEEN 0 AND 1),
    revealed        INTEGER NOT NULL DEFAULT 0 CHECK (revealed IN (0, 1)),
    -- 1 when the explanation was shown before the first attempt: later attempts earn 0 points
    -- and never count as correct.
    forfeited       INTEGER NOT NULL DEFAULT 0 CHECK (forfeited IN (0, 1)),
    revealed_at     TEXT,
    updated_at      TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    PRIMARY KEY (guild_id, user_id, question_id, day),
    CHECK (forfeited = 0 OR revealed = 1),
    CHECK (forfeited = 0 OR best_points = 0),
    CHECK (attempts > 0 OR best_points = 0),
    CHECK ((attempts = 0) = (best_verdict IS NULL))
) STRICT, WITHOUT ROWID;

CREATE INDEX results_guild_day ON results (guild_id, day);
CREATE INDEX results_guild_user ON results (guild_id, user_id, day);

-- Every graded reply. attempt_no is 1, 2, ... per result; the foreign key makes an attempt without
-- its result row impossible.
CREATE TABLE attempts (
    id          INTEGER PRIMARY KEY,
    guild_id    INTEGER NOT NULL,
    user_id     INTEGER NOT NULL,
    question_id TEXT    NOT NULL,
    day         TEXT    NOT NULL,
    attempt_no  INTEGER NOT NULL CHECK (attempt_no >= 1),
    reply       TEXT    NOT NULL CHECK (length(reply) <= 4000),
    verdict     TEXT    NOT NULL CHECK (verdict IN ('correct', 'partial', 'wrong')),
    score       REAL    NOT NULL CHECK (score BETWEEN 0 AND 1),
    points      INTEGER NOT NULL CHECK (points >= 0),
    created_at  TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    UNIQUE (guild_id, user_id, question_id, day, attempt_no),
    FOREIGN KEY (guild_id, user_id, question_id, day)
        REFERENCES results (guild_id, user_id, question_id, day) ON DELETE CASCADE
) STRICT;

CREATE INDEX attempts_guild_day ON attempts (guild_id, day);

CREATE TABLE streaks (
    guild_id INTEGER NOT NULL,
    user_id  INTEGER NOT NULL,
    current  INTEGER NOT NULL DEFAULT 0 CHECK (current >= 0),
    best     INTEGER NOT NULL DEFAULT 0 CHECK (best >= current),
    last_day TEXT    CHECK (date(last_day, '+0 days') IS last_day),
    PRIMARY KEY (guild_id, user_id)
) STRICT, WITHOUT ROWID;

-- Final standings of finished quizzes, one row per participant.
CREATE TABLE quiz_results (
    guild_id   INTEGER NOT NULL,
    channel_id INTEGER NOT NULL,
    started_at TEXT    NOT NULL,
    user_id    INTEGER NOT NULL,
    points     INTEGER NOT NULL CHECK (points >= 0),
    correct    INTEGER NOT NULL CHECK (correct >= 0),
    answered   INTEGER NOT NULL CHECK (answered >= correct),
    PRIMARY KEY (guild_id, channel_id, started_at, user_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX quiz_results_user ON quiz_results (guild_id, user_id);
