-- foreign_keys: off
-- Hold until confirmed: an official may take online bookings as pending
-- holds, kept for a few minutes until the citizen follows the link sent by
-- email, then released. SQLite cannot widen a CHECK in place, so bookings is
-- rebuilt (https://sqlite.org/lang_altertable.html#otheralter), with foreign
-- keys off for this migration only and checked before it commits.
ALTER TABLE officials ADD COLUMN hold_minutes INTEGER NOT NULL DEFAULT 0 CHECK (hold_minutes BETWEEN 0 AND 1440);

CREATE TABLE bookings_new (
    id              INTEGER PRIMARY KEY,
    reference       TEXT NOT NULL UNIQUE,
    token           TEXT NOT NULL UNIQUE,
    uid             TEXT NOT NULL,
    sequence        INTEGER NOT NULL DEFAULT 0,
    official_id     INTEGER NOT NULL REFERENCES officials (id),
    schedule_id     INTEGER NOT NULL REFERENCES schedules (id),
    starts_at       INTEGER NOT NULL,
    ends_at         INTEGER NOT NULL,
    seat            INTEGER NOT NULL CHECK (seat > 0), -- 1..capacity among the slot's active bookings
    name            TEXT NOT NULL,
    email           TEXT NOT NULL,
    phone           TEXT NOT NULL DEFAULT '',
    topic           TEXT NOT NULL,
    needs           TEXT NOT NULL DEFAULT '', -- comma-separated accessibility codes
    needs_note      TEXT NOT NULL DEFAULT '',
    language        TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('pending', 'confirmed', 'cancelled', 'arrived', 'late', 'no_show', 'completed')),
    arrived_at      INTEGER,
    idempotency_key TEXT UNIQUE,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    received_at     INTEGER,
    booked_by       INTEGER REFERENCES users (id),
    anonymised_at   INTEGER,
    held_until      INTEGER,         -- set while pending; kept on a released hold
    hold_hash       TEXT UNIQUE      -- SHA-256 of the code in the confirmation link
);
INSERT INTO bookings_new (id, reference, token, uid, sequence, official_id, schedule_id, starts_at, ends_at, seat, name, email,
        phone, topic, needs, needs_note, language, status, arrived_at, idempotency_key, created_at, updated_at, received_at,
        booked_by, anonymised_at)
    SELECT id, reference, token, uid, sequence, official_id, schedule_id, starts_at, ends_at, seat, name, email,
        phone, topic, needs, needs_note, language, status, arrived_at, idempotency_key, created_at, updated_at, received_at,
        booked_by, anonymised_at FROM bookings;
DROP TABLE bookings;
ALTER TABLE bookings_new RENAME TO bookings;

-- The backstop against double booking: two active bookings never share a seat.
CREATE UNIQUE INDEX bookings_seat ON bookings (official_id, starts_at, seat) WHERE status <> 'cancelled';
CREATE INDEX bookings_official_start ON bookings (official_id, starts_at);
CREATE INDEX bookings_status_end ON bookings (status, ends_at);
CREATE INDEX bookings_email ON bookings (email, status, starts_at);
CREATE INDEX bookings_retention ON bookings (ends_at) WHERE anonymised_at IS NULL;
CREATE INDEX bookings_held ON bookings (held_until) WHERE status = 'pending';
