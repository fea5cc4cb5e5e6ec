package postgres

import (
	"context"
	"fmt"

	"github.com/priemna/priemna/booking"
)

// ChosenDeputies returns the IDs of the officials chosen as deputies of the official.
func (db *DB) ChosenDeputies(ctx context.Context, officialID int64) ([]int64, error) {
	rows, err := db.query(ctx, `SELECT deputy_id FROM official_deputies WHERE official_id = ? ORDER BY deputy_id`, officialID)
	if err != nil {
		return nil, fmt.Errorf("postgres: deputies: %w", err)
	}
	return collect(rows, "deputies", func(r scanner) (int64, error) {
		var id int64
		err := r.Scan(&id)
		return id, err
	})
}

// SetDeputies replaces the chosen deputies of the official.
func (db *DB) SetDeputies(ctx context.Context, officialID int64, deputyIDs []int64, audit *booking.AuditEntry) error {
	return db.write(ctx, func(tx *txn) error {
		if _, err := tx.Exec(`DELETE FROM official_deputies WHERE official_id = ?`, officialID); err != nil {
			return fmt.Errorf("postgres: set deputies: %w", err)
		}
		for _, id := range deputyIDs {
			if _, err := tx.Exec(`INSERT INTO official_deputies (official_id, deputy_id) VALUES (?, ?) ON CONFLICT DO NOTHING`, officialID, id); err != nil {
				return fmt.Errorf("postgres: set deputies: %w", err)
			}
		}
		return insertAudit(tx, audit)
	})
}
