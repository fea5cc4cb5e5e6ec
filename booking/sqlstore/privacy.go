package sqlstore

import (
	"context"
	"time"

	"github.com/priemna/priemna/booking"
)

// Anonymise erases personal data of one booking or of those ended before:
// the latter in the batches of a sweep (Backend.Sweep), the audit entry
// written with the first.
func (s *Store) Anonymise(ctx context.Context, ref string, endedBefore, at time.Time, audit *booking.AuditEntry) (int, error) {
	if ref != "" {
		var n int
		err := s.write(ctx, func(tx Tx) error {
			if err := s.insertAudit(tx, audit); err != nil {
				return err
			}
			var err error
			if n, err = s.anonymise(tx, `reference = ?`, []any{ref}, at); err != nil {
				return err
			}
			if n == 0 { // nothing erased, nothing audited
				return booking.Errorf(booking.ENOTFOUND, "err.there-is-no-such-booking")
			}
			return nil
		})
		return n, err
	}
	var first func(tx Tx) error
	if audit != nil {
		first = func(tx Tx) error { return s.insertAudit(tx, audit) }
	}
	return s.b.Sweep(ctx, first, func(tx Tx, limit int) (int, error) {
		return s.anonymise(tx, `ends_at < ? AND anonymised_at IS NULL LIMIT ?`, []any{endedBefore.Unix(), limit}, at)
	})
}

// anonymise erases the bookings that where selects and says how many.
func (s *Store) anonymise(tx Tx, where string, args []any, at time.Time) (int, error) {
	if _, err := tx.Exec(s.d.EraseTable); err != nil {
		return 0, s.fail("anonymise", err)
	}
	if _, err := tx.Exec(`DELETE FROM erase`); err != nil {
		return 0, err
	}
	if _, err := tx.Exec(`INSERT INTO erase (id) SELECT id FROM bookings WHERE `+where, args...); err != nil {
		return 0, s.fail("anonymise", err)
	}
	// The manage link of a booking whose meeting is over goes with its
	// data: the token becomes "~" and the id, which no link can carry
	// (booking.ValidToken) and which sorts after every real token. So the
	// token index's random part holds only the bookings still in use, and a
	// booking's insert touches a page of that, not one among a million
	// (scripts/size.sh). A meeting still to come keeps its link, to be
	// cancelled or moved.
	res, err := tx.Exec(`UPDATE bookings SET name = '', email = '', phone = '', email_key = '', phone_key = '', topic = '', needs = '', needs_note = '',
		idempotency_key = NULL, request_hash = NULL, anonymised_at = ?, token = CASE WHEN ends_at <= ? THEN '~' || id ELSE token END
		WHERE id IN (SELECT id FROM erase)`, at.Unix(), at.Unix())
	if err != nil {
		return 0, s.fail("anonymise", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, err
	}
	// Only rows with something to erase are written: a first sweep over
	// years of bookings would otherwise rewrite every letter.
	for _, q := range []string{
		`UPDATE feedback SET comment = '' WHERE booking_id IN (SELECT id FROM erase) AND comment <> ''`,
		`UPDATE outbox SET status = 'skipped', pass = '' WHERE status IN ('pending', 'sending') AND booking_id IN (SELECT id FROM erase)`,
		`UPDATE outbox SET pass = '', last_error = '' WHERE booking_id IN (SELECT id FROM erase) AND (pass <> '' OR last_error <> '')`,
		// A lift of the no-show block names the citizen by email: it
		// goes once no booking with that address is left.
		`DELETE FROM policy_lifts WHERE NOT EXISTS (SELECT 1 FROM bookings WHERE email_key = policy_lifts.email)`,
	} {
		if _, err := tx.Exec(q); err != nil {
			return 0, s.fail("anonymise", err)
		}
	}
	return int(n), nil
}

// ErasedMessages returns which of the outbox messages, by their keys,
// belong to bookings whose personal data has been erased.
func (s *Store) ErasedMessages(ctx context.Context, keys []string) ([]string, error) {
	if len(keys) == 0 {
		return nil, nil
	}
	args := make([]any, len(keys))
	for i, k := range keys {
		args[i] = k
	}
	return queryAll(ctx, s, "erased messages", func(r Scanner) (k string, err error) {
		err = r.Scan(&k)
		return k, err
	}, `SELECT o.message_key FROM outbox o JOIN bookings b ON b.id = o.booking_id
		WHERE b.anonymised_at IS NOT NULL AND o.message_key IN (`+placeholders(len(keys))+`)`, args...)
}
