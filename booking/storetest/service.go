package storetest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/calendar"
)

var monday = sofia(2026, 1, 12, 14, 0)

func testBookRecordsBookingAndConfirmationIntent(t *testing.T, h Harness) {
	f := newFixture(t, h, 2)
	ctx := context.Background()
	b := f.book(t, monday.Add(15*time.Minute))

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
	got, err := f.svc.Booking(ctx, b.Token)
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
	slots, err := f.svc.Slots(ctx, "kmet-sredets", calendar.DateOf(monday), calendar.DateOf(monday))
	if err != nil {
		t.Fatal(err)
	}
	if len(slots) != 12 || slots[1].Available != 1 || slots[0].Available != 2 || slots[1].Capacity != 2 {
		t.Errorf("slots after booking: %+v", slots)
	}
}

func testConcurrentBookingNeverExceedsCapacity(t *testing.T, h Harness) {
	f := newFixture(t, h, 3)
	start := monday.Add(30 * time.Minute)
	var wg sync.WaitGroup
	errs := make([]error, 200)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req := f.request(start)
			req.Email = fmt.Sprintf("citizen%d@example.bg", i)
			_, _, errs[i] = f.svc.Book(context.Background(), req)
		}()
	}
	wg.Wait()
	ok, full := 0, 0
	for _, err := range errs {
		switch booking.ErrorCode(err) {
		case "":
			ok++
		case booking.ESLOTFULL:
			full++
			if msg := booking.ErrorMessage(err); !strings.Contains(msg.In("en"), "taken") || msg.In("bg") == "" {
				t.Errorf("unclear message: %+v", msg)
			}
		default:
			t.Errorf("unexpected error: %v", err)
		}
	}
	if ok != 3 || full != 197 {
		t.Errorf("%d booked and %d told the slot is full; want 3 and 197", ok, full)
	}
	if n := f.count(t, "bookings"); n != 3 {
		t.Errorf("%d bookings stored, want 3", n)
	}
	if n := f.count(t, "outbox"); n != 3*3 {
		t.Errorf("%d outbox rows, want 9: a confirmation and two reminders for each booking", n)
	}
}

func testBookRejectsBadInputAndStoresNothing(t *testing.T, h Harness) {
	f := newFixture(t, h, 1)
	ctx := context.Background()
	// A closure on 19 January.
	if _, _, err := f.svc.CloseDay(ctx, booking.CommandLine, f.official.ID, "2026-01-19", "Командировка"); err != nil {
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
			req := f.request(monday)
			tt.change(&req)
			_, _, err := f.svc.Book(ctx, req)
			wantCode(t, err, tt.code)
			if tt.field != "" {
				e := err.(*booking.Error)
				if msg, ok := e.Fields[tt.field]; !ok || msg.In("bg") == "" || msg.In("en") == "" {
					t.Errorf("fields %v lack a bilingual message for %q", e.Fields, tt.field)
				}
			}
		})
	}
	if n := f.count(t, "bookings"); n != 0 {
		t.Errorf("%d bookings stored after bad input", n)
	}
	if n := f.count(t, "outbox"); n != 0 {
		t.Errorf("%d outbox rows after bad input", n)
	}
}

func testBookingWindowCloses(t *testing.T, h Harness) {
	f := newFixture(t, h, 1)
	// Booking closes 2 hours before: at 12:00 for the 14:00 slot.
	f.clock.Set(monday.Add(-2*time.Hour + time.Second))
	_, _, err := f.svc.Book(context.Background(), f.request(monday))
	wantCode(t, err, booking.ENOTBOOKABLE)
	f.clock.Set(monday.Add(-2 * time.Hour))
	f.book(t, monday)
}

func testIdempotencyKey(t *testing.T, h Harness) {
	f := newFixture(t, h, 5)
	ctx := context.Background()
	req := f.request(monday)
	req.IdempotencyKey = "retry-7f3a"
	first, replayed, err := f.svc.Book(ctx, req)
	if err != nil || replayed {
		t.Fatalf("first: %v replayed=%v", err, replayed)
	}
	again, replayed, err := f.svc.Book(ctx, req)
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
		got, _, err := f.svc.Book(ctx, other)
		if got != nil || booking.ErrorCode(err) != booking.EMISMATCH {
			t.Errorf("same key, other %s: %+v, %v", name, got, err)
		}
	}
	if n := f.count(t, "bookings"); n != 1 {
		t.Errorf("%d bookings, want 1", n)
	}

	// Concurrent retries with one key make one booking.
	req.IdempotencyKey = "burst"
	req.Start = monday.Add(time.Hour).Format(time.RFC3339)
	var wg sync.WaitGroup
	ids := make([]int64, 20)
	for i := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			b, _, err := f.svc.Book(ctx, req)
			if err != nil {
				t.Error(err)
				return
			}
			ids[i] = b.ID
		}()
	}
	wg.Wait()
	for _, id := range ids {
		if id != ids[0] {
			t.Fatalf("concurrent retries made different bookings: %v", ids)
		}
	}
}

