-- A day sheet, the CSV of a day or of a range, and every other list of an
-- official's bookings walk them in the order they are shown: by slot
-- start, then as booked (ORDER BY b.starts_at, b.id). bookings_official_start
-- ended at starts_at, so PostgreSQL sorted every booking of the range for
-- each list (up to a year's for a CSV); with the id at its end the index
-- gives them in order. SQLite's index entries end in the rowid already.
DROP INDEX bookings_official_start;
CREATE INDEX bookings_official_start ON bookings (official_id, starts_at, id);
