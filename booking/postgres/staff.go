package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/priemna/priemna/booking"
)

// CreateUser inserts a staff member with their officials.
func (db *DB) CreateUser(ctx context.Context, u *booking.User, audit *booking.AuditEntry) error {
	return db.write(ctx, func(tx *txn) error {
		id, _, err := tx.insertID(`INSERT INTO users (email, name, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?)`,
			u.Email, u.Name, u.Role, u.PasswordHash, u.CreatedAt.Unix())
		if isUnique(err, "users_email_key") {
			return booking.Errorf(booking.ECONFLICT, "err.a-staff-member-with-this")
		} else if err != nil {
			return fmt.Errorf("postgres: create user: %w", err)
		}
		u.ID = id
		for _, id := range u.OfficialIDs {
			if _, err := tx.Exec(`INSERT INTO user_officials (user_id, official_id) VALUES (?, ?) ON CONFLICT DO NOTHING`, u.ID, id); err != nil {
				return fmt.Errorf("postgres: create user: %w", err)
			}
		}
		return insertAudit(tx, audit)
	})
}

func (db *DB) userWhere(ctx context.Context, where string, args ...any) (*booking.User, error) {
	var u booking.User
	var created, locked int64
	err := db.queryRow(ctx, `SELECT u.id, u.email, u.name, u.role, u.password_hash, u.created_at, u.failed_logins, u.locked_until
		FROM users u `+where, args...).Scan(&u.ID, &u.Email, &u.Name, &u.Role, &u.PasswordHash, &created, &u.FailedLogins, &locked)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound(booking.T("text.there-is-no-such-staff"))
	} else if err != nil {
		return nil, fmt.Errorf("postgres: user: %w", err)
	}
	u.CreatedAt = fromUnix(created)
	if locked > 0 {
		u.LockedUntil = fromUnix(locked)
	}
	rows, err := db.query(ctx, `SELECT official_id FROM user_officials WHERE user_id = ? ORDER BY official_id`, u.ID)
	if err != nil {
		return nil, fmt.Errorf("postgres: user officials: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		u.OfficialIDs = append(u.OfficialIDs, id)
	}
	return &u, rows.Err()
}

// UserByID returns the staff member with the id.
func (db *DB) UserByID(ctx context.Context, id int64) (*booking.User, error) {
	return db.userWhere(ctx, `WHERE u.id = ?`, id)
}

// UserByEmail returns the staff member with the email.
func (db *DB) UserByEmail(ctx context.Context, email string) (*booking.User, error) {
	return db.userWhere(ctx, `WHERE u.email = ?`, email)
}

// CreateAPIToken stores the hash of a new API token.
func (db *DB) CreateAPIToken(ctx context.Context, userID int64, hash string, at time.Time, audit *booking.AuditEntry) error {
	return db.write(ctx, func(tx *txn) error {
		_, err := tx.Exec(`INSERT INTO api_tokens (user_id, hash, created_at) VALUES (?, ?, ?)`, userID, hash, at.Unix())
		if err != nil {
			return fmt.Errorf("postgres: create token: %w", err)
		}
		return insertAudit(tx, audit)
	})
}

// UserByAPIToken returns the user of an unrevoked token.
func (db *DB) UserByAPIToken(ctx context.Context, hash string) (*booking.User, error) {
	return db.userWhere(ctx, `JOIN api_tokens t ON t.user_id = u.id WHERE t.revoked_at IS NULL AND t.hash = ?`, hash)
}

// SetPassword replaces a password hash, unlocks the account and ends its sessions.
func (db *DB) SetPassword(ctx context.Context, userID int64, hash string, audit *booking.AuditEntry) error {
	return db.write(ctx, func(tx *txn) error {
		if _, err := tx.Exec(`UPDATE users SET password_hash = ?, failed_logins = 0, locked_until = 0 WHERE id = ?`, hash, userID); err != nil {
			return fmt.Errorf("postgres: set password: %w", err)
		}
		if _, err := tx.Exec(`UPDATE sign_in_addresses SET failures = 0, locked_until = 0 WHERE user_id = ?`, userID); err != nil {
			return fmt.Errorf("postgres: set password: %w", err)
		}
		if _, err := tx.Exec(`DELETE FROM sessions WHERE user_id = ?`, userID); err != nil {
			return fmt.Errorf("postgres: set password: %w", err)
		}
		return insertAudit(tx, audit)
	})
}

// RevokeAPITokens revokes every unrevoked token of a user.
func (db *DB) RevokeAPITokens(ctx context.Context, userID int64, at time.Time, audit *booking.AuditEntry) (int, error) {
	var n int64
	err := db.write(ctx, func(tx *txn) error {
		res, err := tx.Exec(`UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL`, at.Unix(), userID)
		if err != nil {
			return fmt.Errorf("postgres: revoke tokens: %w", err)
		}
		if n, err = res.RowsAffected(); err != nil {
			return err
		}
		return insertAudit(tx, audit)
	})
	return int(n), err
}