func testCancelFreesTheSlot(t *testing.T, h Harness) {
	f := newFixture(t, h, 1)
	ctx := context.Background()
	b := f.book(t, monday)
	_, _, err := f.svc.Book(ctx, f.request(monday))
	wantCode(t, err, booking.ESLOTFULL)

	c, err := f.svc.Cancel(ctx, b.Token)
	if err != nil {
		t.Fatal(err)
	}
	if c.Status != booking.StatusCancelled || c.Sequence != 1 {
		t.Errorf("after cancel: status %s sequence %d", c.Status, c.Sequence)
	}
	_, err = f.svc.Cancel(ctx, b.Token)
	wantCode(t, err, booking.ECONFLICT)
	_, err = f.svc.Cancel(ctx, booking.NewToken())
	wantCode(t, err, booking.ENOTFOUND)
	_, err = f.svc.Cancel(ctx, "../../etc")
	wantCode(t, err, booking.ENOTFOUND)

	f.book(t, monday) // the slot is free again
	msgs := f.intents(t, b.ID)
	if len(msgs) != 2 || msgs[1].Kind != booking.MessageCancellation || msgs[1].Sequence != 1 {
		t.Errorf("outbox: %+v", msgs)
	}
}

func testRescheduleKeepsIdentity(t *testing.T, h Harness) {
	f := newFixture(t, h, 1)
	ctx := context.Background()
	b := f.book(t, monday)
	other := f.book(t, monday.Add(15*time.Minute))

	// Moving into a full slot fails and leaves the booking as it was.
	_, err := f.svc.Reschedule(ctx, b.Token, other.Start.Format(time.RFC3339))
	wantCode(t, err, booking.ESLOTFULL)
	if got, _ := f.svc.Booking(ctx, b.Token); !got.Start.Equal(monday) || got.Sequence != 0 {
		t.Fatalf("failed move changed the booking: %+v", got)
	}
	_, err = f.svc.Reschedule(ctx, b.Token, monday.Add(5*time.Minute).Format(time.RFC3339))
	wantCode(t, err, booking.ENOTBOOKABLE)
	_, err = f.svc.Reschedule(ctx, b.Token, "soon")
	wantCode(t, err, booking.EINVALID)

	next := sofia(2026, 1, 26, 15, 0) // two weeks on, a Monday
	moved, err := f.svc.Reschedule(ctx, b.Token, next.Format(time.RFC3339))
	if err != nil {
		t.Fatal(err)
	}
	if moved.Reference != b.Reference || moved.Token != b.Token || moved.UID != b.UID || moved.ID != b.ID {
		t.Errorf("identity changed: %+v", moved)
	}
	if moved.Sequence != 1 || !moved.Start.Equal(next) {
		t.Errorf("sequence %d start %s", moved.Sequence, moved.Start)
	}
	f.book(t, monday) // the old slot is free again
	msgs := f.intents(t, b.ID)
	if len(msgs) != 2 || msgs[1].Kind != booking.MessageChange || msgs[1].Sequence != 1 || !msgs[1].SlotStart.Equal(next) {
		t.Errorf("outbox: %+v", msgs)
	}
}

func testArrivalLatenessAndNoShows(t *testing.T, h Harness) {
	f := newFixture(t, h, 1)
	ctx := context.Background()
	onTime := f.book(t, monday)
	late := f.book(t, monday.Add(15*time.Minute))
	absent := f.book(t, monday.Add(30*time.Minute))
	early := f.book(t, monday.Add(45*time.Minute))

	_, err := f.svc.MarkNoShow(ctx, booking.CommandLine, absent.Reference)
	wantCode(t, err, booking.ECONFLICT) // not begun yet

	f.clock.Set(monday.Add(20 * time.Minute))
	b, err := f.svc.RecordArrival(ctx, booking.CommandLine, strings.ToLower(onTime.Reference), monday.Add(9*time.Minute))
	if err != nil || b.Status != booking.StatusArrived {
		t.Fatalf("on time within grace: %v %v", b, err)
	}
	_, err = f.svc.RecordArrival(ctx, booking.CommandLine, onTime.Reference, time.Time{})
	wantCode(t, err, booking.ECONFLICT) // already checked in
	_, err = f.svc.RecordArrival(ctx, booking.CommandLine, late.Reference, monday.Add(time.Hour))
	wantCode(t, err, booking.EINVALID)                                                  // in the future
	b, err = f.svc.RecordArrival(ctx, booking.CommandLine, late.Reference, time.Time{}) // now: 5 minutes after 14:15
	if err != nil || b.Status != booking.StatusArrived {
		t.Fatalf("within grace: %v %v", b, err)
	}
	f.clock.Set(monday.Add(60 * time.Minute))
	b, err = f.svc.RecordArrival(ctx, booking.CommandLine, early.Reference, monday.Add(56*time.Minute)) // 11 minutes after 14:45
	if err != nil || b.Status != booking.StatusLate || !b.ArrivedAt.Equal(monday.Add(56*time.Minute)) {
		t.Fatalf("after grace: %+v %v", b, err)
	}

	// 14:30–14:45 + 10 minutes grace: the sweep at 14:54 leaves it, at 14:56 marks it.
	f.clock.Set(monday.Add(54 * time.Minute))
	if n, err := f.svc.SweepNoShows(ctx); err != nil || n != 0 {
		t.Fatalf("early sweep marked %d: %v", n, err)
	}
	f.clock.Set(monday.Add(56 * time.Minute))
	if n, err := f.svc.SweepNoShows(ctx); err != nil || n != 1 {
		t.Fatalf("sweep marked %d, want 1: %v", n, err)
	}
	got, _ := f.svc.BookingByReference(ctx, absent.Reference)
	if got.Status != booking.StatusNoShow {
		t.Fatalf("status %s", got.Status)
	}
	msgs := f.intents(t, absent.ID)
	if len(msgs) != 2 || msgs[1].Kind != booking.MessageNoShow {
		t.Errorf("outbox: %+v", msgs)
	}
	// The citizen turns up after all: checked in late.
	got, err = f.svc.RecordArrival(ctx, booking.CommandLine, absent.Reference, time.Time{})
	if err != nil || got.Status != booking.StatusLate {
		t.Fatalf("arrival after the sweep: %+v %v", got, err)
	}
	_, err = f.svc.RecordArrival(ctx, booking.CommandLine, "SO-0000-0000", time.Time{})
	wantCode(t, err, booking.ENOTFOUND)
}

