-- The officials an administrator chose as deputies of another, besides
-- those of the same unit.
CREATE TABLE official_deputies (
    official_id BIGINT NOT NULL REFERENCES officials (id),
    deputy_id   BIGINT NOT NULL REFERENCES officials (id),
    PRIMARY KEY (official_id, deputy_id),
    CHECK (official_id <> deputy_id)
);
