package booking

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/priemna/priemna/calendar"
)

// The waiting list: a citizen who found no free slot with an official
// waits for one. When a seat frees, the first waiting citizen whose days
// match is offered it: the seat is held for them as a pending booking (so
// nobody else can take it meanwhile) and a letter with a one-time link lets
// them take it or decline. First come, first offered; one open offer per
// citizen; a declined or unanswered offer goes to the next.

// DefaultOfferHold is how long a seat is held for the citizen it is offered
// to; never past the slot's booking cut-off.
const DefaultOfferHold = 2 * time.Hour

// MinOfferWindow: a seat whose booking closes sooner than this is not
// offered, since the citizen could not answer in time.
const MinOfferWindow = 15 * time.Minute

// WaitStatus is where a waiting-list entry is.
type WaitStatus string

const (
	WaitWaiting WaitStatus = "waiting"
	WaitBooked  WaitStatus = "booked" // took an offer, or staff booked them
	WaitLeft    WaitStatus = "left"   // left through their link; personal data erased
	WaitLapsed  WaitStatus = "lapsed" // their dates passed, or an offer went unanswered
)

// OfferOutcome is how an offer ended.
type OfferOutcome string

const (
	OfferTaken     OfferOutcome = "taken"
	OfferDeclined  OfferOutcome = "declined"
	OfferLapsed    OfferOutcome = "lapsed"
	OfferWithdrawn OfferOutcome = "withdrawn" // the citizen left the list
)

// WaitEntry is a citizen waiting for a seat with an official.
type WaitEntry struct {
	ID           int64
	OfficialID   int64
	OfficialSlug string
	Citizen
	// Weekdays has bit d set when weekday d (time.Sunday = 0) suits; 0:
	// any day.
	Weekdays  uint8
	From, To  calendar.Date // the dates they can come, inclusive
	Status    WaitStatus
	BookingID int64 // the booking it ended in
	CreatedAt time.Time
	UpdatedAt time.Time
	TokenHash string // SHA-256 of the secret in the entry's link; written on join, never read back

	// Read with the entry, not stored:
	Place     int       // 1-based place among the official's waiting entries; 0 when not waiting
	OfferFrom time.Time // the slot of an open offer; zero when none
}

// Matches reports whether a slot on day d suits the entry.
func (e *WaitEntry) Matches(d calendar.Date) bool {
	return !d.Before(e.From) && !e.To.Before(d) && (e.Weekdays == 0 || e.Weekdays&(1<<uint(d.Weekday())) != 0)
}

// Offer is a seat held for a waiting citizen.
type Offer struct {
	ID        int64
	EntryID   int64
	BookingID int64
	Start     time.Time
	Outcome   OfferOutcome // "" while open
	CreatedAt time.Time
}

