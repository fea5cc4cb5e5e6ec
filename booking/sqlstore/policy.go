package sqlstore

import (
	"context"
	"slices"
	"time"

	"github.com/priemna/priemna/booking"
)

// NoShowsSince returns the slot starts of a citizen's no-shows since the
// instant and after the last lift, newest first, matching the email by its
// canonical key. Only a no-show of a booking whose citizen proved the
// address counts — one taken as a hold and confirmed through the code
// mailed to it (it has a hold letter: an unconfirmed hold is released,
// never a no-show) — or of one staff made: anyone can book with another's
// address, and must not be able to block them.
func (s *Store) NoShowsSince(ctx context.Context, email string, since time.Time) ([]time.Time, error) {
	email = booking.EmailKey(email)
	starts, err := queryAll(ctx, s, "no-shows", scanTime, noShowsSince, email, since.Unix(), email)
	slices.SortFunc(starts, func(a, b time.Time) int { return b.Compare(a) })
	return starts, err
}

// noShowsSince is NoShowsSince's query: the email key, the instant, the
// email key again. Unsorted, and no MAX (SQLite plans it as a sort):
// every booking runs it (see planStable).
const noShowsSince = `SELECT b.starts_at FROM bookings b
		WHERE b.email_key = ? AND b.status = 'no_show' AND b.starts_at >= ?
		AND (b.booked_by IS NOT NULL OR EXISTS (SELECT 1 FROM outbox o WHERE o.booking_id = b.id AND o.kind = 'hold'))
		AND NOT EXISTS (SELECT 1 FROM policy_lifts WHERE email = ? AND lifted_at >= b.starts_at)
		AND NOT EXISTS (SELECT 1 FROM no_show_contests c WHERE c.booking_id = b.id AND c.strike_cancelled = 1)`

// CountsAsStrike applies NoShowsSince's rule to one booking, whatever its
// status now.
func (s *Store) CountsAsStrike(ctx context.Context, bookingID int64) (bool, error) {
	var n int
	err := s.queryRow(ctx, `SELECT COUNT(*) FROM bookings b WHERE b.id = ?
		AND (b.booked_by IS NOT NULL OR EXISTS (SELECT 1 FROM outbox o WHERE o.booking_id = b.id AND o.kind = 'hold'))
		AND NOT EXISTS (SELECT 1 FROM no_show_contests c WHERE c.booking_id = b.id AND c.strike_cancelled = 1)`, bookingID).Scan(&n)
	if err != nil {
		return false, s.fail("counts as strike", err)
	}
	return n > 0, nil
}

// LiftBlock records that staff lifted a citizen's block.
func (s *Store) LiftBlock(ctx context.Context, email string, userID int64, at time.Time, audit *booking.AuditEntry) error {
	return s.write(ctx, func(tx Tx) error {
		if _, err := tx.Exec(`INSERT INTO policy_lifts (email, user_id, lifted_at) VALUES (?, ?, ?)`,
			booking.EmailKey(email), nullID(userID), at.Unix()); err != nil {
			return s.fail("lift block", err)
		}
		return s.insertAudit(tx, audit)
	})
}

// checkCaps counts the citizen's coming bookings inside the write that
// inserts b, and lets check refuse it (nil: no caps): one writer, so no parallel
// booking can slip in between the count and the insert.
func (s *Store) checkCaps(tx Tx, b *booking.Booking, check func(perOfficial, overall int) error) error {
	if check == nil {
		return nil
	}
	email, phone := booking.EmailKey(b.Email), booking.PhoneKey(b.Phone)
	if err := s.b.LockCitizen(tx, email, phone); err != nil {
		return err
	}
	var per, all int
	err := tx.QueryRow(comingBookings, b.OfficialID, b.CreatedAt.Unix(), email, email, phone, phone).Scan(&per, &all)
	if err != nil {
		return s.fail("coming bookings", err)
	}
	return check(per, all)
}

// comingBookings counts a citizen's coming bookings with an official and
// in all. Parameters: the official's id, now, the email key twice, the
// phone key twice.
const comingBookings = `SELECT COALESCE(SUM(CASE WHEN official_id = ? THEN 1 ELSE 0 END), 0), COUNT(*) FROM bookings
	WHERE status IN ('pending', 'confirmed') AND starts_at > ?
	AND ((? <> '' AND email_key = ?) OR (? <> '' AND phone_key = ?))`
