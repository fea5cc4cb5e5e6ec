package sqlstore

import (
	"context"
	"crypto/rand"
	"time"
)

// ProofKey returns the HMAC key of the proof-of-work challenges, made on
// first use and kept in the database, so that every process serving it
// signs and verifies with the same one.
func (s *Store) ProofKey(ctx context.Context) ([]byte, error) {
	fresh := make([]byte, 32)
	rand.Read(fresh) // never fails (crypto/rand)
	var key []byte
	err := s.write(ctx, func(tx Tx) error {
		if _, err := tx.Exec(`INSERT INTO proof_keys (id, key, created_at) VALUES (1, ?, ?) ON CONFLICT (id) DO NOTHING`,
			fresh, time.Now().Unix()); err != nil {
			return err
		}
		return tx.QueryRow(`SELECT key FROM proof_keys WHERE id = 1`).Scan(&key)
	})
	if err != nil {
		return nil, s.fail("proof-of-work key", err)
	}
	return key, nil
}

// SpendProof records a solution by its challenge's signature until the
// challenge expires, and reports false when it was spent before: a
// solution books once, whichever process it reaches. Expired ones go.
func (s *Store) SpendProof(ctx context.Context, signature string, expires, now time.Time) (bool, error) {
	var n int64
	err := s.write(ctx, func(tx Tx) error {
		if _, err := tx.Exec(`DELETE FROM proof_spent WHERE expires_at < ?`, now.Unix()); err != nil {
			return err
		}
		res, err := tx.Exec(`INSERT INTO proof_spent (signature, expires_at) VALUES (?, ?) ON CONFLICT (signature) DO NOTHING`,
			signature, expires.Unix())
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return false, s.fail("spend proof of work", err)
	}
	return n == 1, nil
}
