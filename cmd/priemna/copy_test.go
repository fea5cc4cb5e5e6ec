package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/priemna/priemna/booking/postgres/pgtest"
)

// TestCopyToPostgres moves a deployment: an SQLite database in use (its
// server keeps running) is copied into an empty PostgreSQL one, which a
// server then serves: a citizen's manage link opens their booking there.
// A second copy into the now full database is refused and changes nothing.
func TestCopyToPostgres(t *testing.T) {
	lite := startServer(t)
	var booked []bookingOut
	for _, sl := range lite.freeSlots("kmet-mladost")[:3] {
		var b bookingOut
		lite.expect(lite.do("POST", "/api/v1/bookings", bookingBody("kmet-mladost", sl.Start)), 201).json(t, &b)
		booked = append(booked, b)
	}
	url := pgtest.URL(t)
	run := func(args ...string) (string, error) {
		var out, errOut bytes.Buffer
		app := &App{Stdout: &out, Stderr: &errOut, Now: lite.clock.Now}
		err := app.Run(t.Context(), append([]string{"copy"}, args...))
		return out.String() + errOut.String(), err
	}
	out, err := run("--from", lite.db, "--to", url)
	if err != nil {
		t.Fatalf("copy: %v\n%s", err, out)
	}
	for _, want := range []string{"bookings", "outbox", "equal to SQLite's", "opens it in PostgreSQL", "copied and verified"} {
		if !strings.Contains(out, want) {
			t.Errorf("the report lacks %q:\n%s", want, out)
		}
	}
	t.Log(out)
	if strings.Contains(out, "DIFFERS") {
		t.Errorf("the copy differs:\n%s", out)
	}
	if m, _ := filepath.Glob(filepath.Join(filepath.Dir(lite.db), ".priemna-copy-*")); len(m) > 0 {
		t.Errorf("the snapshot was left behind: %v", m)
	}

	pg := startServerOn(t, url)
	for _, b := range booked {
		r := pg.expect(pg.do("GET", "/bookings/"+b.Token+"/data.json", ""), 200)
		if !strings.Contains(string(r.body), b.Reference) {
			t.Errorf("booking %s's link opens something else: %s", b.Reference, r.body)
		}
	}
	// New rows get new ids after the copied ones.
	lite.expect(pg.do("POST", "/api/v1/bookings", bookingBody("kmet-mladost", pg.freeSlots("kmet-mladost")[0].Start)), 201)

	if out, err := run("--from", lite.db, "--to", url); err == nil || !strings.Contains(err.Error(), "already holds data") {
		t.Errorf("a copy into a full database: %v\n%s", err, out)
	}
	if out, err := run("--from", url, "--to", lite.db); err == nil {
		t.Errorf("a copy the wrong way round: %s", out)
	}
}
