package sqlstore

import (
	"context"
	"regexp"
	"strings"
	"time"

	"github.com/priemna/priemna/booking"
)

func (s *Store) updateMessage(ctx context.Context, query string, args ...any) error {
	return s.write(ctx, func(tx Tx) error {
		res, err := tx.Exec(query, args...)
		if err != nil {
			return s.fail("update message", err)
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
func (s *Store) FinishMessages(ctx context.Context, done []booking.Finished) error {
	if len(done) == 0 {
		return nil
	}
	return s.write(ctx, func(tx Tx) error {
		for _, f := range done {
			if _, err := tx.Exec(finishMessage, f.Status, f.At.Unix(), f.ID); err != nil {
				return s.fail("finish message", err)
			}
		}
		return nil
	})
}

const finishMessage = `UPDATE outbox SET status = ?, sent_at = ?, claimed_until = NULL, pass = '' WHERE id = ? AND status = 'sending'`

// emailLike matches what could be an email address in an SMTP error.
var emailLike = regexp.MustCompile(`[^\s<>"'(),;:]+@[^\s<>"'(),;:]+`)

// RetryMessage records a failed attempt.
func (s *Store) RetryMessage(ctx context.Context, id int64, attempts int, retryAt time.Time, lastErr string, dead bool) error {
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
	return s.updateMessage(ctx, `UPDATE outbox SET status = ?, attempts = ?, retry_at = ?, last_error = ?, claimed_until = NULL,
		pass = CASE WHEN ? = 'dead' THEN '' ELSE pass END
		WHERE id = ? AND status = 'sending'`, status, attempts, retryAt.Unix(), lastErr, status, id)
}

// ReleaseMessage gives a claimed message back untried.
func (s *Store) ReleaseMessage(ctx context.Context, id int64) error {
	return s.updateMessage(ctx, `UPDATE outbox SET status = 'pending', claimed_until = NULL WHERE id = ? AND status = 'sending'`, id)
}

// DeadMessages lists the messages given up on, newest first.
func (s *Store) DeadMessages(ctx context.Context) ([]booking.Message, error) {
	return queryAll(ctx, s, "dead messages", scanMessage, `SELECT `+messageColumns+` FROM outbox WHERE status = 'dead' ORDER BY id DESC`)
}

// BookingByID returns a booking by its row id.
func (s *Store) BookingByID(ctx context.Context, id int64) (*booking.Booking, error) {
	return s.bookingWhere(ctx, `b.id = ?`, id)
}

// PriorityPass returns the official of an unused, unexpired pass.
func (s *Store) PriorityPass(ctx context.Context, hash string, now time.Time) (int64, error) {
	var id int64
	err := s.queryRow(ctx, `SELECT official_id FROM priority_passes WHERE hash = ? AND used_at IS NULL AND expires_at > ?`, hash, now.Unix()).Scan(&id)
	if err != nil {
		return 0, notFound(booking.T("text.the-link-has-expired-or"))
	}
	return id, nil
}

// LettersSent counts the letters of the kinds sent since the instant to
// the address, by its canonical key.
func (s *Store) LettersSent(ctx context.Context, email string, kinds []booking.MessageKind, since time.Time) (int, error) {
	args := []any{booking.EmailKey(email), since.Unix()}
	for _, k := range kinds {
		args = append(args, k)
	}
	var n int
	err := s.queryRow(ctx, s.d.LettersSent(len(kinds)), args...).Scan(&n)
	if err != nil {
		return 0, s.fail("letters sent", err)
	}
	return n, nil
}

// ResendDead makes dead messages pending again and audits it, in one
// transaction.
func (s *Store) ResendDead(ctx context.Context, id int64, audit booking.AuditEntry) (int, error) {
	var n int64
	err := s.write(ctx, func(tx Tx) error {
		res, err := tx.Exec(`UPDATE outbox SET status = 'pending', attempts = 0, retry_at = 0, claimed_until = NULL
			WHERE status = 'dead' AND (? = 0 OR id = ?)`, id, id)
		if err != nil {
			return s.fail("resend", err)
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
		return s.insertAudit(tx, &audit)
	})
	return int(n), err
}
