package booking

import (
	"context"
	"time"
)

// AuditEntry records one staff action.
type AuditEntry struct {
	At        time.Time
	UserID    int64
	UserEmail string
	Action    string // e.g. "arrival", "no-show", "schedule.create"
	Object    string // a booking reference, an official's slug, …
}

// AuditStore keeps the audit log.
type AuditStore interface {
	RecordAudit(ctx context.Context, e AuditEntry) error
	// AuditLog returns the newest entries first.
	AuditLog(ctx context.Context, limit int) ([]AuditEntry, error)
}
