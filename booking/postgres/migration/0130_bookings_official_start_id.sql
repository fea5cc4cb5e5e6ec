-- A day sheet, the CSV of a day and the other lists of an official's
-- bookings walk them in the order they are shown: by slot start, then as
-- booked (ORDER BY b.starts_at, b.id). bookings_official_start ended at
-- starts_at, so PostgreSQL sorted a day's rows after reading them; with the
-- id at its end the index gives them in order (TestBookingListsSearchTheirIndex).
-- A year's CSV at a million bookings is still planned as a bitmap scan and
-- a sort, with or without it. SQLite's index entries end in the rowid already.
--
-- Built beside the old index and swapped in by name, so that replicas still
-- running read bookings while it builds (CREATE INDEX blocks only writes);
-- the exclusive lock DROP INDEX takes is held only for the swap.
CREATE INDEX bookings_official_start_new ON bookings (official_id, starts_at, id);
DROP INDEX bookings_official_start;
ALTER INDEX bookings_official_start_new RENAME TO bookings_official_start;
