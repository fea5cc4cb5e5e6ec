package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/priemna/priemna/booking"
)

// NoShowsSince returns the slot starts of a citizen's no-shows since the
// instant and after the last lift, newest first.
func (db *DB) NoShowsSince(ctx context.Context, email string, since time.Time) ([]time.Time, error) {
	rows, err := db.query(ctx, `SELECT starts_at FROM bookings
		WHERE email = ? AND status = 'no_show' AND starts_at >= ?
		AND starts_at > COALESCE((SELECT MAX(lifted_at) FROM policy_lifts WHERE email = ?), 0)
		ORDER BY starts_at DESC`, email, since.Unix(), email)
	if err != nil {
		return nil, fmt.Errorf("sqlite: no-shows: %w", err)
	}
	defer rows.Close()
	var list []time.Time
	for rows.Next() {
		var t int64
		if err := rows.Scan(&t); err != nil {
			return nil, err
		}
		list = append(list, fromUnix(t))
	}
	return list, rows.Err()
}

// LiftBlock records that staff lifted a citizen's block.
func (db *DB) LiftBlock(ctx context.Context, email string, userID int64, at time.Time, audit *booking.AuditEntry) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		var user any
		if userID != 0 {
			user = userID
		}
		if _, err := tx.Exec(`INSERT INTO policy_lifts (email, user_id, lifted_at) VALUES (?, ?, ?)`, email, user, at.Unix()); err != nil {
			return fmt.Errorf("sqlite: lift block: %w", err)
		}
		return insertAudit(tx, audit)
	})
}

// ActiveBookings counts a citizen's confirmed future bookings, matched by
// email or by the digits of the phone.
func (db *DB) ActiveBookings(ctx context.Context, email, phone string, officialID int64, now time.Time) (int, int, error) {
	var per, all int
	err := db.queryRow(ctx, `SELECT COALESCE(SUM(official_id = ?), 0), COUNT(*) FROM bookings
		WHERE status IN ('pending', 'confirmed') AND starts_at > ?
		AND (email = ? OR (? <> '' AND REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(phone, ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '') = ?))`,
		officialID, now.Unix(), email, phone, phone).Scan(&per, &all)
	if err != nil {
		return 0, 0, fmt.Errorf("sqlite: active bookings: %w", err)
	}
	return per, all, nil
}
