-- Personal study (PostgreSQL dialect of ../0003_personal_study.sql: same tables, keys and checks).

CREATE TABLE review_cards (
    guild_id    BIGINT  NOT NULL,
    user_id     BIGINT  NOT NULL,
    question_id TEXT    NOT NULL CHECK (question_id <> ''),
    due         TEXT    NOT NULL,
    stability   DOUBLE PRECISION CHECK (stability IS NULL OR stability > 0),
    difficulty  DOUBLE PRECISION CHECK (difficulty IS NULL OR difficulty BETWEEN 1 AND 10),
    state       INTEGER NOT NULL CHECK (state IN (1, 2, 3)),
    step        INTEGER CHECK (step IS NULL OR step >= 0),
    last_review TEXT,
    last_rating INTEGER CHECK (last_rating IS NULL OR last_rating BETWEEN 1 AND 4),
    reps        INTEGER NOT NULL DEFAULT 0 CHECK (reps >= 0),
    lapses      INTEGER NOT NULL DEFAULT 0 CHECK (lapses >= 0),
    created_at  TEXT    NOT NULL,
    PRIMARY KEY (guild_id, user_id, question_id)
);

CREATE INDEX review_cards_due ON review_cards (guild_id, user_id, due);

CREATE TABLE review_logs (
    guild_id    BIGINT  NOT NULL,
    user_id     BIGINT  NOT NULL,
    question_id TEXT    NOT NULL,
    origin      TEXT    NOT NULL CHECK (origin <> ''),
    source      TEXT    NOT NULL CHECK (source IN ('daily', 'quiz', 'practice', 'review')),
    rating      INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
    verdict     TEXT    NOT NULL CHECK (verdict IN ('correct', 'partial', 'wrong')),
    reviewed_at TEXT    NOT NULL,
    PRIMARY KEY (guild_id, user_id, question_id, origin)
);

CREATE INDEX review_logs_user_time ON review_logs (guild_id, user_id, reviewed_at);

CREATE TABLE review_settings (
    guild_id      BIGINT  NOT NULL,
    user_id       BIGINT  NOT NULL,
    reminder_hour INTEGER CHECK (reminder_hour IS NULL OR reminder_hour BETWEEN 0 AND 23),
    retention     DOUBLE PRECISION NOT NULL DEFAULT 0.9 CHECK (retention BETWEEN 0.8 AND 0.97),
    prefer_dm     INTEGER NOT NULL DEFAULT 0 CHECK (prefer_dm IN (0, 1)),
    last_reminded TEXT,
    PRIMARY KEY (guild_id, user_id)
);

CREATE INDEX review_settings_reminders ON review_settings (reminder_hour) WHERE reminder_hour IS NOT NULL;

CREATE TABLE data_deletions (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    guild_id   BIGINT,
    requested  TEXT    NOT NULL CHECK (requested IN ('self', 'admin')),
    deleted_at TEXT    NOT NULL
);
