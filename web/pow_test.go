package web

import (
	"encoding/base64"
	"encoding/json"
	"sync"
	"testing"
	"time"

	"github.com/altcha-org/altcha-lib-go"
)

// solve does in Go what static/pow.js does in the browser.
func solve(t *testing.T, ch altcha.Challenge) string {
	t.Helper()
	sol, err := altcha.SolveChallenge(ch.Challenge, ch.Salt, altcha.Algorithm(ch.Algorithm), int(ch.MaxNumber), 0, nil)
	if err != nil || sol == nil {
		t.Fatalf("no solution: %v", err)
	}
	b, _ := json.Marshal(altcha.Payload{Algorithm: ch.Algorithm, Challenge: ch.Challenge, Number: int64(sol.Number), Salt: ch.Salt, Signature: ch.Signature})
	return base64.StdEncoding.EncodeToString(b)
}

func TestProofOfWork(t *testing.T) {
	var mu sync.Mutex
	now := time.Date(2026, 11, 30, 7, 0, 0, 0, time.UTC)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	p := newProofOfWork(2000, clock, nil)
	ch, err := p.challenge(t.Context())
	must(t, err)
	if ch.MaxNumber != 2000 || ch.Algorithm != "SHA-256" {
		t.Errorf("challenge: %+v", ch)
	}
	good := solve(t, ch)
	if !p.verify(t.Context(), good) {
		t.Fatal("a right solution was refused")
	}
	if p.verify(t.Context(), good) {
		t.Error("a solution booked twice")
	}

	// Wrong number, another server's key, garbage, nothing.
	ch2, _ := p.challenge(t.Context())
	var pl altcha.Payload
	raw, _ := base64.StdEncoding.DecodeString(solve(t, ch2))
	json.Unmarshal(raw, &pl)
	pl.Number++
	b, _ := json.Marshal(pl)
	other, _ := newProofOfWork(2000, clock, nil).challenge(t.Context())
	for name, payload := range map[string]string{
		"wrong number": base64.StdEncoding.EncodeToString(b), "other key": solve(t, other),
		"garbage": "bm90IGpzb24=", "not base64": "%%%", "empty": "",
	} {
		if p.verify(t.Context(), payload) {
			t.Errorf("%s accepted", name)
		}
	}

	// A challenge answered after it expired, by the injected clock.
	late, _ := p.challenge(t.Context())
	answer := solve(t, late)
	mu.Lock()
	now = now.Add(challengeTTL + time.Second)
	mu.Unlock()
	if p.verify(t.Context(), answer) {
		t.Error("an expired challenge was accepted")
	}
	// Expired solutions are forgotten (they could not be used again anyway).
	fresh, _ := p.challenge(t.Context())
	if !p.verify(t.Context(), solve(t, fresh)) {
		t.Fatal("a fresh solution was refused")
	}
	if len(p.spent) != 1 {
		t.Errorf("%d spent solutions kept, want only the fresh one", len(p.spent))
	}
}
