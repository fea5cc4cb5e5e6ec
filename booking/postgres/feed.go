package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/priemna/priemna/booking"
)

// SetFeed replaces an official's feed token hash.
func (db *DB) SetFeed(ctx context.Context, officialID int64, hash string, at time.Time, audit *booking.AuditEntry) error {
	return db.write(ctx, func(tx *txn) error {
		_, err := tx.Exec(`INSERT INTO staff_feeds (official_id, hash, created_at) VALUES (?, ?, ?)
			ON CONFLICT (official_id) DO UPDATE SET hash = excluded.hash, created_at = excluded.created_at`, officialID, hash, at.Unix())
		if err != nil {
			return fmt.Errorf("postgres: set feed: %w", err)
		}
		return insertAudit(tx, audit)
	})
}

// FeedOfficial returns the official whose feed has the hash.
func (db *DB) FeedOfficial(ctx context.Context, hash string) (*booking.Official, error) {
	return db.officialWhere(ctx, `o.id = (SELECT official_id FROM staff_feeds WHERE hash = ?)`, hash)
}
