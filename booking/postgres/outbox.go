package postgres

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/booking/sqlstore"
)

// The outbox's claim is PostgreSQL's own: replicas claim at once with
// FOR UPDATE SKIP LOCKED, and a lapsed lease is taken in the same claim.
// The rest of the outbox is booking/sqlstore's.

// claimMessages leases due messages. A message waits while an earlier one
// of the same booking that is due is still pending or being sent, so each
// citizen receives their messages in order.
const claimMessages = `UPDATE outbox SET status = 'sending', claimed_until = ?
	WHERE id IN (
		SELECT o.id FROM outbox o
		WHERE ((o.status = 'pending' AND o.due_at <= ? AND o.retry_at <= ?)
			OR (o.status = 'sending' AND o.claimed_until <= ?))
		AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.booking_id = o.booking_id AND p.id < o.id
			AND p.due_at <= ? AND p.status IN ('pending', 'sending'))
		ORDER BY o.due_at, o.id LIMIT ? FOR UPDATE OF o SKIP LOCKED)
	RETURNING ` + sqlstore.MessageColumns

// ClaimMessages leases up to limit due messages until until.
func (db *DB) ClaimMessages(ctx context.Context, now, until time.Time, limit int) ([]booking.Message, error) {
	var list []booking.Message
	// READ COMMITTED with SKIP LOCKED: replicas claiming at once take
	// different messages instead of failing each other's transactions.
	err := db.writeIso(ctx, sql.LevelReadCommitted, func(tx *txn) error {
		list = nil
		n := now.Unix()
		rows, err := tx.Query(claimMessages, until.Unix(), n, n, n, n, limit)
		if err != nil {
			return fmt.Errorf("postgres: claim messages: %w", err)
		}
		list, err = sqlstore.Collect(rows, "postgres: claim messages", sqlstore.ScanMessage)
		return err
	})
	// RETURNING does not promise an order.
	sqlstore.SortMessages(list)
	return list, err
}

// lettersSent counts an address's letters of n kinds sent since an
// instant (the address's bookings first: BenchmarkOutboxAtAMillion).
func lettersSent(n int) string {
	return `SELECT COUNT(*) FROM outbox o JOIN bookings b ON b.id = o.booking_id
		WHERE b.email_key = ? AND o.status = 'sent' AND o.sent_at >= ? AND o.kind IN (` + sqlstore.Placeholders(n) + `)`
}
