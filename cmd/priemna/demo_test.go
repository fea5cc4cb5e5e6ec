package main

import (
	"bytes"
	"context"
	"database/sql"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/booking/password"
	"github.com/priemna/priemna/booking/sqlite"
)

// TestDemoFollowsTheRules: the demo's citizens keep to the caps, its mail
// goes only to reserved domains, and its administrator and assistant can
// sign in with the passwords printed once.
func TestDemoFollowsTheRules(t *testing.T) {
	path := filepath.Join(t.TempDir(), "demo.db")
	var out bytes.Buffer
	if err := (&App{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &out}).Run(context.Background(), []string{"demo", "--db", path}); err != nil {
		t.Fatalf("demo: %v\n%s", err, out.String())
	}
	creds := regexp.MustCompile(`(?m)^\s+(admin|assistant)\s+(\S+@demo\.invalid)\s+password (\S+)$`).FindAllStringSubmatch(out.String(), -1)
	if len(creds) != 2 {
		t.Fatalf("sign-in not printed:\n%s", out.String())
	}

	c, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	reserved := func(email string) bool {
		return strings.HasSuffix(email, "example.org") || strings.HasSuffix(email, ".invalid")
	}
	rows, err := c.Query(`SELECT email FROM bookings UNION ALL SELECT email FROM officials UNION ALL SELECT email FROM units WHERE email != ''
		UNION ALL SELECT email FROM users`)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for rows.Next() {
		var email string
		rows.Scan(&email)
		n++
		if !reserved(email) {
			t.Errorf("demo address %s is not in a reserved domain", email)
		}
	}
	rows.Close()
	if n < 20 {
		t.Fatalf("only %d addresses", n)
	}
	var perOfficial, overall int
	if err := c.QueryRow(`SELECT MAX(n) FROM (SELECT COUNT(*) n FROM bookings GROUP BY email, official_id)`).Scan(&perOfficial); err != nil {
		t.Fatal(err)
	}
	if err := c.QueryRow(`SELECT MAX(n) FROM (SELECT COUNT(*) n FROM bookings GROUP BY email)`).Scan(&overall); err != nil {
		t.Fatal(err)
	}
	if perOfficial > booking.DefaultCaps.PerOfficial || overall > booking.DefaultCaps.Overall {
		t.Errorf("a demo citizen holds %d bookings with one official and %d in all", perOfficial, overall)
	}

	db, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	staff := booking.NewStaff(db, db, db, db.Now)
	staff.Verify = password.Verify
	for _, cr := range creds {
		if _, u, err := staff.SignIn(context.Background(), cr[2], cr[3], "127.0.0.1"); err != nil || string(u.Role) != cr[1] {
			t.Errorf("sign-in as %s: %v", cr[2], err)
		}
	}
}
