package main

import (
	"bytes"
	"math/rand/v2"
	"net/http"
	"net/mail"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/priemna/priemna/booking/postgres"
	"github.com/priemna/priemna/booking/postgres/pgtest"
	"github.com/priemna/priemna/notify/smtptest"
)

// TestReplicaKilledMidLoad serves one PostgreSQL database from two child
// processes sending mail to a real SMTP server, books through both at
// once, and SIGKILLs replica A after a random number of acknowledged
// bookings, ten rounds over (A starts afresh each round; B serves on).
// After each kill every acknowledged booking is in the database with its
// confirmation, and a retry with the same Idempotency-Key through B
// returns the same booking. At the end every confirmation has arrived at
// the SMTP server under one Message-ID of its own — those A had claimed
// when it died sent by B once their lease ran out.
func TestReplicaKilledMidLoad(t *testing.T) {
	bin := buildPriemna(t, filepath.Join(t.TempDir(), "priemna"))
	dbURL := pgtest.URL(t)
	relay := smtptest.Start(t, "", "")
	start := func() (string, func()) {
		return startReplica(t, bin, dbURL, "--smtp", relay.URL(), "--mail-lease", "2s", "--mail-timeout", "1s")
	}
	urlA, stopA := start()
	urlB, stopB := start()
	defer stopB()

	store, err := postgres.Open(dbURL)
	must(t, err)
	defer store.Close()
	rng := rand.New(rand.NewPCG(15, 2))
	var all []acked
	officials := []string{"kmet-triaditsa", "kmet-mladost", "zam-kmet-transport", "kmet-na-sofia", "zam-kmet-socialni"}
	for round := range 10 {
		if round > 0 {
			urlA, stopA = start()
		}
		// The official with the most free slots: the demo calendars fill.
		var official string
		var slots []string
		for _, o := range officials {
			if free := freeStarts(t, urlB, o); len(free) > len(slots) {
				official, slots = o, free
			}
		}
		if len(slots) == 0 {
			t.Fatalf("round %d: no free slots left", round)
		}
		k := &killer{all: &all, killAfter: 1 + rng.IntN(12), kill: stopA}
		var wg sync.WaitGroup
		for w := range 8 {
			url := []string{urlA, urlB}[w%2]
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range 6 {
					a := crashBooking(round, w, i, official, slots)
					status, b, err := postBooking(url, a.key, a.body)
					if err != nil {
						if url == urlA {
							return // killed
						}
						t.Errorf("replica B: %v", err)
						return
					}
					if status != http.StatusCreated {
						continue // a full slot: not acknowledged
					}
					a.token, a.reference = b.Token, b.Reference
					k.acknowledged(a)
				}
			}()
		}
		wg.Wait()
		stopA()
		t.Logf("round %d (%s): A killed at acknowledged booking no. %d; %d acknowledged in the round, %d in all", round, official, k.killAfter, k.count, len(all))
		checkAcknowledged(t, round, store, all)
	}
	if len(all) < 20 {
		t.Fatalf("only %d bookings were acknowledged", len(all))
	}
	// A retry with the same key through B, whichever replica took it.
	for _, a := range all[:min(len(all), 40)] {
		status, b, err := postBooking(urlB, a.key, a.body)
		if err != nil || status != http.StatusCreated || b.Token != a.token {
			t.Errorf("retry of %s through B: %d, token %q (%v)", a.key, status, b.Token, err)
		}
	}

	// Every confirmation arrives; B sends what A held when it died once
	// the lease (2 s here) runs out. Waiting is on the server's deliveries.
	want := map[string]bool{}
	for _, a := range all {
		want[a.email] = true
	}
	deadline := time.After(2 * time.Minute)
	for {
		ids, missing := confirmations(t, relay, want)
		if missing == 0 {
			dups := 0
			seen := map[string]string{}
			for email, list := range ids {
				for _, id := range list {
					if other, ok := seen[id]; ok && other != email {
						t.Errorf("Message-ID %s went to %s and %s", id, other, email)
					}
					seen[id] = email
				}
				for _, id := range list[1:] {
					if id != list[0] {
						t.Errorf("%s got two confirmations with different Message-IDs: %v", email, list)
					}
				}
				dups += len(list) - 1
			}
			// A letter handed to the server in the instant before its
			// sender died, not yet recorded as sent, goes again under the
			// same Message-ID; the receiving side drops the copy.
			t.Logf("%d confirmations arrived, one Message-ID each; %d delivered twice (sent as A was killed)", len(ids), dups)
			if dups > 10*4 {
				t.Errorf("%d duplicate deliveries: more than the mail connections of ten kills could leave", dups)
			}
			break
		}
		select {
		case <-relay.Got:
		case <-deadline:
			t.Fatalf("%d confirmations never arrived", missing)
		}
	}
}

// confirmations returns, per wanted address, the Message-IDs of the
// messages the server received for it, and how many addresses have none.
func confirmations(t *testing.T, relay *smtptest.Server, want map[string]bool) (map[string][]string, int) {
	ids := map[string][]string{}
	for _, m := range relay.Messages() {
		if len(m.To) != 1 || !want[m.To[0]] {
			continue
		}
		msg, err := mail.ReadMessage(bytes.NewReader(m.Data))
		must(t, err)
		ids[m.To[0]] = append(ids[m.To[0]], msg.Header.Get("Message-Id"))
	}
	return ids, len(want) - len(ids)
}

// startReplica starts priemna serve on the PostgreSQL database as a child
// process and returns its URL and a function that kills it with SIGKILL.
func startReplica(t *testing.T, bin, db string, extra ...string) (string, func()) {
	t.Helper()
	args := append([]string{"serve", "--demo", "--db", db, "--addr", "127.0.0.1:0", "--write-rate", "100000",
		"--mail-dir", t.TempDir()}, extra...)
	cmd := exec.Command(bin, args...)
	cmd.Env = os.Environ()
	return startKillable(t, cmd)
}
