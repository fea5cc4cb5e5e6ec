package booking

import (
	"context"

	"github.com/priemna/priemna/calendar"
)

// ScheduleWarnings says what is accepted about a schedule but probably
// not meant: a rule all of whose reception days in the coming year are
// public holidays or cancelled days (or that has none left), so that it
// offers nothing. Empty when the schedule offers reception days.
func (s *Service) ScheduleWarnings(ctx context.Context, sch *Schedule) ([]Text, error) {
	cs, err := s.calendarOf(sch)
	if err != nil {
		return nil, err
	}
	from := s.Today()
	to := from.AddDays(MaxRangeDays)
	closures, err := s.store.Closures.Closures(ctx, sch.OfficialID, from, to)
	if err != nil {
		return nil, err
	}
	closed := make(map[calendar.Date]bool, len(closures))
	for _, c := range closures {
		closed[c.Date] = true
	}
	held, err := cs.Sessions(from, to, closed)
	if err != nil || len(held) > 0 {
		return nil, err
	}
	cs.ObserveHolidays = false
	all, err := cs.Sessions(from, to, nil)
	if err != nil {
		return nil, err
	}
	if len(all) == 0 {
		return []Text{T("err.rule-no-day")}, nil
	}
	return []Text{T("err.rule-no-day-holidays")}, nil
}
