package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/priemna/priemna/booking/sqlite"
)

// TestOnlyTestBuildsReadTheClockFile: the release binary ignores
// PRIEMNA_CLOCK_FILE (whoever could set it could mark every coming booking
// a no-show and erase all personal data at start-up); the browser tests'
// build, with -tags testclock, follows it.
func TestOnlyTestBuildsReadTheClockFile(t *testing.T) {
	dir := t.TempDir()
	clockFile := filepath.Join(dir, "now")
	must(t, os.WriteFile(clockFile, []byte("2099-01-01T09:00:00+02:00"), 0o600))
	for _, c := range []struct {
		name   string
		tags   []string
		future bool
	}{
		{"release", nil, false},
		{"testclock", []string{"-tags", "testclock"}, true},
	} {
		bin := buildPriemna(t, filepath.Join(dir, "priemna-"+c.name), c.tags...)
		db := filepath.Join(dir, c.name+".db")
		// Only serve, migrate and demo create a database (issue 16).
		if out, err := exec.Command(bin, "migrate", "--db", db).CombinedOutput(); err != nil {
			t.Fatalf("%s: migrate: %v\n%s", c.name, err, out)
		}
		cmd := exec.Command(bin, "user", "add", "--db", db, "--email", "a@example.bg", "--name", "Админ", "--role", "admin")
		cmd.Env = append(os.Environ(), "PRIEMNA_CLOCK_FILE="+clockFile)
		cmd.Stdin = strings.NewReader("a long enough password\n")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s: user add: %v\n%s", c.name, err, out)
		}
		store, err := sqlite.Open(db)
		must(t, err)
		u, err := store.UserByEmail(t.Context(), "a@example.bg")
		store.Close()
		must(t, err)
		if future := u.CreatedAt.Year() == 2099; future != c.future {
			t.Errorf("%s build: the user was created at %v (clock file says 2099); output:\n%s", c.name, u.CreatedAt, out)
		}
		if !c.future && (!strings.Contains(string(out), "ignored") || time.Since(u.CreatedAt) > time.Hour) {
			t.Errorf("release build: %q, created %v", out, u.CreatedAt)
		}
	}
}
