-- Letters to a staff member about their own account (failed sign-ins):
-- they belong to no booking, waiting-list entry or complaint.
ALTER TABLE outbox ADD COLUMN user_id INTEGER REFERENCES users (id) ON DELETE CASCADE;
