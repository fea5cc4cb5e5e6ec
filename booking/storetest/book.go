package storetest

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/calendar"
)

func testBookRecordsBookingAndConfirmationIntent(t *testing.T, f *Fixture) {
	b := f.Book(t, monday.Add(15*time.Minute))

	if b.Status != booking.StatusConfirmed || b.Sequence != 0 {
		t.Errorf("status %s sequence %d", b.Status, b.Sequence)
	}
	if _, ok := booking.NormalizeReference(b.Reference); !ok {
		t.Errorf("reference %q is malformed", b.Reference)
	}
	if !booking.ValidToken(b.Token) || strings.Contains(b.Token, b.Reference) {
		t.Errorf("token %q", b.Token)
	}
	if !strings.HasSuffix(b.UID, "@priemna.local") {
		t.Errorf("UID %q", b.UID)
	}
	got, err := f.Svc.Booking(f.Ctx, b.Token)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Start.Equal(monday.Add(15*time.Minute)) || !got.End.Equal(monday.Add(30*time.Minute)) || got.Name != "Мария Георгиева" ||
		len(got.Accessibility.Needs) != 1 || got.Accessibility.Needs[0] != "wheelchair" || got.OfficialSlug != "kmet-sredets" {
		t.Errorf("stored booking differs: %+v", got)
	}
	if got.Start.Location() != time.UTC {
		t.Errorf("start read back in %s, want UTC", got.Start.Location())
	}
	msgs := f.intents(t, b.ID)
	if len(msgs) != 1 || msgs[0].Kind != booking.MessageConfirmation || msgs[0].Sequence != 0 {
		t.Errorf("outbox: %+v", msgs)
	}
	slots, err := f.Svc.Slots(f.Ctx, "kmet-sredets", calendar.DateOf(monday), calendar.DateOf(monday))
	if err != nil {
		t.Fatal(err)
	}
	if len(slots) != 12 || slots[1].Available != 1 || slots[0].Available != 2 || slots[1].Capacity != 2 {
		t.Errorf("slots after booking: %+v", slots)
	}
}

func testConcurrentBookingNeverExceedsCapacity(t *testing.T, f *Fixture) {
	start := monday.Add(30 * time.Minute)
	var wg sync.WaitGroup
	errs := make([]error, 200)
	for i := range errs {
		wg.Go(func() {
			req := f.Request(start)
			req.Email = fmt.Sprintf("citizen%d@example.bg", i)
			_, _, errs[i] = f.Svc.Book(f.Ctx, req)
		})
	}
	wg.Wait()
	ok, full := tally(t, errs, booking.ESLOTFULL, "taken")
	if ok != 3 || full != 197 {
		t.Errorf("%d booked and %d told the slot is full; want 3 and 197", ok, full)
	}
	if n := f.Count(t, "bookings"); n != 3 {
		t.Errorf("%d bookings stored, want 3", n)
	}
	if n := f.Count(t, "outbox"); n != 3*3 {
		t.Errorf("%d outbox rows, want 9: a confirmation and two reminders for each booking", n)
	}
}

