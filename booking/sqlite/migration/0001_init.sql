-- Instants are Unix seconds (UTC); dates are YYYY-MM-DD in Europe/Sofia.

CREATE TABLE units (
    id         INTEGER PRIMARY KEY,
    slug       TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    name_en    TEXT NOT NULL DEFAULT '',
    kind       TEXT NOT NULL DEFAULT '',
    address    TEXT NOT NULL DEFAULT '',
    address_en TEXT NOT NULL DEFAULT '',
    phone      TEXT NOT NULL DEFAULT '',
    email      TEXT NOT NULL DEFAULT ''
);

CREATE TABLE officials (
    id       INTEGER PRIMARY KEY,
    slug     TEXT NOT NULL UNIQUE,
    unit_id  INTEGER NOT NULL REFERENCES units (id),
    name     TEXT NOT NULL,
    name_en  TEXT NOT NULL DEFAULT '',
    title    TEXT NOT NULL,
    title_en TEXT NOT NULL DEFAULT '',
    email    TEXT NOT NULL,
    phone    TEXT NOT NULL DEFAULT '',
    active   INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE schedules (
    id                   INTEGER PRIMARY KEY,
    official_id          INTEGER NOT NULL REFERENCES officials (id),
    rule                 TEXT NOT NULL,
    duration_minutes     INTEGER NOT NULL CHECK (duration_minutes > 0),
    slot_minutes         INTEGER NOT NULL CHECK (slot_minutes > 0),
    capacity             INTEGER NOT NULL CHECK (capacity > 0),
    location             TEXT NOT NULL,
    step_free            INTEGER NOT NULL DEFAULT 0,
    booking_opens_days   INTEGER NOT NULL,
    booking_closes_hours INTEGER NOT NULL,
    observe_holidays     INTEGER NOT NULL,
    created_at           INTEGER NOT NULL
);
CREATE INDEX schedules_official ON schedules (official_id);

CREATE TABLE closures (
    id          INTEGER PRIMARY KEY,
    official_id INTEGER NOT NULL REFERENCES officials (id),
    date        TEXT NOT NULL,
    reason      TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    UNIQUE (official_id, date)
);

CREATE TABLE bookings (
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
    status          TEXT NOT NULL CHECK (status IN ('confirmed', 'cancelled', 'arrived', 'late', 'no_show', 'completed')),
    arrived_at      INTEGER,
    idempotency_key TEXT UNIQUE,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);
-- The backstop against double booking: two active bookings never share a seat.
CREATE UNIQUE INDEX bookings_seat ON bookings (official_id, starts_at, seat) WHERE status <> 'cancelled';
CREATE INDEX bookings_official_start ON bookings (official_id, starts_at);
CREATE INDEX bookings_status_end ON bookings (status, ends_at);

CREATE TABLE outbox (
    id         INTEGER PRIMARY KEY,
    booking_id INTEGER NOT NULL REFERENCES bookings (id),
    kind       TEXT NOT NULL,
    sequence   INTEGER NOT NULL,
    slot_start INTEGER NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    status     TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'skipped', 'dead')),
    due_at     INTEGER NOT NULL,               -- when it is meant to go; fixes its order
    retry_at   INTEGER NOT NULL DEFAULT 0,     -- not before this, after a failed attempt
    claimed_until INTEGER,                     -- a worker's lease while sending
    attempts   INTEGER NOT NULL DEFAULT 0,
    last_error TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    sent_at    INTEGER
);
CREATE INDEX outbox_due ON outbox (status, due_at);
CREATE INDEX outbox_booking_order ON outbox (booking_id, id);

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'assistant')),
    password_hash TEXT NOT NULL,
    created_at    INTEGER NOT NULL
);

CREATE TABLE user_officials (
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    official_id INTEGER NOT NULL REFERENCES officials (id),
    PRIMARY KEY (user_id, official_id)
);

CREATE TABLE api_tokens (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    hash       TEXT NOT NULL UNIQUE, -- SHA-256 of the token; the token itself is never stored
    created_at INTEGER NOT NULL,
    revoked_at INTEGER
);

CREATE TABLE feedback (
    booking_id INTEGER PRIMARY KEY REFERENCES bookings (id),
    rating     INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
    comment    TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL
);
