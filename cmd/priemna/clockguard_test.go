package main

import (
	"bytes"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/booking/bookingtest"
	"github.com/priemna/priemna/booking/sqlite"
	"github.com/priemna/priemna/calendar"
)

// fakeMono is a monotonic clock the test moves.
type fakeMono struct{ d time.Duration }

func (m *fakeMono) Since() time.Duration { return m.d }

func TestClockGuardBelievesOnlyAgreeingClocks(t *testing.T) {
	wall := bookingtest.NewClock(time.Date(2026, 12, 2, 9, 0, 0, 0, calendar.Sofia))
	mono := &fakeMono{}
	g := newClockGuard(wall.Now, mono.Since, 10*time.Minute)
	step := func(wallBy, monoBy time.Duration) bool {
		wall.Set(wall.Now().Add(wallBy))
		mono.d += monoBy
		ok, _ := g.Check()
		return ok
	}
	if !step(time.Minute, time.Minute) || !step(time.Minute+3*time.Second, time.Minute) {
		t.Fatal("agreeing clocks (with NTP's small corrections) not believed")
	}
	// An hour of slow drift, a few seconds a minute, is never a jump.
	for range 60 {
		if !step(time.Minute+5*time.Second, time.Minute) {
			t.Fatal("slow drift taken for a jump")
		}
	}
	if step(72*time.Hour, time.Minute) {
		t.Fatal("a jump of three days believed")
	}
	if paused, jump := g.Paused(); !paused || jump < 71*time.Hour {
		t.Errorf("paused %v by %v", paused, jump)
	}
	if step(time.Minute, time.Minute) {
		t.Fatal("believed after the jump without a correction or a confirmation")
	}
	// NTP puts it right: believed again.
	if !step(-72*time.Hour, time.Minute) {
		t.Fatal("not believed once the clocks agree again")
	}
	// A step backwards pauses too; the operator confirms it.
	if step(-48*time.Hour, time.Minute) {
		t.Fatal("a step back of two days believed")
	}
	g.Confirm()
	if !step(time.Minute, time.Minute) {
		t.Fatal("not believed after the operator confirmed")
	}
	if !step(time.Minute, time.Minute) {
		t.Fatal("the confirmed time is not the new reference")
	}
}

// TestSweepsPauseWhenTheClockJumps injects a jump of the wall clock a month
// ahead between two sweeps: the coming bookings are not marked no-shows
// and nothing is erased; once the operator confirms, the sweeps run.
func TestSweepsPauseWhenTheClockJumps(t *testing.T) {
	ctx := t.Context()
	wall := bookingtest.NewClock(time.Date(2026, 11, 23, 9, 0, 0, 0, calendar.Sofia))
	mono := &fakeMono{}
	db, err := sqlite.Open(filepath.Join(t.TempDir(), "p.db"))
	must(t, err)
	defer db.Close()
	must(t, seedDemo(ctx, db, wall.Now))
	var logged bytes.Buffer
	stores := db.Required()
	stores.Privacy = db
	svc := booking.NewService(stores, wall.Now)
	sw := &sweeper{svc: svc, retention: 24 * time.Hour, log: slog.New(slog.NewTextHandler(&logged, nil)),
		guard: newClockGuard(wall.Now, mono.Since, 10*time.Minute)}
	sw.step(ctx)
	if strings.Contains(logged.String(), "no-shows marked") {
		t.Fatalf("no-shows before the jump:\n%s", logged.String())
	}

	wall.Set(wall.Now().AddDate(0, 1, 0)) // a wrong date after a reboot
	mono.d += time.Minute
	sw.step(ctx)
	out := logged.String()
	if !strings.Contains(out, "CLOCK JUMP") || !strings.Contains(out, "PAUSED") || !strings.Contains(out, "jump=") {
		t.Fatalf("the jump was not logged loudly:\n%s", out)
	}
	if strings.Contains(out, "no-shows marked") || strings.Contains(out, "personal data erased") {
		t.Fatalf("the sweeps ran on a jumped clock:\n%s", out)
	}
	mono.d += time.Minute
	sw.step(ctx)
	if strings.Contains(logged.String(), "no-shows marked") {
		t.Fatal("the sweeps resumed by themselves")
	}

	sw.guard.Confirm()
	mono.d += time.Minute
	sw.step(ctx)
	out = logged.String()
	if !strings.Contains(out, "sweeps resume") || !strings.Contains(out, "no-shows marked") {
		t.Fatalf("after the operator confirmed:\n%s", out)
	}
}
