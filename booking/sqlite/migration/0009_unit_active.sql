-- A unit can be closed down: it and its officials leave the public site.
ALTER TABLE units ADD COLUMN active INTEGER NOT NULL DEFAULT 1;
