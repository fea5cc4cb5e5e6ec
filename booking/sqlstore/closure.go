package sqlstore

import (
	"context"
	"time"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/calendar"
)

// Closures returns an official's closures with dates in [from, to].
func (s *Store) Closures(ctx context.Context, officialID int64, from, to calendar.Date) ([]booking.Closure, error) {
	return queryAll(ctx, s, "closures", func(r Scanner) (c booking.Closure, err error) {
		var date string
		var created int64
		if err := r.Scan(&c.ID, &c.OfficialID, &date, &c.Reason, &created, &c.Told, &c.DeputyID); err != nil {
			return c, err
		}
		c.CreatedAt = fromUnix(created)
		c.Date, err = calendar.ParseDate(date)
		return c, err
	}, `SELECT id, official_id, date, reason, created_at, told, COALESCE(deputy_id, 0) FROM closures
		WHERE official_id = ? AND date >= ? AND date <= ? ORDER BY date`, officialID, from.String(), to.String())
}

// CreateClosure records a closure and cancels the day's active bookings.
func (s *Store) CreateClosure(ctx context.Context, c *booking.Closure, dayStart, dayEnd time.Time,
	notify func(b *booking.Booking) booking.Notice, audit *booking.AuditEntry) ([]booking.Booking, error) {
	return s.closeDay(ctx, c, dayStart, dayEnd, notify, audit, s.cancelForOffice)
}

// cancelForOffice stores a booking the office cancelled, while it may.
func (s *Store) cancelForOffice(tx Tx, b *booking.Booking) error {
	return s.updateStatus(tx, b, booking.StatusesAllowing(booking.ActCloseDay))
}

// HandOverDay records a closure and moves the day's bookings to a deputy.
func (s *Store) HandOverDay(ctx context.Context, c *booking.Closure, deputyID int64, dayStart, dayEnd time.Time,
	notify func(b *booking.Booking) booking.Notice, audit *booking.AuditEntry) ([]booking.Booking, error) {
	return s.closeDay(ctx, c, dayStart, dayEnd, notify, audit, func(tx Tx, b *booking.Booking) error {
		res, err := tx.Exec(`UPDATE bookings SET official_id = ?, sequence = ?, updated_at = ? WHERE id = ? AND `+
			statusIn(booking.StatusesAllowing(booking.ActCloseDay)),
			deputyID, b.Sequence, b.UpdatedAt.Unix(), b.ID)
		if s.unique(err, BookingSeat) {
			return booking.Errorf(booking.ECONFLICT, "err.the-deputy-already-has-a",
				b.Start.In(calendar.Sofia).Format("15:04"))
		} else if err != nil {
			return s.fail("hand over", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errChanged()
		}
		return nil
	})
}

// closeDay records a closure and applies change to each booking of the day
// that the office may still cancel, with the messages notify returns, in one transaction.
func (s *Store) closeDay(ctx context.Context, c *booking.Closure, dayStart, dayEnd time.Time,
	notify func(b *booking.Booking) booking.Notice, audit *booking.AuditEntry,
	change func(tx Tx, b *booking.Booking) error) ([]booking.Booking, error) {
	var done []booking.Booking
	err := s.writeCatalog(ctx, audit, func(tx Tx) error {
		done = nil
		if err := s.b.LockDay(tx, c.OfficialID, dayStart, dayEnd, c.Date.String()); err != nil {
			return err
		}
		id, _, err := tx.InsertID(`INSERT INTO closures (official_id, date, reason, created_at) VALUES (?, ?, ?, ?)`,
			c.OfficialID, c.Date.String(), c.Reason, c.CreatedAt.Unix())
		if err := s.inserted(err, "create closure", ClosureDay, booking.Errorf(booking.ECONFLICT, "err.this-reception-day-is-already")); err != nil {
			return err
		}
		c.ID = id
		done, err = s.takeAway(ctx, tx, booking.BookingFilter{OfficialID: c.OfficialID, From: dayStart, To: dayEnd}, notify, change)
		if err != nil {
			return err
		}
		told := 0
		for i := range done {
			if done[i].Email != "" { // forCitizen writes to those with an address
				told++
			}
		}
		if _, err := tx.Exec(`UPDATE closures SET told = ?, deputy_id = ? WHERE id = ?`, told, nullID(c.DeputyID), c.ID); err != nil {
			return s.fail("create closure", err)
		}
		c.Told = told
		return nil
	})
	return done, err
}

// takeAway is the one pattern of closing a day, handing it over and ending
// a schedule: inside the transaction that records the change, it reads the
// bookings of f that the office may still cancel, applies change to each
// as notify has made it, and records each one's notice (its letters, and
// the priority pass they carry).
func (s *Store) takeAway(ctx context.Context, tx Tx, f booking.BookingFilter, notify func(b *booking.Booking) booking.Notice,
	change func(tx Tx, b *booking.Booking) error) ([]booking.Booking, error) {
	f.Statuses = booking.StatusesAllowing(booking.ActCloseDay)
	list, err := s.queryBookings(ctx, tx, f)
	if err != nil {
		return nil, err
	}
	for i := range list {
		b := &list[i]
		n := notify(b)
		if err := change(tx, b); err != nil {
			return nil, err
		}
		if err := s.insertMessages(tx, b.ID, n.Messages); err != nil {
			return nil, err
		}
		if err := s.insertPass(tx, b.ID, n.Pass); err != nil {
			return nil, err
		}
	}
	return list, nil
}

// insertPass issues a priority rebooking pass for a cancelled booking;
// nothing for nil.
func (s *Store) insertPass(tx Tx, bookingID int64, p *booking.PriorityPass) error {
	if p == nil {
		return nil
	}
	if _, err := tx.Exec(`INSERT INTO priority_passes (hash, official_id, booking_id, expires_at) VALUES (?, ?, ?, ?)`,
		p.Hash, p.OfficialID, bookingID, p.Expires.Unix()); err != nil {
		return s.fail("priority pass", err)
	}
	return nil
}

// writeCatalog runs fn in a write that changes the catalogue (units,
// officials, schedules, closures) with its audit entry; other processes
// learn that their cached calendars are stale.
func (s *Store) writeCatalog(ctx context.Context, audit *booking.AuditEntry, fn func(tx Tx) error) error {
	return s.write(ctx, func(tx Tx) error {
		if err := s.b.CatalogChanged(tx); err != nil {
			return err
		}
		if err := s.insertAudit(tx, audit); err != nil {
			return err
		}
		return fn(tx)
	})
}

// createCatalog inserts a catalogue row (query) and sets *id to its id;
// conflict when the unique constraint c holds such a row already.
func (s *Store) createCatalog(ctx context.Context, audit *booking.AuditEntry, id *int64, what string, c Constraint, conflict error, query string, args ...any) error {
	return s.writeCatalog(ctx, audit, func(tx Tx) error {
		newID, _, err := tx.InsertID(query, args...)
		if err := s.inserted(err, what, c, conflict); err != nil {
			return err
		}
		*id = newID
		return nil
	})
}

// updateCatalog runs a catalogue UPDATE (query) that may end slots, after
// locking the officials lockWhere selects: the bookings under way commit
// first, and those after see the change. what names it in an error.
func (s *Store) updateCatalog(ctx context.Context, audit *booking.AuditEntry, what, lockWhere string, lockArg any, query string, args ...any) error {
	return s.writeCatalog(ctx, audit, func(tx Tx) error {
		if err := s.b.LockOfficials(tx, lockWhere, lockArg); err != nil {
			return err
		}
		if _, err := tx.Exec(query, args...); err != nil {
			return s.fail(what, err)
		}
		return nil
	})
}
