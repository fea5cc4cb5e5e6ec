package sqlite

import (
	"github.com/priemna/priemna/booking/storetest"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestFilesArePrivate: the database, its WAL and -shm files and a backup
// hold personal data and are created readable by their owner only, however
// permissive the umask; an existing world-readable database is tightened.
func TestFilesArePrivate(t *testing.T) {
	old := syscall.Umask(0)
	defer syscall.Umask(old)
	f := newFixture(t, 1)
	f.Book(t, monday) // something in the WAL
	backup := filepath.Join(t.TempDir(), "copy.db")
	if err := f.db.Backup(f.Ctx, backup); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{f.db.Path, f.db.Path + "-wal", f.db.Path + "-shm", backup} {
		st, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode %v, want -rw-------", filepath.Base(p), st.Mode().Perm())
		}
	}
	if err := f.db.Backup(f.Ctx, backup); err == nil {
		t.Error("a backup overwrote an existing file")
	}

	loose := filepath.Join(t.TempDir(), "old.db")
	if err := os.WriteFile(loose, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	storetest.Open(t, Open, loose).Close()
	if st, _ := os.Stat(loose); st.Mode().Perm() != 0o600 {
		t.Errorf("an existing database stays %v", st.Mode().Perm())
	}
}
