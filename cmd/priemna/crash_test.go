package main

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/priemna/priemna/booking"
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
	if testing.Short() {
		t.Skip("builds and kills a child process")
	}
	dir := t.TempDir()
	bin := buildPriemna(t, filepath.Join(dir, "priemna"))
	rounds := envInt("PRIEMNA_CRASH_ROUNDS", 10)
	var db string
	rng := rand.New(rand.NewPCG(7, 11))
	type acked struct{ key, token, reference, body string }
	var all []acked
	for round := range rounds {
		if round%10 == 0 { // before the demo calendars fill up
			db, all = filepath.Join(dir, fmt.Sprintf("crash-%d.db", round/10)), nil
		}
		url, stop := startChild(t, bin, db)
		official := []string{"kmet-triaditsa", "kmet-mladost", "zam-kmet-transport", "kmet-na-sofia", "zam-kmet-socialni"}[round%5]
		var all60 []struct {
			Start     string
			Available int
		}
		resp, err := http.Get(url + "/api/v1/officials/" + official + "/slots")
		if err != nil {
			t.Fatal(err)
		}
		json.NewDecoder(resp.Body).Decode(&all60)
		resp.Body.Close()
		var slots []string
		for _, sl := range all60 {
			if sl.Available > 0 {
				slots = append(slots, sl.Start)
			}
		}
		if len(slots) == 0 {
			t.Fatalf("round %d: %s has no free slots left", round, official)
		}
		killAfter := 1 + rng.IntN(20)
		var mu sync.Mutex
		count := 0
		var wg sync.WaitGroup
		for w := range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; i < 40; i++ { // bounded: a full calendar ends the round too
					key := fmt.Sprintf("r%d-w%d-%d", round, w, i)
					start := slots[(w*31+i*7)%len(slots)]
					body := fmt.Sprintf(`{"official":%q,"start":%q,"name":"Гражданин","email":"%s@example.bg","topic":"Проверка на срив"}`,
						official, start, key)
					req, _ := http.NewRequest("POST", url+"/api/v1/bookings", strings.NewReader(body))
					req.Header.Set("Content-Type", "application/json")
					req.Header.Set("Idempotency-Key", key)
					resp, err := http.DefaultClient.Do(req)
					if err != nil {
						return // killed
					}
					var b struct{ Token, Reference string }
					decodeErr := json.NewDecoder(resp.Body).Decode(&b)
					resp.Body.Close()
					if resp.StatusCode != http.StatusCreated || decodeErr != nil {
						continue // full slot, rate limit: not acknowledged
					}
					mu.Lock()
					all = append(all, acked{key, b.Token, b.Reference, body})
					count++
					if count == killAfter {
						stop() // SIGKILL
					}
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		stop()
		t.Logf("round %d (%s): killed after %d acknowledged bookings (wanted %d); %d in all", round, official, count, killAfter, len(all))

		// After the crash: the file is whole and holds every acknowledged booking.
		store, err := sqlite.Open(db)
		if err != nil {
			t.Fatalf("round %d: reopen: %v", round, err)
		}
		if err := store.Check(context.Background()); err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		for _, a := range all {
			b, err := store.BookingByToken(context.Background(), a.token)
			if err != nil || b.Reference != a.reference {
				t.Fatalf("round %d: acknowledged booking %s lost: %v", round, a.reference, err)
			}
			msgs, err := store.Messages(context.Background(), b.ID)
			if err != nil || len(msgs) == 0 || msgs[0].Kind != booking.MessageConfirmation {
				t.Fatalf("round %d: booking %s without its confirmation: %v %v", round, a.reference, msgs, err)
			}
		}
		store.Close()
	}
	if len(all) < 10 {
		t.Fatalf("only %d bookings were acknowledged in the last ten rounds", len(all))
	}
	// A retry with the same key returns the same booking.
	url, stop := startChild(t, bin, db)
	defer stop()
	for _, a := range all[:5] {
		req, _ := http.NewRequest("POST", url+"/api/v1/bookings", strings.NewReader(a.body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Idempotency-Key", a.key)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var b struct{ Token string }
		json.NewDecoder(resp.Body).Decode(&b)
		resp.Body.Close()
		if resp.StatusCode != http.StatusCreated || b.Token != a.token {
			t.Errorf("retry of %s: %d, token %q", a.key, resp.StatusCode, b.Token)
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
