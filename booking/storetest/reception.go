package storetest

import (
	"strings"
	"testing"
	"time"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/calendar"
)

func testArrivalLatenessAndNoShows(t *testing.T, f *Fixture) {
	onTime := f.Book(t, monday)
	late := f.Book(t, monday.Add(15*time.Minute))
	absent := f.Book(t, monday.Add(30*time.Minute))
	early := f.Book(t, monday.Add(45*time.Minute))

	_, err := f.Svc.MarkNoShow(f.Ctx, booking.CommandLine, absent.Reference)
	WantCode(t, err, booking.ECONFLICT) // not begun yet

	f.Clock.Set(monday.Add(20 * time.Minute))
	b, err := f.Svc.RecordArrival(f.Ctx, booking.CommandLine, strings.ToLower(onTime.Reference), monday.Add(9*time.Minute))
	if err != nil || b.Status != booking.StatusArrived {
		t.Fatalf("on time within grace: %v %v", b, err)
	}
	_, err = f.Svc.RecordArrival(f.Ctx, booking.CommandLine, onTime.Reference, time.Time{})
	WantCode(t, err, booking.ECONFLICT) // already checked in
	_, err = f.Svc.RecordArrival(f.Ctx, booking.CommandLine, late.Reference, monday.Add(time.Hour))
	WantCode(t, err, booking.EINVALID)                                                    // in the future
	b, err = f.Svc.RecordArrival(f.Ctx, booking.CommandLine, late.Reference, time.Time{}) // now: 5 minutes after 14:15
	if err != nil || b.Status != booking.StatusArrived {
		t.Fatalf("within grace: %v %v", b, err)
	}
	f.Clock.Set(monday.Add(60 * time.Minute))
	b, err = f.Svc.RecordArrival(f.Ctx, booking.CommandLine, early.Reference, monday.Add(56*time.Minute)) // 11 minutes after 14:45
	if err != nil || b.Status != booking.StatusLate || !b.ArrivedAt.Equal(monday.Add(56*time.Minute)) {
		t.Fatalf("after grace: %+v %v", b, err)
	}

	// 14:30–14:45 + 10 minutes grace: the sweep at 14:54 leaves it, at 14:56 marks it.
	f.Clock.Set(monday.Add(54 * time.Minute))
	if n, err := f.Svc.SweepNoShows(f.Ctx); err != nil || n != 0 {
		t.Fatalf("early sweep marked %d: %v", n, err)
	}
	f.Clock.Set(monday.Add(56 * time.Minute))
	if n, err := f.Svc.SweepNoShows(f.Ctx); err != nil || n != 1 {
		t.Fatalf("sweep marked %d, want 1: %v", n, err)
	}
	got, _ := f.Svc.BookingByReference(f.Ctx, absent.Reference)
	if got.Status != booking.StatusNoShow {
		t.Fatalf("status %s", got.Status)
	}
	msgs := f.intents(t, absent.ID)
	if len(msgs) != 2 || msgs[1].Kind != booking.MessageNoShow {
		t.Errorf("outbox: %+v", msgs)
	}
	// The citizen turns up after all: checked in late.
	got, err = f.Svc.RecordArrival(f.Ctx, booking.CommandLine, absent.Reference, time.Time{})
	if err != nil || got.Status != booking.StatusLate {
		t.Fatalf("arrival after the sweep: %+v %v", got, err)
	}
	_, err = f.Svc.RecordArrival(f.Ctx, booking.CommandLine, "SO-0000-0000", time.Time{})
	WantCode(t, err, booking.ENOTFOUND)
}

func testMarkNoShowByHand(t *testing.T, f *Fixture) {
	b := f.Book(t, monday)
	f.Clock.Set(monday.Add(5 * time.Minute))
	got, err := f.Svc.MarkNoShow(f.Ctx, booking.CommandLine, b.Reference)
	if err != nil || got.Status != booking.StatusNoShow {
		t.Fatalf("%+v %v", got, err)
	}
	_, err = f.Svc.MarkNoShow(f.Ctx, booking.CommandLine, b.Reference)
	WantCode(t, err, booking.ECONFLICT)
}

func testRemindersAreScheduledAndFeedbackAfterArrival(t *testing.T, f *Fixture) {
	b := f.Book(t, monday)
	msgs, err := f.DB.Messages(f.Ctx, b.ID)
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
	f.Clock.Set(sofia(2026, 1, 11, 20, 0))
	late := f.Book(t, monday.Add(15*time.Minute))
	msgs, _ = f.DB.Messages(f.Ctx, late.ID)
	if len(msgs) != 2 || msgs[1].Kind != booking.MessageReminder {
		t.Errorf("late booking: %+v", msgs)
	}
	f.Clock.Set(monday.Add(5 * time.Minute))
	if _, err := f.Svc.RecordArrival(f.Ctx, booking.CommandLine, b.Reference, time.Time{}); err != nil {
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

func testReceivedAndUndo(t *testing.T, f *Fixture) {
	b := f.Book(t, monday)
	f.Clock.Set(monday.Add(20 * time.Minute))
	_, err := f.Svc.RecordReceived(f.Ctx, booking.CommandLine, b.Reference, time.Time{})
	WantCode(t, err, booking.ECONFLICT) // not checked in
	if _, err := f.Svc.RecordArrival(f.Ctx, booking.CommandLine, b.Reference, monday.Add(12*time.Minute)); err != nil {
		t.Fatal(err)
	}
	_, err = f.Svc.RecordReceived(f.Ctx, booking.CommandLine, b.Reference, monday.Add(5*time.Minute))
	WantCode(t, err, booking.EINVALID) // before the arrival
	got, err := f.Svc.RecordReceived(f.Ctx, booking.CommandLine, b.Reference, time.Time{})
	if err != nil || got.Status != booking.StatusCompleted || !got.ReceivedAt.Equal(monday.Add(20*time.Minute)) || !f.Svc.WasLate(got) {
		t.Fatalf("received: %+v %v", got, err)
	}
	// Undo goes one step back: to late, keeping the arrival.
	got, err = f.Svc.UndoStatus(f.Ctx, booking.CommandLine, b.Reference)
	if err != nil || got.Status != booking.StatusLate || !got.ReceivedAt.IsZero() || got.ArrivedAt.IsZero() {
		t.Fatalf("undo: %+v %v", got, err)
	}
	got, err = f.Svc.UndoStatus(f.Ctx, booking.CommandLine, b.Reference)
	if err != nil || got.Status != booking.StatusConfirmed || !got.ArrivedAt.IsZero() {
		t.Fatalf("second undo: %+v %v", got, err)
	}
	_, err = f.Svc.UndoStatus(f.Ctx, booking.CommandLine, b.Reference)
	WantCode(t, err, booking.ECONFLICT)
}