func testBookRejectsBadInputAndStoresNothing(t *testing.T, f *Fixture) {
	// A closure on 19 January.
	if _, _, err := f.Svc.CloseDay(f.Ctx, booking.CommandLine, f.Official.ID, "2026-01-19", "Командировка"); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		change func(r *booking.BookRequest)
		code   string
		field  string
	}{
		{"missing name", func(r *booking.BookRequest) { r.Name = " " }, booking.EINVALID, "name"},
		{"invalid email", func(r *booking.BookRequest) { r.Email = "maria@" }, booking.EINVALID, "email"},
		{"email with header injection", func(r *booking.BookRequest) { r.Email = "a@b.bg\r\nBcc: x@y.bg" }, booking.EINVALID, "email"},
		{"bad phone", func(r *booking.BookRequest) { r.Phone = "call me" }, booking.EINVALID, "phone"},
		{"missing topic", func(r *booking.BookRequest) { r.Topic = "" }, booking.EINVALID, "topic"},
		{"over-long topic", func(r *booking.BookRequest) { r.Topic = strings.Repeat("я", 1001) }, booking.EINVALID, "topic"},
		{"over-long name", func(r *booking.BookRequest) { r.Name = strings.Repeat("Я", 101) }, booking.EINVALID, "name"},
		{"invalid UTF-8", func(r *booking.BookRequest) { r.Name = "Мария \xff" }, booking.EINVALID, "name"},
		{"control character", func(r *booking.BookRequest) { r.Name = "Мария\x00" }, booking.EINVALID, "name"},
		{"unknown need", func(r *booking.BookRequest) { r.Accessibility.Needs = []booking.Need{"jetpack"} }, booking.EINVALID, "accessibility.needs"},
		{"other without note", func(r *booking.BookRequest) { r.Accessibility.Needs = []booking.Need{"other"} }, booking.EINVALID, "accessibility.note"},
		{"unknown language", func(r *booking.BookRequest) { r.Language = "fr" }, booking.EINVALID, "language"},
		{"unknown official", func(r *booking.BookRequest) { r.Official = "nobody" }, booking.EINVALID, "official"},
		{"start not a time", func(r *booking.BookRequest) { r.Start = "Monday" }, booking.EINVALID, "start"},
		{"start not a slot", func(r *booking.BookRequest) { r.Start = monday.Add(7 * time.Minute).Format(time.RFC3339) }, booking.ENOTBOOKABLE, ""},
		{"after the session", func(r *booking.BookRequest) { r.Start = monday.Add(3 * time.Hour).Format(time.RFC3339) }, booking.ENOTBOOKABLE, ""},
		{"wrong weekday", func(r *booking.BookRequest) { r.Start = monday.AddDate(0, 0, 1).Format(time.RFC3339) }, booking.ENOTBOOKABLE, ""},
		{"past slot", func(r *booking.BookRequest) { r.Start = sofia(2026, 1, 5, 14, 0).Format(time.RFC3339) }, booking.ENOTBOOKABLE, ""},
		{"closed day", func(r *booking.BookRequest) { r.Start = sofia(2026, 1, 19, 14, 0).Format(time.RFC3339) }, booking.ENOTBOOKABLE, ""},
		{"not open yet", func(r *booking.BookRequest) { r.Start = sofia(2026, 2, 23, 14, 0).Format(time.RFC3339) }, booking.ENOTBOOKABLE, ""},
		{"holiday", func(r *booking.BookRequest) { r.Start = sofia(2026, 3, 2, 14, 0).Format(time.RFC3339) }, booking.ENOTBOOKABLE, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := f.Request(monday)
			tt.change(&req)
			_, _, err := f.Svc.Book(f.Ctx, req)
			WantCode(t, err, tt.code)
			if tt.field != "" {
				e := err.(*booking.Error)
				if msg, ok := e.Fields[tt.field]; !ok || msg.In("bg") == "" || msg.In("en") == "" {
					t.Errorf("fields %v lack a bilingual message for %q", e.Fields, tt.field)
				}
			}
		})
	}
	if n := f.Count(t, "bookings"); n != 0 {
		t.Errorf("%d bookings stored after bad input", n)
	}
	if n := f.Count(t, "outbox"); n != 0 {
		t.Errorf("%d outbox rows after bad input", n)
	}
}

func testBookingWindowCloses(t *testing.T, f *Fixture) {
	// Booking closes 2 hours before: at 12:00 for the 14:00 slot.
	f.Clock.Set(monday.Add(-2*time.Hour + time.Second))
	_, _, err := f.Svc.Book(f.Ctx, f.Request(monday))
	WantCode(t, err, booking.ENOTBOOKABLE)
	f.Clock.Set(monday.Add(-2 * time.Hour))
	f.Book(t, monday)
}