func testMarkNoShowByHand(t *testing.T, h Harness) {
	f := newFixture(t, h, 1)
	b := f.book(t, monday)
	f.clock.Set(monday.Add(5 * time.Minute))
	got, err := f.svc.MarkNoShow(context.Background(), booking.CommandLine, b.Reference)
	if err != nil || got.Status != booking.StatusNoShow {
		t.Fatalf("%+v %v", got, err)
	}
	_, err = f.svc.MarkNoShow(context.Background(), booking.CommandLine, b.Reference)
	wantCode(t, err, booking.ECONFLICT)
}

func testCloseDayCancelsBookingsAndRemovesSession(t *testing.T, h Harness) {
	f := newFixture(t, h, 2)
	ctx := context.Background()
	a := f.book(t, monday)
	b := f.book(t, monday.Add(time.Hour))
	keep := f.book(t, sofia(2026, 1, 19, 14, 0))
	c, cancelled, err := f.svc.CloseDay(ctx, booking.CommandLine, f.official.ID, "2026-01-12", "Кметът е в командировка")
	if err != nil {
		t.Fatal(err)
	}
	if c.Date.String() != "2026-01-12" || len(cancelled) != 2 {
		t.Fatalf("closure %+v cancelled %d", c, len(cancelled))
	}
	for _, x := range []*booking.Booking{a, b} {
		got, _ := f.svc.Booking(ctx, x.Token)
		msgs := f.intents(t, x.ID)
		if got.Status != booking.StatusCancelled || got.Sequence != 1 || len(msgs) != 2 ||
			msgs[1].Kind != booking.MessageSessionCanceled || msgs[1].Note != "Кметът е в командировка" {
			t.Errorf("booking %s: %s seq %d msgs %+v", x.Reference, got.Status, got.Sequence, msgs)
		}
	}
	if got, _ := f.svc.Booking(ctx, keep.Token); got.Status != booking.StatusConfirmed {
		t.Errorf("a booking on another day was touched: %s", got.Status)
	}
	slots, _ := f.svc.Slots(ctx, f.official.Slug, calendar.DateOf(monday), calendar.DateOf(monday))
	if len(slots) != 0 {
		t.Errorf("closed day still has %d slots", len(slots))
	}
	_, _, err = f.svc.CloseDay(ctx, booking.CommandLine, f.official.ID, "2026-01-12", "Again")
	wantCode(t, err, booking.ECONFLICT)
	_, _, err = f.svc.CloseDay(ctx, booking.CommandLine, f.official.ID, "2026-01-05", "In the past")
	wantCode(t, err, booking.EINVALID)
	_, _, err = f.svc.CloseDay(ctx, booking.CommandLine, f.official.ID, "12.01.2026", "Bad date")
	wantCode(t, err, booking.EINVALID)
}

func testCreateScheduleRejectsInvalidRules(t *testing.T, h Harness) {
	f := newFixture(t, h, 1)
	for _, rule := range []string{
		"DTSTART;TZID=Europe/Sofia:20260105T140000\nRRULE:FREQ=MONTHLY;BYDAY=10WE",
		"RRULE:FREQ=WEEKLY",
		"DTSTART;TZID=Europe/Sofia:20260105T140000\nRRULE:FREQ=MINUTELY",
	} {
		sch := *f.schedule
		sch.ID, sch.Rule = 0, rule
		err := f.svc.CreateSchedule(context.Background(), booking.CommandLine, &sch)
		wantCode(t, err, booking.EINVALID)
		if msg := err.(*booking.Error).Fields["rule"]; msg.In("en") == "" || msg.In("bg") == "" {
			t.Errorf("rule %q: no reason given: %v", rule, err)
		}
	}
	sch := *f.schedule
	sch.ID, sch.Capacity, sch.SlotMinutes, sch.Location = 0, 0, 300, ""
	err := f.svc.CreateSchedule(context.Background(), booking.CommandLine, &sch)
	wantCode(t, err, booking.EINVALID)
	if fields := err.(*booking.Error).Fields; len(fields) != 3 {
		t.Errorf("fields %v, want capacity, slot_minutes and location", fields)
	}
	if n := f.count(t, "schedules"); n != 1 {
		t.Errorf("%d schedules stored", n)
	}
}

func testSlotsAcrossTheSpringClockChange(t *testing.T, h Harness) {
	f := newFixture(t, h, 1)
	ctx := context.Background()
	f.clock.Set(sofia(2027, 3, 1, 9, 0))
	sch := &booking.Schedule{OfficialID: f.official.ID,
		Rule:            "DTSTART;TZID=Europe/Sofia:20270301T100000\nRRULE:FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR,SA,SU",
		DurationMinutes: 60, SlotMinutes: 30, Capacity: 1, Location: "Зала 1", BookingOpensDays: 60}
	if err := f.svc.CreateSchedule(ctx, booking.CommandLine, sch); err != nil {
		t.Fatal(err)
	}
	slots, err := f.svc.Slots(ctx, f.official.Slug, calendar.Date{Year: 2027, Month: 3, Day: 27}, calendar.Date{Year: 2027, Month: 3, Day: 28})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range slots {
		if s.Start.Hour() == 10 {
			got = append(got, s.Start.Format(time.RFC3339))
		}
	}
	want := "2027-03-27T10:00:00+02:00 2027-03-27T10:30:00+02:00 2027-03-28T10:00:00+03:00 2027-03-28T10:30:00+03:00"
	if strings.Join(got, " ") != want {
		t.Errorf("got %v\nwant %s", got, want)
	}
}

