package storetest

import (
	"strings"
	"testing"
	"time"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/calendar"
)

// policyFixture is the fixture of the given capacity with the store's
// policy role on (caps and the no-show policy), and the given caps.
func policyFixture(t testing.TB, h Harness, capacity int, caps booking.Caps) *Fixture {
	t.Helper()
	f := NewFixture(t, h, capacity)
	f.With(func(st *booking.Stores) { st.Policies = f.full(t) })
	f.Svc.Caps = caps
	return f
}

// noShowFixture is policyFixture of one seat a slot with no caps: for the
// cases about no-shows alone.
func noShowFixture(t testing.TB, h Harness) *Fixture { return policyFixture(t, h, 1, booking.Caps{}) }

func testNoShowPolicyBlocksAndLifts(t *testing.T, h Harness) {
	f := noShowFixture(t, h) // this test is about no-shows
	f.Svc.ContactCentre = "0700 1 0700"
	// Only no-shows of bookings whose citizen proved the address count.
	first := f.bookProven(t, f.Request(monday))
	second := f.bookProven(t, f.Request(sofia(2026, 1, 19, 14, 0)))
	f.Clock.Set(sofia(2026, 1, 12, 15, 0))
	if _, err := f.Svc.MarkNoShow(f.Ctx, booking.CommandLine, first.Reference); err != nil {
		t.Fatal(err)
	}
	f.Book(t, sofia(2026, 1, 26, 14, 0)) // one strike: still allowed
	f.Clock.Set(sofia(2026, 1, 19, 15, 0))
	if _, err := f.Svc.MarkNoShow(f.Ctx, booking.CommandLine, second.Reference); err != nil {
		t.Fatal(err)
	}
	// Two strikes within 180 days: blocked for 30 days after the latest.
	_, _, err := f.Svc.Book(f.Ctx, f.Request(sofia(2026, 2, 2, 14, 0)))
	WantCode(t, err, booking.EFORBIDDEN)
	if msg := booking.ErrorMessage(err); !strings.Contains(msg.In("bg"), "0700 1 0700") || !strings.Contains(msg.In("en"), "18 February 2026") {
		t.Errorf("message: %+v", msg)
	}
	other := f.Request(sofia(2026, 2, 2, 14, 15))
	other.Email = "someone.else@example.bg"
	if _, _, err := f.Svc.Book(f.Ctx, other); err != nil {
		t.Errorf("another citizen is blocked too: %v", err)
	}
	byStaff := f.Request(sofia(2026, 2, 2, 14, 30))
	byStaff.ByStaff = &booking.User{Role: booking.RoleAssistant, OfficialIDs: []int64{f.Official.ID}}
	if _, _, err := f.Svc.Book(f.Ctx, byStaff); err != nil {
		t.Errorf("staff cannot book for a blocked citizen: %v", err)
	}
	// Staff lift the block.
	if err := f.Svc.LiftBlock(f.Ctx, "Maria@Example.bg", booking.CommandLine); err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.Svc.Book(f.Ctx, f.Request(sofia(2026, 2, 2, 14, 45))); err != nil {
		t.Errorf("after the lift: %v", err)
	}
	WantCode(t, f.Svc.LiftBlock(f.Ctx, "not an email", booking.CommandLine), booking.EINVALID)
}

func testNoShowBlockEnds(t *testing.T, h Harness) {
	f := noShowFixture(t, h)
	a, b := f.bookProven(t, f.Request(monday)), f.bookProven(t, f.Request(monday.Add(15*time.Minute)))
	f.Clock.Set(monday.Add(time.Hour))
	f.Svc.MarkNoShow(f.Ctx, booking.CommandLine, a.Reference)
	f.Svc.MarkNoShow(f.Ctx, booking.CommandLine, b.Reference)
	_, _, err := f.Svc.Book(f.Ctx, f.Request(sofia(2026, 2, 9, 14, 0)))
	WantCode(t, err, booking.EFORBIDDEN)
	f.Clock.Set(monday.Add(30*24*time.Hour + time.Hour)) // the block is over
	if _, _, err := f.Svc.Book(f.Ctx, f.Request(sofia(2026, 2, 16, 14, 0))); err != nil {
		t.Errorf("after the block: %v", err)
	}
}

func testPriorityRebookingAfterACancelledDay(t *testing.T, f *Fixture) {
	f.With(func(st *booking.Stores) { st.Priority = f.full(t) })
	b := f.Book(t, monday)
	if _, _, err := f.Svc.CloseDay(f.Ctx, booking.CommandLine, f.Official.ID, "2026-01-12", "Командировка"); err != nil {
		t.Fatal(err)
	}
	msgs := f.intents(t, b.ID)
	pass := msgs[len(msgs)-1].Pass
	if msgs[len(msgs)-1].Kind != booking.MessageSessionCanceled || !booking.ValidToken(pass) {
		t.Fatalf("notice without a pass: %+v", msgs[len(msgs)-1])
	}
	// 16 February is not open to everyone yet (booking opens 30 days ahead).
	late := sofia(2026, 2, 16, 14, 0)
	req := f.Request(late)
	_, _, err := f.Svc.Book(f.Ctx, req)
	WantCode(t, err, booking.ENOTBOOKABLE)
	plain, _ := f.Svc.Slots(f.Ctx, f.Official.Slug, calendar.DateOf(late), calendar.DateOf(late))
	prio, _ := f.Svc.PrioritySlots(f.Ctx, f.Official.Slug, calendar.DateOf(late), calendar.DateOf(late), pass)
	if len(plain) != 0 || len(prio) != 12 {
		t.Errorf("slots without a pass %d, with it %d", len(plain), len(prio))
	}
	req.PriorityPass = pass
	if _, _, err := f.Svc.Book(f.Ctx, req); err != nil {
		t.Fatalf("with the pass: %v", err)
	}
	// Used once only.
	again := f.Request(late.Add(15 * time.Minute))
	again.PriorityPass = pass
	_, _, err = f.Svc.Book(f.Ctx, again)
	WantCode(t, err, booking.ENOTBOOKABLE)
}

