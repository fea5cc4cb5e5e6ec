-- The proof of work on booking, shared by every replica: the key challenges
-- are signed with (so a challenge one replica issued verifies on another)
-- and the solutions spent, each kept until its challenge expires.
CREATE TABLE proof_keys (
    id         BIGINT PRIMARY KEY CHECK (id = 1),
    key        BYTEA NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE TABLE proof_spent (
    signature  TEXT PRIMARY KEY, -- the challenge's HMAC signature: a solution books once
    expires_at BIGINT NOT NULL
);
CREATE INDEX proof_spent_expires ON proof_spent (expires_at);
