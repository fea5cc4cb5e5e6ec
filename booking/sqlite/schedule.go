package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/priemna/priemna/booking"
)

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
		return nil, fmt.Errorf("sqlite: schedules: %w", err)
	}
	defer rows.Close()
	var list []booking.Schedule
	for rows.Next() {
		var s booking.Schedule
		var created int64
		if err := rows.Scan(&s.ID, &s.OfficialID, &s.Rule, &s.DurationMinutes, &s.SlotMinutes, &s.Capacity, &s.Location,
			&s.StepFree, &s.BookingOpensDays, &s.BookingClosesHours, &s.ObserveHolidays, &created, &s.Active); err != nil {
			return nil, fmt.Errorf("sqlite: schedules: %w", err)
		}
		s.CreatedAt = fromUnix(created)
		list = append(list, s)
	}
	return list, rows.Err()
}

// CreateSchedule inserts a schedule and sets its ID.
func (db *DB) CreateSchedule(ctx context.Context, s *booking.Schedule, audit *booking.AuditEntry) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		res, err := db.exec(tx, `INSERT INTO schedules (official_id, rule, duration_minutes, slot_minutes, capacity, location,
			step_free, booking_opens_days, booking_closes_hours, observe_holidays, created_at, active)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
			s.OfficialID, s.Rule, s.DurationMinutes, s.SlotMinutes, s.Capacity, s.Location, boolInt(s.StepFree),
			s.BookingOpensDays, s.BookingClosesHours, boolInt(s.ObserveHolidays), s.CreatedAt.Unix())
		if err != nil {
			return fmt.Errorf("sqlite: create schedule: %w", err)
		}
		if s.ID, err = res.LastInsertId(); err != nil {
			return err
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
	err := db.write(ctx, func(tx *sql.Tx) error {
		done = nil
		if err := insertAudit(tx, audit); err != nil {
			return err
		}
		res, err := tx.Exec(`UPDATE schedules SET active = 0 WHERE id = ? AND active = 1`, scheduleID)
		if err != nil {
			return fmt.Errorf("sqlite: end schedule: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return booking.Errorf(booking.ECONFLICT, "err.the-schedule-has-already-ended")
		}
		if !cancel {
			return nil
		}
		done, err = db.takeAway(ctx, tx, booking.BookingFilter{ScheduleID: scheduleID, From: from}, notify, db.cancelForOffice)
		return err
	})
	return done, err
}
