package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/priemna/priemna/booking"
)

const officialColumns = `o.id, o.slug, o.name, o.name_en, o.title, o.title_en, o.unit_id, u.slug, o.email, o.phone, o.active, u.active, o.hold_minutes`

func scanOfficial(row scanner) (booking.Official, error) {
	var o booking.Official
	err := row.Scan(&o.ID, &o.Slug, &o.Name, &o.NameEN, &o.Title, &o.TitleEN, &o.UnitID, &o.UnitSlug, &o.Email, &o.Phone, &o.Active, &o.UnitActive, &o.HoldMinutes)
	return o, err
}

// Officials returns the active officials, by unit and then by id.
func (db *DB) Officials(ctx context.Context) ([]booking.Official, error) {
	rows, err := db.query(ctx, `SELECT `+officialColumns+`
		FROM officials o JOIN units u ON u.id = o.unit_id WHERE o.active = 1 AND u.active = 1
		ORDER BY CASE u.kind WHEN 'municipality' THEN 0 WHEN 'district' THEN 1 ELSE 2 END, u.name, o.id`)
	if err != nil {
		return nil, fmt.Errorf("sqlite: officials: %w", err)
	}
	return collect(rows, "officials", scanOfficial)
}

// Official returns the official with the slug.
func (db *DB) Official(ctx context.Context, slug string) (*booking.Official, error) {
	return db.officialWhere(ctx, `o.slug = ?`, slug)
}

// OfficialByID returns an official by row id, active or not.
func (db *DB) OfficialByID(ctx context.Context, id int64) (*booking.Official, error) {
	return db.officialWhere(ctx, `o.id = ?`, id)
}

func (db *DB) officialWhere(ctx context.Context, where string, arg any) (*booking.Official, error) {
	o, err := scanOfficial(db.queryRow(ctx, `SELECT `+officialColumns+`
		FROM officials o JOIN units u ON u.id = o.unit_id WHERE `+where, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound(booking.T("err.there-is-no-such-official"))
	} else if err != nil {
		return nil, fmt.Errorf("sqlite: official: %w", err)
	}
	return &o, nil
}

// CreateOfficial inserts an official and sets its ID.
func (db *DB) CreateOfficial(ctx context.Context, o *booking.Official, audit *booking.AuditEntry) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		res, err := db.exec(tx, `INSERT INTO officials (slug, unit_id, name, name_en, title, title_en, email, phone, active, hold_minutes)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			o.Slug, o.UnitID, o.Name, o.NameEN, o.Title, o.TitleEN, o.Email, o.Phone, boolInt(o.Active), o.HoldMinutes)
		if isUnique(err, "officials.slug") {
			return booking.Errorf(booking.ECONFLICT, "err.an-official-with-this-slug")
		} else if err != nil {
			return fmt.Errorf("sqlite: create official: %w", err)
		}
		if o.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		return insertAudit(tx, audit)
	})
}

// UpdateOfficial stores an official's details and whether they are active.
func (db *DB) UpdateOfficial(ctx context.Context, o *booking.Official, audit *booking.AuditEntry) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.Exec(`UPDATE officials SET unit_id = ?, name = ?, name_en = ?, title = ?, title_en = ?, email = ?, phone = ?, active = ?, hold_minutes = ?
			WHERE id = ?`, o.UnitID, o.Name, o.NameEN, o.Title, o.TitleEN, o.Email, o.Phone, boolInt(o.Active), o.HoldMinutes, o.ID)
		if err != nil {
			return fmt.Errorf("sqlite: update official: %w", err)
		}
		return insertAudit(tx, audit)
	})
}