// WaitStore keeps the waiting lists.
type WaitStore interface {
	// CreateWaitEntry inserts e with its letter and sets e.ID; ECONFLICT
	// when the citizen already waits for the official. checkCaps, when
	// not nil, is run on the citizen's coming bookings in the same
	// transaction, as NewBooking.CheckCaps is.
	CreateWaitEntry(ctx context.Context, e *WaitEntry, msg Message, checkCaps func(perOfficial, overall int) error) error
	// WaitEntryByToken returns the entry whose link secret hashes to hash,
	// with its place and open offer; ENOTFOUND otherwise.
	WaitEntryByToken(ctx context.Context, hash string) (*WaitEntry, error)
	WaitEntryByID(ctx context.Context, id int64) (*WaitEntry, error)
	// WaitingList returns the official's waiting entries, first come first.
	WaitingList(ctx context.Context, officialID int64) ([]WaitEntry, error)
	// OfferSeat picks, in one transaction, the first waiting entry of b's
	// official whose days match b's slot, who has no open offer (with any
	// official), no coming booking with the official and was never offered
	// this slot; copies the citizen into b and inserts b as a pending hold
	// in a free seat of the slot with msg, recording the offer under
	// codeHash. ENOTFOUND when nobody matches, ESLOTFULL when the slot has
	// no free seat, *DuplicateError when b's reference or token is taken.
	OfferSeat(ctx context.Context, b *Booking, codeHash string, msg Message, now time.Time) (*WaitEntry, error)
	// OfferByCode returns the open offer whose code hashes to hash;
	// ENOTFOUND otherwise.
	OfferByCode(ctx context.Context, hash string) (*Offer, error)
	// OfferForBooking returns the open offer holding the booking;
	// ENOTFOUND otherwise.
	OfferForBooking(ctx context.Context, bookingID int64) (*Offer, error)
	// AnswerOffer ends an open offer and stores b (its status from
	// pending) with msgs; the entry goes to entry unless that is "" (it
	// keeps waiting). ECONFLICT when the offer is no longer open.
	AnswerOffer(ctx context.Context, o *Offer, b *Booking, outcome OfferOutcome, entry WaitStatus, msgs []Message) error
	// LeaveWaitlist ends a waiting entry as left, erasing its personal
	// data, and withdraws its open offer, cancelling the held booking,
	// which it returns (nil when none). ECONFLICT when not waiting.
	LeaveWaitlist(ctx context.Context, entryID int64, at time.Time) (*Booking, error)
	// EndWaitEntry ends a waiting entry with the status (and the booking
	// it ended in, 0 if none); ECONFLICT when it is not waiting.
	EndWaitEntry(ctx context.Context, entryID int64, status WaitStatus, bookingID int64, at time.Time) error
	// LapseWaitEntries ends as lapsed the waiting entries whose last date
	// is before day and that hold no open offer; it returns how many.
	LapseWaitEntries(ctx context.Context, day calendar.Date, at time.Time) (int, error)
	// WaitingOfficials returns the ids of officials with waiting entries.
	WaitingOfficials(ctx context.Context) ([]int64, error)
	// AnonymiseWaitEntries erases the personal data of entries that ended
	// before the instant; it returns how many.
	AnonymiseWaitEntries(ctx context.Context, endedBefore, at time.Time) (int, error)
	// EraseWaitEntries ends the citizen's waiting entries (with any
	// official) as left, withdraws their open offers, cancelling the held
	// bookings, which it returns, and erases the entries' personal data,
	// with the audit entry (its object gets the count: the email, being
	// personal data, is not named); it says how many entries it erased.
	EraseWaitEntries(ctx context.Context, email string, at time.Time, audit *AuditEntry) ([]Booking, int, error)
	// WaitStatRows returns the entries joined before to and not ended
	// before from, and the offers made in [from, to), of one official or,
	// with officialID 0, of all: for the statistics.
	WaitStatRows(ctx context.Context, officialID int64, from, to time.Time) ([]WaitRow, []OfferRow, error)
}

// WaitRequest is what a citizen submits to join a waiting list.
type WaitRequest struct {
	Official string
	Citizen
	Weekdays []time.Weekday // empty: any day
	From, To string         // YYYY-MM-DD; empty: from today, to the end of the booking window
}

// errNoWaitlist is returned when the service runs without a WaitStore.
func errNoWaitlist() error {
	return Errorf(ENOTFOUND, "err.the-waiting-list-is-not")
}

