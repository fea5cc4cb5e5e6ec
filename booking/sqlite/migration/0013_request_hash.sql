-- What a booking request asked for, hashed, so that a replay of its
-- idempotency key can be told from another request reusing the key.
ALTER TABLE bookings ADD COLUMN request_hash TEXT;
