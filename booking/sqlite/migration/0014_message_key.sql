-- Each outbox message gets a random identity that its Message-ID is made
-- of: the same across retries of the message, never the same for two
-- letters, even after a database is restored from a backup and its row
-- numbers are used again.
ALTER TABLE outbox ADD COLUMN message_key TEXT;
UPDATE outbox SET message_key = lower(hex(randomblob(16)));
CREATE UNIQUE INDEX outbox_message_key ON outbox (message_key);
