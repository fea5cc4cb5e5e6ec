package booking

import (
	"context"
	"time"

	"github.com/priemna/priemna/calendar"
)

// WaitMonth is the unmet demand of a month: what tells a municipality
// where to add reception days.
type WaitMonth struct {
	Month   string // YYYY-MM, in Sofia
	Joined  int    // citizens who joined a waiting list
	Offers  int    // freed seats offered from it
	Taken   int    // of those offers, taken
	Waiting int    // citizens still waiting at the month's end
}

// WaitRow is one waiting-list entry as the statistics see it.
type WaitRow struct {
	Joined time.Time
	Ended  time.Time // zero while waiting
}

// OfferRow is one offer as the statistics see it.
type OfferRow struct {
	Made  time.Time
	Taken bool
}

// WaitlistStats counts an official's (officialID 0: everyone's) waiting
// list by month over the months from..to.
func (s *Service) WaitlistStats(ctx context.Context, officialID int64, from, to calendar.Date) ([]WaitMonth, error) {
	firsts, err := statMonths(from, to)
	if err != nil {
		return nil, err
	}
	months := make([]WaitMonth, len(firsts))
	ends := make([]time.Time, len(firsts))
	for i, d := range firsts {
		months[i].Month = monthKey(d.Start())
		ends[i] = d.Start().AddDate(0, 1, 0)
	}
	if s.store.Waitlist == nil {
		return months, nil
	}
	entries, offers, err := s.store.Waitlist.WaitStatRows(ctx, officialID, firsts[0].Start(), ends[len(ends)-1])
	if err != nil {
		return nil, err
	}
	now := s.now()
	monthOf := func(t time.Time) int {
		for i, end := range ends {
			if t.Before(end) {
				if i == 0 && t.Before(firsts[0].Start()) {
					return -1
				}
				return i
			}
		}
		return -1
	}
	for _, e := range entries {
		if i := monthOf(e.Joined); i >= 0 {
			months[i].Joined++
		}
		for i, end := range ends {
			// Still waiting at the end of a month that has ended.
			if e.Joined.Before(end) && (e.Ended.IsZero() || !e.Ended.Before(end)) && !end.After(now) {
				months[i].Waiting++
			}
		}
	}
	for _, o := range offers {
		if i := monthOf(o.Made); i >= 0 {
			months[i].Offers++
			if o.Taken {
				months[i].Taken++
			}
		}
	}
	return months, nil
}
