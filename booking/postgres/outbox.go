package postgres

import (
	"context"
	"database/sql"
	"time"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/booking/sqlstore"
)

// The outbox's claim is PostgreSQL's own: replicas claim at once with
// FOR UPDATE SKIP LOCKED, and a lapsed lease is taken in the same claim.
// The rest of the outbox is booking/sqlstore's.

// claimMessages leases due messages, each booking's in order; a lapsed
// lease is due again.
var claimMessages = sqlstore.ClaimQuery(`(o.status = 'pending' AND o.due_at <= ? AND o.retry_at <= ?)
	OR (o.status = 'sending' AND o.claimed_until <= ?)`, `LIMIT ? FOR UPDATE OF o SKIP LOCKED`)

// ClaimMessages leases up to limit due messages until until.
func (db *DB) ClaimMessages(ctx context.Context, now, until time.Time, limit int) ([]booking.Message, error) {
	var list []booking.Message
	// READ COMMITTED with SKIP LOCKED: replicas claiming at once take
	// different messages instead of failing each other's transactions.
	err := db.writeIso(ctx, sql.LevelReadCommitted, func(tx *txn) error {
		n := now.Unix()
		var err error
		list, err = sqlstore.Claim(tx, "postgres: claim messages", claimMessages, until.Unix(), n, n, n, n, limit)
		return err
	})
	return list, err
}

// lettersSent counts an address's letters of n kinds sent since an
// instant (the address's bookings first: BenchmarkOutboxAtAMillion).
func lettersSent(n int) string {
	return `SELECT COUNT(*) FROM outbox o JOIN bookings b ON b.id = o.booking_id
		WHERE b.email_key = ? AND o.status = 'sent' AND o.sent_at >= ? AND o.kind IN (` + sqlstore.Placeholders(n) + `)`
}
