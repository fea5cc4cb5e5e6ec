package sqlstore

import (
	"context"
	"time"

	"github.com/priemna/priemna/booking"
)

// SetFeed replaces an official's feed token hash.
func (s *Store) SetFeed(ctx context.Context, officialID int64, hash string, at time.Time, audit *booking.AuditEntry) error {
	return s.write(ctx, func(tx Tx) error {
		_, err := tx.Exec(`INSERT INTO staff_feeds (official_id, hash, created_at) VALUES (?, ?, ?)
			ON CONFLICT (official_id) DO UPDATE SET hash = excluded.hash, created_at = excluded.created_at`, officialID, hash, at.Unix())
		if err != nil {
			return s.fail("set feed", err)
		}
		return s.insertAudit(tx, audit)
	})
}

// FeedOfficial returns the official whose feed has the hash.
func (s *Store) FeedOfficial(ctx context.Context, hash string) (*booking.Official, error) {
	return s.officialWhere(ctx, `o.id = (SELECT official_id FROM staff_feeds WHERE hash = ?)`, hash)
}