func testIdempotencyKey(t *testing.T, f *Fixture) {
	req := f.Request(monday)
	req.IdempotencyKey = "retry-7f3a"
	first, replayed, err := f.Svc.Book(f.Ctx, req)
	if err != nil || replayed {
		t.Fatalf("first: %v replayed=%v", err, replayed)
	}
	again, replayed, err := f.Svc.Book(f.Ctx, req)
	if err != nil || !replayed || again.ID != first.ID || again.Token != first.Token {
		t.Fatalf("retry: %v replayed=%v id %d vs %d", err, replayed, again.ID, first.ID)
	}
	// The key is scoped to its request: any other request with it is
	// refused, never given the first caller's booking.
	for name, change := range map[string]func(r *booking.BookRequest){
		"start": func(r *booking.BookRequest) { r.Start = monday.Add(15 * time.Minute).Format(time.RFC3339) },
		"name":  func(r *booking.BookRequest) { r.Name = "Някой Друг" },
		"email": func(r *booking.BookRequest) { r.Email = "someone@example.org" },
		"topic": func(r *booking.BookRequest) { r.Topic = "Друг въпрос" },
		"needs": func(r *booking.BookRequest) { r.Accessibility.Needs = nil },
	} {
		other := req
		change(&other)
		got, _, err := f.Svc.Book(f.Ctx, other)
		if got != nil || booking.ErrorCode(err) != booking.EMISMATCH {
			t.Errorf("same key, other %s: %+v, %v", name, got, err)
		}
	}
	if n := f.Count(t, "bookings"); n != 1 {
		t.Errorf("%d bookings, want 1", n)
	}

	// Concurrent retries with one key make one booking.
	req.IdempotencyKey = "burst"
	req.Start = monday.Add(time.Hour).Format(time.RFC3339)
	f.sameBookingAtOnce(t, req, 20)
}

// sameBookingAtOnce sends req n times at once, as retries or a double
// click do: every one must get the one booking.
func (f *Fixture) sameBookingAtOnce(t *testing.T, req booking.BookRequest, n int) {
	t.Helper()
	var wg sync.WaitGroup
	ids := make([]int64, n)
	for i := range ids {
		wg.Go(func() {
			b, _, err := f.Svc.Book(f.Ctx, req)
			if err != nil {
				t.Error(err)
				return
			}
			ids[i] = b.ID
		})
	}
	wg.Wait()
	for _, id := range ids {
		if id != ids[0] {
			t.Fatalf("one request sent %d times at once got different bookings: %v", n, ids)
		}
	}
}

// IdempotentRetriesUnderCaps: a citizen who may hold one meeting with the
// official presses "book" twice at once; the second press is the same
// request, so it gets the same booking, not "you already have one".
func testIdempotentRetriesUnderCaps(t *testing.T, h Harness) {
	f := policyFixture(t, h, 2, booking.Caps{PerOfficial: 1})
	req := f.Request(monday)
	req.IdempotencyKey = "double-click"
	f.sameBookingAtOnce(t, req, 8)
	if n := f.Count(t, "bookings"); n != 1 {
		t.Errorf("%d bookings, want 1", n)
	}
}

