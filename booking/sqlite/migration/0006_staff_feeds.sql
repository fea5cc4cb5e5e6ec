-- A secret calendar feed per official for their staff; renewing it
-- replaces the token, so an old link stops working.
CREATE TABLE staff_feeds (
    official_id INTEGER PRIMARY KEY REFERENCES officials (id),
    hash        TEXT NOT NULL UNIQUE,
    created_at  INTEGER NOT NULL
);
