package postgres

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/booking/sqlstore"
)

// The outbox's claim is sqlstore's (ClaimQuery); PostgreSQL's own part is
// that replicas claim at once, with FOR UPDATE SKIP LOCKED, after giving
// back the lapsed leases. The rest of the outbox is booking/sqlstore's.

// giveBackLapsed gives back the messages whose lease ran out (their sender
// stopped or hung) to be claimed again, first in the write that claims, as
// SQLite does; another replica's are skipped, not waited for.
const giveBackLapsed = `UPDATE outbox SET status = 'pending', claimed_until = NULL WHERE id IN (
	SELECT o.id FROM outbox o WHERE o.status = 'sending' AND o.claimed_until <= ? FOR UPDATE SKIP LOCKED)`

// claimMessages leases due messages, each booking's in order. Only the
// pending ones are walked, in the order of outbox_due (status, due_at, id,
// migration 0120), and the walk stops at the limit. With the lapsed leases
// in the same WHERE (an OR of two statuses) no index gave that order, and
// every due letter of a backlog was sorted for each claim
// (BenchmarkOutboxAtAMillion: 1.7 s a claim with 100,000 due).
var claimMessages = sqlstore.ClaimQuery(`o.status = 'pending' AND o.due_at <= ? AND o.retry_at <= ?`, `LIMIT ? FOR UPDATE OF o SKIP LOCKED`)

// ClaimMessages leases up to limit due messages until until.
func (db *DB) ClaimMessages(ctx context.Context, now, until time.Time, limit int) ([]booking.Message, error) {
	var list []booking.Message
	// READ COMMITTED with SKIP LOCKED: replicas claiming at once take
	// different messages instead of failing each other's transactions, and
	// a claim sees the leases it gave back itself.
	err := db.writeIso(ctx, sql.LevelReadCommitted, func(tx *txn) error {
		n := now.Unix()
		if _, err := tx.Exec(giveBackLapsed, n); err != nil {
			return fmt.Errorf("postgres: claim messages: %w", err)
		}
		var err error
		list, err = sqlstore.Claim(tx, "postgres: claim messages", claimMessages, until.Unix(), n, n, n, limit)
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
