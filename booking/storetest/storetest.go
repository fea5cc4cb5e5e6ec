// Package storetest is the one conformance suite of the booking stores:
// every behaviour the domain relies on of a store — seats (capacity, the
// unique seat backstop, parallel booking of one slot), caps, holds,
// idempotency, closures, waiting lists, complaints, sessions and lockout,
// the no-show policy, statistics, audit — asserted once, through the
// booking service on the store under test. Each store runs it on a real
// database of its kind (booking/sqlite on a file, booking/postgres on a
// server):
//
//	storetest.Run(t, storetest.Harness{Open: …, Reopen: …})
//
// What only one kind of database has (file modes, WAL, migrations, group
// commit, crash recovery) is tested beside that store, not here, starting
// from the same Fixture (NewFixture with the store's harness). The cases
// that look at rows reach them through the harness's hooks (SQL, Columns,
// ImportPast, …), each supplied once by the store's test file. The suite
// imports no store.
package storetest

import (
	"context"
	"database/sql"
	"io"
	"testing"
	"time"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/booking/bookingtest"
)

// Core is a store under test in the roles the service cannot do without,
// with its row counts. A store that keeps only these (bookingtest.Store)
// runs the cases that need no more; the others skip.
type Core interface {
	booking.CatalogStore
	booking.ClosureStore
	booking.BookingStore
	booking.FeedbackStore
	booking.StatsStore
	// Stats counts the rows of each table, by name.
	Stats(ctx context.Context) (map[string]int, error)
}

// DB is a store under test in every role the service and the shell give a
// database, in one database.
type DB interface {
	Core
	booking.PolicyStore
	booking.PriorityStore
	booking.WaitStore
	booking.ComplaintStore
	booking.FeedStore
	booking.PrivacyStore
	booking.AuditStore
	booking.DeadLetters
	booking.DeputyStore
	booking.ContestStore
	booking.StaffStore
	booking.SessionStore
	booking.MailQueue
	booking.LetterStore
}

// Harness opens the databases the suite runs on.
type Harness struct {
	// Open returns a new, empty database, migrated, closed when the test
	// ends: a DB, or a Core for a store of the required roles only.
	Open func(t testing.TB) Core
	// Reopen returns a second handle on db's database, as a second
	// process on the same database would have, closed when the test ends.
	Reopen func(t testing.TB, db Core) Core

	// The hooks below reach a database as its kind stores it, for the cases
	// that look at rows (personal data in any column, counts by hand, past
	// bookings as years of use leave them). A case whose hook is nil skips.

	// SQL returns db's own handle, for statements both kinds of database
	// understand (no parameters).
	SQL func(db Core) *sql.DB
	// Columns is a query listing every column of the database's tables
	// but the migrations' record, a row "table.column" each.
	Columns string
	// ImportPast writes past bookings as an import does (ImportPast adapts
	// a store's own method).
	ImportPast func(t testing.TB, db Core, past []PastBooking)
	// RecountStats empties the kept monthly totals and counts them again
	// from the bookings, as the store did when it began keeping them.
	RecountStats func(t testing.TB, db Core)
	// EraseBatch is how many bookings one write of a retention sweep
	// erases at most.
	EraseBatch int
}

// PastBooking is a booking of the past with what happened to it and to its
// messages, as the stores' imports take it.
type PastBooking struct {
	Booking  booking.Booking
	Messages []booking.Message // with their final Status and SentAt
	Rating   int               // feedback given, 1–5; 0 for none
}

// ImportPast adapts a store's ImportPast method (a method expression such
// as (*sqlite.DB).ImportPast), whose past bookings have PastBooking's
// fields, to Harness.ImportPast.
func ImportPast[D Core, P ~struct {
	Booking  booking.Booking
	Messages []booking.Message
	Rating   int
}](importPast func(D, context.Context, []P) error) func(testing.TB, Core, []PastBooking) {
	return func(t testing.TB, db Core, past []PastBooking) {
		t.Helper()
		list := make([]P, len(past))
		for i, p := range past {
			list[i] = P(p)
		}
		if err := importPast(db.(D), context.Background(), list); err != nil {
			t.Fatal(err)
		}
	}
}

