package sqlstore

import (
	"context"
	"time"

	"github.com/priemna/priemna/booking"
)

// CreateUser inserts a staff member with their officials.
func (s *Store) CreateUser(ctx context.Context, u *booking.User, audit *booking.AuditEntry) error {
	return s.write(ctx, func(tx Tx) error {
		id, _, err := tx.InsertID(`INSERT INTO users (email, name, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?)`,
			u.Email, u.Name, u.Role, u.PasswordHash, u.CreatedAt.Unix())
		if err := s.inserted(err, "create user", UserEmail, booking.Errorf(booking.ECONFLICT, "err.a-staff-member-with-this")); err != nil {
			return err
		}
		u.ID = id
		for _, id := range u.OfficialIDs {
			if _, err := tx.Exec(`INSERT INTO user_officials (user_id, official_id) VALUES (?, ?) ON CONFLICT DO NOTHING`, u.ID, id); err != nil {
				return s.fail("create user", err)
			}
		}
		return s.insertAudit(tx, audit)
	})
}

func (s *Store) userWhere(ctx context.Context, where string, args ...any) (*booking.User, error) {
	u, err := queryOne(ctx, s, "user", notFound(booking.T("text.there-is-no-such-staff")), func(r Scanner) (u booking.User, err error) {
		var created, locked int64
		err = r.Scan(&u.ID, &u.Email, &u.Name, &u.Role, &u.PasswordHash, &created, &u.FailedLogins, &locked)
		u.CreatedAt = fromUnix(created)
		if locked > 0 {
			u.LockedUntil = fromUnix(locked)
		}
		return u, err
	}, `SELECT u.id, u.email, u.name, u.role, u.password_hash, u.created_at, u.failed_logins, u.locked_until FROM users u `+where, args...)
	if err != nil {
		return nil, err
	}
	u.OfficialIDs, err = queryAll(ctx, s, "user officials", scanID, `SELECT official_id FROM user_officials WHERE user_id = ? ORDER BY official_id`, u.ID)
	if err != nil {
		return nil, err
	}
	return u, nil
}

// UserByID returns the staff member with the id.
func (s *Store) UserByID(ctx context.Context, id int64) (*booking.User, error) {
	return s.userWhere(ctx, `WHERE u.id = ?`, id)
}

// UserByEmail returns the staff member with the email.
func (s *Store) UserByEmail(ctx context.Context, email string) (*booking.User, error) {
	return s.userWhere(ctx, `WHERE u.email = ?`, email)
}

// CreateAPIToken stores the hash of a new API token.
func (s *Store) CreateAPIToken(ctx context.Context, userID int64, hash string, at time.Time, audit *booking.AuditEntry) error {
	return s.write(ctx, func(tx Tx) error {
		_, err := tx.Exec(`INSERT INTO api_tokens (user_id, hash, created_at) VALUES (?, ?, ?)`, userID, hash, at.Unix())
		if err != nil {
			return s.fail("create token", err)
		}
		return s.insertAudit(tx, audit)
	})
}

// UserByAPIToken returns the user of an unrevoked token.
func (s *Store) UserByAPIToken(ctx context.Context, hash string) (*booking.User, error) {
	return s.userWhere(ctx, `JOIN api_tokens t ON t.user_id = u.id WHERE t.revoked_at IS NULL AND t.hash = ?`, hash)
}

// SetPassword replaces a password hash, unlocks the account and ends its sessions.
func (s *Store) SetPassword(ctx context.Context, userID int64, hash string, audit *booking.AuditEntry) error {
	return s.write(ctx, func(tx Tx) error {
		if _, err := tx.Exec(`UPDATE users SET password_hash = ?, failed_logins = 0, locked_until = 0 WHERE id = ?`, hash, userID); err != nil {
			return s.fail("set password", err)
		}
		if _, err := tx.Exec(`UPDATE sign_in_addresses SET failures = 0, locked_until = 0 WHERE user_id = ?`, userID); err != nil {
			return s.fail("set password", err)
		}
		if _, err := tx.Exec(`DELETE FROM sessions WHERE user_id = ?`, userID); err != nil {
			return s.fail("set password", err)
		}
		return s.insertAudit(tx, audit)
	})
}

// RevokeAPITokens revokes every unrevoked token of a user.
func (s *Store) RevokeAPITokens(ctx context.Context, userID int64, at time.Time, audit *booking.AuditEntry) (int, error) {
	var n int64
	err := s.write(ctx, func(tx Tx) error {
		res, err := tx.Exec(`UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL`, at.Unix(), userID)
		if err != nil {
			return s.fail("revoke tokens", err)
		}
		if n, err = res.RowsAffected(); err != nil {
			return err
		}
		return s.insertAudit(tx, audit)
	})
	return int(n), err
}
