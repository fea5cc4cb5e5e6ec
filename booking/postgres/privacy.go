package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/booking/sqlstore"
)

// eraseBatch bounds how many bookings one write of a retention sweep
// erases, so that it holds the one writer for milliseconds, not the
// seconds a first sweep over years of bookings would take: bookings made
// meanwhile commit between the batches.
const eraseBatch = sqlstore.EraseBatch

// Anonymise erases personal data of one booking or of those ended before.
func (db *DB) Anonymise(ctx context.Context, ref string, endedBefore, at time.Time, audit *booking.AuditEntry) (int, error) {
	if ref != "" {
		return db.anonymise(ctx, `reference = ?`, []any{ref}, at, audit, true)
	}
	total := 0
	for {
		n, err := db.anonymise(ctx, `ends_at < ? AND anonymised_at IS NULL LIMIT ?`, []any{endedBefore.Unix(), eraseBatch}, at, audit, false)
		audit = nil // recorded once, with the first batch
		total += n
		if err != nil || n < eraseBatch {
			return total, err
		}
	}
}

// anonymise erases the bookings that where selects, in one write; one
// asks for exactly one booking (ENOTFOUND when there is none).
func (db *DB) anonymise(ctx context.Context, where string, args []any, at time.Time, audit *booking.AuditEntry, one bool) (int, error) {
	var n int64
	err := db.write(ctx, func(tx *txn) error {
		if err := sqlstore.InsertAudit(db.Store, tx, audit); err != nil {
			return err
		}
		if _, err := tx.Exec(`CREATE TEMP TABLE erase (id BIGINT PRIMARY KEY) ON COMMIT DROP`); err != nil {
			return fmt.Errorf("postgres: anonymise: %w", err)
		}
		if _, err := tx.Exec(`INSERT INTO erase (id) SELECT id FROM bookings WHERE `+where, args...); err != nil {
			return fmt.Errorf("postgres: anonymise: %w", err)
		}
		res, err := tx.Exec(`UPDATE bookings SET name = '', email = '', phone = '', email_key = '', phone_key = '', topic = '', needs = '', needs_note = '',
			idempotency_key = NULL, request_hash = NULL, anonymised_at = ? WHERE id IN (SELECT id FROM erase)`, at.Unix())
		if err != nil {
			return fmt.Errorf("postgres: anonymise: %w", err)
		}
		if n, err = res.RowsAffected(); err != nil {
			return err
		}
		if one && n == 0 { // nothing erased, nothing audited
			return booking.Errorf(booking.ENOTFOUND, "err.there-is-no-such-booking")
		}
		for _, q := range []string{
			`UPDATE feedback SET comment = '' WHERE booking_id IN (SELECT id FROM erase)`,
			`UPDATE outbox SET status = 'skipped', pass = '' WHERE status IN ('pending', 'sending') AND booking_id IN (SELECT id FROM erase)`,
			`UPDATE outbox SET pass = '', last_error = '' WHERE booking_id IN (SELECT id FROM erase)`,
			// A lift of the no-show block names the citizen by email: it
			// goes once no booking with that address is left.
			`DELETE FROM policy_lifts WHERE NOT EXISTS (SELECT 1 FROM bookings WHERE email_key = policy_lifts.email)`,
		} {
			if _, err := tx.Exec(q); err != nil {
				return fmt.Errorf("postgres: anonymise: %w", err)
			}
		}
		return nil
	})
	return int(n), err
}

// ErasedMessages returns which of the outbox messages, by their keys,
// belong to bookings whose personal data has been erased.
func (db *DB) ErasedMessages(ctx context.Context, keys []string) ([]string, error) {
	if len(keys) == 0 {
		return nil, nil
	}
	args := make([]any, len(keys))
	for i, k := range keys {
		args[i] = k
	}
	rows, err := db.query(ctx, `SELECT o.message_key FROM outbox o JOIN bookings b ON b.id = o.booking_id
		WHERE b.anonymised_at IS NOT NULL AND o.message_key IN (`+sqlstore.Placeholders(len(keys))+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("postgres: erased messages: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			return nil, err
		}
		out = append(out, k)
	}
	return out, rows.Err()
}
