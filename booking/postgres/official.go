package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/calendar"
)

const unitColumns = `id, slug, name, name_en, kind, address, address_en, phone, email, active`

func scanUnit(row scanner) (booking.Unit, error) {
	var u booking.Unit
	err := row.Scan(&u.ID, &u.Slug, &u.Name, &u.NameEN, &u.Kind, &u.Address, &u.AddressEN, &u.Phone, &u.Email, &u.Active)
	return u, err
}

// Units returns every unit, closed ones included, by kind and name.
func (db *DB) Units(ctx context.Context) ([]booking.Unit, error) {
	rows, err := db.query(ctx, `SELECT `+unitColumns+` FROM units
		ORDER BY CASE kind WHEN 'municipality' THEN 0 WHEN 'district' THEN 1 ELSE 2 END, name`)
	if err != nil {
		return nil, fmt.Errorf("postgres: units: %w", err)
	}
	return collect(rows, "units", scanUnit)
}

// Unit returns the unit with the slug.
func (db *DB) Unit(ctx context.Context, slug string) (*booking.Unit, error) {
	return db.unitWhere(ctx, `slug = ?`, slug)
}

// UnitByID returns a unit by row id.
func (db *DB) UnitByID(ctx context.Context, id int64) (*booking.Unit, error) {
	return db.unitWhere(ctx, `id = ?`, id)
}

