package sqlstore

import (
	"context"

	"github.com/priemna/priemna/booking"
)

const officialColumns = `o.id, o.slug, o.name, o.name_en, o.title, o.title_en, o.unit_id, u.slug, o.email, o.phone, o.active, u.active, o.hold_minutes`

func scanOfficial(row Scanner) (booking.Official, error) {
	var o booking.Official
	err := row.Scan(&o.ID, &o.Slug, &o.Name, &o.NameEN, &o.Title, &o.TitleEN, &o.UnitID, &o.UnitSlug, &o.Email, &o.Phone, &o.Active, &o.UnitActive, &o.HoldMinutes)
	return o, err
}

// Officials returns the active officials, by unit and then by id.
func (s *Store) Officials(ctx context.Context) ([]booking.Official, error) {
	return queryAll(ctx, s, "officials", scanOfficial, `SELECT `+officialColumns+`
		FROM officials o JOIN units u ON u.id = o.unit_id WHERE o.active = 1 AND u.active = 1
		ORDER BY CASE u.kind WHEN 'municipality' THEN 0 WHEN 'district' THEN 1 ELSE 2 END, u.name, o.id`)
}

// Official returns the official with the slug.
func (s *Store) Official(ctx context.Context, slug string) (*booking.Official, error) {
	return s.officialWhere(ctx, `o.slug = ?`, slug)
}

// OfficialByID returns an official by row id, active or not.
func (s *Store) OfficialByID(ctx context.Context, id int64) (*booking.Official, error) {
	return s.officialWhere(ctx, `o.id = ?`, id)
}

func (s *Store) officialWhere(ctx context.Context, where string, arg any) (*booking.Official, error) {
	return queryOne(ctx, s, "official", notFound(booking.T("err.there-is-no-such-official")), scanOfficial,
		`SELECT `+officialColumns+` FROM officials o JOIN units u ON u.id = o.unit_id WHERE `+where, arg)
}

// CreateOfficial inserts an official and sets its ID.
func (s *Store) CreateOfficial(ctx context.Context, o *booking.Official, audit *booking.AuditEntry) error {
	return s.createCatalog(ctx, audit, &o.ID, "create official", OfficialSlug, booking.Errorf(booking.ECONFLICT, "err.an-official-with-this-slug"),
		`INSERT INTO officials (slug, unit_id, name, name_en, title, title_en, email, phone, active, hold_minutes)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		o.Slug, o.UnitID, o.Name, o.NameEN, o.Title, o.TitleEN, o.Email, o.Phone, boolInt(o.Active), o.HoldMinutes)
}

// UpdateOfficial stores an official's details and whether they are active.
func (s *Store) UpdateOfficial(ctx context.Context, o *booking.Official, audit *booking.AuditEntry) error {
	return s.updateCatalog(ctx, audit, "update official", `id = ?`, o.ID,
		`UPDATE officials SET unit_id = ?, name = ?, name_en = ?, title = ?, title_en = ?, email = ?, phone = ?, active = ?, hold_minutes = ?
		WHERE id = ?`, o.UnitID, o.Name, o.NameEN, o.Title, o.TitleEN, o.Email, o.Phone, boolInt(o.Active), o.HoldMinutes, o.ID)
}
