-- A schedule is ended, not deleted: bookings made from it keep pointing
-- at it, and its room is still named in their letters.
ALTER TABLE schedules ADD COLUMN active INTEGER NOT NULL DEFAULT 1;
