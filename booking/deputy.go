package booking

import (
	"context"
	"slices"
)

// Who may receive an official's citizens when the official hands a day
// over: an official of the same unit, or one an administrator chose as a
// deputy. The hand-over form offers only these, and HandOverDay refuses
// anyone else.

// DeputyStore keeps the deputies administrators chose.
type DeputyStore interface {
	// ChosenDeputies returns the IDs of the officials chosen as deputies
	// of the official.
	ChosenDeputies(ctx context.Context, officialID int64) ([]int64, error)
	// SetDeputies replaces them, with audit in the same transaction.
	SetDeputies(ctx context.Context, officialID int64, deputyIDs []int64, audit *AuditEntry) error
}

// canDeputise reports whether deputy may take over the days of the
// official with the given ID: same unit, or chosen.
func (s *Service) canDeputise(ctx context.Context, officialID int64, deputy *Official) (bool, error) {
	all, err := s.store.Catalog.Officials(ctx)
	if err != nil {
		return false, err
	}
	i := slices.IndexFunc(all, func(o Official) bool { return o.ID == officialID })
	if i < 0 {
		return false, Errorf(ENOTFOUND, "err.there-is-no-such-official")
	}
	if all[i].UnitID == deputy.UnitID {
		return true, nil
	}
	chosen, err := s.ChosenDeputies(ctx, officialID)
	return slices.Contains(chosen, deputy.ID), err
}

// Deputies returns the active officials who may take over o's day and
// whom by manages, by name.
func (s *Service) Deputies(ctx context.Context, by *User, o *Official) ([]Official, error) {
	all, err := s.store.Catalog.Officials(ctx)
	if err != nil {
		return nil, err
	}
	chosen, err := s.ChosenDeputies(ctx, o.ID)
	if err != nil {
		return nil, err
	}
	var out []Official
	for _, d := range all {
		if d.ID == o.ID || !d.Active || !by.CanManage(d.ID) {
			continue
		}
		if d.UnitID == o.UnitID || slices.Contains(chosen, d.ID) {
			out = append(out, d)
		}
	}
	return out, nil
}

// ChosenDeputies returns the IDs of the officials an administrator chose
// as deputies of the official.
func (s *Service) ChosenDeputies(ctx context.Context, officialID int64) ([]int64, error) {
	if s.store.Deputies == nil {
		return nil, nil
	}
	return s.store.Deputies.ChosenDeputies(ctx, officialID)
}

// SetDeputies records which officials, besides those of its unit, may
// take over the official's days.
//
// EFORBIDDEN unless by is an administrator; EINVALID when the official is
// among its own deputies.
func (s *Service) SetDeputies(ctx context.Context, by *User, o *Official, deputyIDs []int64) error {
	if by == nil || by.Role != RoleAdmin {
		return Errorf(EFORBIDDEN, "err.only-an-admin-chooses-deputies")
	}
	if slices.Contains(deputyIDs, o.ID) {
		return invalidField("deputies", "err.an-official-cannot-deputise-for-themselves")
	}
	if s.store.Deputies == nil {
		return Errorf(EUNAVAILABLE, "err.choosing-deputies-is-not-enabled")
	}
	return s.store.Deputies.SetDeputies(ctx, o.ID, deputyIDs, s.auditOf(by, "official.deputies", officialObject(o.ID, "")))
}
