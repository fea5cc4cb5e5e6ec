package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/calendar"
)

// Closures returns an official's closures with dates in [from, to].
func (db *DB) Closures(ctx context.Context, officialID int64, from, to calendar.Date) ([]booking.Closure, error) {
	rows, err := db.query(ctx, `SELECT id, official_id, date, reason, created_at FROM closures
		WHERE official_id = ? AND date >= ? AND date <= ? ORDER BY date`, officialID, from.String(), to.String())
	if err != nil {
		return nil, fmt.Errorf("sqlite: closures: %w", err)
	}
	defer rows.Close()
	var list []booking.Closure
	for rows.Next() {
		var c booking.Closure
		var date string
		var created int64
		if err := rows.Scan(&c.ID, &c.OfficialID, &date, &c.Reason, &created); err != nil {
			return nil, fmt.Errorf("sqlite: closures: %w", err)
		}
		if c.Date, err = calendar.ParseDate(date); err != nil {
			return nil, fmt.Errorf("sqlite: closures: %w", err)
		}
		c.CreatedAt = fromUnix(created)
		list = append(list, c)
	}
	return list, rows.Err()
}

// CreateClosure records a closure and cancels the day's active bookings.
func (db *DB) CreateClosure(ctx context.Context, c *booking.Closure, dayStart, dayEnd time.Time,
	notify func(b *booking.Booking) booking.Notice, audit *booking.AuditEntry) ([]booking.Booking, error) {
	return db.closeDay(ctx, c, dayStart, dayEnd, notify, audit, db.cancelForOffice)
}

// cancelForOffice stores a booking the office cancelled, while it may.
func (db *DB) cancelForOffice(tx *sql.Tx, b *booking.Booking) error {
	return db.updateStatus(tx, b, booking.StatusesAllowing(booking.ActCloseDay))
}

// HandOverDay records a closure and moves the day's bookings to a deputy.
func (db *DB) HandOverDay(ctx context.Context, c *booking.Closure, deputyID int64, dayStart, dayEnd time.Time,
	notify func(b *booking.Booking) booking.Notice, audit *booking.AuditEntry) ([]booking.Booking, error) {
	return db.closeDay(ctx, c, dayStart, dayEnd, notify, audit, func(tx *sql.Tx, b *booking.Booking) error {
		res, err := tx.Exec(`UPDATE bookings SET official_id = ?, sequence = ?, updated_at = ? WHERE id = ? AND `+
			statusIn(booking.StatusesAllowing(booking.ActCloseDay)),
			deputyID, b.Sequence, b.UpdatedAt.Unix(), b.ID)
		if isUnique(err, "bookings.official_id") {
			return booking.Errorf(booking.ECONFLICT, "err.the-deputy-already-has-a",
				b.Start.In(calendar.Sofia).Format("15:04"))
		} else if err != nil {
			return fmt.Errorf("sqlite: hand over: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errChanged()
		}
		return nil
	})
}

// closeDay records a closure and applies change to each booking of the day
// that the office may still cancel, with the messages notify returns, in one transaction.
func (db *DB) closeDay(ctx context.Context, c *booking.Closure, dayStart, dayEnd time.Time,
	notify func(b *booking.Booking) booking.Notice, audit *booking.AuditEntry,
	change func(tx *sql.Tx, b *booking.Booking) error) ([]booking.Booking, error) {
	var done []booking.Booking
	err := db.write(ctx, func(tx *sql.Tx) error {
		done = nil
		if err := insertAudit(tx, audit); err != nil {
			return err
		}
		res, err := db.exec(tx, `INSERT INTO closures (official_id, date, reason, created_at) VALUES (?, ?, ?, ?)`,
			c.OfficialID, c.Date.String(), c.Reason, c.CreatedAt.Unix())
		if isUnique(err, "closures") {
			return booking.Errorf(booking.ECONFLICT, "err.this-reception-day-is-already")
		} else if err != nil {
			return fmt.Errorf("sqlite: create closure: %w", err)
		}
		if c.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		done, err = db.takeAway(ctx, tx, booking.BookingFilter{OfficialID: c.OfficialID, From: dayStart, To: dayEnd}, notify, change)
		return err
	})
	return done, err
}

// takeAway is the one pattern of closing a day, handing it over and ending
// a schedule: inside the transaction that records the change, it reads the
// bookings of f that the office may still cancel, applies change to each
// as notify has made it, and records each one's notice (its letters, and
// the priority pass they carry).
func (db *DB) takeAway(ctx context.Context, tx *sql.Tx, f booking.BookingFilter, notify func(b *booking.Booking) booking.Notice,
	change func(tx *sql.Tx, b *booking.Booking) error) ([]booking.Booking, error) {
	f.Statuses = booking.StatusesAllowing(booking.ActCloseDay)
	list, err := queryBookings(ctx, tx, f)
	if err != nil {
		return nil, err
	}
	for i := range list {
		b := &list[i]
		n := notify(b)
		if err := change(tx, b); err != nil {
			return nil, err
		}
		if err := db.insertMessages(tx, b.ID, n.Messages); err != nil {
			return nil, err
		}
		if err := insertPass(tx, b.ID, n.Pass); err != nil {
			return nil, err
		}
	}
	return list, nil
}

// insertPass issues a priority rebooking pass for a cancelled booking;
// nothing for nil.
func insertPass(tx *sql.Tx, bookingID int64, p *booking.PriorityPass) error {
	if p == nil {
		return nil
	}
	if _, err := tx.Exec(`INSERT INTO priority_passes (hash, official_id, booking_id, expires_at) VALUES (?, ?, ?, ?)`,
		p.Hash, p.OfficialID, bookingID, p.Expires.Unix()); err != nil {
		return fmt.Errorf("sqlite: priority pass: %w", err)
	}
	return nil
}
