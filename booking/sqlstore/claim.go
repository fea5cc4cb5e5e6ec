package sqlstore

import (
	"time"

	"github.com/priemna/priemna/booking"
)

// The mail worker's claim, the same on both databases: the leases that ran
// out are given back first, then the pending letters are walked in the
// order of the outbox_due index (status, due_at, id) and the walk stops at
// the limit. A backlog of a hundred thousand letters costs a claim what a
// short queue does: a claim that also took the lapsed leases in the same
// WHERE (an OR of two statuses) could follow no index's order, and
// PostgreSQL sorted every due letter for each claim
// (BenchmarkOutboxAtAMillion).

// ClaimStatements are the claim's two statements. lock ends each inner
// SELECT: PostgreSQL's replicas claiming at once skip each other's rows
// (" FOR UPDATE OF o SKIP LOCKED"); SQLite's one writer needs "".
//
// giveBack gives back the messages whose lease ran out (their sender
// stopped or hung) to be claimed again; parameter: now.
//
// claim leases due messages. A message waits while an earlier one of the
// same booking that is due is still pending or being sent, so each
// citizen receives their messages in order. Parameters: until, now, now,
// now, limit.
func ClaimStatements(lock string) (giveBack, claim string) {
	giveBack = `UPDATE outbox SET status = 'pending', claimed_until = NULL WHERE id IN (
		SELECT o.id FROM outbox o WHERE o.status = 'sending' AND o.claimed_until <= ?` + lock + `)`
	claim = `UPDATE outbox SET status = 'sending', claimed_until = ?
	WHERE id IN (
		SELECT o.id FROM outbox o
		WHERE o.status = 'pending' AND o.due_at <= ? AND o.retry_at <= ?
		AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.booking_id = o.booking_id AND p.id < o.id
			AND p.due_at <= ? AND p.status IN ('pending', 'sending'))
		ORDER BY o.due_at, o.id LIMIT ?` + lock + `)
	RETURNING ` + MessageColumns
	return giveBack, claim
}

// Claim runs the claim's statements (ClaimStatements(lock)) in tx: up to
// limit due messages leased until until, in the order they fall due.
func Claim(tx Tx, lock string, now, until time.Time, limit int) ([]booking.Message, error) {
	giveBack, claim := ClaimStatements(lock)
	n := now.Unix()
	if _, err := tx.Exec(giveBack, n); err != nil {
		return nil, err
	}
	rows, err := tx.Query(claim, until.Unix(), n, n, n, limit)
	if err != nil {
		return nil, err
	}
	list, err := Collect(rows, "scan", ScanMessage)
	// RETURNING does not promise an order.
	SortMessages(list)
	return list, err
}