// Open opens the database at addr (a file, a URL) with a store's open
// function, or fails the test; it is closed when the test ends, if not
// before.
func Open[D io.Closer](t testing.TB, open func(addr string) (D, error), addr string) D {
	t.Helper()
	db, err := open(addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// Run runs the whole suite, each case a subtest on a database of its own.
func Run(t *testing.T, h Harness) {
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { c.run(t, h) })
	}
}

// on is a case that starts from a fresh Fixture of the capacity, built
// for it.
func on(capacity int, run func(t *testing.T, f *Fixture)) func(t *testing.T, h Harness) {
	return func(t *testing.T, h Harness) { run(t, NewFixture(t, h, capacity)) }
}

var cases = []struct {
	name string
	run  func(t *testing.T, h Harness)
}{
	{"EveryStatusAndAction", testEveryStatusAndAction},
	{"StaffOperationsAreCheckedAndAuditedTogether", on(2, testStaffOperationsAreCheckedAndAuditedTogether)},
	{"CapsHoldUnderConcurrency", testCapsHoldUnderConcurrency},
	{"CapsKeyOnTheCanonicalAddress", on(2, testCapsKeyOnTheCanonicalAddress)},
	{"NoShowsKeyOnTheCanonicalAddress", testNoShowsKeyOnTheCanonicalAddress},
	{"NoShowsCountOnlyForProvenAddresses", testNoShowsCountOnlyForProvenAddresses},
	{"ComplaintRegister", on(1, testComplaintRegister)},
	{"ComplaintNumbersUnderConcurrency", on(1, testComplaintNumbersUnderConcurrency)},
	{"EraseComplaint", on(1, testEraseComplaint)},
	{"HoldIsConfirmedThroughTheEmailedCode", testHoldIsConfirmedThroughTheEmailedCode},
	{"UnconfirmedHoldsAreReleased", testUnconfirmedHoldsAreReleased},
	{"LapsedHoldIsReleasedWhenItsLinkIsFollowed", testLapsedHoldIsReleasedWhenItsLinkIsFollowed},
	{"StaffAndUnverifiedBookings", on(2, testStaffAndUnverifiedBookings)}, // the official books at once
	{"HoldOfficialValidation", on(1, testHoldOfficialValidation)},
	{"BookingIsCheckedAgainstTheTruthNotACache", on(2, testBookingIsCheckedAgainstTheTruthNotACache)},
	{"ClosingADayCancelsItsHolds", testClosingADayCancelsItsHolds},
	{"EndingAScheduleCancelsItsHolds", testEndingAScheduleCancelsItsHolds},
	{"AReceptionDayOpensTogetherAtNine", on(1, testAReceptionDayOpensTogetherAtNine)}, // Mondays 14:00–17:00, booking opens 30 days ahead
	{"ScheduleOfHolidaysOnlyIsAcceptedWithAWarning", on(1, testScheduleOfHolidaysOnlyIsAcceptedWithAWarning)},
	{"BookingsRacingAClosureFromAnotherProcess", on(3, testBookingsRacingAClosureFromAnotherProcess)},
	{"BookRecordsBookingAndConfirmationIntent", on(2, testBookRecordsBookingAndConfirmationIntent)},
	{"ConcurrentBookingNeverExceedsCapacity", on(3, testConcurrentBookingNeverExceedsCapacity)},
	{"BookRejectsBadInputAndStoresNothing", on(1, testBookRejectsBadInputAndStoresNothing)},
	{"BookingWindowCloses", on(1, testBookingWindowCloses)},
	{"IdempotencyKey", on(5, testIdempotencyKey)},
	{"IdempotentRetriesUnderCaps", testIdempotentRetriesUnderCaps},
	{"CancelFreesTheSlot", on(1, testCancelFreesTheSlot)},
	{"RescheduleKeepsIdentity", on(1, testRescheduleKeepsIdentity)},
	{"ArrivalLatenessAndNoShows", on(1, testArrivalLatenessAndNoShows)},
	{"MarkNoShowByHand", on(1, testMarkNoShowByHand)},
	{"CloseDayCancelsBookingsAndRemovesSession", on(2, testCloseDayCancelsBookingsAndRemovesSession)},
	{"CreateScheduleRejectsInvalidRules", on(1, testCreateScheduleRejectsInvalidRules)},
	{"SlotsAcrossTheSpringClockChange", on(1, testSlotsAcrossTheSpringClockChange)},
	{"SlotsRange", on(1, testSlotsRange)},
	{"RemindersAreScheduledAndFeedbackAfterArrival", on(1, testRemindersAreScheduledAndFeedbackAfterArrival)},
	{"ParseReminders", testParseReminders},
	{"NoShowPolicyBlocksAndLifts", testNoShowPolicyBlocksAndLifts},
	{"NoShowBlockEnds", testNoShowBlockEnds},
	{"ReceivedAndUndo", on(1, testReceivedAndUndo)},
	{"StaffBooksWithoutEmail", on(1, testStaffBooksWithoutEmail)},
	{"EndScheduleKeepsOrCancelsBookings", on(1, testEndScheduleKeepsOrCancelsBookings)},
	{"HandOverDayToADeputy", on(1, testHandOverDayToADeputy)},
	{"ClosedDayRemembersWhoWasTold", on(1, testClosedDayRemembersWhoWasTold)},
	{"ChosenDeputies", on(1, testChosenDeputies)},
	{"ContestedNoShows", testContestedNoShows},
	{"ContestDeadline", testContestDeadline},
	{"PriorityRebookingAfterACancelledDay", on(1, testPriorityRebookingAfterACancelledDay)},
	{"CapsOnComingBookings", on(2, testCapsOnComingBookings)},
	{"ErasureAndRetention", on(1, testErasureAndRetention)},
	{"StaffBookOnTheDay", on(1, testStaffBookOnTheDay)},
	{"BookSeesOfficialChangesAtOnce", on(5, testBookSeesOfficialChangesAtOnce)},
	{"LockoutHoldsUnderConcurrency", testLockoutHoldsUnderConcurrency},
	{"ParallelSignInsAreBounded", testParallelSignInsAreBounded},
	{"AStrangerCannotLockTheOwnerOut", testAStrangerCannotLockTheOwnerOut},
	{"WaitlistOfferChain", testWaitlistOfferChain},
	{"OfferLapsesByTheBookingCutOff", testOfferLapsesByTheBookingCutOff},
	{"LeavingTheWaitlistErasesAndPassesTheOfferOn", testLeavingTheWaitlistErasesAndPassesTheOfferOn},
	{"WaitlistJoinRules", testWaitlistJoinRules},
	{"WaitlistEntriesLapseAndAreErased", testWaitlistEntriesLapseAndAreErased},
	{"NewScheduleOffersItsSeats", testNewScheduleOffersItsSeats},
	{"StaffBookAWaitingCitizen", testStaffBookAWaitingCitizen},
	{"TwoSeatsFreeingAtOnceGoToTwoCitizens", testTwoSeatsFreeingAtOnceGoToTwoCitizens},
	{"OfferAndPublicBookingRaceForOneSeat", testOfferAndPublicBookingRaceForOneSeat},
	{"WaitlistStatistics", testWaitlistStatistics},
	{"ClosedDayWithdrawsItsOffers", testClosedDayWithdrawsItsOffers},
	{"EraseWaitingCitizen", testEraseWaitingCitizen},
	{"SweepsRunInEveryProcessAtOnce", testSweepsRunInEveryProcessAtOnce},
	{"EveryColumnIsClassified", on(1, testEveryColumnIsClassified)},
	{"ErasureReachesEveryCopy", on(1, testErasureReachesEveryCopy)},
	{"ErasureRetiresTheLinkOfAMeetingPast", on(1, testErasureRetiresTheLinkOfAMeetingPast)},
	{"SentSecretsLeaveTheOutbox", on(2, testSentSecretsLeaveTheOutbox)},
	{"StatMonthsFollowEveryChange", testStatMonthsFollowEveryChange},
	{"RetentionSweepsInBatchesWhileBooking", testRetentionSweepsInBatchesWhileBooking},
}

