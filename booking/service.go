package booking

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/priemna/priemna/calendar"
)

// DefaultGrace is how late a citizen may arrive before counting as late,
// and how long after a slot ends an absent citizen becomes a no-show.
const DefaultGrace = 10 * time.Minute

// MaxRangeDays bounds a slot query.
const MaxRangeDays = 366

// HorizonDays is how far ahead anyone may ask about slots or book: no
// booking window reaches further, and expanding a rule far from its start
// costs many times more (a slot query for the year 9999 was a cheap way
// to load the server).
const HorizonDays = 366

// inHorizon refuses a date beyond the horizon. (Past dates cost little:
// a rule is expanded from its start, and the range is bounded.)
func (s *Service) inHorizon(field string, d calendar.Date) error {
	today := s.Today()
	if today.AddDays(HorizonDays).Before(d) {
		last := today.AddDays(HorizonDays).Start()
		msg := Text{"Може да се записвате и да търсите свободни часове до " + calendar.FormatDate(last, "bg") + ".",
			"Free slots can be searched and booked up to " + calendar.FormatDate(last, "en") + "."}
		return &Error{Code: EINVALID, Message: msg, Fields: map[string]Text{field: msg}}
	}
	return nil
}

// Service carries out everything citizens and staff do with bookings.
type Service struct {
	Store   Store
	Now     func() time.Time
	Grace   time.Duration
	UIDHost string // the host part of iCalendar UIDs
	// Organizer is the ORGANIZER of every booking's calendar event: the
	// address letters come from (see EventDetails.Organizer).
	Organizer calendar.Person
	// Reminders are sent before each meeting; FeedbackAfter its end, a
	// request for feedback goes to citizens who came.
	Reminders     []Reminder
	FeedbackAfter time.Duration
	// Changed, when set, is called after a change recorded messages, to
	// wake the mail worker.
	Changed func()
	// Policy blocks online booking after repeated no-shows (Policies is
	// its store; nil disables it). ContactCentre is the number given to
	// blocked citizens.
	Policy        NoShowPolicy
	Caps          Caps
	Policies      PolicyStore
	ContactCentre string
	// Priority checks the priority rebooking passes of citizens whose
	// meeting the office cancelled; nil disables them.
	Priority PriorityStore
	// Outcome, when set, is told how each attempt to book ended (one of
	// Outcomes), for metrics.
	Outcome func(outcome string)
	// Waitlist keeps the waiting lists; nil disables them. OfferHold is
	// how long a freed seat is held for the waiting citizen offered it
	// (DefaultOfferHold when zero).
	Waitlist  WaitStore
	OfferHold time.Duration
	// Complaints keeps the complaint register; nil disables it.
	Complaints ComplaintStore

	rules sync.Map // rule text → *calendar.Rule, parsed once
	cache calendarCache
	slots slotsCache
}

// NewService returns a Service on the store with the given clock.
func NewService(store Store, now func() time.Time) *Service {
	return &Service{Store: store, Now: now, Grace: DefaultGrace, UIDHost: "priemna.local",
		Reminders: DefaultReminders, FeedbackAfter: time.Hour, Policy: DefaultNoShowPolicy, Caps: DefaultCaps, ContactCentre: "0700 1 0700"}
}

func (s *Service) changed() {
	s.slots.bump()
	if s.Changed != nil {
		s.Changed()
	}
}

func (s *Service) now() time.Time { return s.Now().UTC().Truncate(time.Second) }

// rule returns the parsed rule of a stored schedule.
func (s *Service) rule(text string) (*calendar.Rule, error) {
	if r, ok := s.rules.Load(text); ok {
		return r.(*calendar.Rule), nil
	}
	r, err := calendar.ParseRule(text)
	if err != nil {
		return nil, err
	}
	s.rules.Store(text, r)
	return r, nil
}

func (s *Service) calendarOf(sch *Schedule) (calendar.Schedule, error) {
	r, err := s.rule(sch.Rule)
	if err != nil {
		return calendar.Schedule{}, err
	}
	return calendar.Schedule{
		Rule:            r,
		Duration:        time.Duration(sch.DurationMinutes) * time.Minute,
		SlotLength:      time.Duration(sch.SlotMinutes) * time.Minute,
		ObserveHolidays: sch.ObserveHolidays,
	}, nil
}

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
	w := forEveryone
	if s.priorityFor(ctx, data.official.ID, pass) {
		w = forPriority
	}
	return s.openSlots(ctx, slug, from, to, w)
}

