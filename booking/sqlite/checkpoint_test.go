package sqlite

import (
	"database/sql"
	"testing"
	"time"
)

// TestCheckpointsLeaveTheWriter: the writer never copies the log back on
// commit (wal_autocheckpoint 0), and the checkpointer does, after writes,
// until every frame of the log is in the database file.
func TestCheckpointsLeaveTheWriter(t *testing.T) {
	f := newFixture(t, 1)
	var auto int
	if err := f.db.writer.QueryRow(`PRAGMA wal_autocheckpoint`).Scan(&auto); err != nil || auto != 0 {
		t.Fatalf("the writer's wal_autocheckpoint is %d (%v), want 0", auto, err)
	}
	seen := make(chan [2]int, 100)
	after := func(log, copied int) {
		select {
		case seen <- [2]int{log, copied}:
		default:
		}
	}
	f.db.ckpt.after.Store(&after)
	// More than SQLite's default threshold of 1,000 pages.
	err := f.db.write(f.Ctx, func(tx *sql.Tx) error {
		_, err := tx.Exec(`CREATE TABLE filler (x BLOB); WITH RECURSIVE i(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM i WHERE n < 2000)
			INSERT INTO filler SELECT randomblob(3000) FROM i`)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	timeout := time.After(20 * time.Second)
	for {
		select {
		case c := <-seen:
			if c[0] > 1000 && c[1] == c[0] {
				return
			}
		case <-timeout:
			t.Fatal("the checkpointer did not copy the log back")
		}
	}
}
