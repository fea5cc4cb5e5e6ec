package booking

import (
	"context"
	"time"

	"github.com/priemna/priemna/calendar"
)

// The stores persist the domain, one interface per role, as the service
// needs them (see Stores). Methods return *Error with ENOTFOUND for a
// missing object; other failures are internal errors. Staff operations
// record audit, when not nil, in the same transaction as the change.

// CatalogStore keeps the units, officials and their schedules.
type CatalogStore interface {
	Units(ctx context.Context) ([]Unit, error)
	Unit(ctx context.Context, slug string) (*Unit, error)
	CreateUnit(ctx context.Context, u *Unit, audit *AuditEntry) error
	UpdateUnit(ctx context.Context, u *Unit, audit *AuditEntry) error // by ID; the slug stays

	Officials(ctx context.Context) ([]Official, error)
	Official(ctx context.Context, slug string) (*Official, error)
	CreateOfficial(ctx context.Context, o *Official, audit *AuditEntry) error // ECONFLICT when the slug is taken
	UpdateOfficial(ctx context.Context, o *Official, audit *AuditEntry) error // by ID; the slug stays

	// Schedules returns an official's schedules, ended ones included,
	// oldest first.
	Schedules(ctx context.Context, officialID int64) ([]Schedule, error)
	// ScheduleByID returns a schedule, ended or not, whoever's it is now
	// (a booking handed over to a deputy keeps its room). ENOTFOUND.
	ScheduleByID(ctx context.Context, id int64) (*Schedule, error)
	CreateSchedule(ctx context.Context, s *Schedule, audit *AuditEntry) error
}

// ClosureStore takes an official's bookings away in one transaction with
// the change that takes them: a schedule ended, a day closed or handed
// over. Each cancels or moves the bookings the office may still cancel
// (StatusesAllowing(ActCloseDay)), records the messages notify returns
// for each, and returns those bookings.
type ClosureStore interface {
	// EndSchedule ends a schedule and, with cancel, cancels in the same
	// transaction every booking made from it with a slot start after from
	// that the office may still cancel (StatusesAllowing(ActCloseDay)),
	// recording the Notice notify returns for each; it returns those
	// bookings. ECONFLICT when it has already ended.
	EndSchedule(ctx context.Context, scheduleID int64, cancel bool, from time.Time, notify func(b *Booking) Notice, audit *AuditEntry) ([]Booking, error)
	Closures(ctx context.Context, officialID int64, from, to calendar.Date) ([]Closure, error)
	// CreateClosure records the closure and, in the same transaction,
	// cancels every booking the office may still cancel in [dayStart, dayEnd) of that official,
	// recording the Notice that notify(b) returns for each. ECONFLICT
	// when the day is already closed.
	CreateClosure(ctx context.Context, c *Closure, dayStart, dayEnd time.Time, notify func(b *Booking) Notice, audit *AuditEntry) ([]Booking, error)
	// HandOverDay records the closure and moves every booking the office
	// may still cancel (a hold or a confirmed booking) in
	// [dayStart, dayEnd) to the deputy official, as notify changes each,
	// recording its Notice; ECONFLICT when the deputy has a booking at
	// the same time, or the day is already closed.
	HandOverDay(ctx context.Context, c *Closure, deputyID int64, dayStart, dayEnd time.Time, notify func(b *Booking) Notice, audit *AuditEntry) ([]Booking, error)
}

// Notice is what a closure records with each booking it cancels or
// moves: the letters, and the priority pass the letter of a meeting the
// office cancelled carries (nil for none), issued in the same transaction.
type Notice struct {
	Messages []Message
	Pass     *PriorityPass
}

// BookingStore keeps the bookings and the messages that go with them.
type BookingStore interface {
	// SlotUsage counts the active bookings of an official per slot start
	// (Unix seconds) in [from, to).
	SlotUsage(ctx context.Context, officialID int64, from, to time.Time) (map[int64]int, error)

	// CreateBooking inserts b together with the messages, whose BookingID
	// it sets, and sets b.ID. In the same transaction it checks the slot
	// against the database as it is now, whatever a cache said: the
	// schedule b.ScheduleID still runs for an official who receives,
	// b.Start's day is not closed (ENOTBOOKABLE otherwise), and fewer
	// bookings than the schedule's capacity hold a seat (ESLOTFULL).
	CreateBooking(ctx context.Context, b *Booking, n NewBooking) error
	// MoveBooking moves b to b.Start/b.End under b.ScheduleID, with the
	// same checks of the new slot as CreateBooking, kept only while the
	// stored sequence is b.Sequence-1 (ECONFLICT: changed meanwhile);
	// records the messages.
	MoveBooking(ctx context.Context, b *Booking, msgs []Message) error
	// UpdateStatus stores b's status, arrival, reception, sequence and
	// HeldUntil only while the stored status is one of from (ECONFLICT
	// otherwise), spends a hold's code once it is no longer pending, and
	// records the messages.
	UpdateStatus(ctx context.Context, b *Booking, from []Status, msgs []Message, audit *AuditEntry) error

	BookingByToken(ctx context.Context, token string) (*Booking, error)
	BookingByReference(ctx context.Context, ref string) (*Booking, error)
	BookingByID(ctx context.Context, id int64) (*Booking, error)
	BookingByIdempotencyKey(ctx context.Context, key string) (*Booking, error)
	// BookingByHoldHash returns the pending booking whose confirmation code
	// hashes to hash; ENOTFOUND otherwise.
	BookingByHoldHash(ctx context.Context, hash string) (*Booking, error)
	Bookings(ctx context.Context, f BookingFilter) ([]Booking, error)

	Messages(ctx context.Context, bookingID int64) ([]Message, error)
}