func (s *Service) openSlots(ctx context.Context, slug string, from, to calendar.Date, w window) ([]Slot, error) {
	if to.Before(from) {
		return nil, Errorf(EINVALID, "Крайната дата е преди началната.", "The end date is before the start date.")
	}
	if from.AddDays(MaxRangeDays).Before(to) {
		return nil, Errorf(EINVALID, "Периодът е по-дълъг от %d дни.", "The range is longer than %d days.", MaxRangeDays)
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
	usage, err := s.Store.SlotUsage(ctx, o.ID, open[0].Start, open[len(open)-1].End)
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
	for i := range data.schedules {
		ref := &data.schedules[i]
		cs, err := s.calendarOf(ref)
		if err != nil {
			return nil, err
		}
		slots, err := cs.Slots(from, to, data.closed)
		if err != nil {
			return nil, err
		}
		for _, sl := range slots {
			if len(data.schedules) > 1 {
				if seen[sl.Start.Unix()] {
					continue
				}
				seen[sl.Start.Unix()] = true
			}
			out = append(out, expandedSlot{
				Slot: Slot{Start: sl.Start, End: sl.End, Capacity: ref.Capacity, ScheduleID: ref.ID,
					Location: ref.Location, StepFree: ref.StepFree},
				sch: ref,
			})
		}
	}
	if len(data.schedules) > 1 {
		sortSlots(out)
	}
	return out, nil
}

// findSlot returns the official's slot that starts exactly at start.
func (s *Service) findSlot(ctx context.Context, o *Official, start time.Time) (*expandedSlot, error) {
	data, err := s.calendarFor(ctx, o.Slug)
	if err != nil {
		return nil, err
	}
	day := calendar.DateOf(start)
	slots, err := s.expand(data, day, day)
	if err != nil {
		return nil, err
	}
	for i := range slots {
		if slots[i].Start.Equal(start) {
			return &slots[i], nil
		}
	}
	return nil, Errorf(ENOTBOOKABLE, "В този час няма приемен ден или той е отменен.",
		"There is no reception at this time, or it was cancelled.")
}

// parseStart reads an RFC 3339 slot start.
func parseStart(field, v string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		f := FieldErrors{}
		f.Add(field, "Часът трябва да е във вида 2026-03-24T14:00:00+02:00.", "The time must look like 2026-03-24T14:00:00+02:00.")
		return time.Time{}, f.Err()
	}
	return t, nil
}

