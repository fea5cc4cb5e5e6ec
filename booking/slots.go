package booking

import (
	"context"
	"time"

	"github.com/priemna/priemna/booking/i18n"
	"github.com/priemna/priemna/calendar"
)

// The slots an official offers: expanded from the schedules, open by the
// booking window, with what is left of each.

// Slots returns the official's slots in [from, to] (Sofia dates) that are
// open for booking now, full ones included with Available 0. The slice may
// be shared with other callers within the same second: read it, never
// change it.
//
// ENOTFOUND for an unknown official; EINVALID for a reversed or too long range.
func (s *Service) Slots(ctx context.Context, slug string, from, to calendar.Date) ([]Slot, error) {
	return s.openSlots(ctx, slug, from, to, forEveryone)
}

// StaffSlots is Slots as staff see them when booking for a citizen who
// phoned or came in: the day's slots stay open until they end.
func (s *Service) StaffSlots(ctx context.Context, slug string, day calendar.Date) ([]Slot, error) {
	return s.openSlots(ctx, slug, day, day, forStaff)
}

// PrioritySlots is Slots for a citizen with a priority rebooking pass: the
// slots not yet open to everyone are offered too. An invalid or used pass
// gives the ordinary slots.
func (s *Service) PrioritySlots(ctx context.Context, slug string, from, to calendar.Date, pass string) ([]Slot, error) {
	if pass == "" {
		return s.Slots(ctx, slug, from, to)
	}
	data, err := s.calendarFor(ctx, slug)
	if err != nil {
		return nil, err
	}
	return s.openSlots(ctx, slug, from, to, s.citizenWindow(ctx, data.official.ID, pass))
}

func (s *Service) openSlots(ctx context.Context, slug string, from, to calendar.Date, w window) ([]Slot, error) {
	if to.Before(from) {
		return nil, Errorf(EINVALID, "err.the-end-date-is-before")
	}
	if from.AddDays(MaxRangeDays).Before(to) {
		return nil, Errorf(EINVALID, "err.the-range-is-longer-than", MaxRangeDays)
	}
	if err := s.inHorizon("to", to); err != nil {
		return nil, err
	}
	key, wall := slotsKey{slug, from, to, w}, s.now()
	if cached, _, ok := s.slots.get(key, wall); ok {
		return cached, nil
	}
	_, version, _ := s.slots.get(key, wall)
	data, err := s.calendarFor(ctx, slug)
	if err != nil {
		return nil, err
	}
	o := data.official
	slots, err := s.expand(data, from, to)
	if err != nil {
		return nil, err
	}
	open := slots[:0]
	for i := range slots {
		if sl := slots[i]; s.bookableFor(&sl, w) == nil {
			open = append(open, sl)
		}
	}
	result := make([]Slot, 0, len(open))
	if len(open) == 0 {
		return result, nil
	}
	usage, err := s.store.Bookings.SlotUsage(ctx, o.ID, open[0].Start, open[len(open)-1].End)
	if err != nil {
		return nil, err
	}
	for _, sl := range open {
		sl.Available = max(0, sl.Capacity-usage[sl.Start.Unix()])
		result = append(result, sl.Slot)
	}
	s.slots.put(key, result, version, wall)
	return result, nil
}

type expandedSlot struct {
	Slot
	sch *Schedule
}

// expand returns every slot of the official's schedules on the dates
// [from, to], sorted by start; where schedules overlap the first wins.
func (s *Service) expand(data *calendarData, from, to calendar.Date) ([]expandedSlot, error) {
	var out []expandedSlot
	seen := map[int64]bool{}
	err := s.eachCalendar(data, func(ref *Schedule, cs calendar.Schedule) error {
		slots, err := cs.Slots(from, to, data.closed)
		for _, sl := range slots {
			if len(data.schedules) > 1 {
				if seen[sl.Start.Unix()] {
					continue
				}
				seen[sl.Start.Unix()] = true
			}
			out = append(out, expanded(ref, sl))
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	if len(data.schedules) > 1 {
		sortSlots(out)
	}
	return out, nil
}

// expanded is the calendar's slot sl as the official's schedule ref
// offers it.
func expanded(ref *Schedule, sl calendar.Slot) expandedSlot {
	return expandedSlot{
		Slot: Slot{Start: sl.Start, End: sl.End, Capacity: ref.Capacity, ScheduleID: ref.ID,
			Location: ref.Location, LocationEN: ref.LocationEN, StepFree: ref.StepFree},
		sch: ref,
	}
}

// findSlot returns the official's slot that starts exactly at start: the
// one expand gives for start's day (of the first schedule that has it),
// found without expanding the whole day, which every booking did (40 KB
// of garbage a booking on a day of 72 slots).
func (s *Service) findSlot(ctx context.Context, o *Official, start time.Time) (*expandedSlot, error) {
	data, err := s.calendarFor(ctx, o.Slug)
	if err != nil {
		return nil, err
	}
	var found *expandedSlot
	err = s.eachCalendar(data, func(ref *Schedule, cs calendar.Schedule) error {
		if found != nil {
			return nil
		}
		sl, ok, err := cs.SlotAt(start, data.closed)
		if ok {
			e := expanded(ref, sl)
			found = &e
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	if found == nil {
		return nil, s.noSlotOn(data, calendar.DateOf(start))
	}
	return found, nil
}

// NoReceptionOn tells whether the official's day holds no reception at
// all, by the rule that refuses its slots (noSlotOn): the NoReceptionDay
// refusal when so, nil when the day holds sessions or the office cancelled
// it (the day's page tells that itself).
func (s *Service) NoReceptionOn(ctx context.Context, slug string, day calendar.Date) error {
	data, err := s.calendarFor(ctx, slug)
	if err != nil {
		return err
	}
	err = s.noSlotOn(data, day)
	if reason, _ := NoReceptionDay(err); reason == "" && ErrorCode(err) == ENOTBOOKABLE {
		return nil
	}
	return err
}

// noSlotOn says why the day holds no slot that was asked for: no reception
// at all on a holiday (RHOLIDAY) or on a day the schedules no longer hold
// (RNORECEPTION); a cancelled day, or a time between the day's slots, keeps
// the plain refusal (the day's page tells the rest).
func (s *Service) noSlotOn(data *calendarData, day calendar.Date) error {
	plain := Errorf(ENOTBOOKABLE, "err.there-is-no-reception-at")
	if data.closed[day] {
		return plain
	}
	// The day is not closed, so the closures change nothing here.
	if held, err := s.sessions(data, day, day); err != nil {
		return err
	} else if len(held) > 0 {
		return plain
	}
	if bg, en, ok := calendar.HolidayNames(day); ok {
		name := i18n.Given(map[string]string{"bg": bg, "en": en})
		e := Errorf(ENOTBOOKABLE, "err.no-reception-holiday", OnDateText(day.Start()), name)
		e.Reason, e.Holiday = RHOLIDAY, name
		return e
	}
	e := Errorf(ENOTBOOKABLE, "err.no-reception-day", OnDateText(day.Start()))
	e.Reason = RNORECEPTION
	return e
}
