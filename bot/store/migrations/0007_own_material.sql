-- A group's own material: banks uploaded in Discord, disputes of a grade and their decisions.
-- Timestamps are UTC ISO-8601 passed in by the service (its clock); Discord ids are INTEGER.

-- One row per bank a server uploaded: the YAML text exactly as it was checked. A server's
-- library is the bundled banks plus these; `studybot backup` copies them with everything else.
CREATE TABLE uploaded_banks (
    guild_id    INTEGER NOT NULL,
    name        TEXT    NOT NULL CHECK (name <> ''),
    title       TEXT    NOT NULL,
    source      TEXT    NOT NULL,
    questions   INTEGER NOT NULL CHECK (questions >= 1),
    uploaded_by INTEGER NOT NULL,
    uploaded_at TEXT    NOT NULL,
    PRIMARY KEY (guild_id, name)
) STRICT;

-- Who reviews a server's disputes and where they are posted (none: the /disputes list only).
CREATE TABLE dispute_settings (
    guild_id          INTEGER PRIMARY KEY,
    review_channel_id INTEGER,
    reviewer_role_id  INTEGER
) STRICT;

-- One dispute per graded daily answer (guild, user, question, day): a second one is refused by
-- the key, so there is never more than one open dispute per user and question. A decision is one
-- conditional UPDATE ... WHERE status = 'open': of two moderators pressing at once exactly one
-- changes the row, and the CHECKs keep who and when with every decision.
-- `verdict`, `score` and `reason` are the grade as it was; decided disputes are the server's
-- reviewed replies to the question (correct / partial accepted, rejected: known wrong).
CREATE TABLE disputes (
    id           INTEGER PRIMARY KEY,
    guild_id     INTEGER NOT NULL,
    user_id      INTEGER NOT NULL,
    question_id  TEXT    NOT NULL CHECK (question_id <> ''),
    day          TEXT    NOT NULL,
    attempt_no   INTEGER NOT NULL CHECK (attempt_no >= 1),
    reply        TEXT    NOT NULL CHECK (length(reply) <= 4000),
    verdict      TEXT    NOT NULL CHECK (verdict IN ('correct', 'partial', 'wrong')),
    score        REAL    NOT NULL CHECK (score >= 0 AND score <= 1),
    reason       TEXT    NOT NULL DEFAULT '',
    note         TEXT    NOT NULL DEFAULT '' CHECK (length(note) <= 500),
    status       TEXT    NOT NULL DEFAULT 'open'
                         CHECK (status IN ('open', 'correct', 'partial', 'rejected')),
    opened_at    TEXT    NOT NULL,
    decided_by   INTEGER,
    decided_at   TEXT,
    notified     INTEGER NOT NULL DEFAULT 0 CHECK (notified IN (0, 1)),
    channel_id   INTEGER,
    message_id   INTEGER,
    UNIQUE (guild_id, user_id, question_id, day),
    CHECK ((status = 'open') = (decided_by IS NULL)),
    CHECK ((status = 'open') = (decided_at IS NULL)),
    CHECK (decided_by IS NULL OR decided_by <> user_id)
) STRICT;

CREATE INDEX disputes_open ON disputes (guild_id, status, id);
CREATE INDEX disputes_question ON disputes (guild_id, question_id, status);
CREATE INDEX disputes_user ON disputes (guild_id, user_id, notified);
