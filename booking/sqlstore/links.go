package sqlstore

import (
	"context"
	"time"

	"github.com/priemna/priemna/booking"
)

// QueueLinks writes a letter with a citizen's manage links unless one to
// the same canonical email was written after since: the check and
// the insert hold an advisory lock on the email, so parallel requests
// queue one letter.
func (s *Store) QueueLinks(ctx context.Context, bookingID int64, emailKey string, m booking.Message, since time.Time) (bool, error) {
	var wrote bool
	err := s.write(ctx, func(tx Tx) error {
		wrote = false
		if err := s.b.Lock(tx, "links:"+emailKey); err != nil {
			return err
		}
		var n int
		if err := tx.QueryRow(`SELECT COUNT(*) FROM outbox o JOIN bookings b ON b.id = o.booking_id
			WHERE o.kind = ? AND b.email_key = ? AND o.created_at > ?`, booking.MessageLinks, emailKey, since.Unix()).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return nil
		}
		if err := s.insertMessages(tx, bookingID, []booking.Message{m}); err != nil {
			return err
		}
		wrote = true
		return nil
	})
	return wrote, err
}