func (db *DB) unitWhere(ctx context.Context, where string, arg any) (*booking.Unit, error) {
	u, err := scanUnit(db.queryRow(ctx, `SELECT `+unitColumns+` FROM units WHERE `+where, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound(booking.T("err.there-is-no-such-unit"))
	} else if err != nil {
		return nil, fmt.Errorf("postgres: unit: %w", err)
	}
	return &u, nil
}

// CreateUnit inserts a unit and sets its ID.
func (db *DB) CreateUnit(ctx context.Context, u *booking.Unit, audit *booking.AuditEntry) error {
	return db.write(ctx, func(tx *txn) error {
		if err := notifyChanged(tx); err != nil {
			return err
		}
		id, _, err := tx.insertID(`INSERT INTO units (slug, name, name_en, kind, address, address_en, phone, email, active)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1)`, u.Slug, u.Name, u.NameEN, u.Kind, u.Address, u.AddressEN, u.Phone, u.Email)
		if isUnique(err, "units_slug_key") {
			return booking.Errorf(booking.ECONFLICT, "err.a-unit-with-this-slug")
		} else if err != nil {
			return fmt.Errorf("postgres: create unit: %w", err)
		}
		u.ID = id
		return insertAudit(tx, audit)
	})
}

const officialColumns = `o.id, o.slug, o.name, o.name_en, o.title, o.title_en, o.unit_id, u.slug, o.email, o.phone, o.active, u.active, o.hold_minutes`

func scanOfficial(row scanner) (booking.Official, error) {
	var o booking.Official
	err := row.Scan(&o.ID, &o.Slug, &o.Name, &o.NameEN, &o.Title, &o.TitleEN, &o.UnitID, &o.UnitSlug, &o.Email, &o.Phone, &o.Active, &o.UnitActive, &o.HoldMinutes)
	return o, err
}

// Officials returns the active officials, by unit and then by id.
func (db *DB) Officials(ctx context.Context) ([]booking.Official, error) {
	rows, err := db.query(ctx, `SELECT `+officialColumns+`
		FROM officials o JOIN units u ON u.id = o.unit_id WHERE o.active = 1 AND u.active = 1
		ORDER BY CASE u.kind WHEN 'municipality' THEN 0 WHEN 'district' THEN 1 ELSE 2 END, u.name, o.id`)
	if err != nil {
		return nil, fmt.Errorf("postgres: officials: %w", err)
	}
	return collect(rows, "officials", scanOfficial)
}

// Official returns the official with the slug.
func (db *DB) Official(ctx context.Context, slug string) (*booking.Official, error) {
	return db.officialWhere(ctx, `o.slug = ?`, slug)
}

// OfficialByID returns an official by row id, active or not.
func (db *DB) OfficialByID(ctx context.Context, id int64) (*booking.Official, error) {
	return db.officialWhere(ctx, `o.id = ?`, id)
}

func (db *DB) officialWhere(ctx context.Context, where string, arg any) (*booking.Official, error) {
	o, err := scanOfficial(db.queryRow(ctx, `SELECT `+officialColumns+`
		FROM officials o JOIN units u ON u.id = o.unit_id WHERE `+where, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound(booking.T("err.there-is-no-such-official"))
	} else if err != nil {
		return nil, fmt.Errorf("postgres: official: %w", err)
	}
	return &o, nil
}

// CreateOfficial inserts an official and sets its ID.
func (db *DB) CreateOfficial(ctx context.Context, o *booking.Official, audit *booking.AuditEntry) error {
	return db.write(ctx, func(tx *txn) error {
		if err := notifyChanged(tx); err != nil {
			return err
		}
		id, _, err := tx.insertID(`INSERT INTO officials (slug, unit_id, name, name_en, title, title_en, email, phone, active, hold_minutes)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			o.Slug, o.UnitID, o.Name, o.NameEN, o.Title, o.TitleEN, o.Email, o.Phone, boolInt(o.Active), o.HoldMinutes)
		if isUnique(err, "officials_slug_key") {
			return booking.Errorf(booking.ECONFLICT, "err.an-official-with-this-slug")
		} else if err != nil {
			return fmt.Errorf("postgres: create official: %w", err)
		}
		o.ID = id
		return insertAudit(tx, audit)
	})
}

const scheduleColumns = `id, official_id, rule, duration_minutes, slot_minutes, capacity, location, step_free,
	booking_opens_days, booking_closes_hours, observe_holidays, created_at, active`

// Schedules returns an official's schedules, ended ones included, oldest first.
func (db *DB) Schedules(ctx context.Context, officialID int64) ([]booking.Schedule, error) {
	return db.schedulesWhere(ctx, `official_id = ?`, officialID)
}

// ScheduleByID returns one schedule, ended or not; ENOTFOUND otherwise.
func (db *DB) ScheduleByID(ctx context.Context, id int64) (*booking.Schedule, error) {
	list, err := db.schedulesWhere(ctx, `id = ?`, id)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, notFound(booking.T("err.there-is-no-such-schedule"))
	}
	return &list[0], nil
}

func (db *DB) schedulesWhere(ctx context.Context, where string, arg any) ([]booking.Schedule, error) {
	rows, err := db.query(ctx, `SELECT `+scheduleColumns+` FROM schedules WHERE `+where+` ORDER BY id`, arg)
	if err != nil {
		return nil, fmt.Errorf("postgres: schedules: %w", err)
	}
	defer rows.Close()
	var list []booking.Schedule
	for rows.Next() {
		var s booking.Schedule
		var created int64
		if err := rows.Scan(&s.ID, &s.OfficialID, &s.Rule, &s.DurationMinutes, &s.SlotMinutes, &s.Capacity, &s.Location,
			&s.StepFree, &s.BookingOpensDays, &s.BookingClosesHours, &s.ObserveHolidays, &created, &s.Active); err != nil {
			return nil, fmt.Errorf("postgres: schedules: %w", err)
		}
		s.CreatedAt = fromUnix(created)
		list = append(list, s)
	}
	return list, rows.Err()
}

// CreateSchedule inserts a schedule and sets its ID.
func (db *DB) CreateSchedule(ctx context.Context, s *booking.Schedule, audit *booking.AuditEntry) error {
	return db.write(ctx, func(tx *txn) error {
		if err := notifyChanged(tx); err != nil {
			return err
		}
		id, _, err := tx.insertID(`INSERT INTO schedules (official_id, rule, duration_minutes, slot_minutes, capacity, location,
			step_free, booking_opens_days, booking_closes_hours, observe_holidays, created_at, active)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
			s.OfficialID, s.Rule, s.DurationMinutes, s.SlotMinutes, s.Capacity, s.Location, boolInt(s.StepFree),
			s.BookingOpensDays, s.BookingClosesHours, boolInt(s.ObserveHolidays), s.CreatedAt.Unix())
		if err != nil {
			return fmt.Errorf("postgres: create schedule: %w", err)
		}
		s.ID = id
		return insertAudit(tx, audit)
	})
}

// Closures returns an official's closures with dates in [from, to].
func (db *DB) Closures(ctx context.Context, officialID int64, from, to calendar.Date) ([]booking.Closure, error) {
	rows, err := db.query(ctx, `SELECT id, official_id, date, reason, created_at FROM closures
		WHERE official_id = ? AND date >= ? AND date <= ? ORDER BY date`, officialID, from.String(), to.String())
	if err != nil {
		return nil, fmt.Errorf("postgres: closures: %w", err)
	}
	defer rows.Close()
	var list []booking.Closure
	for rows.Next() {
		var c booking.Closure
		var date string
		var created int64
		if err := rows.Scan(&c.ID, &c.OfficialID, &date, &c.Reason, &created); err != nil {
			return nil, fmt.Errorf("postgres: closures: %w", err)
		}
		if c.Date, err = calendar.ParseDate(date); err != nil {
			return nil, fmt.Errorf("postgres: closures: %w", err)
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
func (db *DB) cancelForOffice(tx *txn, b *booking.Booking) error {
	return db.updateStatus(tx, b, booking.StatusesAllowing(booking.ActCloseDay))
}

// HandOverDay records a closure and moves the day's bookings to a deputy.
func (db *DB) HandOverDay(ctx context.Context, c *booking.Closure, deputyID int64, dayStart, dayEnd time.Time,
	notify func(b *booking.Booking) booking.Notice, audit *booking.AuditEntry) ([]booking.Booking, error) {
	return db.closeDay(ctx, c, dayStart, dayEnd, notify, audit, func(tx *txn, b *booking.Booking) error {
		res, err := tx.Exec(`UPDATE bookings SET official_id = ?, sequence = ?, updated_at = ? WHERE id = ? AND `+
			statusIn(booking.StatusesAllowing(booking.ActCloseDay)),
			deputyID, b.Sequence, b.UpdatedAt.Unix(), b.ID)
		if isUnique(err, "bookings_seat") {
			return booking.Errorf(booking.ECONFLICT, "err.the-deputy-already-has-a",
				b.Start.In(calendar.Sofia).Format("15:04"))
		} else if err != nil {
			return fmt.Errorf("postgres: hand over: %w", err)
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
	change func(tx *txn, b *booking.Booking) error) ([]booking.Booking, error) {
	var done []booking.Booking
	err := db.write(ctx, func(tx *txn) error {
		if err := notifyChanged(tx); err != nil {
			return err
		}
		done = nil
		if err := insertAudit(tx, audit); err != nil {
			return err
		}
		if err := lockDay(tx, c.OfficialID, dayStart, dayEnd, c.Date.String()); err != nil {
			return err
		}
		id, _, err := tx.insertID(`INSERT INTO closures (official_id, date, reason, created_at) VALUES (?, ?, ?, ?)`,
			c.OfficialID, c.Date.String(), c.Reason, c.CreatedAt.Unix())
		if isUnique(err, "closures_official_id_date_key") {
			return booking.Errorf(booking.ECONFLICT, "err.this-reception-day-is-already")
		} else if err != nil {
			return fmt.Errorf("postgres: create closure: %w", err)
		}
		c.ID = id
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
func (db *DB) takeAway(ctx context.Context, tx *txn, f booking.BookingFilter, notify func(b *booking.Booking) booking.Notice,
	change func(tx *txn, b *booking.Booking) error) ([]booking.Booking, error) {
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
func insertPass(tx *txn, bookingID int64, p *booking.PriorityPass) error {
	if p == nil {
		return nil
	}
	if _, err := tx.Exec(`INSERT INTO priority_passes (hash, official_id, booking_id, expires_at) VALUES (?, ?, ?, ?)`,
		p.Hash, p.OfficialID, bookingID, p.Expires.Unix()); err != nil {
		return fmt.Errorf("postgres: priority pass: %w", err)
	}
	return nil
}

// UpdateOfficial stores an official's details and whether they are active.
func (db *DB) UpdateOfficial(ctx context.Context, o *booking.Official, audit *booking.AuditEntry) error {
	return db.write(ctx, func(tx *txn) error {
		if err := notifyChanged(tx); err != nil {
			return err
		}
		if err := lockOfficials(tx, `id = ?`, o.ID); err != nil {
			return err
		}
		_, err := tx.Exec(`UPDATE officials SET unit_id = ?, name = ?, name_en = ?, title = ?, title_en = ?, email = ?, phone = ?, active = ?, hold_minutes = ?
			WHERE id = ?`, o.UnitID, o.Name, o.NameEN, o.Title, o.TitleEN, o.Email, o.Phone, boolInt(o.Active), o.HoldMinutes, o.ID)
		if err != nil {
			return fmt.Errorf("postgres: update official: %w", err)
		}
		return insertAudit(tx, audit)
	})
}

// EndSchedule marks a schedule ended and, in the same transaction, cancels
// its coming bookings when asked, recording the messages notify returns
// for each.
func (db *DB) EndSchedule(ctx context.Context, scheduleID int64, cancel bool, from time.Time,
	notify func(b *booking.Booking) booking.Notice, audit *booking.AuditEntry) ([]booking.Booking, error) {
	var done []booking.Booking
	err := db.write(ctx, func(tx *txn) error {
		if err := notifyChanged(tx); err != nil {
			return err
		}
		done = nil
		if err := insertAudit(tx, audit); err != nil {
			return err
		}
		if err := lockOfficials(tx, `id = (SELECT official_id FROM schedules WHERE id = ?)`, scheduleID); err != nil {
			return err
		}
		res, err := tx.Exec(`UPDATE schedules SET active = 0 WHERE id = ? AND active = 1`, scheduleID)
		if err != nil {
			return fmt.Errorf("postgres: end schedule: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return booking.Errorf(booking.ECONFLICT, "err.the-schedule-has-already-ended")
		}
		if !cancel {
			return nil
		}
		// Bookings that held the schedule's row have committed; theirs and
		// the rest are locked against a citizen's change under way.
		if _, err := tx.Exec(`SELECT id FROM bookings WHERE schedule_id = ? AND starts_at >= ? FOR UPDATE`, scheduleID, from.Unix()); err != nil {
			return fmt.Errorf("postgres: end schedule: %w", err)
		}
		done, err = db.takeAway(ctx, tx, booking.BookingFilter{ScheduleID: scheduleID, From: from}, notify, db.cancelForOffice)
		return err
	})
	return done, err
}

// UpdateUnit stores a unit's details and whether it is active.
func (db *DB) UpdateUnit(ctx context.Context, u *booking.Unit, audit *booking.AuditEntry) error {
	return db.write(ctx, func(tx *txn) error {
		if err := notifyChanged(tx); err != nil {
			return err
		}
		if err := lockOfficials(tx, `unit_id = ?`, u.ID); err != nil {
			return err
		}
		_, err := tx.Exec(`UPDATE units SET name = ?, name_en = ?, kind = ?, address = ?, address_en = ?, phone = ?, email = ?, active = ?
			WHERE id = ?`, u.Name, u.NameEN, u.Kind, u.Address, u.AddressEN, u.Phone, u.Email, boolInt(u.Active), u.ID)
		if err != nil {
			return fmt.Errorf("postgres: update unit: %w", err)
		}
		return insertAudit(tx, audit)
	})
}
