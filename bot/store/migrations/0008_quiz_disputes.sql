-- Disputes of quiz answers. A quiz's standing is kept per user (quiz_run_scores, quiz_results);
-- a dispute needs the one answer it is about, so every graded quiz reply is kept here.
-- Timestamps are UTC ISO-8601 passed in by the service; Discord ids are INTEGER.

-- One row per graded reply in a quiz (guild, channel, started_at) to its question `number`:
-- the user's attempts at it are numbered 1, 2, ... `points` is what the reply earned; the
-- partial unique index makes scoring twice on one quiz question impossible.
CREATE TABLE quiz_answers (
    guild_id    INTEGER NOT NULL,
    channel_id  INTEGER NOT NULL,
    started_at  TEXT    NOT NULL,
    number      INTEGER NOT NULL CHECK (number >= 1),
    user_id     INTEGER NOT NULL,
    attempt_no  INTEGER NOT NULL CHECK (attempt_no >= 1),
    question_id TEXT    NOT NULL CHECK (question_id <> ''),
    reply       TEXT    NOT NULL CHECK (length(reply) <= 4000),
    verdict     TEXT    NOT NULL CHECK (verdict IN ('correct', 'partial', 'wrong')),
    score       REAL    NOT NULL CHECK (score >= 0 AND score <= 1),
    points      INTEGER NOT NULL CHECK (points >= 0),
    answered_at TEXT    NOT NULL,
    PRIMARY KEY (guild_id, channel_id, started_at, number, user_id, attempt_no),
    CHECK (points = 0 OR verdict = 'correct')
) STRICT;

CREATE UNIQUE INDEX quiz_answers_scored ON quiz_answers (guild_id, channel_id, started_at, number, user_id)
    WHERE points > 0;
CREATE INDEX quiz_answers_user ON quiz_answers (guild_id, user_id);

-- disputes gains the quiz answer it is about (all three quiz columns or none; `day` is then
-- the quiz's UTC start day). SQLite cannot change a table's keys in place, so it is rebuilt:
-- a daily answer keeps one dispute per (guild, user, question, day), a quiz answer one per
-- (guild, user, quiz, question number), each by a partial unique index.
CREATE TABLE disputes_new (
    id              INTEGER PRIMARY KEY,
    guild_id        INTEGER NOT NULL,
    user_id         INTEGER NOT NULL,
    question_id     TEXT    NOT NULL CHECK (question_id <> ''),
    day             TEXT    NOT NULL,
    attempt_no      INTEGER NOT NULL CHECK (attempt_no >= 1),
    reply           TEXT    NOT NULL CHECK (length(reply) <= 4000),
    verdict         TEXT    NOT NULL CHECK (verdict IN ('correct', 'partial', 'wrong')),
    score           REAL    NOT NULL CHECK (score >= 0 AND score <= 1),
    reason          TEXT    NOT NULL DEFAULT '',
    note            TEXT    NOT NULL DEFAULT '' CHECK (length(note) <= 500),
    status          TEXT    NOT NULL DEFAULT 'open'
                            CHECK (status IN ('open', 'correct', 'partial', 'rejected')),
    opened_at       TEXT    NOT NULL,
    decided_by      INTEGER,
    decided_at      TEXT,
    notified        INTEGER NOT NULL DEFAULT 0 CHECK (notified IN (0, 1)),
    channel_id      INTEGER,
    message_id      INTEGER,
    quiz_channel_id INTEGER,
    quiz_started_at TEXT,
    quiz_number     INTEGER CHECK (quiz_number >= 1),
    CHECK ((status = 'open') = (decided_by IS NULL)),
    CHECK ((status = 'open') = (decided_at IS NULL)),
    CHECK (decided_by IS NULL OR decided_by <> user_id),
    CHECK ((quiz_channel_id IS NULL) = (quiz_started_at IS NULL)),
    CHECK ((quiz_channel_id IS NULL) = (quiz_number IS NULL))
) STRICT;

INSERT INTO disputes_new (id, guild_id, user_id, question_id, day, attempt_no, reply, verdict, score,
                          reason, note, status, opened_at, decided_by, decided_at, notified,
                          channel_id, message_id)
SELECT id, guild_id, user_id, question_id, day, attempt_no, reply, verdict, score, reason, note, status,
       opened_at, decided_by, decided_at, notified, channel_id, message_id
FROM disputes;

DROP TABLE disputes;
ALTER TABLE disputes_new RENAME TO disputes;

CREATE UNIQUE INDEX disputes_daily ON disputes (guild_id, user_id, question_id, day)
    WHERE quiz_channel_id IS NULL;
CREATE UNIQUE INDEX disputes_quiz ON disputes (guild_id, user_id, quiz_channel_id, quiz_started_at, quiz_number)
    WHERE quiz_channel_id IS NOT NULL;
CREATE INDEX disputes_open ON disputes (guild_id, status, id);
CREATE INDEX disputes_question ON disputes (guild_id, question_id, status);
CREATE INDEX disputes_user ON disputes (guild_id, user_id, notified);