// Book reserves a slot for a citizen. With an idempotency key, a repeated
// request returns the booking the first one made, and replayed is true.
//
// EINVALID for bad fields (an unknown official included); ENOTBOOKABLE when
// the start is not an open slot; ESLOTFULL when it has no room; EMISMATCH
// when the idempotency key was used for a different request.
func (s *Service) Book(ctx context.Context, req BookRequest) (b *Booking, replayed bool, err error) {
	capped := false
	if s.Outcome != nil {
		defer func() {
			if o := outcomeOf(b, replayed, capped, err); o != "" {
				s.Outcome(o)
			}
		}()
	}
	req.Normalize()
	if err := req.Validate(); err != nil {
		return nil, false, err
	}
	if req.IdempotencyKey != "" {
		if b, err := s.replay(ctx, &req); b != nil || err != nil {
			return b, b != nil, err
		}
	}
	start, err := parseStart("start", req.Start)
	if err != nil {
		return nil, false, err
	}
	if err := s.inHorizon("start", calendar.DateOf(start)); err != nil {
		return nil, false, err
	}
	// The official comes from the calendar cache the slots use, which every
	// change made here clears: no query for it on each booking.
	data, err := s.calendarFor(ctx, req.Official)
	if ErrorCode(err) == ENOTFOUND {
		f := FieldErrors{}
		f.Add("official", "Няма такова длъжностно лице.", "There is no such official.")
		return nil, false, f.Err()
	} else if err != nil {
		return nil, false, err
	}
	o := data.official
	if req.ByStaff != nil {
		if err := authorize(req.ByStaff, o.ID); err != nil {
			return nil, false, err
		}
	}
	slot, err := s.findSlot(ctx, o, start)
	if err != nil {
		return nil, false, err
	}
	priority := s.priorityFor(ctx, o.ID, req.PriorityPass)
	w := forEveryone
	switch {
	case req.ByStaff != nil:
		w = forStaff
	case priority:
		w = forPriority
	}
	if err := s.bookableFor(slot, w); err != nil {
		return nil, false, err
	}
	if req.ByStaff == nil {
		if err := s.checkPolicy(ctx, req.Email); err != nil {
			return nil, false, err
		}
	}
	b = &Booking{
		UID:            NewUID(s.UIDHost),
		OfficialID:     o.ID,
		OfficialSlug:   o.Slug,
		ScheduleID:     slot.ScheduleID,
		Start:          slot.Start.UTC(),
		End:            slot.End.UTC(),
		Name:           req.Name,
		Email:          req.Email,
		Phone:          req.Phone,
		Topic:          req.Topic,
		Accessibility:  req.Accessibility,
		Language:       req.Language,
		Status:         StatusConfirmed,
		IdempotencyKey: req.IdempotencyKey,
		RequestHash:    req.fingerprint(start),
		BookedBy:       staffID(req.ByStaff),
		PriorityPass:   passHash(priority, req.PriorityPass),
		CreatedAt:      s.now(),
		UpdatedAt:      s.now(),
	}
	if check := s.capsCheck(); req.ByStaff == nil && check != nil {
		// The store runs the check inside its write; a refusal is "capped"
		// for the metrics.
		b.CheckCaps = func(perOfficial, overall int) error {
			err := check(perOfficial, overall)
			if err != nil {
				capped = true
			}
			return err
		}
	}
	hold := s.holdFor(o, &req)
	// A reference is short, so it may collide; the token never will.
	for attempt := 0; ; attempt++ {
		b.Reference, b.Token = NewReference(), NewToken()
		var msgs []Message
		if hold > 0 {
			msgs = []Message{s.hold(b, hold)}
		} else {
			msgs = s.confirmation(b)
		}
		var audit *AuditEntry
		if req.ByStaff != nil {
			audit = s.auditOf(req.ByStaff, "booking.create", b.Reference)
		}
		err = s.Store.CreateBooking(ctx, b, forCitizen(b, msgs...), audit)
		var dup *DuplicateError
		if !errors.As(err, &dup) {
			break
		}
		if dup.Field == "idempotency_key" {
			// Another request with the same key won the race.
			b, err := s.replay(ctx, &req)
			return b, b != nil, err
		}
		if attempt == 5 {
			return nil, false, err
		}
	}
	if err != nil {
		return nil, false, err
	}
	s.changed()
	return b, false, nil
}

// DuplicateError is returned by a Store when a unique field of a new
// booking is taken.
type DuplicateError struct{ Field string }

func (e *DuplicateError) Error() string { return "booking: duplicate " + e.Field }

// Booking returns the booking with the manage token. ENOTFOUND otherwise.
func (s *Service) Booking(ctx context.Context, token string) (*Booking, error) {
	if !ValidToken(token) {
		return nil, errBookingNotFound()
	}
	return s.Store.BookingByToken(ctx, token)
}

// BookingByID returns a booking by its internal id. ENOTFOUND otherwise.
func (s *Service) BookingByID(ctx context.Context, id int64) (*Booking, error) {
	return s.Store.BookingByID(ctx, id)
}

// BookingByReference returns the booking with the reference. ENOTFOUND otherwise.
func (s *Service) BookingByReference(ctx context.Context, ref string) (*Booking, error) {
	ref, ok := NormalizeReference(ref)
	if !ok {
		return nil, errBookingNotFound()
	}
	return s.Store.BookingByReference(ctx, ref)
}

