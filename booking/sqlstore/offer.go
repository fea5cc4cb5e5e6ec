package sqlstore

// Offers of freed seats to the waiting list.

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/calendar"
)

// nextWaiting picks the first entry a slot may be offered to: waiting for
// the official, the slot's day within its dates and weekdays, no open offer
// to the same citizen (canonical email, with any official), no coming
// booking with the official, and never offered this slot.
var nextWaiting = `SELECT e.id, ` + citizenColumns("e") + ` FROM waitlist e
	WHERE e.official_id = ? AND e.status = 'waiting' AND e.from_date <= ? AND e.to_date >= ?
	AND (e.weekdays = 0 OR (e.weekdays >> ?) & 1 = 1)
	AND NOT EXISTS (SELECT 1 FROM waitlist_offers f JOIN waitlist w ON w.id = f.entry_id
		WHERE f.outcome IS NULL AND w.email_key = e.email_key)
	AND NOT EXISTS (SELECT 1 FROM waitlist_offers f WHERE f.entry_id = e.id AND f.starts_at = ?)
	AND NOT EXISTS (SELECT 1 FROM bookings b WHERE b.official_id = e.official_id AND b.email_key = e.email_key
		AND b.status IN ('pending', 'confirmed') AND b.starts_at > ?)
	ORDER BY e.id LIMIT 1`

const offerColumns = `id, entry_id, booking_id, starts_at, COALESCE(outcome, ''), created_at`

// nextWaiting reads the answer of the nextWaiting query: ENOTFOUND when
// nobody waiting can take the slot.
func (s *Store) nextWaiting(row Scanner) (booking.WaitEntry, error) {
	var e booking.WaitEntry
	err := row.Scan(append([]any{&e.ID}, citizenDest(&e.Citizen)...)...)
	if errors.Is(err, sql.ErrNoRows) {
		return e, errEntryNotFound()
	} else if err != nil {
		return e, s.fail("offer seat", err)
	}
	return e, nil
}

// OfferSeat holds a free seat of b's slot for the first matching waiting
// citizen, all in one transaction: the single writer makes the choice of
// citizen and the seat one step, so two seats freeing at once go to two
// citizens and a public booking racing the offer finds the seat taken.
func (s *Store) OfferSeat(ctx context.Context, b *booking.Booking, codeHash string, msg booking.Message, now time.Time) (*booking.WaitEntry, error) {
	day := calendar.DateOf(b.Start)
	args := []any{b.OfficialID, day.String(), day.String(), int(day.Weekday()), b.Start.Unix(), now.Unix()}
	// The offer sweep tries every free slot in the booking window (a daily
	// schedule's are thousands), and most match nobody: a read rules those
	// out, so that only an offer takes the writer. The write asks again,
	// in its transaction.
	if _, err := s.nextWaiting(s.queryRow(ctx, nextWaiting, args...)); err != nil {
		return nil, err
	}
	var entry *booking.WaitEntry
	err := s.write(ctx, func(tx Tx) error {
		entry = nil
		if err := s.b.Lock(tx, "waitlist-offers"); err != nil {
			return err
		}
		if err := s.b.LockSlot(tx, b); err != nil {
			return err
		}
		e, err := s.nextWaiting(tx.QueryRow(nextWaiting, args...))
		if err != nil {
			return err
		}
		b.Citizen = e.Citizen
		if ok, err := s.insertBooking(tx, b, "", "offer seat"); err != nil {
			return err
		} else if !ok {
			return errSlotFull()
		}
		if _, err := tx.Exec(`INSERT INTO waitlist_offers (entry_id, booking_id, code_hash, starts_at, created_at) VALUES (?, ?, ?, ?, ?)`,
			e.ID, b.ID, codeHash, b.Start.Unix(), now.Unix()); err != nil {
			return s.fail("offer seat", err)
		}
		e.OfficialID, e.Status = b.OfficialID, booking.WaitWaiting
		entry = &e
		return s.insertMessages(tx, b.ID, []booking.Message{msg})
	})
	if err != nil {
		return nil, err
	}
	return entry, nil
}

func (s *Store) offerWhere(ctx context.Context, where string, arg any) (*booking.Offer, error) {
	return queryOne(ctx, s, "offer", notFound(booking.T("text.there-is-no-such-offer")), func(r Scanner) (o booking.Offer, err error) {
		var start, created int64
		err = r.Scan(&o.ID, &o.EntryID, &o.BookingID, &start, &o.Outcome, &created)
		o.Start, o.CreatedAt = fromUnix(start), fromUnix(created)
		return o, err
	}, `SELECT `+offerColumns+` FROM waitlist_offers WHERE outcome IS NULL AND `+where, arg)
}

// OfferByCode returns the open offer whose code hashes to hash.
func (s *Store) OfferByCode(ctx context.Context, hash string) (*booking.Offer, error) {
	return s.offerWhere(ctx, `code_hash = ?`, hash)
}

// OfferForBooking returns the open offer holding the booking.
func (s *Store) OfferForBooking(ctx context.Context, bookingID int64) (*booking.Offer, error) {
	return s.offerWhere(ctx, `booking_id = ?`, bookingID)
}

// AnswerOffer ends an open offer, stores its booking and moves its entry.
func (s *Store) AnswerOffer(ctx context.Context, o *booking.Offer, b *booking.Booking, outcome booking.OfferOutcome, entry booking.WaitStatus, msgs []booking.Message) error {
	return s.write(ctx, func(tx Tx) error {
		at := b.UpdatedAt.Unix()
		res, err := tx.Exec(`UPDATE waitlist_offers SET outcome = ?, answered_at = ?, code_hash = NULL WHERE id = ? AND outcome IS NULL`,
			outcome, at, o.ID)
		if err != nil {
			return s.fail("answer offer", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return booking.Errorf(booking.ECONFLICT, "err.the-offer-has-already-been")
		}
		if err := s.updateStatus(tx, b, []booking.Status{booking.StatusPending}); err != nil {
			return err
		}
		if entry != "" {
			var bookingID any
			if entry == booking.WaitBooked {
				bookingID = b.ID
			}
			if err := s.endEntry(tx, o.EntryID, entry, bookingID, at); err != nil {
				return err
			}
		}
		return s.insertMessages(tx, b.ID, msgs)
	})
}
