package bookingtest

import (
	"cmp"
	"context"
	"slices"
	"time"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/calendar"
)

func errChanged() error { return booking.Errorf(booking.ECONFLICT, "err.the-booking-was-changed-just") }

func errSlotFull() error { return booking.Errorf(booking.ESLOTFULL, "err.this-slot-is-already-taken") }

func (m *Store) byID(id int64) *stored {
	for _, b := range m.bookings {
		if b.ID == id {
			return b
		}
	}
	return nil
}

// stands reports whether a slot can be booked as the store says now: its
// schedule runs, for an official who receives in an open unit, and its day
// is not closed.
func (m *Store) stands(scheduleID, officialID int64, start time.Time) bool {
	s := m.schedule(scheduleID)
	if s == nil || !s.Active || s.OfficialID != officialID {
		return false
	}
	o, err := m.official(func(o *booking.Official) bool { return o.ID == officialID })
	return err == nil && o.Active && o.UnitActive && !m.closed(officialID, calendar.DateOf(start))
}

// freeSeat returns the lowest seat of the slot that no other seat-holding
// booking holds; 0 when the slot is full.
func (m *Store) freeSeat(scheduleID, officialID int64, start time.Time, ignore int64) int {
	s := m.schedule(scheduleID)
	for n := 1; s != nil && n <= s.Capacity; n++ {
		if !m.seatClash(officialID, start, n, ignore) {
			return n
		}
	}
	return 0
}

// seatClash is the unique seat: another seat-holding booking of the
// official holds seat n at start.
func (m *Store) seatClash(officialID int64, start time.Time, n int, ignore int64) bool {
	return slices.ContainsFunc(m.bookings, func(b *stored) bool {
		return b.ID != ignore && b.OfficialID == officialID && b.Start.Equal(start) && b.seat == n && b.Status.HoldsSeat()
	})
}

func (m *Store) whyNotBooked(b *booking.Booking) error {
	if !m.stands(b.ScheduleID, b.OfficialID, b.Start) {
		return booking.Errorf(booking.ENOTBOOKABLE, "err.there-is-no-longer-a")
	}
	return errSlotFull()
}

func (m *Store) CreateBooking(_ context.Context, b *booking.Booking, n booking.NewBooking) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if n.UsePass != "" {
		// Passes are the PriorityStore's; a service on this store never
		// issues or takes one.
		return booking.Errorf(booking.ECONFLICT, "err.the-priority-booking-link-has")
	}
	if n.CheckCaps != nil {
		per, all := m.coming(b)
		if err := n.CheckCaps(per, all); err != nil {
			return err
		}
	}
	for _, x := range m.bookings {
		switch {
		case b.IdempotencyKey != "" && x.IdempotencyKey == b.IdempotencyKey:
			return &booking.DuplicateError{Field: "idempotency_key"}
		case x.Reference == b.Reference:
			return &booking.DuplicateError{Field: "reference"}
		case x.Token == b.Token:
			return &booking.DuplicateError{Field: "token"}
		}
	}
	if !m.stands(b.ScheduleID, b.OfficialID, b.Start) {
		return m.whyNotBooked(b)
	}
	seat := m.freeSeat(b.ScheduleID, b.OfficialID, b.Start, 0)
	if seat == 0 {
		return errSlotFull()
	}
	b.ID = m.id()
	m.bookings = append(m.bookings, &stored{Booking: m.read(*b), seat: seat, holdHash: n.HoldHash})
	m.addMessages(b.ID, n.Messages)
	return nil
}

// read is a booking as the stores return it: the official's slug from
// the officials, instants to the second.
func (m *Store) read(b booking.Booking) booking.Booking {
	if o, err := m.official(func(o *booking.Official) bool { return o.ID == b.OfficialID }); err == nil {
		b.OfficialSlug = o.Slug
	}
	return b
}

// coming counts the citizen's coming bookings, by the canonical email and
// phone: with b's official and overall.
func (m *Store) coming(b *booking.Booking) (perOfficial, overall int) {
	email, phone := booking.EmailKey(b.Email), booking.PhoneKey(b.Phone)
	for _, x := range m.bookings {
		if (x.Status != booking.StatusPending && x.Status != booking.StatusConfirmed) || !x.Start.After(b.CreatedAt) {
			continue
		}
		if (email != "" && booking.EmailKey(x.Email) == email) || (phone != "" && booking.PhoneKey(x.Phone) == phone) {
			overall++
			if x.OfficialID == b.OfficialID {
				perOfficial++
			}
		}
	}
	return perOfficial, overall
}

func (m *Store) addMessages(bookingID int64, msgs []booking.Message) {
	for i := range msgs {
		msg := &msgs[i]
		msg.BookingID, msg.ID = bookingID, m.id()
		if msg.Key == "" {
			msg.Key = booking.NewMessageKey(msg.CreatedAt)
		}
		if msg.Status == "" {
			msg.Status = booking.MessagePending
		}
		m.messages = append(m.messages, *msg)
	}
}

