-- One row the health check rewrites, so that /healthz proves the database
-- takes writes (a full disk answers reads but no writes).
CREATE TABLE health (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    checked_at INTEGER NOT NULL
);
