package postgres

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/priemna/priemna/booking"
)

const messageColumns = `id, COALESCE(booking_id, 0), COALESCE(waitlist_id, 0), COALESCE(complaint_id, 0), kind, sequence, slot_start,
	note, due_at, created_at, status, attempts, last_error, sent_at, pass, COALESCE(message_key, ''), COALESCE(user_id, 0)`

func scanMessage(row scanner) (booking.Message, error) {
	var m booking.Message
	var slot, due, created int64
	var sent sql.NullInt64
	err := row.Scan(&m.ID, &m.BookingID, &m.WaitlistID, &m.ComplaintID, &m.Kind, &m.Sequence, &slot, &m.Note, &due, &created, &m.Status,
		&m.Attempts, &m.LastError, &sent, &m.Pass, &m.Key, &m.UserID)
	m.SlotStart, m.DueAt, m.CreatedAt = fromUnix(slot), fromUnix(due), fromUnix(created)
	if sent.Valid {
		m.SentAt = fromUnix(sent.Int64)
	}
	return m, err
}

// claimMessages leases due messages. A message waits while an earlier one
// of the same booking that is due is still pending or being sent, so each
// citizen receives their messages in order.
const claimMessages = `UPDATE outbox SET status = 'sending', claimed_until = ?
	WHERE id IN (
		SELECT o.id FROM outbox o
		WHERE ((o.status = 'pending' AND o.due_at <= ? AND o.retry_at <= ?)
			OR (o.status = 'sending' AND o.claimed_until <= ?))
		AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.booking_id = o.booking_id AND p.id < o.id
			AND p.due_at <= ? AND p.status IN ('pending', 'sending'))
		ORDER BY o.due_at, o.id LIMIT ? FOR UPDATE OF o SKIP LOCKED)
	RETURNING ` + messageColumns

