package sqlstore

import (
	"context"

	"github.com/priemna/priemna/booking"
)

// ChosenDeputies returns the IDs of the officials chosen as deputies of the official.
func (s *Store) ChosenDeputies(ctx context.Context, officialID int64) ([]int64, error) {
	return queryAll(ctx, s, "deputies", scanID, `SELECT deputy_id FROM official_deputies WHERE official_id = ? ORDER BY deputy_id`, officialID)
}

// SetDeputies replaces the chosen deputies of the official.
func (s *Store) SetDeputies(ctx context.Context, officialID int64, deputyIDs []int64, audit *booking.AuditEntry) error {
	return s.write(ctx, func(tx Tx) error {
		if _, err := tx.Exec(`DELETE FROM official_deputies WHERE official_id = ?`, officialID); err != nil {
			return s.fail("set deputies", err)
		}
		for _, id := range deputyIDs {
			if _, err := tx.Exec(`INSERT INTO official_deputies (official_id, deputy_id) VALUES (?, ?) ON CONFLICT DO NOTHING`, officialID, id); err != nil {
				return s.fail("set deputies", err)
			}
		}
		return s.insertAudit(tx, audit)
	})
}
