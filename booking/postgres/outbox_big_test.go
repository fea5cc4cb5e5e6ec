package postgres

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/booking/sqlstore"
	"github.com/priemna/priemna/booking/storetest"
)

// BenchmarkOutboxAtAMillion asks the mail worker's and the operator's
// outbox questions (a claim, the letters sent to one address today, the
// outbox state) of a database with 1,000,000 past bookings and 3,000,000
// letters sent, and logs each query's plan (run with -v): with years of
// letters none of them may walk the letters ever sent. -short: 100,000
// bookings.
func BenchmarkOutboxAtAMillion(b *testing.B) {
	past := 1_000_000
	if testing.Short() {
		past = 100_000
	}
	f := storetest.NewFixture(b, harness, 1)
	db := f.DB.(*DB)
	ctx := context.Background()
	now := f.Clock.Now()
	t0 := now.Add(-24 * time.Hour).Unix()
	// Past bookings 10 minutes apart going back from yesterday, 50,000
	// addresses; each with a confirmation, a reminder and a feedback
	// request sent; and 100 confirmations of today's bookings waiting.
	all := []any{f.Official.ID, f.Schedule.ID, t0, past}
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`INSERT INTO bookings (reference, token, uid, official_id, schedule_id, starts_at, ends_at, seat, name, email, email_key, topic, language, status, created_at, updated_at)
		SELECT 'R' || g, 'T' || g, 'U' || g, $1, $2, $3 - g * 600, $3 - g * 600 + 600, 1, 'Име', 'c' || (g % 50000) || '@example.bg', 'c' || (g % 50000) || '@example.bg',
			'Тема', 'bg', CASE WHEN g % 10 = 0 THEN 'no_show' ELSE 'completed' END, $3 - g * 600 - 86400, $3 - g * 600
		FROM generate_series(1, $4) g`, all},
		{`INSERT INTO outbox (booking_id, kind, sequence, slot_start, status, due_at, created_at, sent_at, message_key)
		SELECT b.id, k.kind, 0, b.starts_at, 'sent', b.starts_at + k.due, b.created_at, b.starts_at + k.due, b.reference || '-' || k.kind
		FROM bookings b, (VALUES ('confirmation', -86400), ('reminder', -3600), ('feedback', 3600)) AS k (kind, due)`, nil},
		{`INSERT INTO outbox (booking_id, kind, sequence, slot_start, status, due_at, created_at, message_key)
		SELECT id, 'confirmation', 0, starts_at, 'pending', $1, $1, 'P' || id FROM bookings ORDER BY id DESC LIMIT 100`, []any{t0}},
		{`ANALYZE`, nil},
	} {
		if _, err := db.pool.ExecContext(ctx, q.sql, q.args...); err != nil {
			b.Fatal(err)
		}
	}
	for _, c := range []struct {
		name  string
		query string
		args  []any
		run   func() error
	}{
		{"claim", claimMessages, []any{now.Add(time.Minute).Unix(), now.Unix(), now.Unix(), now.Unix(), now.Unix(), 100}, func() error {
			msgs, err := db.ClaimMessages(ctx, now, now.Add(time.Minute), 100)
			if err == nil && len(msgs) != 100 {
				b.Fatalf("claimed %d", len(msgs))
			}
			// Given back, so each round finds the same.
			b.StopTimer()
			defer b.StartTimer()
			if _, err := db.ReleaseClaims(ctx); err != nil {
				return err
			}
			return err
		}},
		{"letters-sent", lettersSent(5), []any{"c7@example.bg", now.Add(-24 * time.Hour).Unix(), "hold", "confirmation", "change", "cancellation", "links"}, func() error {
			_, err := db.LettersSent(ctx, "c7@example.bg", []booking.MessageKind{booking.MessageHold, booking.MessageConfirmation, booking.MessageChange, booking.MessageCancellation, booking.MessageLinks}, now.Add(-24*time.Hour))
			return err
		}},
		{"outbox-state", outboxState, []any{now.Unix()}, func() error {
			_, err := db.OutboxState(ctx, now)
			return err
		}},
	} {
		explain(b, db, c.query, c.args...)
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				if err := c.run(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// explain logs the plan PostgreSQL runs a query with, and rolls it back.
func explain(b *testing.B, db *DB, query string, args ...any) {
	tx, err := db.pool.Begin()
	if err != nil {
		b.Fatal(err)
	}
	defer tx.Rollback()
	rows, err := tx.Query(`EXPLAIN (ANALYZE, BUFFERS) `+rebind(query), args...)
	if err != nil {
		b.Fatal(err)
	}
	plan, err := sqlstore.Collect(rows, "explain", sqlstore.ScanString)
	if err != nil {
		b.Fatal(err)
	}
	b.Log("\n" + strings.Join(plan, "\n"))
}
