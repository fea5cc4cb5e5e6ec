-- The Charter's complaint register: every complaint about the reception
-- service gets a registration number and an answer within 30 days.
CREATE TABLE complaints (
    id            INTEGER PRIMARY KEY,
    number        TEXT NOT NULL UNIQUE,       -- registration number, e.g. 2026-00012
    text          TEXT NOT NULL,
    email         TEXT NOT NULL,
    language      TEXT NOT NULL,
    booking_id    INTEGER REFERENCES bookings (id),  -- when filed from a booking's manage link
    official_id   INTEGER REFERENCES officials (id), -- that booking's official
    created_at    INTEGER NOT NULL,
    due_at        INTEGER NOT NULL,           -- created_at + 30 days
    answer        TEXT NOT NULL DEFAULT '',
    answered_at   INTEGER,
    answered_by   INTEGER REFERENCES users (id),
    answered_name TEXT NOT NULL DEFAULT '',   -- who answered, kept when the user goes
    anonymised_at INTEGER
);
CREATE INDEX complaints_due ON complaints (answered_at, due_at);
CREATE INDEX complaints_created ON complaints (created_at);

ALTER TABLE outbox ADD COLUMN complaint_id INTEGER REFERENCES complaints (id);
