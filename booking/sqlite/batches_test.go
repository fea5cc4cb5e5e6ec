package sqlite

import (
	"database/sql"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/priemna/priemna/booking"
)

// TestSweepsWorkInBatches: the bookings', the complaints' and the waiting
// list's retention, and the lapse of waiting entries, each go over more
// than three steps and leave nothing behind, counting every row once; with no
// time for more than one step a batch, each step is a commit of its own,
// and with time enough the whole sweep is one.
func TestSweepsWorkInBatches(t *testing.T) {
	for _, c := range []struct {
		name    string
		budget  time.Duration
		commits func(rows int) int // a sweep's over so many rows
	}{
		// Full steps, then the one that finds fewer than a step's rows.
		{"a step a batch", 0, func(rows int) int { return rows/sweepChunk + 1 }},
		{"one batch", time.Hour, func(int) int { return 1 }},
	} {
		t.Run(c.name, func(t *testing.T) { testSweeps(t, c.budget, c.commits) })
	}
}

func testSweeps(t *testing.T, budget time.Duration, commits func(rows int) int) {
	f := newFixture(t, 1)
	f.db.sweepBudget = budget
	n := 3*sweepChunk + 17
	old := f.Clock.Now().AddDate(-3, 0, 0).Unix()
	// Bookings three years old, each with its letter and a comment.
	if _, err := f.db.writer.Exec(`WITH RECURSIVE i(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM i WHERE n < ?)
		INSERT INTO bookings (reference, token, uid, official_id, schedule_id, starts_at, ends_at, seat, name, email, email_key,
			phone, phone_key, topic, language, status, created_at, updated_at)
		SELECT 'P-' || n, 'T-' || n, 'U-' || n, ?, ?, ? - n * 900, ? - n * 900 + 900, 1, 'Име', 'x@example.bg', 'x@example.bg',
			'0888' || n, '+359888' || n, 'Тема', 'bg', 'completed', 0, 0 FROM i`,
		n, f.Official.ID, f.Schedule.ID, old, old); err != nil {
		t.Fatal(err)
	}
	err := f.db.write(f.Ctx, func(tx *sql.Tx) error {
		for i := range n {
			if _, err := tx.Exec(`INSERT INTO complaints (number, text, email, language, created_at, due_at, answer, answered_at)
				VALUES (?, 'Текст', 'c@example.bg', 'bg', ?, ?, 'Отговор', ?)`, i, old, old, old); err != nil {
				return err
			}
			for _, status := range []string{"left", "waiting"} {
				if _, err := tx.Exec(`INSERT INTO waitlist (official_id, name, email, email_key, topic, language, from_date, to_date, status, created_at, updated_at)
					VALUES (?, 'Име', ?, ?, 'Тема', 'bg', '2023-01-01', '2023-02-01', ?, ?, ?)`,
					f.Official.ID, i, status+string(rune(i)), status, old, old); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var count atomic.Int64
	observe := func(commitSeen) { count.Add(1) }
	f.db.observe.Store(&observe)
	committed := func(what string, want int) {
		t.Helper()
		if got := int(count.Swap(0)); got != want {
			t.Errorf("%s: %d commits, want %d", what, got, want)
		}
	}
	now := f.Clock.Now()
	if got, err := f.Svc.ApplyRetention(f.Ctx, booking.DefaultRetention); err != nil || got != n {
		t.Errorf("bookings erased: %d, %v; want %d", got, err, n)
	}
	committed("bookings", commits(n))
	if got, err := f.db.AnonymiseComplaints(f.Ctx, now.Add(-365*24*time.Hour), now); err != nil || got != n {
		t.Errorf("complaints erased: %d, %v; want %d", got, err, n)
	}
	committed("complaints", commits(n))
	if got, err := f.db.LapseWaitEntries(f.Ctx, f.Svc.Today(), now); err != nil || got != n {
		t.Errorf("entries lapsed: %d, %v; want %d", got, err, n)
	}
	committed("lapse", commits(n))
	// Twice as many: the left and the lapsed ones.
	if got, err := f.db.AnonymiseWaitEntries(f.Ctx, now.Add(time.Second), now); err != nil || got != 2*n {
		t.Errorf("entries erased: %d, %v; want %d", got, err, 2*n)
	}
	committed("entries", commits(2*n))
	var left int
	if err := f.db.reader.QueryRow(`SELECT (SELECT COUNT(*) FROM bookings WHERE email <> '' OR phone_key <> '' OR anonymised_at IS NULL)
		+ (SELECT COUNT(*) FROM complaints WHERE email <> '' OR anonymised_at IS NULL)
		+ (SELECT COUNT(*) FROM waitlist WHERE email <> '' OR anonymised_at IS NULL OR status = 'waiting')`).Scan(&left); err != nil || left != 0 {
		t.Errorf("%d rows not erased (%v)", left, err)
	}
}

// TestOneBookingAWrite: the no-show and hold sweeps change one booking
// (and its letter) a write, each committed before the next begins, so
// however many are due, each holds the writer for one booking's write.
func TestOneBookingAWrite(t *testing.T) {
	const due = 3
	for _, c := range []struct {
		name  string
		sweep func(f *fixture) (int, error)
	}{
		{"no-shows", func(f *fixture) (int, error) { return f.Svc.SweepNoShows(f.Ctx) }},
		{"holds", func(f *fixture) (int, error) {
			if _, err := f.db.writer.Exec(`UPDATE bookings SET status = 'pending', held_until = ?`, f.Clock.Now().Unix()); err != nil {
				return 0, err
			}
			return f.Svc.ReleaseHolds(f.Ctx)
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := newFixture(t, 1)
			for i := range due {
				f.Book(t, monday.Add(time.Duration(i)*15*time.Minute))
			}
			f.Clock.Set(monday.Add(24 * time.Hour))
			var commits []commitSeen
			observe := func(c commitSeen) { commits = append(commits, c) }
			f.db.observe.Store(&observe)
			n, err := c.sweep(f)
			f.db.observe.Store(nil)
			if err != nil || n != due {
				t.Fatalf("swept %d, %v; want %d", n, err, due)
			}
			if len(commits) != due {
				t.Errorf("%d commits, want %d (one a booking)", len(commits), due)
			}
			for _, c := range commits {
				if c.writes != 1 {
					t.Errorf("a commit carried %d writes, want 1", c.writes)
				}
			}
		})
	}
}

// TestACommandWritesDuringASweep: while a first retention sweep works
// through its batches, another process on the same file (a command such
// as priemna user add, with its own connection and busy timeout) gets to
// write between them, rather than after the whole sweep or not at all.
func TestACommandWritesDuringASweep(t *testing.T) {
	f := newFixture(t, 1)
	f.db.sweepBudget = 0 // a step a batch: a sweep of 200 batches
	fillPast(t, f, 200*sweepChunk)
	first := make(chan struct{})
	var once sync.Once
	observe := func(c commitSeen) {
		if c.background {
			once.Do(func() { close(first) })
		}
	}
	f.db.observe.Store(&observe)
	swept := make(chan error, 1)
	go func() {
		_, err := f.Svc.ApplyRetention(f.Ctx, booking.DefaultRetention)
		swept <- err
	}()
	<-first
	command, err := Open(f.db.Path)
	if err != nil {
		t.Fatal(err)
	}
	defer command.Close()
	if err := command.CheckWrite(f.Ctx); err != nil {
		t.Fatalf("the command's write: %v", err)
	}
	select {
	case err := <-swept:
		t.Fatalf("the sweep ended (%v) before the command could write", err)
	default:
	}
	if err := <-swept; err != nil {
		t.Fatal(err)
	}
}

// TestASweepKeepsTheLogShort: between its batches a sweep copies the log
// back, so that the next batch starts it over from its beginning; batches
// that follow one another at once otherwise leave the periodic
// checkpoints no moment to finish in, and the log grows by all the sweep
// writes (a first sweep over a million bookings grew it to nearly three
// times the database).
func TestASweepKeepsTheLogShort(t *testing.T) {
	f := newFixture(t, 1)
	f.db.sweepBudget, f.db.sweepRest = 0, 0   // a step a batch, back to back
	fillPastWithLetters(t, f, 100*sweepChunk) // the older 70 % are due
	if n, err := f.Svc.ApplyRetention(f.Ctx, booking.DefaultRetention); err != nil || n < 50*sweepChunk {
		t.Fatalf("erased %d, %v; want a sweep of over 50 batches", n, err)
	}
	var mu sync.Mutex
	frames := -1
	after := func(log, _ int) {
		mu.Lock()
		frames = log
		mu.Unlock()
	}
	f.db.ckpt.after.Store(&after)
	f.db.ckpt.copyBack(f.Ctx)
	f.db.ckpt.after.Store(nil)
	mu.Lock()
	defer mu.Unlock()
	// A batch here writes about 30 pages; the whole sweep about 3,800.
	if frames < 0 || frames > 100 {
		t.Errorf("the log holds %d pages after the sweep, want at most 100", frames)
	}
}
