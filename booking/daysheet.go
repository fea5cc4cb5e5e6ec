package booking

import (
	"context"
	"time"

	"github.com/priemna/priemna/calendar"
)

// What the day sheet offers at the desk, and the day at a glance. The
// status table says what a booking's state allows; the clock says whether
// it makes sense yet: nobody is marked absent before their slot begins,
// and nobody is checked in days ahead.

// Offers reports whether the desk should offer action a on b now: the
// status allows it and its time has come. It agrees with the checks of
// RecordArrival and MarkNoShow, which refuse the same cases.
func (s *Service) Offers(b *Booking, a Action) bool {
	if !b.Status.Allows(a) {
		return false
	}
	now := s.now()
	switch a {
	case ActArrive:
		return !now.Before(b.Start.Add(-arrivalLead))
	case ActNoShow:
		return !now.Before(b.Start)
	}
	return true
}

// arrivalLead is how long before the slot an arrival may be recorded.
const arrivalLead = 12 * time.Hour

// DaySummary counts a day's bookings the way the desk thinks of them.
type DaySummary struct {
	Booked  int // every booking that holds a seat
	Arrived int // checked in, late ones and meetings begun included
	Late    int // of those, how many came late
	ToCome  int // confirmed and not yet marked
	NoShows int
}

// Summarize counts the bookings of one day sheet.
func (s *Service) Summarize(list []Booking) DaySummary {
	var d DaySummary
	for i := range list {
		b := &list[i]
		if !b.Status.HoldsSeat() || b.Status == StatusPending {
			continue
		}
		d.Booked++
		switch {
		case b.Status.Attended():
			d.Arrived++
			if s.WasLate(b) {
				d.Late++
			}
		case b.Status == StatusNoShow:
			d.NoShows++
		case b.Status == StatusConfirmed:
			d.ToCome++
		}
	}
	return d
}

// Unmarked returns the confirmed bookings of a day sheet whose slot has
// begun: the end-of-day review shows them before the no-show sweep marks
// them, with the time the sweep will.
func (s *Service) Unmarked(list []Booking) []Booking {
	var out []Booking
	now := s.now()
	for _, b := range list {
		if b.Status == StatusConfirmed && !now.Before(b.Start) {
			out = append(out, b)
		}
	}
	return out
}

// SweepTime is when the no-show sweep marks b if nobody checks them in.
func (s *Service) SweepTime(b *Booking) time.Time { return b.End.Add(s.Grace) }

// ClosureOn returns the closure of an official's day, or nil when the day
// is not closed.
func (s *Service) ClosureOn(ctx context.Context, officialID int64, d calendar.Date) (*Closure, error) {
	list, err := s.store.Closures.Closures(ctx, officialID, d, d)
	if err != nil || len(list) == 0 {
		return nil, err
	}
	return &list[0], nil
}
