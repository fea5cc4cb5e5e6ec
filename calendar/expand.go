package calendar

import (
	"time"
)

// Schedule is the time part of an official's reception calendar: when the
// reception days fall, how long each lasts, and how it is cut into slots.
type Schedule struct {
	Rule            *Rule
	Duration        time.Duration // length of one reception day
	SlotLength      time.Duration
	ObserveHolidays bool // skip Bulgarian public holidays
}

// Session is one reception day: an occurrence of a schedule.
type Session struct {
	Date       Date
	Start, End time.Time // in Sofia
}

// Slot is a bookable piece of a session.
type Slot struct {
	Start, End time.Time // in Sofia
}

// Sessions returns the sessions whose date lies in [from, to], skipping
// public holidays (when the schedule observes them) and the closed dates.
func (s Schedule) Sessions(from, to Date, closed map[Date]bool) ([]Session, error) {
	starts, err := s.Rule.Occurrences(from.Start(), to.AddDays(1).Start())
	if err != nil {
		return nil, err
	}
	sessions := make([]Session, 0, len(starts))
	for _, start := range starts {
		d := DateOf(start)
		if closed[d] {
			continue
		}
		if s.ObserveHolidays {
			if _, ok := Holiday(d); ok {
				continue
			}
		}
		sessions = append(sessions, Session{Date: d, Start: start, End: start.Add(s.Duration)})
	}
	return sessions, nil
}

// Slots cuts the session into slots of the given length. A remainder
// shorter than a slot is left unbooked rather than offered as a short slot.
func (ses Session) Slots(length time.Duration) []Slot {
	slots := make([]Slot, ses.slotCount(length))
	for i := range slots {
		slots[i] = ses.slot(i, length)
	}
	return slots
}

// SlotAt returns the slot, as Slots cuts them, that begins at start, if
// the session has one.
func (ses Session) SlotAt(start time.Time, length time.Duration) (Slot, bool) {
	off := start.Sub(ses.Start)
	if length <= 0 || off < 0 || off%length != 0 || int(off/length) >= ses.slotCount(length) {
		return Slot{}, false
	}
	return ses.slot(int(off/length), length), true
}

func (ses Session) slotCount(length time.Duration) int {
	if length <= 0 {
		return 0
	}
	return int(ses.End.Sub(ses.Start) / length)
}

func (ses Session) slot(i int, length time.Duration) Slot {
	start := ses.Start.Add(time.Duration(i) * length)
	return Slot{Start: start, End: start.Add(length)}
}

// Slots returns every slot of the schedule's sessions in [from, to].
func (s Schedule) Slots(from, to Date, closed map[Date]bool) ([]Slot, error) {
	sessions, err := s.Sessions(from, to, closed)
	if err != nil || len(sessions) == 0 {
		return nil, err
	}
	perSession := int(s.Duration / max(s.SlotLength, time.Minute))
	slots := make([]Slot, 0, len(sessions)*perSession)
	for _, ses := range sessions {
		slots = append(slots, ses.Slots(s.SlotLength)...)
	}
	return slots, nil
}

// SlotAt returns the slot that begins at start among the slots of the
// sessions on start's date (Slots of that day), if there is one, without
// cutting the day into all of them: a booking needs only its own.
func (s Schedule) SlotAt(start time.Time, closed map[Date]bool) (Slot, bool, error) {
	day := DateOf(start)
	sessions, err := s.Sessions(day, day, closed)
	if err != nil {
		return Slot{}, false, err
	}
	for _, ses := range sessions {
		if sl, ok := ses.SlotAt(start, s.SlotLength); ok {
			return sl, true, nil
		}
	}
	return Slot{}, false, nil
}
