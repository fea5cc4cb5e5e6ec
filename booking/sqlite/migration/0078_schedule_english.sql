-- The room in English, and a note on how to reach it in both languages
-- (entrance, lift, who helps at the door): English pages, letters and
-- calendar files use the English ones, the Bulgarian where none is given.
ALTER TABLE schedules ADD COLUMN location_en TEXT NOT NULL DEFAULT '';
ALTER TABLE schedules ADD COLUMN access_note TEXT NOT NULL DEFAULT '';
ALTER TABLE schedules ADD COLUMN access_note_en TEXT NOT NULL DEFAULT '';