// FeedbackStore keeps the citizens' feedback on their meetings.
type FeedbackStore interface {
	// SaveFeedback stores f; ECONFLICT when the booking has feedback.
	SaveFeedback(ctx context.Context, f *Feedback) error
	// FeedbackFor returns a booking's feedback; ENOTFOUND when none.
	FeedbackFor(ctx context.Context, bookingID int64) (*Feedback, error)
}

// StatsStore reads what the statistics count.
type StatsStore interface {
	// StatRows returns the bookings with a slot start in [from, to), of one
	// official or, with officialID 0, of all, for the statistics.
	StatRows(ctx context.Context, officialID int64, from, to time.Time) ([]StatRow, error)
	// StatMonths returns the totals kept for each month in first..last
	// ("YYYY-MM", Sofia) of one official or, with officialID 0, of all,
	// counting as late who came more than lateAfter (whole minutes) after
	// the start; months without bookings may be missing.
	StatMonths(ctx context.Context, officialID int64, first, last string, lateAfter time.Duration) ([]StatMonth, error)
}

// NewBooking is what CreateBooking writes with a booking, in the same
// transaction: said here rather than riding on the booking, so that saving
// a booking has no side effect its caller did not ask for.
type NewBooking struct {
	// Messages are recorded with the booking; their BookingID is set.
	Messages []Message
	// Audit, when not nil, is recorded with it (a booking by staff).
	Audit *AuditEntry
	// HoldHash is the SHA-256 of a new hold's confirmation code, which
	// BookingByHoldHash finds while the booking is pending; empty for a
	// booking that stands at once.
	HoldHash string
	// UsePass is the hash of the priority pass the booking uses up: the
	// pass is spent with the booking, or neither happens (ECONFLICT when it
	// is used or expired); empty for none.
	UsePass string
	// CheckCaps, when set, is called inside the write with the citizen's
	// coming bookings (matched by EmailKey and PhoneKey, the new one not
	// counted): with the official and overall. An error from it stores
	// nothing.
	CheckCaps func(perOfficial, overall int) error
}

// Stores are the service's collaborators, one per role, given to
// NewService. Catalog, Closures, Bookings, Feedback and Stats are
// required; each of the others, when nil, switches its feature off.
type Stores struct {
	Catalog  CatalogStore
	Closures ClosureStore
	Bookings BookingStore
	Feedback FeedbackStore
	Stats    StatsStore

	// Policies keeps the no-show strikes and counts the caps.
	Policies PolicyStore
	// Priority checks the priority rebooking passes of citizens whose
	// meeting the office cancelled.
	Priority PriorityStore
	// Waitlist keeps the waiting lists and their offers.
	Waitlist WaitStore
	// Complaints keeps the complaint register.
	Complaints ComplaintStore
	// Feeds keeps the officials' secret staff feeds.
	Feeds FeedStore
	// Privacy erases citizens' personal data, on request and by retention.
	Privacy PrivacyStore
	// Audit keeps the log of staff actions (those not audited in the
	// transaction of their change) and shows it to administrators.
	Audit AuditStore
	// DeadLetters lists the mail the worker gave up on and sends it again.
	DeadLetters DeadLetters
	// Deputies keeps the deputies administrators chose; nil: only the
	// officials of the same unit may take over a day.
	Deputies DeputyStore
	// Contests keeps citizens' objections to their no-shows; nil: none
	// can be made.
	Contests ContestStore
	// Links mails citizens the links to their coming bookings.
	Links LinkStore
	// Proofs keeps the proof of work's key and spent solutions, shared by
	// every replica of the database; nil: web keeps them in its process.
	Proofs ProofStore
}

// LinkStore writes the letter that carries a citizen's manage links.
type LinkStore interface {
	// QueueLinks writes m (a MessageLinks about bookingID) unless a links
	// letter to the same canonical email was written after since;
	// it reports whether it wrote. One write, so parallel requests queue
	// one letter.
	QueueLinks(ctx context.Context, bookingID int64, emailKey string, m Message, since time.Time) (bool, error)
}

// BookingFilter selects bookings; zero fields select everything.
type BookingFilter struct {
	OfficialID int64
	ScheduleID int64
	EmailKey   string    // the citizen's canonical email (EmailKey)
	From, To   time.Time // slot start in [From, To)
	EndBefore  time.Time // slot end before this instant
	HeldBefore time.Time // a hold that lapses before this instant
	Statuses   []Status
	Limit      int
}