func testStaffBooksWithoutEmail(t *testing.T, f *Fixture) {
	req := f.Request(monday)
	req.Email = ""
	_, _, err := f.Svc.Book(f.Ctx, req)
	WantCode(t, err, booking.EINVALID) // online, the email is required
	req.ByStaff = &booking.User{Role: booking.RoleAssistant, OfficialIDs: []int64{f.Official.ID}}
	b, _, err := f.Svc.Book(f.Ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if msgs, _ := f.DB.Messages(f.Ctx, b.ID); len(msgs) != 0 {
		t.Errorf("mail queued for a citizen without email: %+v", msgs)
	}
	if _, err := f.Svc.Cancel(f.Ctx, b.Token); err != nil {
		t.Fatal(err)
	}
	if msgs, _ := f.DB.Messages(f.Ctx, b.ID); len(msgs) != 0 {
		t.Errorf("mail queued after the cancellation: %+v", msgs)
	}
}

// TestStaffBookOnTheDay: online booking closes 2 hours before a slot; staff
// booking for a citizen who phoned or came in goes on until the slot ends,
// and never before the window opens to everyone.
func testStaffBookOnTheDay(t *testing.T, f *Fixture) {
	f.Clock.Set(monday.Add(20 * time.Minute)) // 14:20 on the reception day
	staff := &booking.User{Role: booking.RoleAssistant, OfficialIDs: []int64{f.Official.ID}}
	// Online, only the slots two hours ahead: 16:30 and 16:45.
	if slots, _ := f.Svc.Slots(f.Ctx, f.Official.Slug, calendar.DateOf(monday), calendar.DateOf(monday)); len(slots) != 2 {
		t.Errorf("online: %d slots open on the day", len(slots))
	}
	slots, err := f.Svc.StaffSlots(f.Ctx, f.Official.Slug, calendar.DateOf(monday))
	if err != nil {
		t.Fatal(err)
	}
	// 14:15 has begun and not ended; 14:00 has ended.
	if len(slots) != 11 || !slots[0].Start.Equal(monday.Add(15*time.Minute)) {
		t.Fatalf("staff slots: %d from %v", len(slots), slots[0].Start)
	}
	online := f.Request(monday.Add(15 * time.Minute))
	_, _, err = f.Svc.Book(f.Ctx, online)
	WantCode(t, err, booking.ENOTBOOKABLE)
	walkIn := online
	walkIn.ByStaff = staff
	if _, _, err := f.Svc.Book(f.Ctx, walkIn); err != nil {
		t.Fatalf("walk-in into the slot under way: %v", err)
	}
	ended := f.Request(monday)
	ended.ByStaff = staff
	_, _, err = f.Svc.Book(f.Ctx, ended)
	WantCode(t, err, booking.ENOTBOOKABLE)
	// Beyond the 30-day window staff wait like everyone.
	far := f.Request(monday.Add(35 * 24 * time.Hour))
	far.ByStaff = staff
	_, _, err = f.Svc.Book(f.Ctx, far)
	if booking.ErrorCode(err) != booking.ENOTBOOKABLE && booking.ErrorCode(err) != booking.EINVALID {
		t.Errorf("staff booking before the window opens: %v", err)
	}
}

// The official a booking needs comes from the calendar cache, which a
// change clears at once: an official taken off the site is not bookable
// the moment after, and bookable again once back.
func testBookSeesOfficialChangesAtOnce(t *testing.T, f *Fixture) {
	f.Book(t, monday) // fills the cache
	in := booking.OfficialInput{Slug: f.Official.Slug, Name: f.Official.Name, Title: f.Official.Title, Unit: "sredets",
		Email: f.Official.Email, Phone: f.Official.Phone}
	if _, err := f.Svc.UpdateOfficial(f.Ctx, booking.CommandLine, f.Official.Slug, in, false); err != nil {
		t.Fatal(err)
	}
	req := f.Request(monday)
	req.Email = "other@example.bg"
	_, _, err := f.Svc.Book(f.Ctx, req)
	WantCode(t, err, booking.EINVALID)
	if e, ok := err.(*booking.Error); !ok || e.Fields["official"].In("en") == "" {
		t.Fatalf("error %v does not name the official", err)
	}
	in.HoldMinutes = 30
	if _, err := f.Svc.UpdateOfficial(f.Ctx, booking.CommandLine, f.Official.Slug, in, true); err != nil {
		t.Fatal(err)
	}
	b, _, err := f.Svc.Book(f.Ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if b.Status != booking.StatusPending {
		t.Fatalf("status %s: the official's new hold minutes were not seen", b.Status)
	}
}

func fieldsOf(err error) booking.FieldErrors {
	var e *booking.Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}
