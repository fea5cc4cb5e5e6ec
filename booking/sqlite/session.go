package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/priemna/priemna/booking"
)

// RecordLogin stores the outcome of a sign-in attempt.
func (db *DB) RecordLogin(ctx context.Context, userID int64, ok bool, lockUntil time.Time) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		var err error
		switch {
		case ok:
			_, err = tx.Exec(`UPDATE users SET failed_logins = 0, locked_until = 0 WHERE id = ?`, userID)
		case !lockUntil.IsZero():
			_, err = tx.Exec(`UPDATE users SET failed_logins = 0, locked_until = ? WHERE id = ?`, lockUntil.Unix(), userID)
		default:
			_, err = tx.Exec(`UPDATE users SET failed_logins = failed_logins + 1 WHERE id = ?`, userID)
		}
		if err != nil {
			return fmt.Errorf("sqlite: record login: %w", err)
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
