package notify

import (
	"context"
	"testing"
	"time"
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
	ctx := context.Background()
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
