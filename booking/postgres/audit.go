package postgres

import (
	"context"
	"fmt"

	"github.com/priemna/priemna/booking"
)

// RecordAudit appends an entry to the audit log.
func (db *DB) RecordAudit(ctx context.Context, e booking.AuditEntry) error {
	return db.write(ctx, func(tx *txn) error { return insertAudit(tx, &e) })
}

// insertAudit appends e, when not nil, in the transaction of the change it
// records: both happen, or neither.
func insertAudit(tx *txn, e *booking.AuditEntry) error {
	if e == nil {
		return nil
	}
	var user any
	if e.UserID != 0 {
		user = e.UserID
	}
	if _, err := tx.Exec(`INSERT INTO audit (at, user_id, user_email, action, object) VALUES (?, ?, ?, ?, ?)`,
		e.At.Unix(), user, e.UserEmail, e.Action, e.Object); err != nil {
		return fmt.Errorf("postgres: audit: %w", err)
	}
	return nil
}

// AuditLog returns the newest entries first.
func (db *DB) AuditLog(ctx context.Context, limit int) ([]booking.AuditEntry, error) {
	rows, err := db.query(ctx, `SELECT at, COALESCE(user_id, 0), user_email, action, object FROM audit ORDER BY id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("postgres: audit log: %w", err)
	}
	defer rows.Close()
	var list []booking.AuditEntry
	for rows.Next() {
		var e booking.AuditEntry
		var at int64
		if err := rows.Scan(&at, &e.UserID, &e.UserEmail, &e.Action, &e.Object); err != nil {
			return nil, err
		}
		e.At = fromUnix(at)
		list = append(list, e)
	}
	return list, rows.Err()
}
