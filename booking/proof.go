package booking

import (
	"context"
	"time"
)

// The proof of work on booking (challenges, checking a solution) is web's
// anti-bot layer; what it keeps is the service's: with a database shared by
// replicas, the HMAC key and the solutions spent live in it, so that a
// challenge one replica issued verifies on another and a solution books
// once whichever replica it reaches.

// ProofStore keeps the proof of work's HMAC key and the solutions spent.
type ProofStore interface {
	// ProofKey returns the key, made on first use.
	ProofKey(ctx context.Context) ([]byte, error)
	// SpendProof records a solution until its challenge expires; false
	// when it was spent before.
	SpendProof(ctx context.Context, signature string, expires, now time.Time) (bool, error)
}

// KeepsProofs reports whether the key and the spent solutions are kept in
// the database (Stores.Proofs); when not, web keeps them in its process.
func (s *Service) KeepsProofs() bool { return s.store.Proofs != nil }

// ProofKey returns the proof of work's HMAC key, made on first use.
func (s *Service) ProofKey(ctx context.Context) ([]byte, error) { return s.store.Proofs.ProofKey(ctx) }

// SpendProof records a solution (its challenge's signature) until expires;
// false when it was spent before. Expired ones go.
func (s *Service) SpendProof(ctx context.Context, signature string, expires time.Time) (bool, error) {
	return s.store.Proofs.SpendProof(ctx, signature, expires, s.now())
}