// Fixture is a fresh database of the store under test with the
// bookingtest.Weekly fixture seeded through a service on it and a clock:
// what every case of the suite starts from, and what a store's own tests
// start from too (its harness's Open gives the database).
type Fixture struct {
	Ctx      context.Context // the test's: cancelled when it ends
	DB       Core
	Svc      *booking.Service
	Stores   booking.Stores // the service's
	Clock    *bookingtest.Clock
	Official *booking.Official
	Schedule *booking.Schedule
	h        Harness
}

// sofia returns a Sofia wall-clock instant.
var sofia = bookingtest.Sofia

// monday is the first Monday the fixture's schedule can be booked on.
var monday = sofia(2026, 1, 12, 14, 0)

// NewFixture opens a fresh database with the bookingtest.Weekly fixture of
// the given capacity (Mondays 14:00–17:00, 15-minute slots); the clock
// stands at Wednesday 7 January 2026, 09:00. The service has the required
// roles and the feeds, erasure, audit log and dead letters; With turns on
// the others.
func NewFixture(t testing.TB, h Harness, capacity int) *Fixture {
	t.Helper()
	db := h.Open(t)
	clk := bookingtest.NewClock(sofia(2026, 1, 7, 9, 0))
	stores := booking.Stores{Catalog: db, Closures: db, Bookings: db, Feedback: db, Stats: db}
	if full, ok := db.(DB); ok {
		stores.Feeds, stores.Privacy, stores.Audit, stores.DeadLetters = full, full, full, full
	}
	svc := booking.NewService(stores, clk.Now)
	o, sch := bookingtest.Seed(t, svc, bookingtest.Weekly(capacity))
	return &Fixture{Ctx: t.Context(), DB: db, h: h, Svc: svc, Stores: stores, Clock: clk, Official: o, Schedule: sch}
}

