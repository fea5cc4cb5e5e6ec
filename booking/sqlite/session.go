package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/priemna/priemna/booking"
)

// StartAttempt counts a sign-in attempt as failed unless the account is
// locked, locking it when the attempt reaches max.
func (db *DB) StartAttempt(ctx context.Context, userID int64, now time.Time, max int, lockUntil time.Time) (bool, error) {
	var n int64
	err := db.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.Exec(`UPDATE users SET
			failed_logins = CASE WHEN failed_logins + 1 >= ? THEN 0 ELSE failed_logins + 1 END,
			locked_until = CASE WHEN failed_logins + 1 >= ? THEN ? ELSE locked_until END
			WHERE id = ? AND locked_until <= ?`, max, max, lockUntil.Unix(), userID, now.Unix())
		if err != nil {
			return fmt.Errorf("sqlite: sign-in attempt: %w", err)
		}
		n, err = res.RowsAffected()
		return err
	})
	return n > 0, err
}

// ClearFailures resets an account's failed sign-ins and lock.
func (db *DB) ClearFailures(ctx context.Context, userID int64) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.Exec(`UPDATE users SET failed_logins = 0, locked_until = 0 WHERE id = ?`, userID); err != nil {
			return fmt.Errorf("sqlite: clear sign-in failures: %w", err)
		}
		return nil
	})
}

// CreateSession stores a session by the hash of its token.
func (db *DB) CreateSession(ctx context.Context, hash string, userID int64, at, expires time.Time) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		// Expired sessions go as new ones come.
		if _, err := tx.Exec(`DELETE FROM sessions WHERE expires_at < ?`, at.Unix()); err != nil {
			return fmt.Errorf("sqlite: create session: %w", err)
		}
		if _, err := tx.Exec(`INSERT INTO sessions (hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)`,
			hash, userID, at.Unix(), expires.Unix()); err != nil {
			return fmt.Errorf("sqlite: create session: %w", err)
		}
		return nil
	})
}

// UserBySession returns the user of an unexpired session.
func (db *DB) UserBySession(ctx context.Context, hash string, now time.Time) (*booking.User, error) {
	return db.userWhere(ctx, `JOIN sessions s ON s.user_id = u.id WHERE s.hash = ? AND s.expires_at > ?`, hash, now.Unix())
}

// DeleteSession ends a session.
func (db *DB) DeleteSession(ctx context.Context, hash string) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.Exec(`DELETE FROM sessions WHERE hash = ?`, hash)
		return err
	})
}
