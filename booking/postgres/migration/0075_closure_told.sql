-- A closed or handed-over day remembers how many citizens were told and,
-- for a hand-over, to whom: the day sheet keeps saying so afterwards.
ALTER TABLE closures ADD COLUMN told INTEGER NOT NULL DEFAULT 0;
ALTER TABLE closures ADD COLUMN deputy_id BIGINT REFERENCES officials (id);