// full returns the store in every role, and skips the test for a store
// of the required roles only.
func (f *Fixture) full(t testing.TB) DB {
	t.Helper()
	full, ok := f.DB.(DB)
	if !ok {
		t.Skip("needs a store in every role")
	}
	return full
}

// With gives the service the optional roles set turns on (caps and the
// no-show policy, priority passes, waiting lists, complaints): a new
// service on the same database and clock, with the roles given so far.
func (f *Fixture) With(set func(st *booking.Stores)) {
	set(&f.Stores)
	f.Svc = booking.NewService(f.Stores, f.Clock.Now)
}

// Request is a citizen's request for the slot at start, with every field
// filled in.
func (f *Fixture) Request(start time.Time) booking.BookRequest {
	return booking.BookRequest{
		Official: f.Official.Slug, Start: start.Format(time.RFC3339), Name: "Мария Георгиева",
		Email: "maria@example.bg", Phone: "0888 123 456", Topic: "Ремонт на тротоара пред блок 12",
		Accessibility: booking.Accessibility{Needs: []booking.Need{"wheelchair"}}, Language: "bg",
	}
}

// Book books the slot at start with Request, or fails the test.
func (f *Fixture) Book(t testing.TB, start time.Time) *booking.Booking {
	t.Helper()
	b, _, err := f.Svc.Book(f.Ctx, f.Request(start))
	if err != nil {
		t.Fatalf("book %s: %v", start, err)
	}
	return b
}

// Count is the number of rows of the table, by name.
func (f *Fixture) Count(t testing.TB, table string) int {
	t.Helper()
	stats, err := f.DB.Stats(f.Ctx)
	if err != nil {
		t.Fatal(err)
	}
	return stats[table]
}

// WantCode fails the test unless err has the code.
func WantCode(t testing.TB, err error, code string) {
	t.Helper()
	if got := booking.ErrorCode(err); got != code {
		t.Fatalf("error code = %q (%v), want %q", got, err, code)
	}
}

// intents returns a booking's outbox messages other than reminders, which
// most tests do not care about.
func (f *Fixture) intents(t testing.TB, bookingID int64) []booking.Message {
	t.Helper()
	msgs, err := f.DB.Messages(f.Ctx, bookingID)
	if err != nil {
		t.Fatal(err)
	}
	var out []booking.Message
	for _, m := range msgs {
		if m.Kind != booking.MessageReminder {
			out = append(out, m)
		}
	}
	return out
}

// bookProven books as a citizen who proves the address: the booking is
// held, and confirmed through the code in the letter sent to it.
func (f *Fixture) bookProven(t testing.TB, req booking.BookRequest) *booking.Booking {
	t.Helper()
	req.ConfirmByEmail = true
	b, _, err := f.Svc.Book(f.Ctx, req)
	if err != nil {
		t.Fatalf("book %s: %v", req.Start, err)
	}
	msgs, err := f.DB.Messages(f.Ctx, b.ID)
	if err != nil || len(msgs) != 1 || msgs[0].Pass == "" {
		t.Fatalf("hold letter: %+v %v", msgs, err)
	}
	if b, err = f.Svc.ConfirmHold(f.Ctx, msgs[0].Pass); err != nil {
		t.Fatal(err)
	}
	return b
}
