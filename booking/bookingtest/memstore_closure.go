package bookingtest

import (
	"context"
	"slices"
	"time"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/calendar"
)

func (m *Store) Closures(_ context.Context, officialID int64, from, to calendar.Date) ([]booking.Closure, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := where(m.closures, func(c booking.Closure) bool {
		return c.OfficialID == officialID && !c.Date.Before(from) && !to.Before(c.Date)
	})
	slices.SortFunc(out, func(a, b booking.Closure) int { return a.Date.Start().Compare(b.Date.Start()) })
	return out, nil
}

func (m *Store) closed(officialID int64, d calendar.Date) bool {
	return slices.ContainsFunc(m.closures, func(c booking.Closure) bool { return c.OfficialID == officialID && c.Date == d })
}

func (m *Store) CreateClosure(_ context.Context, c *booking.Closure, dayStart, dayEnd time.Time,
	notify func(b *booking.Booking) booking.Notice, _ *booking.AuditEntry) ([]booking.Booking, error) {
	return m.closeDay(c, dayStart, dayEnd, notify, m.cancelForOffice)
}

func (m *Store) HandOverDay(_ context.Context, c *booking.Closure, deputyID int64, dayStart, dayEnd time.Time,
	notify func(b *booking.Booking) booking.Notice, _ *booking.AuditEntry) ([]booking.Booking, error) {
	return m.closeDay(c, dayStart, dayEnd, notify, func(b *booking.Booking) error {
		s := m.byID(b.ID)
		if !s.Status.Allows(booking.ActCloseDay) {
			return errChanged()
		}
		// The seat stays; the deputy's own booking in it is the unique
		// seat's clash.
		if m.seatClash(deputyID, s.Start, s.seat, s.ID) {
			return booking.Errorf(booking.ECONFLICT, "err.the-deputy-already-has-a", b.Start.In(calendar.Sofia).Format("15:04"))
		}
		s.OfficialID, s.Sequence, s.UpdatedAt = deputyID, b.Sequence, b.UpdatedAt
		return nil
	})
}

func (m *Store) EndSchedule(_ context.Context, scheduleID int64, cancel bool, from time.Time,
	notify func(b *booking.Booking) booking.Notice, _ *booking.AuditEntry) ([]booking.Booking, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	s := m.schedule(scheduleID)
	if s == nil || !s.Active {
		return nil, booking.Errorf(booking.ECONFLICT, "err.the-schedule-has-already-ended")
	}
	undo := m.snapshot()
	s.Active = false
	if !cancel {
		return nil, nil
	}
	list, err := m.takeAway(booking.BookingFilter{ScheduleID: scheduleID, From: from}, notify, m.cancelForOffice)
	if err != nil {
		undo()
	}
	return list, err
}

func (m *Store) closeDay(c *booking.Closure, dayStart, dayEnd time.Time, notify func(b *booking.Booking) booking.Notice,
	change func(b *booking.Booking) error) ([]booking.Booking, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed(c.OfficialID, c.Date) {
		return nil, booking.Errorf(booking.ECONFLICT, "err.this-reception-day-is-already")
	}
	undo := m.snapshot()
	c.ID = m.id()
	list, err := m.takeAway(booking.BookingFilter{OfficialID: c.OfficialID, From: dayStart, To: dayEnd}, notify, change)
	if err != nil {
		undo()
		c.ID = 0
		return list, err
	}
	c.Told = 0
	for _, b := range list {
		if b.Email != "" { // the citizens a letter goes to
			c.Told++
		}
	}
	m.closures = append(m.closures, *c)
	return list, nil
}

// takeAway is the stores' one pattern of taking bookings away: those of f
// the office may still cancel, changed as notify made them, with their
// notices. Priority passes are the PriorityStore's, which this store does
// not keep; their letters are recorded all the same.
func (m *Store) takeAway(f booking.BookingFilter, notify func(b *booking.Booking) booking.Notice,
	change func(b *booking.Booking) error) ([]booking.Booking, error) {
	f.Statuses = booking.StatusesAllowing(booking.ActCloseDay)
	list := m.filter(f)
	for i := range list {
		b := &list[i]
		n := notify(b)
		if err := change(b); err != nil {
			return nil, err
		}
		m.addMessages(b.ID, n.Messages)
	}
	return list, nil
}

func (m *Store) cancelForOffice(b *booking.Booking) error {
	return m.updateStatus(b, booking.StatusesAllowing(booking.ActCloseDay))
}

// snapshot returns what undoes every change made after it: the
// transaction's rollback.
func (m *Store) snapshot() func() {
	units, officials, schedules, closures := slices.Clone(m.units), slices.Clone(m.officials), slices.Clone(m.schedules), slices.Clone(m.closures)
	messages, nextID := slices.Clone(m.messages), m.nextID
	bookings := make([]*stored, len(m.bookings))
	for i, b := range m.bookings {
		c := *b
		bookings[i] = &c
	}
	return func() {
		m.units, m.officials, m.schedules, m.closures, m.messages, m.nextID = units, officials, schedules, closures, messages, nextID
		m.bookings = bookings
	}
}
