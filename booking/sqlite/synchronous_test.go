package sqlite

import (
	"database/sql"
	"testing"
)

// TestASweepAloneCommitsWithoutWaitingForTheDisk: a background write (a
// sweep's batch) committed alone runs with synchronous NORMAL; every other
// write, before and after it, with FULL.
func TestASweepAloneCommitsWithoutWaitingForTheDisk(t *testing.T) {
	f := newFixture(t, 1)
	level := func(write func(fn func(*sql.Tx) error) error) int {
		t.Helper()
		var n int
		if err := write(func(tx *sql.Tx) error { return tx.QueryRow(`PRAGMA synchronous`).Scan(&n) }); err != nil {
			t.Fatal(err)
		}
		return n
	}
	foreground := func(fn func(*sql.Tx) error) error { return f.db.write(f.Ctx, fn) }
	sweep := func(fn func(*sql.Tx) error) error { return f.db.writeBackground(f.Ctx, fn) }
	const normal, full = 1, 2
	for i, c := range []struct {
		what  string
		write func(fn func(*sql.Tx) error) error
		want  int
	}{
		{"a booking", foreground, full},
		{"a sweep's batch", sweep, normal},
		{"another sweep's batch", sweep, normal},
		{"the booking after it", foreground, full},
		{"a sweep's batch after a booking", sweep, normal},
	} {
		if got := level(c.write); got != c.want {
			t.Errorf("%d. %s committed with synchronous %d, want %d", i+1, c.what, got, c.want)
		}
	}
}
