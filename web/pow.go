package web

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/altcha-org/altcha-lib-go"
	"github.com/labstack/echo/v4"

	"github.com/priemna/priemna/booking"
)

// proofOfWork is a self-hosted ALTCHA challenge on booking: the browser
// finds the number whose SHA-256 with the salt is the challenge (about a
// second of work for a person, a real cost for a bot booking thousands),
// nothing is asked of a third party, and a booking that comes without a
// solution — no JavaScript, an old browser, a script — is not refused but
// held until the citizen confirms it by email.
type proofOfWork struct {
	max int64
	now func() time.Time
	// svc keeps the key and the spent solutions when its database does
	// (booking.Service.KeepsProofs); nil: they live in this process.
	svc *booking.Service

	mu     sync.Mutex
	key    string           // hex; from the store on first use when there is one
	spent  map[string]int64 // signature → expiry (Unix s): a solution books once
	pruned int64            // when expired signatures were last dropped
}

// challengeTTL is how long a challenge may be answered.
const challengeTTL = 15 * time.Minute

// newProofOfWork keeps the key and the spent solutions through svc when
// its database keeps them, in this process otherwise (or when svc is nil).
func newProofOfWork(difficulty int, now func() time.Time, svc *booking.Service) *proofOfWork {
	p := &proofOfWork{max: int64(difficulty), now: now, spent: map[string]int64{}}
	if svc != nil && svc.KeepsProofs() {
		p.svc = svc
	} else {
		key := make([]byte, 32)
		rand.Read(key) // never fails (crypto/rand)
		p.key = hex.EncodeToString(key)
	}
	return p
}

// hmacKey returns the key, reading it from the store the first time.
func (p *proofOfWork) hmacKey(ctx context.Context) (string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.key == "" {
		key, err := p.svc.ProofKey(ctx)
		if err != nil {
			return "", err
		}
		p.key = hex.EncodeToString(key)
	}
	return p.key, nil
}

func (p *proofOfWork) challenge(ctx context.Context) (altcha.Challenge, error) {
	key, err := p.hmacKey(ctx)
	if err != nil {
		return altcha.Challenge{}, err
	}
	expires := p.now().Add(challengeTTL)
	return altcha.CreateChallenge(altcha.ChallengeOptions{HMACKey: key, MaxNumber: p.max, Expires: &expires})
}

// verify reports whether payload — base64 JSON, as the form and the API
// send it — solves an unexpired challenge of ours not used before.
func (p *proofOfWork) verify(ctx context.Context, payload string) bool {
	if payload == "" || len(payload) > 2048 {
		return false
	}
	key, err := p.hmacKey(ctx)
	if err != nil {
		return false // held until confirmed by email: never refused
	}
	// Expiry is checked here, on the injected clock, not by the library.
	if ok, err := altcha.VerifySolutionSafe(payload, key, false); err != nil || !ok {
		return false
	}
	raw, _ := base64.StdEncoding.DecodeString(payload)
	var pl altcha.Payload
	if json.Unmarshal(raw, &pl) != nil {
		return false
	}
	expires, err := strconv.ParseInt(altcha.ExtractParams(pl).Get("expires"), 10, 64)
	now := p.now().Unix()
	if err != nil || now > expires {
		return false
	}
	if p.svc != nil {
		fresh, err := p.svc.SpendProof(ctx, pl.Signature, time.Unix(expires, 0))
		return err == nil && fresh
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if now-p.pruned >= 60 { // once a minute, not on every booking
		for sig, exp := range p.spent {
			if exp < now {
				delete(p.spent, sig)
			}
		}
		p.pruned = now
	}
	if _, used := p.spent[pl.Signature]; used {
		return false
	}
	p.spent[pl.Signature] = expires
	return true
}

// challengeJSON hands an API client a challenge to solve before booking.
func (s *Server) challengeJSON(c echo.Context) error {
	if s.pow == nil {
		return echo.ErrNotFound
	}
	ch, err := s.pow.challenge(c.Request().Context())
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.JSON(http.StatusOK, ch)
}

// unverified tells whether a booking must be held for lack of a solution.
func (s *Server) unverified(ctx context.Context, payload string) bool {
	return s.pow != nil && !s.pow.verify(ctx, payload)
}
