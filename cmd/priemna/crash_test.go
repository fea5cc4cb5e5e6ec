package main

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"

	"github.com/priemna/priemna/booking/sqlite"
)

// TestCrashLosesNoAcknowledgedBooking runs priemna serve as a child
// process, books from several clients at once, and kills it with SIGKILL
// after a random number of acknowledged bookings, ten times over. After
// each kill the database passes its integrity check, every booking a client
// was told about is there with its confirmation in the outbox, and a retry
// with the same Idempotency-Key returns the same booking. make soak runs it
// for PRIEMNA_CRASH_ROUNDS rounds, on a fresh database every ten.
func TestCrashLosesNoAcknowledgedBooking(t *testing.T) {
	dir := t.TempDir()
	bin := buildPriemna(t, filepath.Join(dir, "priemna"))
	rounds := envInt("PRIEMNA_CRASH_ROUNDS", 10)
	var db string
	rng := rand.New(rand.NewPCG(7, 11))
	var all []acked
	for round := range rounds {
		if round%10 == 0 { // before the demo calendars fill up
			db, all = filepath.Join(dir, fmt.Sprintf("crash-%d.db", round/10)), nil
		}
		url, stop := startChild(t, bin, db)
		official := []string{"kmet-triaditsa", "kmet-mladost", "zam-kmet-transport", "kmet-na-sofia", "zam-kmet-socialni"}[round%5]
		slots := freeStarts(t, url, official)
		if len(slots) == 0 {
			t.Fatalf("round %d: %s has no free slots left", round, official)
		}
		k := &killer{all: &all, killAfter: 1 + rng.IntN(20), kill: stop}
		var wg sync.WaitGroup
		for w := range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; i < 40; i++ { // bounded: a full calendar ends the round too
					a := crashBooking(round, w, i, official, slots)
					status, b, err := postBooking(url, a.key, a.body)
					if err != nil {
						return // killed
					}
					if status != http.StatusCreated {
						continue // full slot, rate limit: not acknowledged
					}
					a.token, a.reference = b.Token, b.Reference
					k.acknowledged(a)
				}
			}()
		}
		wg.Wait()
		stop()
		t.Logf("round %d (%s): killed after %d acknowledged bookings (wanted %d); %d in all", round, official, k.count, k.killAfter, len(all))

		// After the crash: the file is whole and holds every acknowledged booking.
		store, err := sqlite.Open(db)
		if err != nil {
			t.Fatalf("round %d: reopen: %v", round, err)
		}
		if err := store.Check(t.Context()); err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		checkAcknowledged(t, round, store, all)
		store.Close()
	}
	if len(all) < 10 {
		t.Fatalf("only %d bookings were acknowledged in the last ten rounds", len(all))
	}
	// A retry with the same key returns the same booking.
	url, stop := startChild(t, bin, db)
	defer stop()
	for _, a := range all[:5] {
		status, b, err := postBooking(url, a.key, a.body)
		must(t, err)
		if status != http.StatusCreated || b.Token != a.token {
			t.Errorf("retry of %s: %d, token %q", a.key, status, b.Token)
		}
	}
}

// startChild starts priemna serve on the database and returns its URL and
// a function that kills it with SIGKILL (and waits for it).
func startChild(t *testing.T, bin, db string) (string, func()) {
	t.Helper()
	cmd := exec.Command(bin, "serve", "--demo", "--db", db, "--addr", "127.0.0.1:0", "--mail-dir", filepath.Join(filepath.Dir(db), "mail"),
		"--write-rate", "100000")
	cmd.Env = append(os.Environ(), "PRIEMNA_SMTP_URL=")
	return startKillable(t, cmd)
}