func testSlotsRange(t *testing.T, h Harness) {
	f := newFixture(t, h, 1)
	ctx := context.Background()
	_, err := f.svc.Slots(ctx, f.official.Slug, calendar.Date{Year: 2026, Month: 2}, calendar.Date{Year: 2026, Month: 1})
	wantCode(t, err, booking.EINVALID)
	_, err = f.svc.Slots(ctx, f.official.Slug, calendar.Date{Year: 2026, Month: 1, Day: 1}, calendar.Date{Year: 2027, Month: 6, Day: 1})
	wantCode(t, err, booking.EINVALID)
	_, err = f.svc.Slots(ctx, "nobody", calendar.Date{Year: 2026, Month: 1, Day: 1}, calendar.Date{Year: 2026, Month: 1, Day: 1})
	wantCode(t, err, booking.ENOTFOUND)
	// The window: booking opens 30 days ahead, so of Mondays from 12 Jan
	// only those up to 5 February are offered.
	slots, err := f.svc.Slots(ctx, f.official.Slug, calendar.Date{Year: 2026, Month: 1, Day: 1}, calendar.Date{Year: 2026, Month: 3, Day: 31})
	if err != nil {
		t.Fatal(err)
	}
	days := map[string]bool{}
	for _, s := range slots {
		days[calendar.DateOf(s.Start).String()] = true
	}
	if len(days) != 4 || !days["2026-01-12"] || !days["2026-02-02"] {
		t.Errorf("days offered: %v", days)
	}
}

func testRemindersAreScheduledAndFeedbackAfterArrival(t *testing.T, h Harness) {
	f := newFixture(t, h, 1)
	ctx := context.Background()
	b := f.book(t, monday)
	msgs, err := f.db.Messages(ctx, b.ID)
	if err != nil {
		t.Fatal(err)
	}
	var due []string
	for _, m := range msgs {
		if m.Kind == booking.MessageReminder {
			due = append(due, m.DueAt.In(calendar.Sofia).Format(time.RFC3339))
		}
	}
	if strings.Join(due, " ") != "2026-01-11T14:00:00+02:00 2026-01-12T08:00:00+02:00" {
		t.Errorf("reminders due %v, want 24 hours before and 08:00 on the day", due)
	}
	// Booked late on Sunday for Monday: the 24-hour reminder is already past.
	f.clock.Set(sofia(2026, 1, 11, 20, 0))
	late := f.book(t, monday.Add(15*time.Minute))
	msgs, _ = f.db.Messages(ctx, late.ID)
	if len(msgs) != 2 || msgs[1].Kind != booking.MessageReminder {
		t.Errorf("late booking: %+v", msgs)
	}
	f.clock.Set(monday.Add(5 * time.Minute))
	if _, err := f.svc.RecordArrival(ctx, booking.CommandLine, b.Reference, time.Time{}); err != nil {
		t.Fatal(err)
	}
	msgs = f.intents(t, b.ID)
	last := msgs[len(msgs)-1]
	if last.Kind != booking.MessageFeedback || !last.DueAt.Equal(monday.Add(15*time.Minute+time.Hour)) {
		t.Errorf("feedback request: %+v", last)
	}
}

