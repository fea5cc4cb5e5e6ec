package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/booking/sqlstore"
)

// The outbox's claim is SQLite's own: the lapsed claims are given back in
// the write that claims, and the pending letters are walked in the status
// index's order. The rest of the outbox is booking/sqlstore's.

// claimMessages leases due messages. A message waits while an earlier one
// of the same booking that is due is still pending or being sent, so each
// citizen receives their messages in order. The pending ones are walked in
// the status index's order and the walk stops at the limit: a backlog of
// thousands costs a claim what a short queue does.
const claimMessages = `UPDATE outbox SET status = 'sending', claimed_until = ?
	WHERE id IN (
		SELECT o.id FROM outbox o
		WHERE o.status = 'pending' AND o.due_at <= ? AND o.retry_at <= ?
		AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.booking_id = o.booking_id AND p.id < o.id
			AND p.due_at <= ? AND p.status IN ('pending', 'sending'))
		ORDER BY o.due_at, o.id LIMIT ?)
	RETURNING ` + sqlstore.MessageColumns

// lapsedClaims gives back the messages whose lease ran out (their sender
// stopped or hung) to be claimed again.
const lapsedClaims = `UPDATE outbox SET status = 'pending', claimed_until = NULL WHERE status = 'sending' AND claimed_until <= ?`

// ClaimMessages leases up to limit due messages until until.
func (db *DB) ClaimMessages(ctx context.Context, now, until time.Time, limit int) ([]booking.Message, error) {
	var list []booking.Message
	err := db.write(ctx, func(tx *sql.Tx) error {
		list = nil
		n := now.Unix()
		if _, err := db.exec(tx, lapsedClaims, n); err != nil {
			return fmt.Errorf("sqlite: claim messages: %w", err)
		}
		rows, err := tx.Query(claimMessages, until.Unix(), n, n, n, limit)
		if err != nil {
			return fmt.Errorf("sqlite: claim messages: %w", err)
		}
		list, err = sqlstore.Collect(rows, "sqlite: claim messages", sqlstore.ScanMessage)
		return err
	})
	// RETURNING does not promise an order.
	sqlstore.SortMessages(list)
	return list, err
}

// lettersSent counts an address's letters of n kinds sent since an
// instant: the address's bookings first, then their letters (CROSS JOIN
// fixes that order). Left to itself the planner walked every sent letter
// by the status index, so that each letter the worker sent cost a pass
// over all letters ever sent: seconds of CPU with years of them.
func lettersSent(n int) string {
	return `SELECT COUNT(*) FROM bookings b CROSS JOIN outbox o ON o.booking_id = b.id
		WHERE b.email_key = ? AND o.status = 'sent' AND o.sent_at >= ? AND o.kind IN (` + sqlstore.Placeholders(n) + `)`
}
