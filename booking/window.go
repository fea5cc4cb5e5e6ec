package booking

import (
	"context"
	"time"

	"github.com/priemna/priemna/calendar"
)

// BookingOpensAt is the Sofia time of day at which booking opens for a
// reception day, BookingOpensDays before it: all the day's slots open
// together, at the same local time whatever the season.
const BookingOpensAt = 9 * time.Hour

// window is whose booking window applies to a slot.
type window int

const (
	forEveryone window = iota
	// forPriority: a citizen with a priority pass may book before the
	// window opens to everyone.
	forPriority
	// forStaff: staff booking for a citizen who phoned or came in may book
	// after the online window has closed, up to the end of the slot.
	forStaff
)

// OpensAt is when booking opens for the reception day d of a schedule
// that opens n days ahead.
func OpensAt(d calendar.Date, n int) time.Time {
	day := d.AddDays(-n)
	return time.Date(day.Year, day.Month, day.Day, 0, 0, 0, 0, calendar.Sofia).Add(BookingOpensAt)
}

// lastOpenDay is the last reception day open for booking at now, for a
// schedule that opens n days ahead.
func lastOpenDay(now time.Time, n int) calendar.Date {
	local := now.In(calendar.Sofia)
	today := calendar.DateOf(now)
	if local.Sub(time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, calendar.Sofia)) < BookingOpensAt {
		today = today.AddDays(-1) // today's opening has not come yet
	}
	return today.AddDays(n)
}

// Horizon is the last day on which the official has slots open for
// booking now: pages and the slots API look no further by default, so
// they offer the same days.
func (s *Service) Horizon(ctx context.Context, slug string) (calendar.Date, error) {
	data, err := s.calendarFor(ctx, slug)
	if err != nil {
		return calendar.Date{}, err
	}
	last := s.Today()
	for _, sch := range data.schedules {
		if d := lastOpenDay(s.now(), sch.BookingOpensDays); last.Before(d) {
			last = d
		}
	}
	return last, nil
}

// bookable reports whether the booking window of sl's schedule is open
// for everyone, and if not, why.
func (s *Service) bookable(sl *expandedSlot) error {
	return s.bookableFor(sl, forEveryone)
}

// bookableFor is bookable for the given window.
func (s *Service) bookableFor(sl *expandedSlot, w window) error {
	now := s.now()
	opens := OpensAt(calendar.DateOf(sl.Start), sl.sch.BookingOpensDays)
	closes := sl.Start.Add(-time.Duration(sl.sch.BookingClosesHours) * time.Hour)
	switch {
	case w == forStaff && sl.End.After(now) && !now.Before(opens):
		return nil
	case !sl.Start.After(now):
		return Errorf(ENOTBOOKABLE, "err.this-time-has-already-passed")
	case now.Before(opens) && w != forPriority:
		e := Errorf(ENOTBOOKABLE, "err.booking-opens-on", OnDateTimeText(opens))
		e.Reason, e.Opens = RNOTOPEN, opens
		return e
	case now.After(closes):
		return Errorf(ENOTBOOKABLE, "err.booking-for-this-time-closed", sl.sch.BookingClosesHours)
	}
	return nil
}

// SlotRefusal tells why start is not an open slot of the official for a
// citizen (with a priority pass, if given): nil when it is open, the
// refusal of the booking window (see NotOpenYet) or ENOTBOOKABLE when there
// is no such slot. Whether it has room is not its concern.
func (s *Service) SlotRefusal(ctx context.Context, slug string, start time.Time, pass string) error {
	data, err := s.calendarFor(ctx, slug)
	if err != nil {
		return err
	}
	sl, err := s.findSlot(ctx, data.official, start)
	if err != nil {
		return err
	}
	return s.bookableFor(sl, s.citizenWindow(ctx, data.official.ID, pass))
}

// citizenWindow is the window a citizen books in: the priority window with
// a valid priority pass for the official, everyone's otherwise.
func (s *Service) citizenWindow(ctx context.Context, officialID int64, pass string) window {
	if s.priorityFor(ctx, officialID, pass) {
		return forPriority
	}
	return forEveryone
}
