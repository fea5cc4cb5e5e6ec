package booking

import (
	"context"
	"time"

	"github.com/priemna/priemna/calendar"
)

// NextOpening is the official's next reception day that is not yet open
// for booking, and when booking for it opens (at BookingOpensAt, the
// schedule's number of days before): what a citizen who finds no free
// slot is told to come back for. A zero day when there is none within the
// horizon.
func (s *Service) NextOpening(ctx context.Context, o *Official) (calendar.Date, time.Time, error) {
	// The calendar cache the sessions come from holds the schedules too.
	data, err := s.calendarFor(ctx, o.Slug)
	if err != nil {
		return calendar.Date{}, time.Time{}, err
	}
	opensDays := map[int64]int{}
	for _, sch := range data.schedules {
		opensDays[sch.ID] = sch.BookingOpensDays
	}
	now := s.now()
	today := s.Today()
	sessions, err := s.Sessions(ctx, o.Slug, today, today.AddDays(HorizonDays))
	if err != nil {
		return calendar.Date{}, time.Time{}, err
	}
	for _, ses := range sessions {
		n, ok := opensDays[ses.ScheduleID]
		if !ok {
			continue
		}
		if opens := OpensAt(ses.Date, n); opens.After(now) {
			return ses.Date, opens, nil
		}
	}
	return calendar.Date{}, time.Time{}, nil
}
