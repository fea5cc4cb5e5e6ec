-- The no-show policy counts a citizen's recent no-shows by email; staff
-- can lift a block, after which earlier no-shows no longer count.

CREATE INDEX bookings_email ON bookings (email, status, starts_at);

CREATE TABLE policy_lifts (
    id        INTEGER PRIMARY KEY,
    email     TEXT NOT NULL,
    user_id   INTEGER REFERENCES users (id),
    lifted_at INTEGER NOT NULL
);
CREATE INDEX policy_lifts_email ON policy_lifts (email, lifted_at);