// JoinWaitlist puts a citizen on an official's waiting list and sends the
// letter with their place and the link to leave; it returns the entry and
// the secret of that link. The no-show policy and the caps apply as to a
// booking.
//
// EINVALID for bad fields; ECONFLICT when the citizen already waits for the
// official, or a free slot matches their days (they should book it);
// EFORBIDDEN when the no-show policy blocks them.
func (s *Service) JoinWaitlist(ctx context.Context, req WaitRequest) (*WaitEntry, string, error) {
	if s.store.Waitlist == nil {
		return nil, "", errNoWaitlist()
	}
	// The citizen's details are checked as a booking's; there is no start
	// yet, so a placeholder passes that check.
	br := BookRequest{Official: req.Official, Start: "-", Citizen: req.Citizen}
	br.Normalize()
	f := FieldErrors{}
	if err := br.Validate(); err != nil {
		var e *Error
		if !errors.As(err, &e) {
			return nil, "", err
		}
		for k, v := range e.Fields {
			f[k] = v
		}
	}
	today := s.Today()
	o, err := s.store.Catalog.Official(ctx, br.Official)
	if ErrorCode(err) == ENOTFOUND || (err == nil && !o.Receives()) {
		f.Add("official", "err.there-is-no-such-official")
		return nil, "", f.Err()
	} else if err != nil {
		return nil, "", err
	}
	horizon, err := s.bookingHorizon(ctx, o)
	if err != nil {
		return nil, "", err
	}
	e := &WaitEntry{OfficialID: o.ID, OfficialSlug: o.Slug, Citizen: br.Citizen, From: today, To: horizon,
		Status: WaitWaiting, CreatedAt: s.now(), UpdatedAt: s.now()}
	for _, d := range req.Weekdays {
		if d < time.Sunday || d > time.Saturday {
			f.Add("days", "err.unknown-day-of-the-week")
			continue
		}
		e.Weekdays |= 1 << uint(d)
	}
	if v := strings.TrimSpace(req.From); v != "" {
		if e.From, err = calendar.ParseDate(v); err != nil {
			f.Add("from", "err.the-date-must-look-like-2")
		} else if e.From.Before(today) {
			f.Add("from", "err.the-first-date-has-passed")
		}
	}
	if v := strings.TrimSpace(req.To); v != "" {
		if e.To, err = calendar.ParseDate(v); err != nil {
			f.Add("to", "err.the-date-must-look-like-2")
		}
	}
	_, badFrom := f["from"]
	_, badTo := f["to"]
	if !badFrom && !badTo && e.To.Before(e.From) {
		f.Add("to", "err.the-last-date-is-before")
	}
	if !badFrom && horizon.Before(e.From) {
		f.Add("from", "err.booking-for-these-dates-has")
	}
	if err := f.Err(); err != nil {
		return nil, "", err
	}
	if err := s.checkPolicy(ctx, br.Email); err != nil {
		return nil, "", err
	}
	slots, err := s.Slots(ctx, o.Slug, e.From, minDate(e.To, e.From.AddDays(MaxRangeDays)))
	if err != nil {
		return nil, "", err
	}
	for _, sl := range slots {
		if sl.Available > 0 && e.Matches(calendar.DateOf(sl.Start)) {
			return nil, "", Errorf(ECONFLICT, "err.there-is-a-free-time", DateTimeText(sl.Start))
		}
	}
	token := NewToken()
	e.TokenHash = HashPass(token)
	msg := Message{Kind: MessageWaitJoined, DueAt: s.now(), CreatedAt: s.now(), Pass: token}
	if err := s.store.Waitlist.CreateWaitEntry(ctx, e, msg, s.capsCheck()); err != nil {
		return nil, "", err
	}
	s.changed()
	e.Place, err = s.placeOf(ctx, e)
	return e, token, err
}

func minDate(a, b calendar.Date) calendar.Date {
	if b.Before(a) {
		return b
	}
	return a
}

// bookingHorizon is the last day the official's active schedules open for
// booking now.
func (s *Service) bookingHorizon(ctx context.Context, o *Official) (calendar.Date, error) {
	schedules, err := s.store.Catalog.Schedules(ctx, o.ID)
	if err != nil {
		return calendar.Date{}, err
	}
	days := 0
	for _, sch := range schedules {
		if sch.Active {
			days = max(days, sch.BookingOpensDays)
		}
	}
	return s.Today().AddDays(days), nil
}

func (s *Service) placeOf(ctx context.Context, e *WaitEntry) (int, error) {
	got, err := s.store.Waitlist.WaitEntryByID(ctx, e.ID)
	if err != nil {
		return 0, err
	}
	return got.Place, nil
}

// WaitEntry returns the entry of a waiting-list link, with its place.
//
// ENOTFOUND for an unknown, left or erased entry.
func (s *Service) WaitEntry(ctx context.Context, token string) (*WaitEntry, error) {
	if s.store.Waitlist == nil {
		return nil, errNoWaitlist()
	}
	return bySecret(ctx, token, s.store.Waitlist.WaitEntryByToken, errEntryNotFound)
}

func errEntryNotFound() error {
	return Errorf(ENOTFOUND, "err.there-is-no-such-waiting")
}

// LeaveWaitlist takes a citizen off the list by their link and erases
// their details; a seat held for them goes to the next.
//
// ENOTFOUND for an unknown link; ECONFLICT when no longer waiting.
func (s *Service) LeaveWaitlist(ctx context.Context, token string) error {
	e, err := s.WaitEntry(ctx, token)
	if err != nil {
		return err
	}
	if e.Status != WaitWaiting {
		return Errorf(ECONFLICT, "err.you-are-no-longer-on")
	}
	freed, err := s.store.Waitlist.LeaveWaitlist(ctx, e.ID, s.now())
	if err != nil {
		return err
	}
	s.changed()
	if freed != nil {
		s.seatFreed(ctx, freed.OfficialSlug, freed.Start)
	}
	return nil
}
