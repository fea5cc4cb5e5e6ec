package booking

import "context"

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
