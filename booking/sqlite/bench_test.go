package sqlite

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/booking/sqlstore"
	"github.com/priemna/priemna/booking/storetest"
	"github.com/priemna/priemna/calendar"
)

// benchFixture is storetest.BenchFixture on a SQLite file.
func benchFixture(b *testing.B) *fixture {
	f := storetest.BenchFixture(b, harness)
	return &fixture{Fixture: f, db: f.DB.(*DB)}
}

// BenchmarkBookParallel books from 16 goroutines on a file database with
// synchronous=FULL; the goal is at least 2,000 bookings/s.
func BenchmarkBookParallel(b *testing.B) { storetest.BenchBookParallel(b, harness) }

// fillPast inserts n past bookings of the official directly, as years of
// use would leave them.
func fillPast(b testing.TB, f *fixture, n int) {
	now := f.Clock.Now().Unix()
	settle(b, f, fmt.Sprintf(`WITH RECURSIVE i(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM i WHERE n < %d)
		INSERT INTO bookings (reference, token, uid, official_id, schedule_id, starts_at, ends_at, seat, name, email, topic,
			language, status, created_at, updated_at)
		SELECT 'P-' || n, 'T-' || n, 'U-' || n, %d, %d, %d - n * 900, %d - n * 900 + 900, 1, 'Име', 'x@example.bg', 'Тема',
			'bg', CASE n %% 7 WHEN 0 THEN 'cancelled' WHEN 1 THEN 'no_show' ELSE 'completed' END, 0, 0 FROM i`,
		n, f.Official.ID, f.Schedule.ID, now, now))
}

// fillPastWithLetters is fillPast with what a first retention sweep has to
// erase besides the bookings: each has its own citizen (50,000 addresses
// and phones among them), a confirmation and two reminders sent, and
// every tenth a feedback comment.
func fillPastWithLetters(b testing.TB, f *fixture, n int) {
	fillPast(b, f, n)
	settle(b, f,
		`UPDATE bookings SET email = 'c' || (id % 50000) || '@example.bg', email_key = 'c' || (id % 50000) || '@example.bg',
			phone = '0888' || (id % 50000), phone_key = '+359888' || (id % 50000), request_hash = hex(randomblob(16))`,
		`INSERT INTO outbox (booking_id, kind, sequence, slot_start, due_at, created_at, status, sent_at, message_key)
			SELECT id, k.kind, 0, starts_at, starts_at - k.before, starts_at - 86400 * 3, 'sent', starts_at - k.before + 1, lower(hex(randomblob(16)))
			FROM bookings, (SELECT 'confirmation' AS kind, 86400 * 3 AS before UNION ALL SELECT 'reminder', 86400 UNION ALL SELECT 'reminder', 3600) k`,
		`INSERT INTO feedback (booking_id, rating, comment, created_at) SELECT id, 4, 'Бързо и учтиво', ends_at FROM bookings WHERE id % 10 = 0`)
}

