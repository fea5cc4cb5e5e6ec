package sqlite

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCheckFindsDamage corrupts a database file and expects Check, run at
// start-up, to say so rather than serve from it.
func TestCheckFindsDamage(t *testing.T) {
	path := filepath.Join(t.TempDir(), "p.db")
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Check(context.Background()); err != nil {
		t.Fatalf("a fresh database: %v", err)
	}
	if _, err := db.writer.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	// Overwrite the second page, part of the schema's b-trees.
	junk := []byte(strings.Repeat("\xde\xad\xbe\xef", 1024))
	if _, err := f.WriteAt(junk, 4096); err != nil {
		t.Fatal(err)
	}
	f.Close()
	db, err = Open(path)
	if err == nil {
		err = db.Check(context.Background())
		db.Close()
	}
	if err == nil {
		t.Fatal("a damaged database passed the check")
	}
}
