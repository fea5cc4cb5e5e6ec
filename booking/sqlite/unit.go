package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/priemna/priemna/booking"
)

const unitColumns = `id, slug, name, name_en, kind, address, address_en, phone, email, active`

func scanUnit(row scanner) (booking.Unit, error) {
	var u booking.Unit
	err := row.Scan(&u.ID, &u.Slug, &u.Name, &u.NameEN, &u.Kind, &u.Address, &u.AddressEN, &u.Phone, &u.Email, &u.Active)
	return u, err
}

// Units returns every unit, closed ones included, by kind and name.
func (db *DB) Units(ctx context.Context) ([]booking.Unit, error) {
	rows, err := db.query(ctx, `SELECT `+unitColumns+` FROM units
		ORDER BY CASE kind WHEN 'municipality' THEN 0 WHEN 'district' THEN 1 ELSE 2 END, name`)
	if err != nil {
		return nil, fmt.Errorf("sqlite: units: %w", err)
	}
	return collect(rows, "units", scanUnit)
}

// Unit returns the unit with the slug.
func (db *DB) Unit(ctx context.Context, slug string) (*booking.Unit, error) {
	return db.unitWhere(ctx, `slug = ?`, slug)
}

// UnitByID returns a unit by row id.
func (db *DB) UnitByID(ctx context.Context, id int64) (*booking.Unit, error) {
	return db.unitWhere(ctx, `id = ?`, id)
}

func (db *DB) unitWhere(ctx context.Context, where string, arg any) (*booking.Unit, error) {
	u, err := scanUnit(db.queryRow(ctx, `SELECT `+unitColumns+` FROM units WHERE `+where, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound(booking.T("err.there-is-no-such-unit"))
	} else if err != nil {
		return nil, fmt.Errorf("sqlite: unit: %w", err)
	}
	return &u, nil
}

// CreateUnit inserts a unit and sets its ID.
func (db *DB) CreateUnit(ctx context.Context, u *booking.Unit, audit *booking.AuditEntry) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		res, err := db.exec(tx, `INSERT INTO units (slug, name, name_en, kind, address, address_en, phone, email, active)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1)`, u.Slug, u.Name, u.NameEN, u.Kind, u.Address, u.AddressEN, u.Phone, u.Email)
		if isUnique(err, "units.slug") {
			return booking.Errorf(booking.ECONFLICT, "err.a-unit-with-this-slug")
		} else if err != nil {
			return fmt.Errorf("sqlite: create unit: %w", err)
		}
		if u.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		return insertAudit(tx, audit)
	})
}

// UpdateUnit stores a unit's details and whether it is active.
func (db *DB) UpdateUnit(ctx context.Context, u *booking.Unit, audit *booking.AuditEntry) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.Exec(`UPDATE units SET name = ?, name_en = ?, kind = ?, address = ?, address_en = ?, phone = ?, email = ?, active = ?
			WHERE id = ?`, u.Name, u.NameEN, u.Kind, u.Address, u.AddressEN, u.Phone, u.Email, boolInt(u.Active), u.ID)
		if err != nil {
			return fmt.Errorf("sqlite: update unit: %w", err)
		}
		return insertAudit(tx, audit)
	})
}