func testCapsOnComingBookings(t *testing.T, f *Fixture) {
	f.With(func(st *booking.Stores) { st.Policies = f.full(t) })
	f.Book(t, monday) // maria@example.bg, 0888 123 456
	// A second coming meeting with the same official: refused, by email…
	_, _, err := f.Svc.Book(f.Ctx, f.Request(monday.Add(15*time.Minute)))
	WantCode(t, err, booking.ECONFLICT)
	// …and by phone, however it is written.
	byPhone := f.Request(monday.Add(15 * time.Minute))
	byPhone.Email, byPhone.Phone = "other@example.bg", "0888-123-456"
	_, _, err = f.Svc.Book(f.Ctx, byPhone)
	WantCode(t, err, booking.ECONFLICT)
	// Staff may book them all the same.
	byPhone.ByStaff = &booking.User{Role: booking.RoleAssistant, OfficialIDs: []int64{f.Official.ID}}
	if _, _, err := f.Svc.Book(f.Ctx, byPhone); err != nil {
		t.Errorf("staff booking: %v", err)
	}
	// Three coming meetings in all: two so far (the staff booking matched
	// her phone), so one more with another official, then no more.
	for i, slug := range []string{"zam-1", "zam-2"} {
		o, err := f.Svc.CreateOfficial(f.Ctx, booking.CommandLine, booking.OfficialInput{Slug: slug, Name: "Заместник Кмет", Title: "Заместник-кмет",
			Unit: "sredets", Email: slug + "@sredets.example.bg"})
		if err != nil {
			t.Fatal(err)
		}
		sch := *f.Schedule
		sch.ID, sch.OfficialID = 0, o.ID
		if err := f.Svc.CreateSchedule(f.Ctx, booking.CommandLine, &sch); err != nil {
			t.Fatal(err)
		}
		req := f.Request(monday)
		req.Official = slug
		_, _, err = f.Svc.Book(f.Ctx, req)
		if i == 0 && err != nil {
			t.Fatalf("third coming meeting: %v", err)
		}
		if i == 1 {
			WantCode(t, err, booking.ECONFLICT)
		}
	}
	// Once the meeting is over, it no longer counts.
	f.Clock.Set(monday.Add(time.Hour))
	if _, _, err := f.Svc.Book(f.Ctx, f.Request(sofia(2026, 1, 19, 14, 0))); err != nil {
		t.Errorf("after the meetings: %v", err)
	}
}

func testErasureAndRetention(t *testing.T, f *Fixture) {
	f.full(t) // erasure is the PrivacyStore's
	early := f.Book(t, monday)
	later := f.Book(t, sofia(2026, 1, 19, 14, 0))
	// At the citizen's request: personal data gone, the booking's shape kept.
	if err := f.Svc.Erase(f.Ctx, booking.CommandLine, early.Reference); err != nil {
		t.Fatal(err)
	}
	got, _ := f.Svc.Booking(f.Ctx, early.Token)
	if got.Name != "" || got.Email != "" || got.Phone != "" || got.Topic != "" || len(got.Accessibility.Needs) != 0 ||
		got.Status != booking.StatusConfirmed || !got.Start.Equal(monday) {
		t.Errorf("after erasure: %+v", got)
	}
	for _, m := range f.intents(t, early.ID) {
		if m.Status == booking.MessagePending {
			t.Errorf("mail still pending for an erased booking: %+v", m)
		}
	}
	WantCode(t, f.Svc.Erase(f.Ctx, booking.CommandLine, "SO-2222-2222"), booking.ENOTFOUND)

	// Retention: 30 days after 19 January's meeting, its data goes too.
	f.Clock.Set(sofia(2026, 2, 18, 14, 0))
	if n, err := f.Svc.ApplyRetention(f.Ctx, booking.DefaultRetention); err != nil || n != 0 {
		t.Fatalf("too early: %d %v", n, err)
	}
	f.Clock.Set(sofia(2026, 2, 19, 15, 0))
	if n, err := f.Svc.ApplyRetention(f.Ctx, booking.DefaultRetention); err != nil || n != 1 {
		t.Fatalf("retention erased %d: %v", n, err)
	}
	// Its link went with its data (ErasureRetiresTheLinkOfAMeetingPast);
	// staff find it by reference.
	if got, err := f.Svc.BookingByReference(f.Ctx, later.Reference); err != nil || got.Name != "" || got.Email != "" {
		t.Errorf("kept past retention: %+v %v", got, err)
	}
	// The statistics still count both.
	months, err := f.Svc.MonthlyStats(f.Ctx, f.Official.ID, calendar.Date{Year: 2026, Month: 1, Day: 1}, calendar.Date{Year: 2026, Month: 1, Day: 31})
	if err != nil || months[0].Bookings != 2 {
		t.Errorf("statistics after erasure: %+v %v", months, err)
	}
}
