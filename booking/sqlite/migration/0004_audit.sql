-- Who did what to which booking, schedule or official, and when.
CREATE TABLE audit (
    id         INTEGER PRIMARY KEY,
    at         INTEGER NOT NULL,
    user_id    INTEGER REFERENCES users (id),
    user_email TEXT NOT NULL,
    action     TEXT NOT NULL,
    object     TEXT NOT NULL
);
CREATE INDEX audit_at ON audit (at);
