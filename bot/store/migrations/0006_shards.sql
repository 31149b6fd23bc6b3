-- Who posts a guild's daily question on a day, when several bot processes (shards) share the
-- database: the first process to claim it posts; a second one finds the claim and does nothing.
-- A claim older than the service's stale limit may be taken over (its process died mid-post).
CREATE TABLE post_claims (
    guild_id   INTEGER NOT NULL,
    day        TEXT    NOT NULL CHECK (date(day, '+0 days') IS day),
    owner      TEXT    NOT NULL CHECK (owner <> ''),
    claimed_at TEXT    NOT NULL,
    PRIMARY KEY (guild_id, day)
) STRICT, WITHOUT ROWID;
