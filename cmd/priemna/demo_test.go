package main

import (
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
	out, err := runApp(t, "demo", "--db", path)
	if err != nil {
		t.Fatalf("demo: %v\n%s", err, out)
	}
	creds := regexp.MustCompile(`(?m)^\s+(admin|assistant)\s+(\S+@demo\.invalid)\s+password (\S+)$`).FindAllStringSubmatch(out, -1)
	if len(creds) != 2 {
		t.Fatalf("sign-in not printed:\n%s", out)
	}

	c, err := sql.Open("sqlite3", path)
	must(t, err)
	defer c.Close()
	reserved := func(email string) bool {
		return strings.HasSuffix(email, "example.org") || strings.HasSuffix(email, ".invalid")
	}
	rows, err := c.Query(`SELECT email FROM bookings UNION ALL SELECT email FROM officials UNION ALL SELECT email FROM units WHERE email != ''
		UNION ALL SELECT email FROM users`)
	must(t, err)
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
	must(t, c.QueryRow(`SELECT MAX(n) FROM (SELECT COUNT(*) n FROM bookings GROUP BY email, official_id)`).Scan(&perOfficial))
	must(t, c.QueryRow(`SELECT MAX(n) FROM (SELECT COUNT(*) n FROM bookings GROUP BY email)`).Scan(&overall))
	if perOfficial > booking.DefaultCaps.PerOfficial || overall > booking.DefaultCaps.Overall {
		t.Errorf("a demo citizen holds %d bookings with one official and %d in all", perOfficial, overall)
	}

	db, err := sqlite.Open(path)
	must(t, err)
	defer db.Close()
	staff := booking.NewStaff(db, db, db, db.Now)
	staff.Verify = password.Verify
	for _, cr := range creds {
		if _, u, err := staff.SignIn(t.Context(), cr[2], cr[3], "127.0.0.1"); err != nil || string(u.Role) != cr[1] {
			t.Errorf("sign-in as %s: %v", cr[2], err)
		}
	}
}
