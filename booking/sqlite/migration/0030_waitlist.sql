-- foreign_keys: off
-- Waiting list: citizens who found no free slot wait for one, first come
-- first offered; a freed seat is offered to the first whose days match, as
-- a pending hold (a booking row, so nobody else can take the seat) they
-- take or decline through a one-time link.
CREATE TABLE waitlist (
    id            INTEGER PRIMARY KEY,
    official_id   INTEGER NOT NULL REFERENCES officials (id),
    token_hash    TEXT UNIQUE,              -- SHA-256 of the secret in the entry's link; NULL once ended
    name          TEXT NOT NULL,
    email         TEXT NOT NULL,
    email_key     TEXT NOT NULL,            -- booking.EmailKey(email): one citizen, however the address is typed
    phone         TEXT NOT NULL DEFAULT '',
    topic         TEXT NOT NULL,
    needs         TEXT NOT NULL DEFAULT '',
    needs_note    TEXT NOT NULL DEFAULT '',
    language      TEXT NOT NULL,
    weekdays      INTEGER NOT NULL DEFAULT 0 CHECK (weekdays BETWEEN 0 AND 127), -- bit d: weekday d (0 Sunday) suits; 0: any
    from_date     TEXT NOT NULL,            -- YYYY-MM-DD, Sofia
    to_date       TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('waiting', 'booked', 'left', 'lapsed')),
    booking_id    INTEGER REFERENCES bookings (id), -- the booking it ended in
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    anonymised_at INTEGER
);
-- One entry per citizen per official while waiting.
CREATE UNIQUE INDEX waitlist_one ON waitlist (official_id, email_key) WHERE status = 'waiting';
CREATE INDEX waitlist_queue ON waitlist (official_id, status, id);
CREATE INDEX waitlist_email ON waitlist (email_key, status);

CREATE TABLE waitlist_offers (
    id          INTEGER PRIMARY KEY,
    entry_id    INTEGER NOT NULL REFERENCES waitlist (id),
    booking_id  INTEGER NOT NULL UNIQUE REFERENCES bookings (id), -- the pending hold on the seat
    code_hash   TEXT UNIQUE,   -- SHA-256 of the one-time code in the letter; NULL once answered
    starts_at   INTEGER NOT NULL,
    outcome     TEXT CHECK (outcome IN ('taken', 'declined', 'lapsed', 'withdrawn')), -- NULL while open
    created_at  INTEGER NOT NULL,
    answered_at INTEGER
);
-- A citizen's entry has at most one open offer.
CREATE UNIQUE INDEX waitlist_offers_open ON waitlist_offers (entry_id) WHERE outcome IS NULL;
CREATE INDEX waitlist_offers_slot ON waitlist_offers (entry_id, starts_at);
CREATE INDEX waitlist_offers_created ON waitlist_offers (created_at);

-- Letters about an entry (joined), and later other letters without a
-- booking, have no booking: the outbox is rebuilt so that booking_id may
-- be NULL, with every column and index it has by 0014 (a column added to
-- the outbox by a migration numbered below 0030 must be copied here too) (https://sqlite.org/lang_altertable.html#otheralter).
CREATE TABLE outbox_new (
    id            INTEGER PRIMARY KEY,
    booking_id    INTEGER REFERENCES bookings (id),
    waitlist_id   INTEGER REFERENCES waitlist (id),
    kind          TEXT NOT NULL,
    sequence      INTEGER NOT NULL,
    slot_start    INTEGER NOT NULL,
    note          TEXT NOT NULL DEFAULT '',
    status        TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'skipped', 'dead')),
    due_at        INTEGER NOT NULL,
    retry_at      INTEGER NOT NULL DEFAULT 0,
    claimed_until INTEGER,
    attempts      INTEGER NOT NULL DEFAULT 0,
    last_error    TEXT NOT NULL DEFAULT '',
    created_at    INTEGER NOT NULL,
    sent_at       INTEGER,
    pass          TEXT NOT NULL DEFAULT '',
    message_key   TEXT
);
INSERT INTO outbox_new (id, booking_id, kind, sequence, slot_start, note, status, due_at, retry_at, claimed_until, attempts,
        last_error, created_at, sent_at, pass, message_key)
    SELECT id, booking_id, kind, sequence, slot_start, note, status, due_at, retry_at, claimed_until, attempts,
        last_error, created_at, sent_at, pass, message_key FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;
CREATE INDEX outbox_due ON outbox (status, due_at);
CREATE INDEX outbox_booking_order ON outbox (booking_id, id);
CREATE UNIQUE INDEX outbox_message_key ON outbox (message_key);
CREATE INDEX outbox_waitlist ON outbox (waitlist_id) WHERE waitlist_id IS NOT NULL;

-- A held seat cancelled by anything but its offer's answer (a closed
-- reception day, an ended schedule) withdraws the offer, so that the
-- citizen keeps waiting and can be offered another seat.
CREATE TRIGGER waitlist_offer_withdrawn AFTER UPDATE OF status ON bookings
WHEN OLD.status = 'pending' AND NEW.status = 'cancelled'
BEGIN
    UPDATE waitlist_offers SET outcome = 'withdrawn', code_hash = NULL, answered_at = NEW.updated_at
    WHERE booking_id = NEW.id AND outcome IS NULL;
END;
