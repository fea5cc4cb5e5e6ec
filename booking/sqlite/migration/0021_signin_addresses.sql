-- Sign-in failures per account and client address (an IPv4 address or an
-- IPv6 /64): wrong passwords lock that address out of the account, not the
-- account, so a stranger cannot keep a staff member out. An address the
-- account signed in from recently is trusted: the account-wide pace on
-- failures from unknown addresses does not apply to it.
CREATE TABLE sign_in_addresses (
    user_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    address       TEXT NOT NULL,
    failures      INTEGER NOT NULL DEFAULT 0,
    locked_until  INTEGER NOT NULL DEFAULT 0,
    trusted_until INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (user_id, address)
);
