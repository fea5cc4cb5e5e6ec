package bookingtest

import (
	"cmp"
	"context"
	"slices"
	"sync"
	"time"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/calendar"
)

// Store is an in-memory store of the roles the service cannot do without
// (booking.CatalogStore, ClosureStore, BookingStore, FeedbackStore,
// StatsStore), for fast tests of the domain. It keeps the stores'
// contracts — a free seat and a slot that still stands checked in the same
// step as the insert, the lowest free seat, the seat's uniqueness, the
// caps counted in the write, conditional status changes, idempotency keys
// — one mutex standing in for the transaction; booking/storetest holds it
// to them as it holds the real stores. Optional roles it does not keep:
// a service on it runs with them off.
type Store struct {
	mu        sync.Mutex
	nextID    int64
	units     []booking.Unit
	officials []booking.Official
	schedules []booking.Schedule
	closures  []booking.Closure
	bookings  []*stored
	messages  []booking.Message
	feedback  map[int64]booking.Feedback
}

// stored is a booking with what the store keeps beside it.
type stored struct {
	booking.Booking
	seat     int
	holdHash string
}

// NewStore returns an empty store.
func NewStore() *Store { return &Store{feedback: map[int64]booking.Feedback{}} }

// Stores returns the store in every role it keeps, the optional ones off.
func (m *Store) Stores() booking.Stores {
	return booking.Stores{Catalog: m, Closures: m, Bookings: m, Feedback: m, Stats: m}
}

func (m *Store) id() int64 { m.nextID++; return m.nextID }

func notFound(key booking.Text) error { return &booking.Error{Code: booking.ENOTFOUND, Message: key} }

// Stats counts what the store holds, by the real stores' table names.
func (m *Store) Stats(context.Context) (map[string]int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return map[string]int{"units": len(m.units), "officials": len(m.officials), "schedules": len(m.schedules),
		"closures": len(m.closures), "bookings": len(m.bookings), "outbox": len(m.messages), "feedback": len(m.feedback)}, nil
}

// Units

func kindOrder(kind string) int {
	switch kind {
	case "municipality":
		return 0
	case "district":
		return 1
	}
	return 2
}

func (m *Store) Units(context.Context) ([]booking.Unit, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := slices.Clone(m.units)
	slices.SortStableFunc(out, func(a, b booking.Unit) int {
		return cmp.Or(cmp.Compare(kindOrder(a.Kind), kindOrder(b.Kind)), cmp.Compare(a.Name, b.Name))
	})
	return out, nil
}

func (m *Store) Unit(_ context.Context, slug string) (*booking.Unit, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.unit(func(u *booking.Unit) bool { return u.Slug == slug })
}

func (m *Store) unit(match func(*booking.Unit) bool) (*booking.Unit, error) {
	for i := range m.units {
		if match(&m.units[i]) {
			u := m.units[i]
			return &u, nil
		}
	}
	return nil, notFound(booking.T("err.there-is-no-such-unit"))
}

func (m *Store) CreateUnit(_ context.Context, u *booking.Unit, _ *booking.AuditEntry) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, err := m.unit(func(x *booking.Unit) bool { return x.Slug == u.Slug }); err == nil {
		return booking.Errorf(booking.ECONFLICT, "err.a-unit-with-this-slug")
	}
	u.ID = m.id()
	m.units = append(m.units, *u)
	return nil
}

func (m *Store) UpdateUnit(_ context.Context, u *booking.Unit, _ *booking.AuditEntry) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for i := range m.units {
		if m.units[i].ID == u.ID {
			slug := m.units[i].Slug
			m.units[i] = *u
			m.units[i].Slug = slug
		}
	}
	return nil
}

// Officials

// official returns an official as the stores read it: with its unit's
// slug and whether the unit is open.
func (m *Store) official(match func(*booking.Official) bool) (*booking.Official, error) {
	for i := range m.officials {
		if match(&m.officials[i]) {
			o := m.officials[i]
			if u, err := m.unit(func(u *booking.Unit) bool { return u.ID == o.UnitID }); err == nil {
				o.UnitSlug, o.UnitActive = u.Slug, u.Active
			}
			return &o, nil
		}
	}
	return nil, notFound(booking.T("err.there-is-no-such-official"))
}

func (m *Store) Officials(context.Context) ([]booking.Official, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []booking.Official
	units := map[int64]booking.Unit{}
	for _, u := range m.units {
		units[u.ID] = u
	}
	for _, x := range m.officials {
		o, _ := m.official(func(y *booking.Official) bool { return y.ID == x.ID })
		if o.Active && o.UnitActive {
			out = append(out, *o)
		}
	}
	slices.SortStableFunc(out, func(a, b booking.Official) int {
		ua, ub := units[a.UnitID], units[b.UnitID]
		return cmp.Or(cmp.Compare(kindOrder(ua.Kind), kindOrder(ub.Kind)), cmp.Compare(ua.Name, ub.Name), cmp.Compare(a.ID, b.ID))
	})
	return out, nil
}

func (m *Store) Official(_ context.Context, slug string) (*booking.Official, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.official(func(o *booking.Official) bool { return o.Slug == slug })
}

func (m *Store) CreateOfficial(_ context.Context, o *booking.Official, _ *booking.AuditEntry) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, err := m.official(func(x *booking.Official) bool { return x.Slug == o.Slug }); err == nil {
		return booking.Errorf(booking.ECONFLICT, "err.an-official-with-this-slug")
	}
	o.ID = m.id()
	m.officials = append(m.officials, *o)
	return nil
}