// managedBooking returns the booking with the reference for a staff
// member who manages its official: ENOTFOUND, or EFORBIDDEN.
func (s *Service) managedBooking(ctx context.Context, by *User, ref string) (*Booking, error) {
	b, err := s.BookingByReference(ctx, ref)
	if err != nil {
		return nil, err
	}
	if err := authorize(by, b.OfficialID); err != nil {
		return nil, err
	}
	return b, nil
}

func errBookingNotFound() error {
	return Errorf(ENOTFOUND, "Няма такова записване.", "There is no such booking.")
}

// Cancel cancels a confirmed booking before its start, by its manage token.
//
// ENOTFOUND for an unknown token; ECONFLICT when it is no longer confirmed
// or has already begun.
func (s *Service) Cancel(ctx context.Context, token string) (*Booking, error) {
	b, err := s.Booking(ctx, token)
	if err != nil {
		return nil, err
	}
	if !b.Status.Allows(ActCancel) {
		return nil, statusConflict(b, Text{"Записването не може да бъде отменено", "The booking cannot be cancelled"})
	}
	if !b.Start.After(s.now()) {
		return nil, Errorf(ECONFLICT, "Срещата вече е започнала и не може да бъде отменена.", "The meeting has already begun and cannot be cancelled.")
	}
	// A hold was never sent an invitation, so there is nothing to withdraw.
	var msgs []Message
	if b.Status != StatusPending {
		b.Sequence++
		msgs = forCitizen(b, s.message(b, MessageCancellation, ""))
	}
	b.Status, b.UpdatedAt = StatusCancelled, s.now()
	if err := s.Store.UpdateStatus(ctx, b, StatusesAllowing(ActCancel), msgs, nil); err != nil {
		return nil, err
	}
	s.changed()
	s.seatFreed(ctx, b.OfficialSlug, b.Start)
	return b, nil
}

// Reschedule moves a confirmed booking to another open slot of the same
// official; the booking keeps its reference, token and UID, and its
// sequence goes up by one.
//
// EINVALID for a malformed start; ENOTFOUND for an unknown token; ECONFLICT
// when the booking can no longer be moved; ENOTBOOKABLE or ESLOTFULL for
// the new slot.
func (s *Service) Reschedule(ctx context.Context, token, startText string) (*Booking, error) {
	start, err := parseStart("start", startText)
	if err != nil {
		return nil, err
	}
	b, err := s.Booking(ctx, token)
	if err != nil {
		return nil, err
	}
	if b.Status.Allows(ActConfirm) {
		return nil, Errorf(ECONFLICT, "Първо потвърдете записването от връзката в писмото, което Ви изпратихме.",
			"First confirm the booking through the link in the email we sent you.")
	}
	if !b.Status.Allows(ActMove) || !b.Start.After(s.now()) {
		return nil, Errorf(ECONFLICT, "Записването вече не може да бъде преместено.", "The booking can no longer be moved.")
	}
	if b.Start.Equal(start) {
		return nil, Errorf(ECONFLICT, "Записването вече е за този час.", "The booking is already for this time.")
	}
	o, err := s.Store.Official(ctx, b.OfficialSlug)
	if err != nil {
		return nil, err
	}
	slot, err := s.findSlot(ctx, o, start)
	if err != nil {
		return nil, err
	}
	if err := s.bookable(slot); err != nil {
		return nil, err
	}
	old := b.Start
	b.Start, b.End, b.ScheduleID = slot.Start.UTC(), slot.End.UTC(), slot.ScheduleID
	b.Sequence++
	b.UpdatedAt = s.now()
	msgs := append([]Message{s.message(b, MessageChange, "")}, s.reminders(b)...)
	if err := s.Store.MoveBooking(ctx, b, forCitizen(b, msgs...)); err != nil {
		return nil, err
	}
	s.changed()
	s.seatFreed(ctx, b.OfficialSlug, old)
	return b, nil
}

