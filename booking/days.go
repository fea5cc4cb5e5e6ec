package booking

import (
	"context"
	"slices"
	"time"

	"github.com/priemna/priemna/calendar"
)

// DaySheet returns an official's bookings on one day, cancelled ones
// included, by slot start.
func (s *Service) DaySheet(ctx context.Context, officialID int64, d calendar.Date) ([]Booking, error) {
	return s.store.Bookings.Bookings(ctx, BookingFilter{OfficialID: officialID, From: d.Start(), To: d.AddDays(1).Start()})
}

// Session is a reception day of an official, as the public sees it.
type Session struct {
	ScheduleID int64
	Date       calendar.Date
	Start, End time.Time
	Location   string
	LocationEN string // "" reads the Bulgarian
	StepFree   bool
}

// Sessions returns an official's reception days on the dates [from, to],
// holidays and closures left out, by start.
func (s *Service) Sessions(ctx context.Context, slug string, from, to calendar.Date) ([]Session, error) {
	data, err := s.calendarFor(ctx, slug)
	if err != nil {
		return nil, err
	}
	return s.sessions(data, from, to)
}

// sessions expands data's schedules into their reception days on [from,
// to], holidays and closures left out, by start.
func (s *Service) sessions(data *calendarData, from, to calendar.Date) ([]Session, error) {
	var out []Session
	err := s.eachCalendar(data, func(sch *Schedule, cs calendar.Schedule) error {
		sessions, err := cs.Sessions(from, to, data.closed)
		for _, ses := range sessions {
			out = append(out, Session{ScheduleID: sch.ID, Date: ses.Date, Start: ses.Start, End: ses.End, Location: sch.Location, LocationEN: sch.LocationEN, StepFree: sch.StepFree})
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(out, func(a, b Session) int { return a.Start.Compare(b.Start) })
	return out, nil
}

// BookingsBetween returns an official's bookings on the dates [from, to],
// cancelled ones included. EINVALID for a reversed or too long range.
func (s *Service) BookingsBetween(ctx context.Context, officialID int64, from, to calendar.Date) ([]Booking, error) {
	if to.Before(from) || from.AddDays(MaxRangeDays).Before(to) {
		return nil, Errorf(EINVALID, "err.the-range-must-be-at", MaxRangeDays)
	}
	return s.store.Bookings.Bookings(ctx, BookingFilter{OfficialID: officialID, From: from.Start(), To: to.AddDays(1).Start()})
}
