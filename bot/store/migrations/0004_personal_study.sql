-- Personal study: spaced-repetition cards (FSRS), their review log, per-user review settings, and
-- an audit of data deletions. Times are UTC ISO-8601 text written by the service's clock; local
-- days are 'YYYY-MM-DD'.

-- One card per (guild, user, question): the FSRS memory state in columns. `due` is the UTC time
-- the card should be seen again; ISO text of one fixed format, so text order is time order.
CREATE TABLE review_cards (
    guild_id    INTEGER NOT NULL,
    user_id     INTEGER NOT NULL,
    question_id TEXT    NOT NULL CHECK (question_id <> ''),
    due         TEXT    NOT NULL,
    stability   REAL    CHECK (stability IS NULL OR stability > 0),
    difficulty  REAL    CHECK (difficulty IS NULL OR difficulty BETWEEN 1 AND 10),
    state       INTEGER NOT NULL CHECK (state IN (1, 2, 3)),  -- FSRS: learning, review, relearning
    step        INTEGER CHECK (step IS NULL OR step >= 0),
    last_review TEXT,
    last_rating INTEGER CHECK (last_rating IS NULL OR last_rating BETWEEN 1 AND 4),
    reps        INTEGER NOT NULL DEFAULT 0 CHECK (reps >= 0),
    lapses      INTEGER NOT NULL DEFAULT 0 CHECK (lapses >= 0),
    created_at  TEXT    NOT NULL,
    PRIMARY KEY (guild_id, user_id, question_id)
) STRICT, WITHOUT ROWID;

-- The most overdue card of one user, and a guild's due cards for reminders.
CREATE INDEX review_cards_due ON review_cards (guild_id, user_id, due);

-- One row per rating given to a card. `origin` names the answer it came from (the daily and its
-- day, a quiz question, a review of the card's n-th repetition), so the same answer can never
-- rate a card twice: the primary key refuses the second one.
CREATE TABLE review_logs (
    guild_id    INTEGER NOT NULL,
    user_id     INTEGER NOT NULL,
    question_id TEXT    NOT NULL,
    origin      TEXT    NOT NULL CHECK (origin <> ''),
    source      TEXT    NOT NULL CHECK (source IN ('daily', 'quiz', 'practice', 'review')),
    rating      INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
    verdict     TEXT    NOT NULL CHECK (verdict IN ('correct', 'partial', 'wrong')),
    reviewed_at TEXT    NOT NULL,
    PRIMARY KEY (guild_id, user_id, question_id, origin)
) STRICT, WITHOUT ROWID;

CREATE INDEX review_logs_user_time ON review_logs (guild_id, user_id, reviewed_at);

-- Review preferences of one user in one guild. reminder_hour: local hour in the guild's zone for
-- the daily DM (NULL: no reminder); last_reminded: the local day of the last reminder sent.
CREATE TABLE review_settings (
    guild_id      INTEGER NOT NULL,
    user_id       INTEGER NOT NULL,
    reminder_hour INTEGER CHECK (reminder_hour IS NULL OR reminder_hour BETWEEN 0 AND 23),
    retention     REAL    NOT NULL DEFAULT 0.9 CHECK (retention BETWEEN 0.8 AND 0.97),
    prefer_dm     INTEGER NOT NULL DEFAULT 0 CHECK (prefer_dm IN (0, 1)),
    last_reminded TEXT,
    PRIMARY KEY (guild_id, user_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX review_settings_reminders ON review_settings (reminder_hour) WHERE reminder_hour IS NOT NULL;

-- That a user's data was deleted, and when; nothing about whom (guild_id is NULL for "everywhere").
CREATE TABLE data_deletions (
    id         INTEGER PRIMARY KEY,
    guild_id   INTEGER,
    requested  TEXT    NOT NULL CHECK (requested IN ('self', 'admin')),
    deleted_at TEXT    NOT NULL
) STRICT;
