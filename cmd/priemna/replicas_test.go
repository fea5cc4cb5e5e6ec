package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/priemna/priemna/booking/postgres/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// startReplicas serves one PostgreSQL database from two serve processes
// (in this test process; crash_test's children are separate ones). The
// first fills it with the demo data; the second finds it filled.
func startReplicas(t *testing.T, extra ...string) (a, b *server) {
	t.Helper()
	url := pgtest.URL(t)
	a = startServerOn(t, url, extra...)
	b = startServerOn(t, url, extra...)
	b.clock = a.clock
	a.await("listening for changes made by other replicas", 1)
	b.await("listening for changes made by other replicas", 1)
	if !strings.Contains(b.log.String(), "database has data; demo data not added") {
		t.Fatalf("the second replica did not find the first's data:\n%s", b.log.String())
	}
	return a, b
}

// TestRushAcrossTwoReplicas: 500 clients (PRIEMNA_RUSH_CLIENTS) at once,
// half through each replica, on three slots of capacity 2: exactly six
// are booked, every other client is told the slot is full, and both
// replicas show the slots taken.
func TestRushAcrossTwoReplicas(t *testing.T) {
	a, b := startReplicas(t, "--write-rate", "100000")
	targets := threeEmptySlots(t, a)
	clients := envInt("PRIEMNA_RUSH_CLIENTS", 500)
	replicas := []*server{a, b}
	statuses, codes := rush(t, clients, func(i int) (*server, string) { return replicas[i%2], targets[(i/2)%3].Start })
	booked, full := [2]int{}, 0
	for i, st := range statuses {
		switch {
		case st == http.StatusCreated:
			booked[i%2]++
		case st == http.StatusConflict && codes[i] == "slot_full":
			full++
		default:
			t.Errorf("client %d: %d %s", i, st, codes[i])
		}
	}
	if booked[0]+booked[1] != 6 || full != clients-6 {
		t.Errorf("%d booked (%d through A, %d through B), %d told the slot is full; want 6 and %d",
			booked[0]+booked[1], booked[0], booked[1], full, clients-6)
	}
	t.Logf("booked through A: %d, through B: %d", booked[0], booked[1])
	// Slot lists are computed afresh each second of the clock.
	a.clock.Set(a.clock.Now().Add(time.Second))
	for _, s := range replicas {
		for _, sl := range s.freeSlots("kmet-triaditsa") {
			for _, tg := range targets {
				if sl.Start == tg.Start {
					t.Errorf("slot %s still shows %d free", sl.Start, sl.Available)
				}
			}
		}
	}
}

// TestClosureReachesTheOtherReplica: a day closed through replica A leaves
// replica B's slots within a second: B hears of it from the database
// (LISTEN/NOTIFY) and clears its caches, and its next answer has no slot
// on that day — while the clock stands still, so no cache expiry helps.
func TestClosureReachesTheOtherReplica(t *testing.T) {
	a, b := startReplicas(t)
	if _, err := a.cli("correct horse battery\n", "user", "add", "--email", "admin@sofia.example.bg", "--name", "Анна Админова", "--role", "admin"); err != nil {
		t.Fatal(err)
	}
	out, err := a.cli("", "token", "create", "--email", "admin@sofia.example.bg")
	must(t, err)
	admin := "Bearer " + strings.TrimSpace(out)
	day := b.freeSlots("kmet-mladost")[0].Start[:10]
	onDay := func(s *server) int {
		var slots []slot
		s.expect(s.do("GET", "/api/v1/officials/kmet-mladost/slots", ""), 200).json(t, &slots)
		n := 0
		for _, sl := range slots {
			if strings.HasPrefix(sl.Start, day) {
				n++
			}
		}
		return n
	}
	if onDay(b) == 0 {
		t.Fatalf("B shows no slot on %s", day)
	}
	cleared := b.log.count("calendar caches cleared on a change in the database")
	closed := time.Now()
	a.expect(a.do("POST", "/api/v1/officials/kmet-mladost/closures", fmt.Sprintf(`{"date":%q,"reason":"Болест"}`, day), "Authorization", admin), 201)
	b.await("calendar caches cleared on a change in the database", cleared+1)
	if took := time.Since(closed); took > time.Second {
		t.Errorf("B heard of the closure after %s", took)
	}
	if n := onDay(b); n != 0 {
		t.Errorf("B still shows %d slots on the closed day %s", n, day)
	}
	if n := onDay(a); n != 0 {
		t.Errorf("A still shows %d slots on the closed day %s", n, day)
	}
}

// TestProofOfWorkAcrossReplicas: a challenge replica A issued, solved,
// books at once through replica B (the key is the database's); the same
// solution sent again, through A, is spent (the database keeps it) and
// the booking is held until confirmed by email.
func TestProofOfWorkAcrossReplicas(t *testing.T) {
	a, b := startReplicas(t, "--pow", "3000")
	free := b.freeSlots("kmet-mladost")
	withSolution := a.solvedChallenge(t)
	for _, c := range []struct {
		name   string
		s      *server
		body   string
		status string
	}{
		{"solved, through B", b, withSolution(bookingBody("kmet-mladost", free[0].Start)), "confirmed"},
		{"the same solution again, through A", a, withSolution(bookingBody("kmet-mladost", free[1].Start)), "pending"},
	} {
		var out bookingOut
		c.s.expect(c.s.do("POST", "/api/v1/bookings", c.body), 201).json(t, &out)
		if out.Status != c.status {
			t.Errorf("%s: %s, want %s", c.name, out.Status, c.status)
		}
	}
}

// TestReplicasStartTogether: three replicas started at once with --demo on
// an empty database all serve: one adds the demo data, the others leave
// it to that one, and every migration was applied once.
func TestReplicasStartTogether(t *testing.T) {
	url := pgtest.URL(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	const n = 3
	ready := make(chan string, n)
	done := make(chan error, n)
	logs := make([]*logTap, n)
	for i := range n {
		logs[i] = &logTap{}
		app := &App{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: logs[i], Now: time.Now, Ready: func(addr string) { ready <- addr }}
		go func() {
			done <- app.Run(ctx, []string{"serve", "--demo", "--addr", "127.0.0.1:0", "--db", url, "--mail-dir", t.TempDir()})
		}()
	}
	for range n {
		select {
		case <-ready:
		case err := <-done:
			all := ""
			for _, l := range logs {
				all += l.String()
			}
			t.Fatalf("a replica stopped: %v\n%s", err, all)
		case <-time.After(60 * time.Second):
			t.Fatal("the replicas did not start")
		}
	}
	cancel()
	for range n {
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	}
	// The logs are whole once the replicas stopped.
	added, migrated := 0, 0
	for _, l := range logs {
		added += l.count("demo data added")
		migrated += l.count("migrations applied")
	}
	if added != 1 || migrated != 1 {
		t.Errorf("demo data added by %d replicas, migrations applied by %d; want 1 and 1", added, migrated)
	}
}
