package sqlstore

import (
	"context"
	"time"

	"github.com/priemna/priemna/booking"
)

const scheduleColumns = `id, official_id, rule, duration_minutes, slot_minutes, capacity, location, step_free,
	booking_opens_days, booking_closes_hours, observe_holidays, created_at, active, location_en, access_note, access_note_en`

// Schedules returns an official's schedules, ended ones included, oldest first.
func (s *Store) Schedules(ctx context.Context, officialID int64) ([]booking.Schedule, error) {
	return s.schedulesWhere(ctx, `official_id = ?`, officialID)
}

// ScheduleByID returns one schedule, ended or not; ENOTFOUND otherwise.
func (s *Store) ScheduleByID(ctx context.Context, id int64) (*booking.Schedule, error) {
	list, err := s.schedulesWhere(ctx, `id = ?`, id)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, notFound(booking.T("err.there-is-no-such-schedule"))
	}
	return &list[0], nil
}

func (s *Store) schedulesWhere(ctx context.Context, where string, arg any) ([]booking.Schedule, error) {
	return queryAll(ctx, s, "schedules", scanSchedule, `SELECT `+scheduleColumns+` FROM schedules WHERE `+where+` ORDER BY id`, arg)
}

func scanSchedule(r Scanner) (booking.Schedule, error) {
	var sc booking.Schedule
	var created int64
	err := r.Scan(&sc.ID, &sc.OfficialID, &sc.Rule, &sc.DurationMinutes, &sc.SlotMinutes, &sc.Capacity, &sc.Location,
		&sc.StepFree, &sc.BookingOpensDays, &sc.BookingClosesHours, &sc.ObserveHolidays, &created, &sc.Active, &sc.LocationEN, &sc.Access, &sc.AccessEN)
	sc.CreatedAt = fromUnix(created)
	return sc, err
}

// CreateSchedule inserts a schedule and sets its ID.
func (s *Store) CreateSchedule(ctx context.Context, sc *booking.Schedule, audit *booking.AuditEntry) error {
	return s.writeCatalog(ctx, audit, func(tx Tx) error {
		id, _, err := tx.InsertID(`INSERT INTO schedules (official_id, rule, duration_minutes, slot_minutes, capacity, location,
			step_free, booking_opens_days, booking_closes_hours, observe_holidays, created_at, active, location_en, access_note, access_note_en)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)`,
			sc.OfficialID, sc.Rule, sc.DurationMinutes, sc.SlotMinutes, sc.Capacity, sc.Location, boolInt(sc.StepFree),
			sc.BookingOpensDays, sc.BookingClosesHours, boolInt(sc.ObserveHolidays), sc.CreatedAt.Unix(), sc.LocationEN, sc.Access, sc.AccessEN)
		if err != nil {
			return s.fail("create schedule", err)
		}
		sc.ID = id
		return nil
	})
}

// EndSchedule marks a schedule ended and, in the same transaction, cancels
// its coming bookings when asked, recording the messages notify returns
// for each.
func (s *Store) EndSchedule(ctx context.Context, scheduleID int64, cancel bool, from time.Time,
	notify func(b *booking.Booking) booking.Notice, audit *booking.AuditEntry) ([]booking.Booking, error) {
	var done []booking.Booking
	err := s.writeCatalog(ctx, audit, func(tx Tx) error {
		done = nil
		if err := s.b.LockOfficials(tx, `id = (SELECT official_id FROM schedules WHERE id = ?)`, scheduleID); err != nil {
			return err
		}
		res, err := tx.Exec(`UPDATE schedules SET active = 0 WHERE id = ? AND active = 1`, scheduleID)
		if err != nil {
			return s.fail("end schedule", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return booking.Errorf(booking.ECONFLICT, "err.the-schedule-has-already-ended")
		}
		if !cancel {
			return nil
		}
		// Bookings that held the schedule's row have committed; theirs and
		// the rest are locked against a citizen's change under way.
		if err := s.b.LockBookings(tx, `schedule_id = ? AND starts_at >= ?`, scheduleID, from.Unix()); err != nil {
			return err
		}
		done, err = s.takeAway(ctx, tx, booking.BookingFilter{ScheduleID: scheduleID, From: from}, notify, s.cancelForOffice)
		return err
	})
	return done, err
}
