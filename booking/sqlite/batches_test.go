package sqlite

import (
	"database/sql"
	"sync/atomic"
	"testing"
	"time"
)

// TestSweepsWorkInBatches: the complaints' and the waiting list's
// retention, and the lapse of waiting entries, each go over more than
// three steps and leave nothing behind, counting every row once; with no
// time for more than one step a batch, each step is a commit of its own,
// and with time enough the whole sweep is one.
func TestSweepsWorkInBatches(t *testing.T) {
	for _, c := range []struct {
		name    string
		budget  time.Duration
		commits int // each sweep's
	}{{"a step a batch", 0, 4}, {"one batch", time.Hour, 1}} {
		t.Run(c.name, func(t *testing.T) { testSweeps(t, c.budget, c.commits) })
	}
}

func testSweeps(t *testing.T, budget time.Duration, commits int) {
	f := newFixture(t, 1)
	f.db.sweepBudget = budget
	n := 3*sweepChunk + 17
	old := f.Clock.Now().AddDate(-3, 0, 0).Unix()
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
	observe := func(int, time.Duration, time.Duration) { count.Add(1) }
	f.db.observe.Store(&observe)
	committed := func(what string, want int) {
		t.Helper()
		if got := int(count.Swap(0)); got != want {
			t.Errorf("%s: %d commits, want %d", what, got, want)
		}
	}
	now := f.Clock.Now()
	if got, err := f.db.AnonymiseComplaints(f.Ctx, now.Add(-365*24*time.Hour), now); err != nil || got != n {
		t.Errorf("complaints erased: %d, %v; want %d", got, err, n)
	}
	committed("complaints", commits)
	if got, err := f.db.LapseWaitEntries(f.Ctx, f.Svc.Today(), now); err != nil || got != n {
		t.Errorf("entries lapsed: %d, %v; want %d", got, err, n)
	}
	committed("lapse", commits)
	// Twice as many: six steps of 100 and one of 34.
	if got, err := f.db.AnonymiseWaitEntries(f.Ctx, now.Add(time.Second), now); err != nil || got != 2*n {
		t.Errorf("entries erased: %d, %v; want %d", got, err, 2*n)
	}
	committed("entries", max(1, commits*2-1))
	var left int
	if err := f.db.reader.QueryRow(`SELECT (SELECT COUNT(*) FROM complaints WHERE email <> '' OR anonymised_at IS NULL)
		+ (SELECT COUNT(*) FROM waitlist WHERE email <> '' OR anonymised_at IS NULL OR status = 'waiting')`).Scan(&left); err != nil || left != 0 {
		t.Errorf("%d rows not erased (%v)", left, err)
	}
}
