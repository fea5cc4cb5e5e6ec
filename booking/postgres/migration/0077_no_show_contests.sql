-- Citizens' objections to a no-show, and staff's decision. The reason is
-- a code, so the table holds no words of the citizen's; a strike staff
-- cancelled no longer counts towards a pause of online booking.
CREATE TABLE no_show_contests (
    booking_id  BIGINT PRIMARY KEY REFERENCES bookings (id),
    reason      TEXT NOT NULL CHECK (reason IN ('came', 'cancelled', 'emergency')),
    created_at  BIGINT NOT NULL,
    decided_at  BIGINT,
    decided_by  BIGINT REFERENCES users (id),
    strike_cancelled INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX no_show_contests_open ON no_show_contests (created_at) WHERE decided_at IS NULL;
