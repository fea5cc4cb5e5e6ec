package bookingtest

import (
	"cmp"
	"context"
	"slices"

	"github.com/priemna/priemna/booking"
)

func kindOrder(kind string) int {
	switch kind {
	case "municipality":
		return 0
	case "district":
		return 1
	}
	return 2
}

func (m *Store) Units(context.Context) ([]booking.Unit, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := slices.Clone(m.units)
	slices.SortStableFunc(out, func(a, b booking.Unit) int {
		return cmp.Or(cmp.Compare(kindOrder(a.Kind), kindOrder(b.Kind)), cmp.Compare(a.Name, b.Name))
	})
	return out, nil
}

func (m *Store) Unit(_ context.Context, slug string) (*booking.Unit, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.unit(func(u *booking.Unit) bool { return u.Slug == slug })
}

func (m *Store) unit(match func(*booking.Unit) bool) (*booking.Unit, error) {
	for i := range m.units {
		if match(&m.units[i]) {
			u := m.units[i]
			return &u, nil
		}
	}
	return nil, notFound(booking.T("err.there-is-no-such-unit"))
}

func (m *Store) CreateUnit(_ context.Context, u *booking.Unit, _ *booking.AuditEntry) error {
	return insertUnique(m, &m.units, u, unitKey, "err.a-unit-with-this-slug")
}

func (m *Store) UpdateUnit(_ context.Context, u *booking.Unit, _ *booking.AuditEntry) error {
	return replaceKeepingSlug(m, m.units, u, unitKey)
}

func unitKey(u *booking.Unit) (*int64, *string) { return &u.ID, &u.Slug }

// official returns an official as the stores read it: with its unit's
// slug and whether the unit is open.
func (m *Store) official(match func(*booking.Official) bool) (*booking.Official, error) {
	for i := range m.officials {
		if match(&m.officials[i]) {
			o := m.officials[i]
			if u, err := m.unit(func(u *booking.Unit) bool { return u.ID == o.UnitID }); err == nil {
				o.UnitSlug, o.UnitActive = u.Slug, u.Active
			}
			return &o, nil
		}
	}
	return nil, notFound(booking.T("err.there-is-no-such-official"))
}

func (m *Store) Officials(context.Context) ([]booking.Official, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []booking.Official
	units := map[int64]booking.Unit{}
	for _, u := range m.units {
		units[u.ID] = u
	}
	for _, x := range m.officials {
		o, _ := m.official(func(y *booking.Official) bool { return y.ID == x.ID })
		if o.Active && o.UnitActive {
			out = append(out, *o)
		}
	}
	slices.SortStableFunc(out, func(a, b booking.Official) int {
		ua, ub := units[a.UnitID], units[b.UnitID]
		return cmp.Or(cmp.Compare(kindOrder(ua.Kind), kindOrder(ub.Kind)), cmp.Compare(ua.Name, ub.Name), cmp.Compare(a.ID, b.ID))
	})
	return out, nil
}

func (m *Store) Official(_ context.Context, slug string) (*booking.Official, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.official(func(o *booking.Official) bool { return o.Slug == slug })
}

func (m *Store) CreateOfficial(_ context.Context, o *booking.Official, _ *booking.AuditEntry) error {
	return insertUnique(m, &m.officials, o, officialKey, "err.an-official-with-this-slug")
}

func (m *Store) UpdateOfficial(_ context.Context, o *booking.Official, _ *booking.AuditEntry) error {
	return replaceKeepingSlug(m, m.officials, o, officialKey)
}

func officialKey(o *booking.Official) (*int64, *string) { return &o.ID, &o.Slug }

func (m *Store) Schedules(_ context.Context, officialID int64) ([]booking.Schedule, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return where(m.schedules, func(s booking.Schedule) bool { return s.OfficialID == officialID }), nil
}

func (m *Store) ScheduleByID(_ context.Context, id int64) (*booking.Schedule, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if s := m.schedule(id); s != nil {
		c := *s
		return &c, nil
	}
	return nil, notFound(booking.T("err.there-is-no-such-schedule"))
}

func (m *Store) schedule(id int64) *booking.Schedule {
	for i := range m.schedules {
		if m.schedules[i].ID == id {
			return &m.schedules[i]
		}
	}
	return nil
}

func (m *Store) CreateSchedule(_ context.Context, s *booking.Schedule, _ *booking.AuditEntry) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	s.ID = m.id()
	m.schedules = append(m.schedules, *s)
	return nil
}