// settle runs the statements and ANALYZE in one write, then copies the
// log back into the file: the history settles on disk, as in a database
// that has been running for years, so that its write-back does not
// compete with the benchmark.
func settle(b testing.TB, f *fixture, statements ...string) {
	err := f.db.write(f.Ctx, func(tx *sql.Tx) error {
		for _, q := range append(statements, `ANALYZE`) {
			if _, err := tx.Exec(q); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := f.db.writer.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkBookHistory and BenchmarkSlots60Days compare an empty table with
// one holding 1,000,000 past bookings: the goal is within 1.2×.
func BenchmarkBookHistory(b *testing.B) {
	withPast(b, func(b *testing.B, f *fixture) {
		starts := f.SlotStarts(2000)
		b.ResetTimer()
		for i := 0; b.Loop(); i++ {
			req := f.Request(time.Time{})
			req.Start = starts[i%len(starts)]
			if _, _, err := f.Svc.Book(f.Ctx, req); err != nil && booking.ErrorCode(err) != booking.ESLOTFULL {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkSlots60Days(b *testing.B) {
	withPast(b, func(b *testing.B, f *fixture) {
		from := calendar.DateOf(f.Clock.Now())
		for _, start := range f.SlotStarts(500) { // some load in the range
			req := f.Request(time.Time{})
			req.Start = start
			f.Svc.Book(f.Ctx, req)
		}
		b.ResetTimer()
		for b.Loop() {
			// A new second each time: the service reuses a slot list
			// only within one second, and this measures the query.
			f.Clock.Set(f.Clock.Now().Add(time.Second))
			slots, err := f.Svc.Slots(f.Ctx, f.Official.Slug, from, from.AddDays(60))
			if err != nil || len(slots) == 0 {
				b.Fatal(len(slots), err)
			}
		}
	})
}

// withPast runs bench as two sub-benchmarks, on a fixture with no past
// bookings and on one with 1,000,000: the pair the goals compare.
func withPast(b *testing.B, bench func(b *testing.B, f *fixture)) {
	for _, past := range []int{0, 1_000_000} {
		b.Run(fmt.Sprintf("past=%d", past), func(b *testing.B) {
			f := benchFixture(b)
			fillPast(b, f, past)
			bench(b, f)
		})
	}
}

// BenchmarkStatistics reads twelve months of statistics, of one official
// and of everyone, with no bookings and with 1,000,000 past ones: the goal
// is within 2×.
func BenchmarkStatistics(b *testing.B) {
	for _, past := range []int{0, 1_000_000} {
		f := benchFixture(b)
		fillPast(b, f, past)
		to := calendar.DateOf(f.Clock.Now())
		from := to.AddDays(-365)
		for _, who := range []struct {
			name string
			id   int64
		}{{"official", f.Official.ID}, {"everyone", 0}} {
			b.Run(fmt.Sprintf("%s/past=%d", who.name, past), func(b *testing.B) {
				for b.Loop() {
					if months, err := f.Svc.MonthlyStats(f.Ctx, who.id, from, to); err != nil || len(months) < 12 {
						b.Fatal(len(months), err)
					}
				}
			})
		}
	}
}

// BenchmarkRetentionStall erases the personal data of 1,000,000 past
// bookings (with their letters and feedback), as the first sweep after an
// upgrade does, while one client books one slot after another. It reports
// how long the writer was held (a group commit's writes and its commit)
// by each commit that carried a batch of the sweep ("sweep-hold") and by
// each that carried bookings only ("booking-hold"), as p50, p99 and max,
// the statements alone of the longest ("-run"), and the bookings' own
// latency (p99 and worst). Modes: in one transaction (as four stops ago,
// the writer checkpointing on commit), and in batches (sweep.go) that
// commit alone between bookings (writer.go); "no-sweep" books as long as
// the sweep took with no sweep at all: on a shared machine the disk and
// the scheduler stall bookings too, and that is the baseline the sweep's
// figures are measured against. "alone" sweeps with nobody booking: how
// long a first sweep takes on a quiet server. The goal: the writer held ≤
// 50 ms at a time.
func BenchmarkRetentionStall(b *testing.B) {
	past := 1_000_000
	if testing.Short() {
		past = 100_000
	}
	var lastSweep time.Duration
	for _, mode := range []string{"one-transaction", "batched", "no-sweep", "alone"} {
		b.Run(mode, func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				f := benchFixture(b)
				if mode == "one-transaction" {
					// Before: the writer copied the log back itself on
					// commit, as SQLite does by default (its one connection
					// keeps the setting).
					if _, err := f.db.writer.Exec(`PRAGMA wal_autocheckpoint = 1000`); err != nil {
						b.Fatal(err)
					}
				}
				fillPastWithLetters(b, f, past)
				starts := f.SlotStarts(2000)
				var mu sync.Mutex
				var sweepHolds, bookingHolds []commitSeen
				observe := func(c commitSeen) {
					mu.Lock()
					if c.background {
						sweepHolds = append(sweepHolds, c)
					} else {
						bookingHolds = append(bookingHolds, c)
					}
					mu.Unlock()
				}
				f.db.observe.Store(&observe)
				b.StartTimer()
				ctx := context.Background()
				done := make(chan error, 1)
				sweepStart := time.Now()
				go func() {
					var err error
					switch mode {
					case "no-sweep":
						time.Sleep(lastSweep)
					case "one-transaction":
						err = f.db.writeBackground(ctx, func(tx *sql.Tx) error {
							_, err := sqlstore.EraseBookings(f.db.Store, f.db.tx(tx), `ends_at < ? AND anonymised_at IS NULL`, []any{f.Clock.Now().Add(-booking.DefaultRetention).Unix()}, f.Clock.Now())
							return err
						})
					default:
						_, err = f.Svc.ApplyRetention(ctx, booking.DefaultRetention)
					}
					done <- err
				}()
				var took []time.Duration
				for i := 0; ; i++ {
					if mode == "alone" {
						if err := <-done; err != nil {
							b.Fatal(err)
						}
						goto next
					}
					select {
					case err := <-done:
						if err != nil {
							b.Fatal(err)
						}
						goto next
					default:
					}
					req := f.Request(time.Time{})
					req.Start = starts[i%len(starts)]
					req.Email = fmt.Sprintf("r%d@example.bg", i)
					t0 := time.Now()
					if _, _, err := f.Svc.Book(ctx, req); err != nil && booking.ErrorCode(err) != booking.ESLOTFULL {
						b.Fatal(err)
					}
					took = append(took, time.Since(t0))
				}
			next:
				if mode == "batched" {
					lastSweep = time.Since(sweepStart)
				}
				f.db.observe.Store(nil)
				mu.Lock()
				reportHolds(b, "sweep", sweepHolds)
				// Those committed alone, without waiting for the disk
				// (syncFor), apart from those that joined bookings'.
				var alone []commitSeen
				for _, c := range sweepHolds {
					if c.writes == 1 {
						alone = append(alone, c)
					}
				}
				reportHolds(b, "sweep-alone", alone)
				reportHolds(b, "booking", bookingHolds)
				mu.Unlock()
				reportQuantiles(b, "booking", took, []int{99, 100})
				b.ReportMetric(time.Since(sweepStart).Seconds(), "sweep-s")
				b.ReportMetric(float64(len(took)), "bookings-during")
			}
		})
	}
}

// reportHolds reports how long the commits held the writer (p50, p99,
// max), the statements alone of the longest, the commits alone (the
// log's write and fsync) and how many there were.
func reportHolds(b *testing.B, what string, commits []commitSeen) {
	if len(commits) == 0 {
		return
	}
	slices.SortFunc(commits, func(x, y commitSeen) int { return cmp.Compare(x.ran+x.commit, y.ran+y.commit) })
	holds := make([]time.Duration, len(commits))
	for i, c := range commits {
		holds[i] = c.ran + c.commit
	}
	reportQuantiles(b, what+"-hold", holds, []int{50, 99, 100})
	b.ReportMetric(ms(commits[len(commits)-1].ran), what+"-hold-max-run-ms")
	for i, c := range commits {
		holds[i] = c.commit
	}
	reportQuantiles(b, what+"-commit", holds, []int{50, 99, 100})
	b.ReportMetric(float64(len(commits)), what+"-commits")
}

// reportQuantiles reports the percentiles of the sorted durations as
// "what-pN-ms", the 100th as "what-max-ms".
func reportQuantiles(b *testing.B, what string, sorted []time.Duration, percentiles []int) {
	if len(sorted) == 0 {
		return
	}
	slices.Sort(sorted)
	for _, p := range percentiles {
		name := fmt.Sprintf("%s-p%d-ms", what, p)
		if p == 100 {
			name = what + "-max-ms"
		}
		b.ReportMetric(ms(sorted[min(len(sorted)-1, len(sorted)*p/100)]), name)
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// BenchmarkDaySheet is storetest.BenchDaySheet on a SQLite file, the past
// bookings inserted directly (fillPast) and settled.
func BenchmarkDaySheet(b *testing.B) {
	storetest.BenchDaySheet(b, harness, func(b *testing.B, f *storetest.Fixture, past int) {
		fillPast(b, &fixture{Fixture: f, db: f.DB.(*DB)}, past)
	})
}
