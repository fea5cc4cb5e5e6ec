-- The mail worker's claim walks the pending letters in the order it takes
-- them (due_at, then id) and stops at its limit. outbox_due ended at due_at,
-- so letters due in the same second came out of the index in no order of id
-- and PostgreSQL sorted every due letter of a backlog for each claim
-- (BenchmarkOutboxAtAMillion); SQLite's indexes end in the rowid already.
DROP INDEX outbox_due;
CREATE INDEX outbox_due ON outbox (status, due_at, id);