// ClaimMessages leases up to limit due messages until until.
func (db *DB) ClaimMessages(ctx context.Context, now, until time.Time, limit int) ([]booking.Message, error) {
	var list []booking.Message
	// READ COMMITTED with SKIP LOCKED: replicas claiming at once take
	// different messages instead of failing each other's transactions.
	err := db.writeIso(ctx, sql.LevelReadCommitted, func(tx *txn) error {
		list = nil
		n := now.Unix()
		rows, err := tx.Query(claimMessages, until.Unix(), n, n, n, n, limit)
		if err != nil {
			return fmt.Errorf("postgres: claim messages: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			m, err := scanMessage(rows)
			if err != nil {
				return fmt.Errorf("postgres: claim messages: %w", err)
			}
			list = append(list, m)
		}
		return rows.Err()
	})
	// RETURNING does not promise an order.
	sortMessages(list)
	return list, err
}

func (db *DB) updateMessage(ctx context.Context, query string, args ...any) error {
	return db.write(ctx, func(tx *txn) error {
		res, err := tx.Exec(query, args...)
		if err != nil {
			return fmt.Errorf("postgres: update message: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return booking.Errorf(booking.ECONFLICT, "err.the-message-is-not-claimed")
		}
		return nil
	})
}

// FinishMessages records claimed messages as sent or skipped in one
// write: under booking load a write waits for a commit shared with many
// bookings, and a worker waiting for one after each letter fell behind. A
// hold's code or a priority pass in a letter was needed only to write it,
// so it goes now: the database never keeps a working secret of a sent
// letter.
func (db *DB) FinishMessages(ctx context.Context, done []booking.Finished) error {
	if len(done) == 0 {
		return nil
	}
	return db.write(ctx, func(tx *txn) error {
		for _, f := range done {
			if _, err := tx.Exec(finishMessage, f.Status, f.At.Unix(), f.ID); err != nil {
				return fmt.Errorf("postgres: finish message: %w", err)
			}
		}
		return nil
	})
}

const finishMessage = `UPDATE outbox SET status = ?, sent_at = ?, claimed_until = NULL, pass = '' WHERE id = ? AND status = 'sending'`

// emailLike matches what could be an email address in an SMTP error.
var emailLike = regexp.MustCompile(`[^\s<>"'(),;:]+@[^\s<>"'(),;:]+`)

// RetryMessage records a failed attempt.
func (db *DB) RetryMessage(ctx context.Context, id int64, attempts int, retryAt time.Time, lastErr string, dead bool) error {
	status := booking.MessagePending
	if dead {
		status = booking.MessageDead
	}
	// A server's answer often quotes the recipient: staff read the error
	// without it.
	lastErr = emailLike.ReplaceAllString(lastErr, "<address>")
	if len(lastErr) > 500 {
		lastErr = strings.ToValidUTF8(lastErr[:500], "")
	}
	// A letter given up on will not be written: its secret goes.
	return db.updateMessage(ctx, `UPDATE outbox SET status = ?, attempts = ?, retry_at = ?, last_error = ?, claimed_until = NULL,
		pass = CASE WHEN ? = 'dead' THEN '' ELSE pass END
		WHERE id = ? AND status = 'sending'`, status, attempts, retryAt.Unix(), lastErr, status, id)
}

// ReleaseMessage gives a claimed message back untried.
func (db *DB) ReleaseMessage(ctx context.Context, id int64) error {
	return db.updateMessage(ctx, `UPDATE outbox SET status = 'pending', claimed_until = NULL WHERE id = ? AND status = 'sending'`, id)
}

// DeadMessages lists the messages given up on, newest first.
func (db *DB) DeadMessages(ctx context.Context) ([]booking.Message, error) {
	rows, err := db.query(ctx, `SELECT `+messageColumns+` FROM outbox WHERE status = 'dead' ORDER BY id DESC`)
	if err != nil {
		return nil, fmt.Errorf("postgres: dead messages: %w", err)
	}
	return collect(rows, "message", scanMessage)
}

// BookingByID returns a booking by its row id.
func (db *DB) BookingByID(ctx context.Context, id int64) (*booking.Booking, error) {
	return db.bookingWhere(ctx, `b.id = ?`, id)
}

// PriorityPass returns the official of an unused, unexpired pass.
func (db *DB) PriorityPass(ctx context.Context, hash string, now time.Time) (int64, error) {
	var id int64
	err := db.queryRow(ctx, `SELECT official_id FROM priority_passes WHERE hash = ? AND used_at IS NULL AND expires_at > ?`, hash, now.Unix()).Scan(&id)
	if err != nil {
		return 0, notFound(booking.T("text.the-link-has-expired-or"))
	}
	return id, nil
}

// LettersSent counts the letters of the kinds sent since the instant to
// the address, by its canonical key.
func (db *DB) LettersSent(ctx context.Context, email string, kinds []booking.MessageKind, since time.Time) (int, error) {
	args := []any{booking.EmailKey(email), since.Unix()}
	for _, k := range kinds {
		args = append(args, k)
	}
	var n int
	err := db.queryRow(ctx, lettersSent(len(kinds)), args...).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("postgres: letters sent: %w", err)
	}
	return n, nil
}

// lettersSent counts an address's letters of n kinds sent since an
// instant (the address's bookings first: BenchmarkOutboxAtAMillion).
func lettersSent(n int) string {
	return `SELECT COUNT(*) FROM outbox o JOIN bookings b ON b.id = o.booking_id
		WHERE b.email_key = ? AND o.status = 'sent' AND o.sent_at >= ? AND o.kind IN (` + placeholders(n) + `)`
}

// ResendDead makes dead messages pending again and audits it, in one
// transaction.
func (db *DB) ResendDead(ctx context.Context, id int64, audit booking.AuditEntry) (int, error) {
	var n int64
	err := db.write(ctx, func(tx *txn) error {
		res, err := tx.Exec(`UPDATE outbox SET status = 'pending', attempts = 0, retry_at = 0, claimed_until = NULL
			WHERE status = 'dead' AND (? = 0 OR id = ?)`, id, id)
		if err != nil {
			return fmt.Errorf("postgres: resend: %w", err)
		}
		if n, err = res.RowsAffected(); err != nil {
			return err
		}
		if n == 0 && id != 0 {
			return notFound(booking.T("text.there-is-no-such-undelivered"))
		}
		if n == 0 {
			return nil
		}
		return insertAudit(tx, &audit)
	})
	return int(n), err
}