func (m *Store) UpdateOfficial(_ context.Context, o *booking.Official, _ *booking.AuditEntry) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for i := range m.officials {
		if m.officials[i].ID == o.ID {
			slug := m.officials[i].Slug
			m.officials[i] = *o
			m.officials[i].Slug = slug
		}
	}
	return nil
}

// Schedules

func (m *Store) Schedules(_ context.Context, officialID int64) ([]booking.Schedule, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []booking.Schedule
	for _, s := range m.schedules {
		if s.OfficialID == officialID {
			out = append(out, s)
		}
	}
	return out, nil
}

func (m *Store) ScheduleByID(_ context.Context, id int64) (*booking.Schedule, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if s := m.schedule(id); s != nil {
		c := *s
		return &c, nil
	}
	return nil, notFound(booking.T("err.there-is-no-such-schedule"))
}

func (m *Store) schedule(id int64) *booking.Schedule {
	for i := range m.schedules {
		if m.schedules[i].ID == id {
			return &m.schedules[i]
		}
	}
	return nil
}

func (m *Store) CreateSchedule(_ context.Context, s *booking.Schedule, _ *booking.AuditEntry) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	s.ID = m.id()
	m.schedules = append(m.schedules, *s)
	return nil
}

// Closures

func (m *Store) Closures(_ context.Context, officialID int64, from, to calendar.Date) ([]booking.Closure, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []booking.Closure
	for _, c := range m.closures {
		if c.OfficialID == officialID && !c.Date.Before(from) && !to.Before(c.Date) {
			out = append(out, c)
		}
	}
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
	m.closures = append(m.closures, *c)
	list, err := m.takeAway(booking.BookingFilter{OfficialID: c.OfficialID, From: dayStart, To: dayEnd}, notify, change)
	if err != nil {
		undo()
		c.ID = 0
	}
	return list, err
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

// Bookings

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
			msg.Key = booking.NewMessageKey()
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
	var out []booking.Message
	for _, msg := range m.messages {
		if msg.BookingID == bookingID {
			out = append(out, msg)
		}
	}
	return out, nil
}

// Feedback

func (m *Store) SaveFeedback(_ context.Context, f *booking.Feedback) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.feedback[f.BookingID]; ok {
		return booking.Errorf(booking.ECONFLICT, "err.you-have-already-rated-this")
	}
	m.feedback[f.BookingID] = *f
	return nil
}

func (m *Store) FeedbackFor(_ context.Context, bookingID int64) (*booking.Feedback, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if f, ok := m.feedback[bookingID]; ok {
		return &f, nil
	}
	return nil, notFound(booking.T("err.there-is-no-such-booking"))
}

// Statistics

// rows are the bookings the statistics count: not a hold, pending or
// released.
func (m *Store) rows(officialID int64, keep func(*stored) bool) []booking.StatRow {
	var out []booking.StatRow
	for _, b := range m.bookings {
		if (officialID != 0 && b.OfficialID != officialID) || !b.HeldUntil.IsZero() || !keep(b) {
			continue
		}
		r := booking.StatRow{OfficialID: b.OfficialID, Start: b.Start, Status: b.Status, Rating: m.feedback[b.ID].Rating}
		if !b.ReceivedAt.IsZero() && !b.ArrivedAt.IsZero() {
			r.Wait = b.ReceivedAt.Sub(b.ArrivedAt)
		}
		if !b.ArrivedAt.IsZero() {
			r.Lateness = max(b.ArrivedAt.Sub(b.Start), 0)
		}
		out = append(out, r)
	}
	return out
}

func (m *Store) StatRows(_ context.Context, officialID int64, from, to time.Time) ([]booking.StatRow, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.rows(officialID, func(b *stored) bool { return !b.Start.Before(from) && b.Start.Before(to) }), nil
}

func (m *Store) StatMonths(_ context.Context, officialID int64, first, last string, lateAfter time.Duration) ([]booking.StatMonth, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	months := map[string]*booking.StatMonth{}
	for _, r := range m.rows(officialID, func(*stored) bool { return true }) {
		month := r.Start.In(calendar.Sofia).Format("2006-01")
		if month < first || month > last {
			continue
		}
		s := months[month]
		if s == nil {
			s = &booking.StatMonth{Month: month}
			months[month] = s
		}
		s.Bookings++
		switch {
		case r.Status == booking.StatusCancelled:
			s.Cancelled++
		case r.Status == booking.StatusNoShow:
			s.NoShows++
		case r.Status.Attended():
			s.Attended++
			// Late counts whole minutes, rounded up, beyond lateAfter.
			if minutes := (r.Lateness + time.Minute - time.Second) / time.Minute; r.Lateness > 0 && minutes > lateAfter/time.Minute {
				s.Late++
			}
		}
		if r.Rating > 0 {
			s.Ratings++
			s.RatingSum += r.Rating
		}
		if r.Wait > 0 {
			s.Received++
			s.WaitSum += r.Wait
		}
	}
	var out []booking.StatMonth
	for _, s := range months {
		out = append(out, *s)
	}
	slices.SortFunc(out, func(a, b booking.StatMonth) int { return cmp.Compare(a.Month, b.Month) })
	return out, nil
}
