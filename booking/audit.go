package booking

import (
	"context"
	"strconv"
	"strings"
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

// CommandLine is the actor of the shell commands (erase, user, token,
// demo): whoever can run them holds the database file, so may do anything,
// and is audited as such.
var CommandLine = &User{Role: RoleAdmin, Email: "(command line)"}

// Staff operations take their actor: the service checks the right to act
// for the official here, and the store writes the audit entry in the same
// transaction as the change, whichever door (page, API, command) it came
// through.

// authorize returns EFORBIDDEN unless by may act for the official.
func authorize(by *User, officialID int64) error {
	if by == nil || !by.CanManage(officialID) {
		return Errorf(EFORBIDDEN, "err.you-may-not-act-for")
	}
	return nil
}

// adminOnly returns EFORBIDDEN unless by is an administrator: units,
// officials and staff accounts are theirs.
func adminOnly(by *User) error {
	if by == nil || by.Role != RoleAdmin {
		return Errorf(EFORBIDDEN, "err.only-an-administrator-can-do")
	}
	return nil
}

// officialObject names an official's object in the audit log.
func officialObject(officialID int64, what string) string {
	return strings.TrimSpace("official " + strconv.FormatInt(officialID, 10) + " " + what)
}

// auditOf is the audit entry of an action by a staff member.
func (s *Service) auditOf(by *User, action, object string) *AuditEntry {
	return &AuditEntry{At: s.now(), UserID: by.ID, UserEmail: by.Email, Action: action, Object: object}
}

// RecordAudit records a staff action that no store write audits in its
// own transaction (a page seen, a refused sign-in); nothing without
// Stores.Audit.
func (s *Service) RecordAudit(ctx context.Context, e AuditEntry) error {
	if s.store.Audit == nil {
		return nil
	}
	return s.store.Audit.RecordAudit(ctx, e)
}

// AuditLog returns the newest staff actions first, for an administrator
// (none without Stores.Audit). EFORBIDDEN for anyone else.
func (s *Service) AuditLog(ctx context.Context, by *User, limit int) ([]AuditEntry, error) {
	if by == nil || by.Role != RoleAdmin {
		return nil, Errorf(EFORBIDDEN, "err.only-an-administrator-can-see-2")
	}
	if s.store.Audit == nil {
		return nil, nil
	}
	return s.store.Audit.AuditLog(ctx, limit)
}
