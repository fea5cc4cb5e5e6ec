package booking

import (
	"context"
	"strconv"
)

// DeadLetters are the messages the mail worker gave up on. Administrators
// see them with their last error, fix the cause (a mistyped address, a
// mail server that was down for days) and send them again.
type DeadLetters interface {
	DeadMessages(ctx context.Context) ([]Message, error)
	// ResendDead makes a dead message (id > 0) or every dead message
	// (id 0) pending again with fresh attempts, and records audit in the
	// same transaction. The worker then sends a booking's messages in
	// their order, as ever. ENOTFOUND when id names no dead message.
	ResendDead(ctx context.Context, id int64, audit AuditEntry) (int, error)
}

func errNotAdminMail() error {
	return Errorf(EFORBIDDEN, "err.only-an-administrator-can-see")
}

// DeadMessages lists the mail the worker gave up on, for an administrator
// (none without Stores.DeadLetters). EFORBIDDEN for anyone else.
func (s *Service) DeadMessages(ctx context.Context, by *User) ([]Message, error) {
	if by == nil || by.Role != RoleAdmin {
		return nil, errNotAdminMail()
	}
	if s.store.DeadLetters == nil {
		return nil, nil
	}
	return s.store.DeadLetters.DeadMessages(ctx)
}

// ResendDead sends a dead letter (id > 0) or all of them (id 0) again, by
// an administrator (CommandLine from the shell), audited as outbox.resend.
// It returns how many were queued again (none without
// Stores.DeadLetters).
//
// EFORBIDDEN unless by is an administrator; ENOTFOUND for an unknown id.
func (s *Service) ResendDead(ctx context.Context, by *User, id int64) (int, error) {
	if by == nil || by.Role != RoleAdmin {
		return 0, errNotAdminMail()
	}
	if s.store.DeadLetters == nil {
		return 0, nil
	}
	object := "all"
	if id > 0 {
		object = "message " + strconv.FormatInt(id, 10)
	}
	return s.store.DeadLetters.ResendDead(ctx, id, *s.auditOf(by, "outbox.resend", object))
}