func (m *Store) MoveBooking(_ context.Context, b *booking.Booking, msgs []booking.Message) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	s := m.byID(b.ID)
	if s == nil || s.Sequence != b.Sequence-1 || !s.Status.Allows(booking.ActMove) {
		return errChanged()
	}
	if !m.stands(b.ScheduleID, b.OfficialID, b.Start) {
		return m.whyNotBooked(b)
	}
	seat := m.freeSeat(b.ScheduleID, s.OfficialID, b.Start, s.ID)
	if seat == 0 {
		return errSlotFull()
	}
	s.Start, s.End, s.ScheduleID, s.Sequence, s.UpdatedAt, s.seat = b.Start, b.End, b.ScheduleID, b.Sequence, b.UpdatedAt, seat
	m.addMessages(b.ID, msgs)
	return nil
}

func (m *Store) UpdateStatus(_ context.Context, b *booking.Booking, from []booking.Status, msgs []booking.Message, _ *booking.AuditEntry) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.updateStatus(b, from); err != nil {
		return err
	}
	m.addMessages(b.ID, msgs)
	return nil
}

func (m *Store) updateStatus(b *booking.Booking, from []booking.Status) error {
	s := m.byID(b.ID)
	if s == nil || !slices.Contains(from, s.Status) {
		return errChanged()
	}
	if b.Status.HoldsSeat() && !s.Status.HoldsSeat() && m.seatClash(s.OfficialID, s.Start, s.seat, s.ID) {
		return errSlotFull() // reviving a booking whose seat was taken
	}
	s.Status, s.ArrivedAt, s.ReceivedAt, s.Sequence, s.UpdatedAt, s.HeldUntil = b.Status, b.ArrivedAt, b.ReceivedAt, b.Sequence, b.UpdatedAt, b.HeldUntil
	if b.Status != booking.StatusPending {
		s.holdHash = "" // a hold's code is spent once it is no longer pending
	}
	return nil
}

func (m *Store) find(match func(*stored) bool) (*booking.Booking, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, b := range m.bookings {
		if match(b) {
			c := m.read(b.Booking)
			return &c, nil
		}
	}
	return nil, notFound(booking.T("err.there-is-no-such-booking"))
}

func (m *Store) BookingByToken(_ context.Context, token string) (*booking.Booking, error) {
	return m.find(func(b *stored) bool { return b.Token == token })
}

func (m *Store) BookingByReference(_ context.Context, ref string) (*booking.Booking, error) {
	return m.find(func(b *stored) bool { return b.Reference == ref })
}

func (m *Store) BookingByID(_ context.Context, id int64) (*booking.Booking, error) {
	return m.find(func(b *stored) bool { return b.ID == id })
}

func (m *Store) BookingByIdempotencyKey(_ context.Context, key string) (*booking.Booking, error) {
	return m.find(func(b *stored) bool { return key != "" && b.IdempotencyKey == key })
}

func (m *Store) BookingByHoldHash(_ context.Context, hash string) (*booking.Booking, error) {
	return m.find(func(b *stored) bool { return hash != "" && b.holdHash == hash && b.Status == booking.StatusPending })
}

func (m *Store) Bookings(_ context.Context, f booking.BookingFilter) ([]booking.Booking, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.filter(f), nil
}

// filter selects as BookingFilter says, by slot start and then id.
func (m *Store) filter(f booking.BookingFilter) []booking.Booking {
	var out []booking.Booking
	for _, b := range m.bookings {
		switch {
		case f.OfficialID != 0 && b.OfficialID != f.OfficialID,
			f.ScheduleID != 0 && b.ScheduleID != f.ScheduleID,
			f.EmailKey != "" && booking.EmailKey(b.Email) != f.EmailKey,
			!f.From.IsZero() && b.Start.Before(f.From),
			!f.To.IsZero() && !b.Start.Before(f.To),
			!f.EndBefore.IsZero() && !b.End.Before(f.EndBefore),
			!f.HeldBefore.IsZero() && (b.HeldUntil.IsZero() || !b.HeldUntil.Before(f.HeldBefore)),
			len(f.Statuses) > 0 && !slices.Contains(f.Statuses, b.Status):
			continue
		}
		out = append(out, m.read(b.Booking))
	}
	slices.SortStableFunc(out, func(a, b booking.Booking) int { return cmp.Or(a.Start.Compare(b.Start), cmp.Compare(a.ID, b.ID)) })
	if f.Limit > 0 && len(out) > f.Limit {
		out = out[:f.Limit]
	}
	return out
}

func (m *Store) SlotUsage(_ context.Context, officialID int64, from, to time.Time) (map[int64]int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	usage := map[int64]int{}
	for _, b := range m.bookings {
		if b.OfficialID == officialID && !b.Start.Before(from) && b.Start.Before(to) && b.Status.HoldsSeat() {
			usage[b.Start.Unix()]++
		}
	}
	return usage, nil
}

func (m *Store) Messages(_ context.Context, bookingID int64) ([]booking.Message, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return where(m.messages, func(msg booking.Message) bool { return msg.BookingID == bookingID }), nil
}