// RecordArrival checks a citizen in at the given instant (now when zero):
// late when after the slot start plus the grace period. A booking swept to
// no-show can still be checked in.
//
// ENOTFOUND; EFORBIDDEN unless by manages the official; EINVALID for an
// arrival in the future or long before the slot; ECONFLICT when cancelled
// or already checked in.
func (s *Service) RecordArrival(ctx context.Context, by *User, ref string, at time.Time) (*Booking, error) {
	b, err := s.managedBooking(ctx, by, ref)
	if err != nil {
		return nil, err
	}
	now, at := s.instant(at)
	switch {
	case at.After(now.Add(time.Minute)):
		return nil, invalidField("at", "Часът на пристигане е в бъдещето.", "The arrival time is in the future.")
	case at.Before(b.Start.Add(-12 * time.Hour)):
		return nil, invalidField("at", "Часът на пристигане е твърде рано преди срещата.", "The arrival time is too long before the meeting.")
	case !b.Status.Allows(ActArrive):
		return nil, statusConflict(b, Text{"Не може да се отбележи пристигане", "Cannot record the arrival"})
	}
	from := b.Status
	b.ArrivedAt, b.UpdatedAt = at, now
	b.Status = s.arrivalStatus(b)
	feedback := s.message(b, MessageFeedback, "")
	feedback.DueAt = maxTime(b.End.Add(s.FeedbackAfter), now)
	if err := s.Store.UpdateStatus(ctx, b, []Status{from}, forCitizen(b, feedback), s.auditOf(by, "arrival", b.Reference)); err != nil {
		return nil, err
	}
	return b, nil
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func invalidField(field, bg, en string) error {
	f := FieldErrors{}
	f.Add(field, bg, en)
	return f.Err()
}

// MarkNoShow records that the citizen of a confirmed booking did not come.
//
// ENOTFOUND; EFORBIDDEN unless by manages the official; ECONFLICT before
// the slot starts or when not confirmed.
func (s *Service) MarkNoShow(ctx context.Context, by *User, ref string) (*Booking, error) {
	b, err := s.managedBooking(ctx, by, ref)
	if err != nil {
		return nil, err
	}
	if !b.Status.Allows(ActNoShow) {
		return nil, statusConflict(b, Text{"Само потвърдено записване може да се отбележи като неявяване", "Only a confirmed booking can be marked as a no-show"})
	}
	if s.now().Before(b.Start) {
		return nil, Errorf(ECONFLICT, "Срещата още не е започнала.", "The meeting has not begun yet.")
	}
	if err := s.noShow(ctx, b, s.auditOf(by, "no-show", b.Reference)); err != nil {
		return nil, err
	}
	return b, nil
}

// noShow marks b a no-show; audit is nil for the sweep.
func (s *Service) noShow(ctx context.Context, b *Booking, audit *AuditEntry) error {
	b.Status, b.UpdatedAt = StatusNoShow, s.now()
	if err := s.Store.UpdateStatus(ctx, b, StatusesAllowing(ActNoShow), forCitizen(b, s.message(b, MessageNoShow, "")), audit); err != nil {
		return err
	}
	s.changed()
	return nil
}

// SweepNoShows marks as no-shows the confirmed bookings whose slot ended
// more than the grace period ago, and returns how many it marked.
func (s *Service) SweepNoShows(ctx context.Context) (int, error) {
	n := 0
	for {
		due, err := s.Store.Bookings(ctx, BookingFilter{
			EndBefore: s.now().Add(-s.Grace), Statuses: []Status{StatusConfirmed}, Limit: 500,
		})
		if err != nil {
			return n, err
		}
		for i := range due {
			err := s.noShow(ctx, &due[i], nil)
			if ErrorCode(err) == ECONFLICT {
				continue // checked in or cancelled meanwhile
			} else if err != nil {
				return n, err
			}
			n++
		}
		if len(due) < 500 {
			return n, nil
		}
	}
}

// statusConflict explains that an action is not possible in the booking's status.
func statusConflict(b *Booking, action Text) error {
	st := StatusText(b.Status)
	return NewError(ECONFLICT, Text{action.BG + ": записването е " + st.BG + ".", action.EN + ": the booking is " + st.EN + "."})
}

// StatusText names a status for people.
func StatusText(st Status) Text {
	switch st {
	case StatusPending:
		return Text{"очаква потвърждение по имейл", "awaiting confirmation by email"}
	case StatusConfirmed:
		return Text{"потвърдено", "confirmed"}
	case StatusCancelled:
		return Text{"отменено", "cancelled"}
	case StatusArrived:
		return Text{"пристигнал(а)", "arrived"}
	case StatusLate:
		return Text{"закъснял(а)", "late"}
	case StatusNoShow:
		return Text{"неявил(а) се", "no-show"}
	case StatusCompleted:
		return Text{"приключило", "completed"}
	}
	return Text{string(st), string(st)}
}

// UndoStatus puts a booking marked as arrived, late or no-show back to
// confirmed, for a mark made by mistake.
//
// ENOTFOUND; EFORBIDDEN unless by manages the official; ECONFLICT when
// there is nothing to undo.
func (s *Service) UndoStatus(ctx context.Context, by *User, ref string) (*Booking, error) {
	b, err := s.managedBooking(ctx, by, ref)
	if err != nil {
		return nil, err
	}
	from := b.Status
	switch {
	case !from.Allows(ActUndo):
		return nil, statusConflict(b, Text{"Няма какво да се отмени", "There is nothing to undo"})
	case from == StatusCompleted: // back to arrived, or late
		b.Status, b.ReceivedAt = s.arrivalStatus(b), time.Time{}
	default:
		b.Status, b.ArrivedAt = StatusConfirmed, time.Time{}
	}
	b.UpdatedAt = s.now()
	if err := s.Store.UpdateStatus(ctx, b, []Status{from}, nil, s.auditOf(by, "undo", b.Reference)); err != nil {
		return nil, err
	}
	s.changed()
	return b, nil
}

// arrivalStatus is arrived, or late when the citizen came after the slot
// start plus the grace period.
func (s *Service) arrivalStatus(b *Booking) Status {
	if s.WasLate(b) {
		return StatusLate
	}
	return StatusArrived
}

// WasLate reports whether the citizen checked in after the slot start plus
// the grace period, whatever happened afterwards.
func (s *Service) WasLate(b *Booking) bool {
	return !b.ArrivedAt.IsZero() && b.ArrivedAt.After(b.Start.Add(s.Grace))
}

// RecordReceived notes when the official began a checked-in citizen's
// meeting (now when at is zero): the booking is completed, and the wait
// since arrival goes into the statistics.
//
// ENOTFOUND; EFORBIDDEN unless by manages the official; ECONFLICT when the
// citizen is not checked in; EINVALID for a time in the future or before
// the arrival.
func (s *Service) RecordReceived(ctx context.Context, by *User, ref string, at time.Time) (*Booking, error) {
	b, err := s.managedBooking(ctx, by, ref)
	if err != nil {
		return nil, err
	}
	now, at := s.instant(at)
	switch {
	case !b.Status.Allows(ActReceive):
		return nil, statusConflict(b, Text{"Срещата може да започне след отбелязване на пристигането", "The meeting can begin once the arrival is recorded"})
	case at.After(now.Add(time.Minute)):
		return nil, invalidField("at", "Часът е в бъдещето.", "The time is in the future.")
	case at.Before(b.ArrivedAt):
		return nil, invalidField("at", "Срещата не може да започне преди пристигането.", "The meeting cannot begin before the arrival.")
	}
	from := b.Status
	b.Status, b.ReceivedAt, b.UpdatedAt = StatusCompleted, at, now
	if err := s.Store.UpdateStatus(ctx, b, []Status{from}, nil, s.auditOf(by, "received", b.Reference)); err != nil {
		return nil, err
	}
	s.changed()
	return b, nil
}

// forCitizen returns the messages for a citizen who has an email, none
// for one booked by staff without it.
func forCitizen(b *Booking, msgs ...Message) []Message {
	if b.Email == "" {
		return nil
	}
	return msgs
}

func staffID(u *User) int64 {
	if u == nil {
		return 0
	}
	return u.ID
}

// instant returns now and at, at defaulting to now, both to the second.
func (s *Service) instant(at time.Time) (now, t time.Time) {
	now = s.now()
	if at.IsZero() {
		return now, now
	}
	return now, at.UTC().Truncate(time.Second)
}

func passHash(priority bool, token string) string {
	if !priority {
		return ""
	}
	return hashToken(token)
}

// Messages returns the letters sent or due for a booking.
func (s *Service) Messages(ctx context.Context, bookingID int64) ([]Message, error) {
	return s.Store.Messages(ctx, bookingID)
}
