-- One row the health check rewrites, so that /healthz proves the database
-- takes writes (a full disk answers reads but no writes). room holds a
-- booking's worth of bytes, so the check needs the room a booking does.
CREATE TABLE health (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    checked_at INTEGER NOT NULL,
    room       BLOB
);
