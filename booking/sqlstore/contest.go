package sqlstore

import (
	"context"
	"time"

	"github.com/priemna/priemna/booking"
)

// CreateContest records a citizen's objection to a no-show.
func (s *Store) CreateContest(ctx context.Context, bookingID int64, reason booking.ContestReason, at time.Time) error {
	return s.write(ctx, func(tx Tx) error {
		_, err := tx.Exec(`INSERT INTO no_show_contests (booking_id, reason, created_at) VALUES (?, ?, ?)`, bookingID, string(reason), at.Unix())
		return s.inserted(err, "contest", ContestBooking, booking.Errorf(booking.ECONFLICT, "err.already-contested"))
	})
}

// Contested returns the booking's contest, decided or not, or nil.
func (s *Store) Contested(ctx context.Context, bookingID int64) (*booking.Contest, error) {
	return queryOne(ctx, s, "contest", nil, func(r Scanner) (c booking.Contest, err error) {
		var created int64
		err = r.Scan(&c.Reason, &created)
		c.Booking.ID, c.CreatedAt = bookingID, fromUnix(created)
		return c, err
	}, `SELECT reason, created_at FROM no_show_contests WHERE booking_id = ?`, bookingID)
}

// OpenContests returns an official's undecided contests, oldest first.
func (s *Store) OpenContests(ctx context.Context, officialID int64) ([]booking.Contest, error) {
	return queryAll(ctx, s, "open contests", func(r Scanner) (booking.Contest, error) {
		var c booking.Contest
		var reason string
		var created int64
		b, err := scanBooking(extraScanner{r, []any{&reason, &created}})
		c.Booking, c.Reason, c.CreatedAt = b, booking.ContestReason(reason), fromUnix(created)
		return c, err
	}, `SELECT `+bookingColumns+`, c.reason, c.created_at`+bookingFrom+`
		JOIN no_show_contests c ON c.booking_id = b.id
		WHERE b.official_id = ? AND c.decided_at IS NULL ORDER BY c.created_at`, officialID)
}

// DecideContest closes an open contest, cancelling the strike or not.
func (s *Store) DecideContest(ctx context.Context, bookingID int64, cancelStrike bool, by int64, at time.Time, audit *booking.AuditEntry) error {
	return s.write(ctx, func(tx Tx) error {
		res, err := tx.Exec(`UPDATE no_show_contests SET decided_at = ?, decided_by = ?, strike_cancelled = ?
			WHERE booking_id = ? AND decided_at IS NULL`, at.Unix(), nullID(by), boolInt(cancelStrike), bookingID)
		if err != nil {
			return s.fail("decide contest", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return booking.Errorf(booking.ECONFLICT, "err.no-open-objection")
		}
		return s.insertAudit(tx, audit)
	})
}

// extraScanner scans the booking's columns and then some more.
type extraScanner struct {
	row   Scanner
	extra []any
}

func (e extraScanner) Scan(dest ...any) error { return e.row.Scan(append(dest, e.extra...)...) }