func testParseReminders(t *testing.T, h Harness) {
	r, err := booking.ParseReminders("48h, 08:30,2h")
	if err != nil || len(r) != 3 || r[0].Before != 48*time.Hour || !r[1].IsClock || r[1].AtClock != 8*60+30 {
		t.Errorf("%+v %v", r, err)
	}
	for _, bad := range []string{"25:00", "tomorrow", "-1h", "08:xx"} {
		if _, err := booking.ParseReminders(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func testNoShowPolicyBlocksAndLifts(t *testing.T, h Harness) {
	f := newFixture(t, h, 1)
	f.with(func(st *booking.Stores) { st.Policies = f.full(t) })
	f.svc.Caps = booking.Caps{} // this test is about no-shows
	f.svc.ContactCentre = "0700 1 0700"
	ctx := context.Background()
	// Only no-shows of bookings whose citizen proved the address count.
	first := f.bookProven(t, f.request(monday))
	second := f.bookProven(t, f.request(sofia(2026, 1, 19, 14, 0)))
	f.clock.Set(sofia(2026, 1, 12, 15, 0))
	if _, err := f.svc.MarkNoShow(ctx, booking.CommandLine, first.Reference); err != nil {
		t.Fatal(err)
	}
	f.book(t, sofia(2026, 1, 26, 14, 0)) // one strike: still allowed
	f.clock.Set(sofia(2026, 1, 19, 15, 0))
	if _, err := f.svc.MarkNoShow(ctx, booking.CommandLine, second.Reference); err != nil {
		t.Fatal(err)
	}
	// Two strikes within 180 days: blocked for 30 days after the latest.
	_, _, err := f.svc.Book(ctx, f.request(sofia(2026, 2, 2, 14, 0)))
	wantCode(t, err, booking.EFORBIDDEN)
	if msg := booking.ErrorMessage(err); !strings.Contains(msg.In("bg"), "0700 1 0700") || !strings.Contains(msg.In("en"), "18 February 2026") {
		t.Errorf("message: %+v", msg)
	}
	other := f.request(sofia(2026, 2, 2, 14, 15))
	other.Email = "someone.else@example.bg"
	if _, _, err := f.svc.Book(ctx, other); err != nil {
		t.Errorf("another citizen is blocked too: %v", err)
	}
	byStaff := f.request(sofia(2026, 2, 2, 14, 30))
	byStaff.ByStaff = &booking.User{Role: booking.RoleAssistant, OfficialIDs: []int64{f.official.ID}}
	if _, _, err := f.svc.Book(ctx, byStaff); err != nil {
		t.Errorf("staff cannot book for a blocked citizen: %v", err)
	}
	// Staff lift the block.
	if err := f.svc.LiftBlock(ctx, "Maria@Example.bg", booking.CommandLine); err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.svc.Book(ctx, f.request(sofia(2026, 2, 2, 14, 45))); err != nil {
		t.Errorf("after the lift: %v", err)
	}
	wantCode(t, f.svc.LiftBlock(ctx, "not an email", booking.CommandLine), booking.EINVALID)
}

func testNoShowBlockEnds(t *testing.T, h Harness) {
	f := newFixture(t, h, 1)
	f.with(func(st *booking.Stores) { st.Policies = f.full(t) })
	f.svc.Caps = booking.Caps{}
	ctx := context.Background()
	a, b := f.bookProven(t, f.request(monday)), f.bookProven(t, f.request(monday.Add(15*time.Minute)))
	f.clock.Set(monday.Add(time.Hour))
	f.svc.MarkNoShow(ctx, booking.CommandLine, a.Reference)
	f.svc.MarkNoShow(ctx, booking.CommandLine, b.Reference)
	_, _, err := f.svc.Book(ctx, f.request(sofia(2026, 2, 9, 14, 0)))
	wantCode(t, err, booking.EFORBIDDEN)
	f.clock.Set(monday.Add(30*24*time.Hour + time.Hour)) // the block is over
	if _, _, err := f.svc.Book(ctx, f.request(sofia(2026, 2, 16, 14, 0))); err != nil {
		t.Errorf("after the block: %v", err)
	}
}

func testReceivedAndUndo(t *testing.T, h Harness) {
	f := newFixture(t, h, 1)
	ctx := context.Background()
	b := f.book(t, monday)
	f.clock.Set(monday.Add(20 * time.Minute))
	_, err := f.svc.RecordReceived(ctx, booking.CommandLine, b.Reference, time.Time{})
	wantCode(t, err, booking.ECONFLICT) // not checked in
	if _, err := f.svc.RecordArrival(ctx, booking.CommandLine, b.Reference, monday.Add(12*time.Minute)); err != nil {
		t.Fatal(err)
	}
	_, err = f.svc.RecordReceived(ctx, booking.CommandLine, b.Reference, monday.Add(5*time.Minute))
	wantCode(t, err, booking.EINVALID) // before the arrival
	got, err := f.svc.RecordReceived(ctx, booking.CommandLine, b.Reference, time.Time{})
	if err != nil || got.Status != booking.StatusCompleted || !got.ReceivedAt.Equal(monday.Add(20*time.Minute)) || !f.svc.WasLate(got) {
		t.Fatalf("received: %+v %v", got, err)
	}
	// Undo goes one step back: to late, keeping the arrival.
	got, err = f.svc.UndoStatus(ctx, booking.CommandLine, b.Reference)
	if err != nil || got.Status != booking.StatusLate || !got.ReceivedAt.IsZero() || got.ArrivedAt.IsZero() {
		t.Fatalf("undo: %+v %v", got, err)
	}
	got, err = f.svc.UndoStatus(ctx, booking.CommandLine, b.Reference)
	if err != nil || got.Status != booking.StatusConfirmed || !got.ArrivedAt.IsZero() {
		t.Fatalf("second undo: %+v %v", got, err)
	}
	_, err = f.svc.UndoStatus(ctx, booking.CommandLine, b.Reference)
	wantCode(t, err, booking.ECONFLICT)
}

func testStaffBooksWithoutEmail(t *testing.T, h Harness) {
	f := newFixture(t, h, 1)
	ctx := context.Background()
	req := f.request(monday)
	req.Email = ""
	_, _, err := f.svc.Book(ctx, req)
	wantCode(t, err, booking.EINVALID) // online, the email is required
	req.ByStaff = &booking.User{Role: booking.RoleAssistant, OfficialIDs: []int64{f.official.ID}}
	b, _, err := f.svc.Book(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if msgs, _ := f.db.Messages(ctx, b.ID); len(msgs) != 0 {
		t.Errorf("mail queued for a citizen without email: %+v", msgs)
	}
	if _, err := f.svc.Cancel(ctx, b.Token); err != nil {
		t.Fatal(err)
	}
	if msgs, _ := f.db.Messages(ctx, b.ID); len(msgs) != 0 {
		t.Errorf("mail queued after the cancellation: %+v", msgs)
	}
}

func testEndScheduleKeepsOrCancelsBookings(t *testing.T, h Harness) {
	f := newFixture(t, h, 1)
	ctx := context.Background()
	kept := f.book(t, monday)
	// Keep: the schedule offers no more slots, the booking stands.
	affected, err := f.svc.ScheduleBookings(ctx, f.official.ID, f.schedule.ID)
	if err != nil || len(affected) != 1 {
		t.Fatalf("affected: %v %v", affected, err)
	}
	if _, err := f.svc.EndSchedule(ctx, booking.CommandLine, f.official.ID, f.schedule.ID, false, ""); err != nil {
		t.Fatal(err)
	}
	if slots, _ := f.svc.Slots(ctx, f.official.Slug, calendar.DateOf(monday), calendar.DateOf(monday).AddDays(14)); len(slots) != 0 {
		t.Errorf("an ended schedule still offers %d slots", len(slots))
	}
	if got, _ := f.svc.Booking(ctx, kept.Token); got.Status != booking.StatusConfirmed {
		t.Errorf("kept booking: %s", got.Status)
	}
	_, err = f.svc.EndSchedule(ctx, booking.CommandLine, f.official.ID, f.schedule.ID, false, "")
	wantCode(t, err, booking.ECONFLICT)
	_, err = f.svc.EndSchedule(ctx, booking.CommandLine, f.official.ID, 999, false, "")
	wantCode(t, err, booking.ENOTFOUND)

	// Cancel: a second schedule's bookings are cancelled with a notice.
	sch := &booking.Schedule{OfficialID: f.official.ID, Rule: "DTSTART;TZID=Europe/Sofia:20260106T100000\nRRULE:FREQ=WEEKLY;BYDAY=TU",
		DurationMinutes: 60, SlotMinutes: 30, Capacity: 1, Location: "Зала 2", BookingOpensDays: 30}
	if err := f.svc.CreateSchedule(ctx, booking.CommandLine, sch); err != nil {
		t.Fatal(err)
	}
	gone := f.book(t, sofia(2026, 1, 13, 10, 0))
	_, err = f.svc.EndSchedule(ctx, booking.CommandLine, f.official.ID, sch.ID, true, "")
	wantCode(t, err, booking.EINVALID) // a reason is required to tell the citizens
	cancelled, err := f.svc.EndSchedule(ctx, booking.CommandLine, f.official.ID, sch.ID, true, "Промяна в графика")
	if err != nil || len(cancelled) != 1 || cancelled[0].ID != gone.ID {
		t.Fatalf("cancelled: %v %v", cancelled, err)
	}
	got, _ := f.svc.Booking(ctx, gone.Token)
	msgs := f.intents(t, gone.ID)
	if got.Status != booking.StatusCancelled || got.Sequence != 1 || msgs[len(msgs)-1].Kind != booking.MessageSessionCanceled {
		t.Errorf("cancelled booking: %s seq %d %+v", got.Status, got.Sequence, msgs)
	}
}

func testHandOverDayToADeputy(t *testing.T, h Harness) {
	f := newFixture(t, h, 1)
	ctx := context.Background()
	deputy, err := f.svc.CreateOfficial(ctx, booking.CommandLine, booking.OfficialInput{Slug: "zam-kmet", Name: "Анна Заместникова", Title: "Заместник-кмет",
		Unit: "sredets", Email: "zam@sredets.example.bg"})
	if err != nil {
		t.Fatal(err)
	}
	a, b := f.book(t, monday), f.book(t, monday.Add(15*time.Minute))
	other := f.book(t, sofia(2026, 1, 19, 14, 0))
	admin := &booking.User{Role: booking.RoleAdmin}
	_, err = f.svc.HandOverDay(ctx, admin, f.official.ID, "kmet-sredets", "2026-01-12", "Командировка")
	wantCode(t, err, booking.EINVALID) // not to oneself
	// An assistant may hand the day only to an official they manage.
	assistant := &booking.User{Role: booking.RoleAssistant, OfficialIDs: []int64{f.official.ID}}
	_, err = f.svc.HandOverDay(ctx, assistant, f.official.ID, "zam-kmet", "2026-01-12", "Командировка")
	wantCode(t, err, booking.EINVALID)
	if e := fieldsOf(err)["deputy"]; e.In("en") == "" {
		t.Errorf("no reason given for the deputy: %v", err)
	}
	moved, err := f.svc.HandOverDay(ctx, admin, f.official.ID, "zam-kmet", "2026-01-12", "Командировка")
	if err != nil || len(moved) != 2 {
		t.Fatalf("moved %d: %v", len(moved), err)
	}
	for _, x := range []*booking.Booking{a, b} {
		got, _ := f.svc.Booking(ctx, x.Token)
		msgs := f.intents(t, x.ID)
		last := msgs[len(msgs)-1]
		if got.OfficialID != deputy.ID || got.Sequence != 1 || got.Status != booking.StatusConfirmed || !got.Start.Equal(x.Start) ||
			got.UID != x.UID || last.Kind != booking.MessageHandOver || last.Sequence != 1 || last.Note != "Командировка" {
			t.Errorf("booking %s after the hand-over: %+v, last message %+v", x.Reference, got, last)
		}
	}
	if got, _ := f.svc.Booking(ctx, other.Token); got.OfficialID != f.official.ID {
		t.Error("a booking on another day moved")
	}
	// The handed-over booking keeps its room, and its calendar event its
	// organizer, place and UID.
	got, _ := f.svc.Booking(ctx, a.Token)
	if sch, err := f.svc.BookingSchedule(ctx, got); err != nil || sch.ID != f.schedule.ID {
		t.Errorf("room after the hand-over: %+v, %v", sch, err)
	}
	f.svc.Organizer = calendar.Person{Name: "Приемна", Email: "priemna@sredets.example.bg"}
	before, _ := f.svc.BookingEvents(ctx, []booking.Booking{*a}, false, nil)
	after, err := f.svc.BookingEvents(ctx, []booking.Booking{*got}, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	if after[0].Organizer == nil || after[0].Organizer.Email != before[0].Organizer.Email || after[0].Location != before[0].Location ||
		after[0].Location == "" || after[0].UID != before[0].UID || !strings.Contains(after[0].Summary, "Анна Заместникова") {
		t.Errorf("event before %+v, after %+v", before[0], after[0])
	}
	// The day is closed for the official.
	_, _, err = f.svc.Book(ctx, f.request(monday.Add(30*time.Minute)))
	wantCode(t, err, booking.ENOTBOOKABLE)
}

func testPriorityRebookingAfterACancelledDay(t *testing.T, h Harness) {
	f := newFixture(t, h, 1)
	f.with(func(st *booking.Stores) { st.Priority = f.full(t) })
	ctx := context.Background()
	b := f.book(t, monday)
	if _, _, err := f.svc.CloseDay(ctx, booking.CommandLine, f.official.ID, "2026-01-12", "Командировка"); err != nil {
		t.Fatal(err)
	}
	msgs := f.intents(t, b.ID)
	pass := msgs[len(msgs)-1].Pass
	if msgs[len(msgs)-1].Kind != booking.MessageSessionCanceled || !booking.ValidToken(pass) {
		t.Fatalf("notice without a pass: %+v", msgs[len(msgs)-1])
	}
	// 16 February is not open to everyone yet (booking opens 30 days ahead).
	late := sofia(2026, 2, 16, 14, 0)
	req := f.request(late)
	_, _, err := f.svc.Book(ctx, req)
	wantCode(t, err, booking.ENOTBOOKABLE)
	plain, _ := f.svc.Slots(ctx, f.official.Slug, calendar.DateOf(late), calendar.DateOf(late))
	prio, _ := f.svc.PrioritySlots(ctx, f.official.Slug, calendar.DateOf(late), calendar.DateOf(late), pass)
	if len(plain) != 0 || len(prio) != 12 {
		t.Errorf("slots without a pass %d, with it %d", len(plain), len(prio))
	}
	req.PriorityPass = pass
	if _, _, err := f.svc.Book(ctx, req); err != nil {
		t.Fatalf("with the pass: %v", err)
	}
	// Used once only.
	again := f.request(late.Add(15 * time.Minute))
	again.PriorityPass = pass
	_, _, err = f.svc.Book(ctx, again)
	wantCode(t, err, booking.ENOTBOOKABLE)
}

func testCapsOnComingBookings(t *testing.T, h Harness) {
	f := newFixture(t, h, 2)
	f.with(func(st *booking.Stores) { st.Policies = f.full(t) })
	ctx := context.Background()
	f.book(t, monday) // maria@example.bg, 0888 123 456
	// A second coming meeting with the same official: refused, by email…
	_, _, err := f.svc.Book(ctx, f.request(monday.Add(15*time.Minute)))
	wantCode(t, err, booking.ECONFLICT)
	// …and by phone, however it is written.
	byPhone := f.request(monday.Add(15 * time.Minute))
	byPhone.Email, byPhone.Phone = "other@example.bg", "0888-123-456"
	_, _, err = f.svc.Book(ctx, byPhone)
	wantCode(t, err, booking.ECONFLICT)
	// Staff may book them all the same.
	byPhone.ByStaff = &booking.User{Role: booking.RoleAssistant, OfficialIDs: []int64{f.official.ID}}
	if _, _, err := f.svc.Book(ctx, byPhone); err != nil {
		t.Errorf("staff booking: %v", err)
	}
	// Three coming meetings in all: two so far (the staff booking matched
	// her phone), so one more with another official, then no more.
	for i, slug := range []string{"zam-1", "zam-2"} {
		o, err := f.svc.CreateOfficial(ctx, booking.CommandLine, booking.OfficialInput{Slug: slug, Name: "Заместник Кмет", Title: "Заместник-кмет",
			Unit: "sredets", Email: slug + "@sredets.example.bg"})
		if err != nil {
			t.Fatal(err)
		}
		sch := *f.schedule
		sch.ID, sch.OfficialID = 0, o.ID
		if err := f.svc.CreateSchedule(ctx, booking.CommandLine, &sch); err != nil {
			t.Fatal(err)
		}
		req := f.request(monday)
		req.Official = slug
		_, _, err = f.svc.Book(ctx, req)
		if i == 0 && err != nil {
			t.Fatalf("third coming meeting: %v", err)
		}
		if i == 1 {
			wantCode(t, err, booking.ECONFLICT)
		}
	}
	// Once the meeting is over, it no longer counts.
	f.clock.Set(monday.Add(time.Hour))
	if _, _, err := f.svc.Book(ctx, f.request(sofia(2026, 1, 19, 14, 0))); err != nil {
		t.Errorf("after the meetings: %v", err)
	}
}

func testErasureAndRetention(t *testing.T, h Harness) {
	f := newFixture(t, h, 1)
	f.full(t) // erasure is the PrivacyStore's
	ctx := context.Background()
	early := f.book(t, monday)
	later := f.book(t, sofia(2026, 1, 19, 14, 0))
	// At the citizen's request: personal data gone, the booking's shape kept.
	if err := f.svc.Erase(ctx, booking.CommandLine, early.Reference); err != nil {
		t.Fatal(err)
	}
	got, _ := f.svc.Booking(ctx, early.Token)
	if got.Name != "" || got.Email != "" || got.Phone != "" || got.Topic != "" || len(got.Accessibility.Needs) != 0 ||
		got.Status != booking.StatusConfirmed || !got.Start.Equal(monday) {
		t.Errorf("after erasure: %+v", got)
	}
	for _, m := range f.intents(t, early.ID) {
		if m.Status == booking.MessagePending {
			t.Errorf("mail still pending for an erased booking: %+v", m)
		}
	}
	wantCode(t, f.svc.Erase(ctx, booking.CommandLine, "SO-2222-2222"), booking.ENOTFOUND)

	// Retention: 30 days after 19 January's meeting, its data goes too.
	f.clock.Set(sofia(2026, 2, 18, 14, 0))
	if n, err := f.svc.ApplyRetention(ctx, booking.DefaultRetention); err != nil || n != 0 {
		t.Fatalf("too early: %d %v", n, err)
	}
	f.clock.Set(sofia(2026, 2, 19, 15, 0))
	if n, err := f.svc.ApplyRetention(ctx, booking.DefaultRetention); err != nil || n != 1 {
		t.Fatalf("retention erased %d: %v", n, err)
	}
	if got, _ := f.svc.Booking(ctx, later.Token); got.Name != "" || got.Email != "" {
		t.Errorf("kept past retention: %+v", got)
	}
	// The statistics still count both.
	months, err := f.svc.MonthlyStats(ctx, f.official.ID, calendar.Date{Year: 2026, Month: 1, Day: 1}, calendar.Date{Year: 2026, Month: 1, Day: 31})
	if err != nil || months[0].Bookings != 2 {
		t.Errorf("statistics after erasure: %+v %v", months, err)
	}
}

// TestStaffBookOnTheDay: online booking closes 2 hours before a slot; staff
// booking for a citizen who phoned or came in goes on until the slot ends,
// and never before the window opens to everyone.
func testStaffBookOnTheDay(t *testing.T, h Harness) {
	f := newFixture(t, h, 1)
	ctx := context.Background()
	f.clock.Set(monday.Add(20 * time.Minute)) // 14:20 on the reception day
	staff := &booking.User{Role: booking.RoleAssistant, OfficialIDs: []int64{f.official.ID}}
	// Online, only the slots two hours ahead: 16:30 and 16:45.
	if slots, _ := f.svc.Slots(ctx, f.official.Slug, calendar.DateOf(monday), calendar.DateOf(monday)); len(slots) != 2 {
		t.Errorf("online: %d slots open on the day", len(slots))
	}
	slots, err := f.svc.StaffSlots(ctx, f.official.Slug, calendar.DateOf(monday))
	if err != nil {
		t.Fatal(err)
	}
	// 14:15 has begun and not ended; 14:00 has ended.
	if len(slots) != 11 || !slots[0].Start.Equal(monday.Add(15*time.Minute)) {
		t.Fatalf("staff slots: %d from %v", len(slots), slots[0].Start)
	}
	online := f.request(monday.Add(15 * time.Minute))
	_, _, err = f.svc.Book(ctx, online)
	wantCode(t, err, booking.ENOTBOOKABLE)
	walkIn := online
	walkIn.ByStaff = staff
	if _, _, err := f.svc.Book(ctx, walkIn); err != nil {
		t.Fatalf("walk-in into the slot under way: %v", err)
	}
	ended := f.request(monday)
	ended.ByStaff = staff
	_, _, err = f.svc.Book(ctx, ended)
	wantCode(t, err, booking.ENOTBOOKABLE)
	// Beyond the 30-day window staff wait like everyone.
	far := f.request(monday.Add(35 * 24 * time.Hour))
	far.ByStaff = staff
	_, _, err = f.svc.Book(ctx, far)
	if booking.ErrorCode(err) != booking.ENOTBOOKABLE && booking.ErrorCode(err) != booking.EINVALID {
		t.Errorf("staff booking before the window opens: %v", err)
	}
}

// The official a booking needs comes from the calendar cache, which a
// change clears at once: an official taken off the site is not bookable
// the moment after, and bookable again once back.
func testBookSeesOfficialChangesAtOnce(t *testing.T, h Harness) {
	f := newFixture(t, h, 5)
	ctx := context.Background()
	f.book(t, monday) // fills the cache
	in := booking.OfficialInput{Slug: f.official.Slug, Name: f.official.Name, Title: f.official.Title, Unit: "sredets",
		Email: f.official.Email, Phone: f.official.Phone}
	if _, err := f.svc.UpdateOfficial(ctx, booking.CommandLine, f.official.Slug, in, false); err != nil {
		t.Fatal(err)
	}
	req := f.request(monday)
	req.Email = "other@example.bg"
	_, _, err := f.svc.Book(ctx, req)
	wantCode(t, err, booking.EINVALID)
	if e, ok := err.(*booking.Error); !ok || e.Fields["official"].In("en") == "" {
		t.Fatalf("error %v does not name the official", err)
	}
	in.HoldMinutes = 30
	if _, err := f.svc.UpdateOfficial(ctx, booking.CommandLine, f.official.Slug, in, true); err != nil {
		t.Fatal(err)
	}
	b, _, err := f.svc.Book(ctx, req)
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
