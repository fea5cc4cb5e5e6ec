package postgres

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/booking/sqlstore"
)

// The outbox's claim is booking/sqlstore's (claim.go), each inner SELECT
// locking what it reads with SKIP LOCKED: replicas claiming at once take
// different messages instead of waiting for each other. The rest of the
// outbox is booking/sqlstore's too.
const claimLock = " FOR UPDATE OF o SKIP LOCKED"

// giveBackLapsed and claimMessages are the claim's statements, whose plans
// a test holds.
var giveBackLapsed, claimMessages = sqlstore.ClaimStatements(claimLock)

// ClaimMessages leases up to limit due messages until until.
func (db *DB) ClaimMessages(ctx context.Context, now, until time.Time, limit int) ([]booking.Message, error) {
	var list []booking.Message
	// READ COMMITTED with SKIP LOCKED: a claim never waits for another's
	// rows, and sees the leases it gave back itself.
	err := db.writeIso(ctx, sql.LevelReadCommitted, func(tx *txn) error {
		var err error
		if list, err = sqlstore.Claim(tx, claimLock, now, until, limit); err != nil {
			return fmt.Errorf("postgres: claim messages: %w", err)
		}
		return nil
	})
	return list, err
}

// lettersSent counts an address's letters of n kinds sent since an
// instant (the address's bookings first: BenchmarkOutboxAtAMillion).
func lettersSent(n int) string {
	return `SELECT COUNT(*) FROM outbox o JOIN bookings b ON b.id = o.booking_id
		WHERE b.email_key = ? AND o.status = 'sent' AND o.sent_at >= ? AND o.kind IN (` + sqlstore.Placeholders(n) + `)`
}
