-- PostgreSQL dialect of ../0006_shards.sql: one claim per guild and day for posting the daily.
CREATE TABLE post_claims (
    guild_id   BIGINT NOT NULL,
    day        TEXT   NOT NULL CHECK (studybot_is_day(day)),
    owner      TEXT   NOT NULL CHECK (owner <> ''),
    claimed_at TEXT   NOT NULL,
    PRIMARY KEY (guild_id, day)
);
