package sqlstore

import (
	"context"
	"time"

	"github.com/priemna/priemna/booking"
)

// StartAttempt counts a sign-in attempt as failed unless the address is
// locked out of the account or, untrusted, must wait for the account's
// pace (booking's sign-in policy).
func (s *Store) StartAttempt(ctx context.Context, a booking.Attempt, alert booking.Message) (bool, error) {
	var allowed bool
	err := s.write(ctx, func(tx Tx) error {
		allowed = false
		now := a.At.Unix()
		var addrLocked, trustedUntil, acctLocked int64
		var acctFailures, addrFailures int
		err := tx.QueryRow(`SELECT u.failed_logins, u.locked_until, COALESCE(s.locked_until, 0), COALESCE(s.trusted_until, 0), COALESCE(s.failures, 0)
			FROM users u LEFT JOIN sign_in_addresses s ON s.user_id = u.id AND s.address = ? WHERE u.id = ?`+s.d.ForUpdateOf("u"),
			a.Address, a.UserID).Scan(&acctFailures, &acctLocked, &addrLocked, &trustedUntil, &addrFailures)
		if err != nil {
			return s.fail("sign-in attempt", err)
		}
		trusted := trustedUntil > now
		if addrLocked > now || (!trusted && acctLocked > now) {
			return nil
		}
		max, lockUntil := booking.MaxFailedLogins, a.At.Add(booking.LockoutPeriod).Unix()
		if _, err := tx.Exec(`INSERT INTO sign_in_addresses (user_id, address, failures) VALUES (?, ?, 0)
			ON CONFLICT (user_id, address) DO NOTHING`, a.UserID, a.Address); err != nil {
			return s.fail("sign-in attempt", err)
		}
		if _, err := tx.Exec(`UPDATE sign_in_addresses SET
			failures = CASE WHEN failures + 1 >= ? THEN 0 ELSE failures + 1 END,
			locked_until = CASE WHEN failures + 1 >= ? THEN ? ELSE locked_until END
			WHERE user_id = ? AND address = ?`, max, max, lockUntil, a.UserID, a.Address); err != nil {
			return s.fail("sign-in attempt", err)
		}
		if !trusted {
			if _, err := tx.Exec(`UPDATE users SET failed_logins = failed_logins + 1,
				locked_until = CASE WHEN failed_logins + 1 >= ? THEN ? ELSE locked_until END WHERE id = ?`,
				max, a.At.Add(booking.AccountPace).Unix(), a.UserID); err != nil {
				return s.fail("sign-in attempt", err)
			}
		}
		allowed = true
		// This attempt locks the address out, or puts the account's pace
		// on: the account holder is told.
		if addrFailures+1 >= max || (!trusted && acctFailures+1 == max) {
			return s.insertStaffLetter(tx, a.UserID, &alert)
		}
		return nil
	})
	return allowed, err
}

// insertStaffLetter queues a letter to a staff member about their account.
func (s *Store) insertStaffLetter(tx Tx, userID int64, m *booking.Message) error {
	m.UserID = userID
	return s.insertLetter(tx, m, `INSERT INTO outbox (user_id, kind, sequence, slot_start, note, due_at, created_at, message_key)
		VALUES (?, ?, 0, 0, ?, ?, ?, ?)`, userID, m.Kind, m.Note, m.DueAt.Unix(), m.CreatedAt.Unix())
}

// ClearFailures resets the account's and the address's failures, and
// trusts the address.
func (s *Store) ClearFailures(ctx context.Context, a booking.Attempt) error {
	return s.write(ctx, func(tx Tx) error {
		if _, err := tx.Exec(`UPDATE users SET failed_logins = 0, locked_until = 0 WHERE id = ?`, a.UserID); err != nil {
			return s.fail("clear sign-in failures", err)
		}
		if _, err := tx.Exec(`INSERT INTO sign_in_addresses (user_id, address, failures, locked_until, trusted_until) VALUES (?, ?, 0, 0, ?)
			ON CONFLICT (user_id, address) DO UPDATE SET failures = 0, locked_until = 0, trusted_until = excluded.trusted_until`,
			a.UserID, a.Address, a.At.Add(booking.TrustPeriod).Unix()); err != nil {
			return s.fail("clear sign-in failures", err)
		}
		return nil
	})
}

// CreateSession stores a session by the hash of its token.
func (s *Store) CreateSession(ctx context.Context, hash string, userID int64, at, expires time.Time) error {
	return s.write(ctx, func(tx Tx) error {
		// Expired sessions go as new ones come.
		if _, err := tx.Exec(`DELETE FROM sessions WHERE expires_at < ?`, at.Unix()); err != nil {
			return s.fail("create session", err)
		}
		if _, err := tx.Exec(`INSERT INTO sessions (hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)`,
			hash, userID, at.Unix(), expires.Unix()); err != nil {
			return s.fail("create session", err)
		}
		return nil
	})
}

// UserBySession returns the user of an unexpired session.
func (s *Store) UserBySession(ctx context.Context, hash string, now time.Time) (*booking.User, error) {
	return s.userWhere(ctx, `JOIN sessions s ON s.user_id = u.id WHERE s.hash = ? AND s.expires_at > ?`, hash, now.Unix())
}

// DeleteSession ends a session.
func (s *Store) DeleteSession(ctx context.Context, hash string) error {
	return s.write(ctx, func(tx Tx) error {
		_, err := tx.Exec(`DELETE FROM sessions WHERE hash = ?`, hash)
		return err
	})
}
