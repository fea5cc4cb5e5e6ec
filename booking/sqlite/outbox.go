package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/booking/sqlstore"
)

// The outbox's claim is booking/sqlstore's (claim.go), run by the one
// writer, as the rest of the outbox is.

// giveBackLapsed and claimMessages are the claim's statements, whose plans
// a test holds.
var giveBackLapsed, claimMessages = sqlstore.ClaimStatements("")

// ClaimMessages leases up to limit due messages until until.
func (db *DB) ClaimMessages(ctx context.Context, now, until time.Time, limit int) ([]booking.Message, error) {
	var list []booking.Message
	err := db.write(ctx, func(tx *sql.Tx) error {
		var err error
		if list, err = sqlstore.Claim(db.tx(tx), "", now, until, limit); err != nil {
			return fmt.Errorf("sqlite: claim messages: %w", err)
		}
		return nil
	})
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
