package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/priemna/priemna/booking"
)

// eraseBatch bounds how many bookings one write of a retention sweep
// erases, so that it holds the one writer for milliseconds, not the
// seconds a first sweep over years of bookings would take: bookings made
// meanwhile commit between the batches.
const eraseBatch = 500

// Anonymise erases personal data of one booking or of those ended before.
func (db *DB) Anonymise(ctx context.Context, ref string, endedBefore, at time.Time) (int, error) {
	if ref != "" {
		n, err := db.anonymise(ctx, `reference = ?`, []any{ref}, at)
		if err == nil && n == 0 {
			return 0, booking.Errorf(booking.ENOTFOUND, "Няма такова записване.", "There is no such booking.")
		}
		return n, err
	}
	total := 0
	for {
		n, err := db.anonymise(ctx, `ends_at < ? AND anonymised_at IS NULL LIMIT ?`, []any{endedBefore.Unix(), eraseBatch}, at)
		total += n
		if err != nil || n < eraseBatch {
			return total, err
		}
	}
}

// anonymise erases the bookings that where selects, in one write.
func (db *DB) anonymise(ctx context.Context, where string, args []any, at time.Time) (int, error) {
	var n int64
	err := db.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.Exec(`CREATE TEMP TABLE IF NOT EXISTS erase (id INTEGER PRIMARY KEY)`); err != nil {
			return fmt.Errorf("sqlite: anonymise: %w", err)
		}
		if _, err := tx.Exec(`DELETE FROM erase`); err != nil {
			return err
		}
		if _, err := tx.Exec(`INSERT INTO erase (id) SELECT id FROM bookings WHERE `+where, args...); err != nil {
			return fmt.Errorf("sqlite: anonymise: %w", err)
		}
		res, err := tx.Exec(`UPDATE bookings SET name = '', email = '', phone = '', topic = '', needs = '', needs_note = '',
			idempotency_key = NULL, anonymised_at = ? WHERE id IN (SELECT id FROM erase)`, at.Unix())
		if err != nil {
			return fmt.Errorf("sqlite: anonymise: %w", err)
		}
		if n, err = res.RowsAffected(); err != nil {
			return err
		}
		for _, q := range []string{
			`UPDATE feedback SET comment = '' WHERE booking_id IN (SELECT id FROM erase)`,
			`UPDATE outbox SET status = 'skipped', pass = '' WHERE status IN ('pending', 'sending') AND booking_id IN (SELECT id FROM erase)`,
		} {
			if _, err := tx.Exec(q); err != nil {
				return fmt.Errorf("sqlite: anonymise: %w", err)
			}
		}
		return nil
	})
	return int(n), err
}
