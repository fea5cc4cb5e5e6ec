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

// claimMessages leases due messages, each booking's in order. The pending
// ones are walked in the status index's order and the walk stops at the
// limit: a backlog of thousands costs a claim what a short queue does.
var claimMessages = sqlstore.ClaimQuery(`o.status = 'pending' AND o.due_at <= ? AND o.retry_at <= ?`, `LIMIT ?`)

// lapsedClaims gives back the messages whose lease ran out (their sender
// stopped or hung) to be claimed again.
const lapsedClaims = `UPDATE outbox SET status = 'pending', claimed_until = NULL WHERE status = 'sending' AND claimed_until <= ?`

// ClaimMessages leases up to limit due messages until until.
func (db *DB) ClaimMessages(ctx context.Context, now, until time.Time, limit int) ([]booking.Message, error) {
	var list []booking.Message
	err := db.write(ctx, func(tx *sql.Tx) error {
		n := now.Unix()
		if _, err := db.exec(tx, lapsedClaims, n); err != nil {
			return fmt.Errorf("sqlite: claim messages: %w", err)
		}
		var err error
		list, err = sqlstore.Claim(tx, "sqlite: claim messages", claimMessages, until.Unix(), n, n, n, limit)
		return err
	})
	return list, err
}

// lettersSent counts an address's letters of n kinds sent since an
// instant: the address's bookings first, then their letters (the unary +
// keeps the status index out). Left to itself the planner walked every
// sent letter by the status index, so that each letter the worker sent
// cost a pass over all letters ever sent: seconds of CPU with years of
// them. One table a level, as sqlstore's planStable asks.
func lettersSent(n int) string {
	return `SELECT COUNT(*) FROM outbox o WHERE o.booking_id IN (SELECT id FROM bookings WHERE email_key = ?)
		AND +o.status = 'sent' AND o.sent_at >= ? AND o.kind IN (` + sqlstore.Placeholders(n) + `)`
}
