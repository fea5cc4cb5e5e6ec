-- Personal data is erased a set time after the meeting (or on request);
-- what the statistics need stays.
ALTER TABLE bookings ADD COLUMN anonymised_at INTEGER;
CREATE INDEX bookings_retention ON bookings (ends_at) WHERE anonymised_at IS NULL;
