package booking

import (
	"context"
	"sync"
	"time"

	"github.com/priemna/priemna/booking/i18n"
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
		msg := T("err.beyond-horizon", DateText(last))
		return &Error{Code: EINVALID, Message: msg, Fields: map[string]Text{field: msg}}
	}
	return nil
}

// Service carries out everything citizens and staff do with bookings.
type Service struct {
	store Stores

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
	// Policy blocks online booking after repeated no-shows, and Caps bound
	// a citizen's coming bookings (both need Stores.Policies).
	// ContactCentre is the number given to blocked citizens.
	Policy        NoShowPolicy
	Caps          Caps
	ContactCentre string
	// Outcome, when set, is told how each attempt to book ended (one of
	// Outcomes), for metrics.
	Outcome func(outcome string)
	// OfferHold is how long a freed seat is held for the waiting citizen
	// offered it (DefaultOfferHold when zero).
	OfferHold time.Duration

	rules sync.Map // rule text → *calendar.Rule, parsed once
	cache calendarCache
	slots slotsCache
}

// NewService returns a Service on the stores with the given clock.
func NewService(stores Stores, now func() time.Time) *Service {
	return &Service{store: stores, Now: now, Grace: DefaultGrace, UIDHost: "priemna.local",
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

// eachCalendar calls fn with each of data's schedules and its calendar,
// in order; the first error stops it.
func (s *Service) eachCalendar(data *calendarData, fn func(sch *Schedule, cs calendar.Schedule) error) error {
	for i := range data.schedules {
		sch := &data.schedules[i]
		cs, err := s.calendarOf(sch)
		if err != nil {
			return err
		}
		if err := fn(sch, cs); err != nil {
			return err
		}
	}
	return nil
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

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func invalidField(field string, key i18n.Key, args ...any) error {
	f := FieldErrors{}
	f.Add(field, key, args...)
	return f.Err()
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

// Messages returns the letters sent or due for a booking.
func (s *Service) Messages(ctx context.Context, bookingID int64) ([]Message, error) {
	return s.store.Bookings.Messages(ctx, bookingID)
}

// Today returns the current date in Sofia.
func (s *Service) Today() calendar.Date { return calendar.DateOf(s.now()) }

// Clock returns the current instant.
func (s *Service) Clock() time.Time { return s.now() }
