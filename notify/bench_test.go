package notify

import (
	"fmt"
	"testing"
	"time"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/calendar"
)

// BenchmarkRenderAndSend renders a confirmation with its invitation and
// sends it over one reused connection to an in-process SMTP server; the
// goal is at least 200 messages/s.
func BenchmarkRenderAndSend(b *testing.B) {
	sink := newSMTPSink(b)
	m, err := NewSMTPMailer(sink.URL(), 5*time.Second)
	if err != nil {
		b.Fatal(err)
	}
	defer m.Close()
	r := &Renderer{BaseURL: "https://priemna.example", From: "Приемна <priemna@sofia.example.bg>"}
	in := goldenInput("confirmation", "bg")
	now := time.Now()
	ctx := b.Context()
	b.ReportAllocs()
	for b.Loop() {
		msg, err := r.Render(in, now)
		if err != nil {
			b.Fatal(err)
		}
		if err := m.Send(ctx, msg); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "msgs/s")
	if got := len(sink.Messages()); got < b.N {
		b.Fatalf("server received %d of %d", got, b.N)
	}
}

// BenchmarkWorkerDrain sends the confirmations of a day's worth of
// bookings the way the server does: claimed from a real SQLite outbox in
// batches, each loaded (booking, official, unit, room, the address's
// letters today), rendered and sent over one reused connection to an
// in-process SMTP server, and recorded as sent; the goal under booking
// load is at least 200 messages/s.
func BenchmarkWorkerDrain(b *testing.B) {
	ctx := b.Context()
	sent, elapsed := 0, time.Duration(0)
	for b.Loop() {
		b.StopTimer()
		f := newFixture(b)
		w := f.worker(b)
		w.PerRecipientDaily = 10 // the server's default
		day := calendar.DateOf(f.clock.Now())
		slots, err := f.svc.Slots(ctx, "kmet-sredets", day, day.AddDays(60))
		if err != nil {
			b.Fatal(err)
		}
		for i, s := range slots {
			if _, _, err := f.svc.Book(ctx, booking.BookRequest{Official: "kmet-sredets", Start: s.Start.Format(time.RFC3339),
				Name: "Нагрузъчен Тест", Email: fmt.Sprintf("load%d@example.bg", i), Topic: "Натоварване", Language: "bg"}); err != nil {
				b.Fatal(err)
			}
		}
		b.StartTimer()
		t0 := time.Now()
		n := drain(b, w)
		elapsed += time.Since(t0)
		sent += n
		if n < len(slots) {
			b.Fatalf("%d letters for %d bookings", n, len(slots))
		}
	}
	b.ReportMetric(float64(sent)/elapsed.Seconds(), "msgs/s")
}
