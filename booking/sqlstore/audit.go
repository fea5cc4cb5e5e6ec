package sqlstore

import (
	"context"

	"github.com/priemna/priemna/booking"
)

// RecordAudit appends an entry to the audit log.
func (s *Store) RecordAudit(ctx context.Context, e booking.AuditEntry) error {
	return s.write(ctx, func(tx Tx) error { return s.insertAudit(tx, &e) })
}

// insertAudit appends e, when not nil, in the transaction of the change it
// records: both happen, or neither.
func (s *Store) insertAudit(tx Tx, e *booking.AuditEntry) error {
	if e == nil {
		return nil
	}
	if _, err := tx.Exec(`INSERT INTO audit (at, user_id, user_email, action, object) VALUES (?, ?, ?, ?, ?)`,
		e.At.Unix(), nullID(e.UserID), e.UserEmail, e.Action, e.Object); err != nil {
		return s.fail("audit", err)
	}
	return nil
}

// AuditLog returns the newest entries first.
func (s *Store) AuditLog(ctx context.Context, limit int) ([]booking.AuditEntry, error) {
	return queryAll(ctx, s, "audit log", func(r Scanner) (e booking.AuditEntry, err error) {
		var at int64
		err = r.Scan(&at, &e.UserID, &e.UserEmail, &e.Action, &e.Object)
		e.At = fromUnix(at)
		return e, err
	}, `SELECT at, COALESCE(user_id, 0), user_email, action, object FROM audit ORDER BY id DESC LIMIT ?`, limit)
}
