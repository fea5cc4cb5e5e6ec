package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/priemna/priemna/booking"
)

// CreateContest records a citizen's objection to a no-show.
func (db *DB) CreateContest(ctx context.Context, bookingID int64, reason booking.ContestReason, at time.Time) error {
	return db.write(ctx, func(tx *txn) error {
		_, err := tx.Exec(`INSERT INTO no_show_contests (booking_id, reason, created_at) VALUES (?, ?, ?)`, bookingID, string(reason), at.Unix())
		if isUnique(err, "no_show_contests_pkey") {
			return booking.Errorf(booking.ECONFLICT, "err.already-contested")
		} else if err != nil {
			return fmt.Errorf("postgres: contest: %w", err)
		}
		return nil
	})
}

// Contested returns the booking's contest, decided or not, or nil.
func (db *DB) Contested(ctx context.Context, bookingID int64) (*booking.Contest, error) {
	var c booking.Contest
	var reason string
	var created int64
	err := db.queryRow(ctx, `SELECT reason, created_at FROM no_show_contests WHERE booking_id = ?`, bookingID).Scan(&reason, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	} else if err != nil {
		return nil, fmt.Errorf("postgres: contest: %w", err)
	}
	c.Reason, c.CreatedAt = booking.ContestReason(reason), fromUnix(created)
	c.Booking.ID = bookingID
	return &c, nil
}

// OpenContests returns an official's undecided contests, oldest first.
func (db *DB) OpenContests(ctx context.Context, officialID int64) ([]booking.Contest, error) {
	rows, err := db.query(ctx, `SELECT `+bookingColumns+`, c.reason, c.created_at`+bookingFrom+`
		JOIN no_show_contests c ON c.booking_id = b.id
		WHERE b.official_id = ? AND c.decided_at IS NULL ORDER BY c.created_at`, officialID)
	if err != nil {
		return nil, fmt.Errorf("postgres: open contests: %w", err)
	}
	return collect(rows, "open contests", func(r scanner) (booking.Contest, error) {
		var c booking.Contest
		var reason string
		var created int64
		b, err := scanBooking(extraScanner{r, []any{&reason, &created}})
		c.Booking, c.Reason, c.CreatedAt = b, booking.ContestReason(reason), fromUnix(created)
		return c, err
	})
}

// DecideContest closes an open contest, cancelling the strike or not.
func (db *DB) DecideContest(ctx context.Context, bookingID int64, cancelStrike bool, by int64, at time.Time, audit *booking.AuditEntry) error {
	return db.write(ctx, func(tx *txn) error {
		var user any
		if by != 0 {
			user = by
		}
		res, err := tx.Exec(`UPDATE no_show_contests SET decided_at = ?, decided_by = ?, strike_cancelled = ?
			WHERE booking_id = ? AND decided_at IS NULL`, at.Unix(), user, boolInt(cancelStrike), bookingID)
		if err != nil {
			return fmt.Errorf("postgres: decide contest: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return booking.Errorf(booking.ECONFLICT, "err.no-open-objection")
		}
		return insertAudit(tx, audit)
	})
}

// extraScanner scans the booking's columns and then some more.
type extraScanner struct {
	row   scanner
	extra []any
}

func (e extraScanner) Scan(dest ...any) error { return e.row.Scan(append(dest, e.extra...)...) }
