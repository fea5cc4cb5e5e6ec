package booking

import (
	"context"
	"strconv"
	"time"
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

// ResendDead sends a dead letter (id > 0) or all of them (id 0) again, by
// an administrator (CommandLine from the shell), audited as outbox.resend.
// It returns how many were queued again.
//
// EFORBIDDEN unless by is an administrator; ENOTFOUND for an unknown id.
func ResendDead(ctx context.Context, store DeadLetters, by *User, id int64, now time.Time) (int, error) {
	if by == nil || by.Role != RoleAdmin {
		return 0, Errorf(EFORBIDDEN, "err.only-an-administrator-can-see")
	}
	object := "all"
	if id > 0 {
		object = "message " + strconv.FormatInt(id, 10)
	}
	return store.ResendDead(ctx, id, AuditEntry{At: now.UTC().Truncate(time.Second), UserID: by.ID, UserEmail: by.Email,
		Action: "outbox.resend", Object: object})
}
