package sqlstore

import (
	"context"

	"github.com/priemna/priemna/booking"
)

const unitColumns = `id, slug, name, name_en, kind, address, address_en, phone, email, active`

func scanUnit(row Scanner) (booking.Unit, error) {
	var u booking.Unit
	err := row.Scan(&u.ID, &u.Slug, &u.Name, &u.NameEN, &u.Kind, &u.Address, &u.AddressEN, &u.Phone, &u.Email, &u.Active)
	return u, err
}

// Units returns every unit, closed ones included, by kind and name.
func (s *Store) Units(ctx context.Context) ([]booking.Unit, error) {
	return queryAll(ctx, s, "units", scanUnit, `SELECT `+unitColumns+` FROM units
		ORDER BY CASE kind WHEN 'municipality' THEN 0 WHEN 'district' THEN 1 ELSE 2 END, name`)
}

// Unit returns the unit with the slug.
func (s *Store) Unit(ctx context.Context, slug string) (*booking.Unit, error) {
	return s.unitWhere(ctx, `slug = ?`, slug)
}

// UnitByID returns a unit by row id.
func (s *Store) UnitByID(ctx context.Context, id int64) (*booking.Unit, error) {
	return s.unitWhere(ctx, `id = ?`, id)
}

func (s *Store) unitWhere(ctx context.Context, where string, arg any) (*booking.Unit, error) {
	return queryOne(ctx, s, "unit", notFound(booking.T("err.there-is-no-such-unit")), scanUnit,
		`SELECT `+unitColumns+` FROM units WHERE `+where, arg)
}

// CreateUnit inserts a unit and sets its ID.
func (s *Store) CreateUnit(ctx context.Context, u *booking.Unit, audit *booking.AuditEntry) error {
	return s.createCatalog(ctx, audit, &u.ID, "create unit", UnitSlug, booking.Errorf(booking.ECONFLICT, "err.a-unit-with-this-slug"),
		`INSERT INTO units (slug, name, name_en, kind, address, address_en, phone, email, active)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1)`, u.Slug, u.Name, u.NameEN, u.Kind, u.Address, u.AddressEN, u.Phone, u.Email)
}

// UpdateUnit stores a unit's details and whether it is active.
func (s *Store) UpdateUnit(ctx context.Context, u *booking.Unit, audit *booking.AuditEntry) error {
	return s.updateCatalog(ctx, audit, "update unit", `unit_id = ?`, u.ID,
		`UPDATE units SET name = ?, name_en = ?, kind = ?, address = ?, address_en = ?, phone = ?, email = ?, active = ?
		WHERE id = ?`, u.Name, u.NameEN, u.Kind, u.Address, u.AddressEN, u.Phone, u.Email, boolInt(u.Active), u.ID)
}
