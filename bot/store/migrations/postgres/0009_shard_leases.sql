-- PostgreSQL dialect of ../0009_shard_leases.sql: one lease per shard, held by one process.
CREATE TABLE shard_leases (
    shard_id   INTEGER NOT NULL PRIMARY KEY CHECK (shard_id >= 0),
    owner      TEXT    NOT NULL CHECK (owner <> ''),
    expires_at TEXT    NOT NULL
);
