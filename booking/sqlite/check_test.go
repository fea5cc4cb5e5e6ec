package sqlite

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/priemna/priemna/booking/storetest"
)

// damagePage overwrites the root page of a table in a closed database file.
func damagePage(t *testing.T, path, table string) {
	t.Helper()
	db := storetest.Open(t, Open, path)
	var root, size int64
	if err := db.writer.QueryRow(`SELECT rootpage FROM sqlite_schema WHERE name = ?`, table).Scan(&root); err != nil {
		t.Fatal(err)
	}
	if err := db.writer.QueryRow(`PRAGMA page_size`).Scan(&size); err != nil {
		t.Fatal(err)
	}
	overwrite(t, db, (root-1)*size+100, size-100)
}

// overwrite copies db's log back into its file, closes it, and writes n
// bytes of junk at off into the file.
func overwrite(t *testing.T, db *DB, off, n int64) {
	t.Helper()
	if _, err := db.writer.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	f, err := os.OpenFile(db.Path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	junk := []byte(strings.Repeat("\xde\xad\xbe\xef", int(n+3)/4))
	if _, err := f.WriteAt(junk[:n], off); err != nil {
		t.Fatal(err)
	}
}

// Start-up's quick check finds a damaged official; a damaged bookings
// table is left to the full check (priemna check, backups).
func TestQuickCheckAtStartAndFullCheckOnDemand(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct {
		table     string
		quickFind bool
	}{{"officials", true}, {"schedules", true}, {"bookings", false}} {
		t.Run(c.table, func(t *testing.T) {
			f := newFixture(t, 1)
			f.Book(t, monday)
			path := f.db.Path
			if err := f.db.QuickCheck(ctx); err != nil {
				t.Fatalf("a sound database: %v", err)
			}
			if err := CheckFile(ctx, path); err != nil {
				t.Fatalf("a sound database: %v", err)
			}
			f.db.Close()
			damagePage(t, path, c.table)
			db := storetest.Open(t, Open, path)
			if err := db.QuickCheck(ctx); (err != nil) != c.quickFind {
				t.Fatalf("quick check: %v, want an error: %v", err, c.quickFind)
			}
			if err := CheckFile(ctx, path); err == nil {
				t.Fatal("the full check passed a damaged database")
			}
		})
	}
}
