-- The proof of work on booking, shared by every process serving the
-- database: the key challenges are signed with (so a challenge one replica
-- issued verifies on another) and the solutions spent, each kept until its
-- challenge expires.
CREATE TABLE proof_keys (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    key        BLOB NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE TABLE proof_spent (
    signature  TEXT PRIMARY KEY, -- the challenge's HMAC signature: a solution books once
    expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX proof_spent_expires ON proof_spent (expires_at);
