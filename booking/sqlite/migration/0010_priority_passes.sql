-- When the office cancels a citizen's meeting, they get a priority link:
-- with it they may book before the booking window opens to everyone.
CREATE TABLE priority_passes (
    hash        TEXT PRIMARY KEY, -- SHA-256 of the token in the link
    official_id INTEGER NOT NULL REFERENCES officials (id),
    booking_id  INTEGER NOT NULL REFERENCES bookings (id),
    expires_at  INTEGER NOT NULL,
    used_at     INTEGER
);
ALTER TABLE outbox ADD COLUMN pass TEXT NOT NULL DEFAULT ''; -- the token, for the letter's link
