package sqlstore

import (
	"context"

	"github.com/priemna/priemna/booking"
)

// PastBooking is a booking of the past with what happened to it and to its
// messages, as years of use leave it.
type PastBooking struct {
	Booking  booking.Booking
	Messages []booking.Message // with their final Status and SentAt
	Rating   int               // feedback given, 1–5; 0 for none
}

// ImportPast writes past bookings in one transaction through the same
// statements a booking, its outbox rows and its feedback are written with,
// so what it builds follows the schema as it changes. It is for the data
// generator of the benchmarks (priemna bigdb), never for live bookings: it
// checks no booking window.
func (s *Store) ImportPast(ctx context.Context, list []PastBooking) error {
	return s.write(ctx, func(tx Tx) error {
		// Prepared once for the batch: preparing costs more than running.
		received, err := tx.Prepare(`UPDATE bookings SET received_at = ? WHERE id = ?`)
		if err != nil {
			return s.fail("import", err)
		}
		defer received.Close()
		delivered, err := tx.Prepare(`UPDATE outbox SET status = ?, attempts = 1, sent_at = ? WHERE id = ?`)
		if err != nil {
			return s.fail("import", err)
		}
		defer delivered.Close()
		feedback, err := tx.Prepare(insertFeedback)
		if err != nil {
			return s.fail("import", err)
		}
		defer feedback.Close()
		for i := range list {
			p := &list[i]
			b := &p.Booking
			if ok, err := s.insertBooking(tx, b, "", "import booking "+b.Reference); err != nil {
				return err
			} else if !ok {
				return s.fail("import booking "+b.Reference, s.whyNotBooked(tx, b))
			}
			if !b.ReceivedAt.IsZero() {
				if _, err := received.Exec(b.ReceivedAt.Unix(), b.ID); err != nil {
					return s.fail("import booking", err)
				}
			}
			if err := s.insertMessages(tx, b.ID, p.Messages); err != nil {
				return err
			}
			for _, m := range p.Messages {
				if m.Status != booking.MessagePending {
					if _, err := delivered.Exec(m.Status, unixOrNil(m.SentAt), m.ID); err != nil {
						return s.fail("import message", err)
					}
				}
			}
			if p.Rating > 0 {
				if _, err := feedback.Exec(b.ID, p.Rating, "", b.End.Unix()); err != nil {
					return s.fail("import feedback", err)
				}
			}
		}
		return nil
	})
}
