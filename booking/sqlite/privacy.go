package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/priemna/priemna/booking"
)

// Anonymise erases personal data of one booking or of those ended before.
func (db *DB) Anonymise(ctx context.Context, ref string, endedBefore, at time.Time, audit *booking.AuditEntry) (int, error) {
	var n int64
	err := db.write(ctx, func(tx *sql.Tx) error {
		if err := insertAudit(tx, audit); err != nil {
			return err
		}
		where, arg := `reference = ?`, any(ref)
		if ref == "" {
			where, arg = `ends_at < ? AND anonymised_at IS NULL`, endedBefore.Unix()
		}
		if _, err := tx.Exec(`CREATE TEMP TABLE IF NOT EXISTS erase (id INTEGER PRIMARY KEY)`); err != nil {
			return fmt.Errorf("sqlite: anonymise: %w", err)
		}
		if _, err := tx.Exec(`DELETE FROM erase`); err != nil {
			return err
		}
		if _, err := tx.Exec(`INSERT INTO erase (id) SELECT id FROM bookings WHERE `+where, arg); err != nil {
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
		if ref != "" && n == 0 { // nothing erased, nothing audited
			return booking.Errorf(booking.ENOTFOUND, "Няма такова записване.", "There is no such booking.")
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
