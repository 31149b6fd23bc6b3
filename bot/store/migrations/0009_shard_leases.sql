-- Which process runs each shard, when several bot processes share the database: a process takes
-- the leases of its shards at start, renews them while it runs and gives them back when it stops.
-- A second process asking for a shard whose lease has not expired is refused; the lease of a
-- process that crashed expires, so its restart (or another process) can take the shard.
CREATE TABLE shard_leases (
    shard_id   INTEGER NOT NULL PRIMARY KEY CHECK (shard_id >= 0),
    owner      TEXT    NOT NULL CHECK (owner <> ''),
    expires_at TEXT    NOT NULL
) STRICT, WITHOUT ROWID;
