package sqlite

import (
	"database/sql"
	"fmt"
	"testing"
	"time"

	"github.com/priemna/priemna/booking"
)

// TestCheckWriteFailsWhenTheDatabaseIsFull: the health check writes, so a
// full database is reported although every read still works.
func TestCheckWriteFailsWhenTheDatabaseIsFull(t *testing.T) {
	f := newFixture(t, 1)
	// No free pages left to reuse: the file holds exactly its data.
	if _, err := f.db.writer.Exec(`VACUUM`); err != nil {
		t.Fatal(err)
	}
	var pages int
	if err := f.db.write(f.Ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRow(`PRAGMA page_count`).Scan(&pages); err != nil {
			return err
		}
		_, err := tx.Exec(fmt.Sprintf(`PRAGMA max_page_count = %d`, pages))
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if err := f.db.CheckWrite(f.Ctx); booking.ErrorCode(err) != booking.EUNAVAILABLE {
		t.Fatalf("full: %v", err)
	}
	if _, err := f.db.Stats(f.Ctx); err != nil {
		t.Fatalf("reads fail too: %v", err)
	}
	if err := f.db.write(f.Ctx, func(tx *sql.Tx) error {
		_, err := tx.Exec(fmt.Sprintf(`PRAGMA max_page_count = %d`, pages+100))
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if err := f.db.CheckWrite(f.Ctx); err != nil {
		t.Fatalf("room again: %v", err)
	}
}

// TestReleaseClaimsResendsADeadWorkersMessages: what a worker claimed and
// never finished is claimable at once after ReleaseClaims, not only after
// its lease, and the outbox state counts it as waiting.
func TestReleaseClaimsResendsADeadWorkersMessages(t *testing.T) {
	f := newFixture(t, 1)
	f.Book(t, monday)
	now := f.Clock.Now()
	claimed, err := f.db.ClaimMessages(f.Ctx, now, now.Add(2*time.Minute), 10)
	if err != nil || len(claimed) == 0 {
		t.Fatalf("claim: %v %v", claimed, err)
	}
	if again, _ := f.db.ClaimMessages(f.Ctx, now, now.Add(2*time.Minute), 10); len(again) != 0 {
		t.Fatalf("claimed twice within the lease: %d", len(again))
	}
	st, err := f.db.OutboxState(f.Ctx, now)
	// The reminders, not due for days, are not waiting.
	if err != nil || st.Waiting != len(claimed) || st.Oldest.IsZero() || st.Dead != 0 {
		t.Fatalf("state: %+v %v", st, err)
	}
	n, err := f.db.ReleaseClaims(f.Ctx)
	if err != nil || n != len(claimed) {
		t.Fatalf("released %d of %d (%v)", n, len(claimed), err)
	}
	again, err := f.db.ClaimMessages(f.Ctx, now, now.Add(2*time.Minute), 10)
	if err != nil || len(again) != len(claimed) {
		t.Fatalf("after release: %d of %d (%v)", len(again), len(claimed), err)
	}
}
