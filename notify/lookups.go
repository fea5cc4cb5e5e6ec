package notify

import (
	"context"
	"sync"

	"github.com/priemna/priemna/booking"
)

// lookups keeps the officials, units and rooms one batch of letters names:
// a batch is mostly letters about the same few officials, and asking the
// database for each letter's official, unit and room again was three of
// the five reads a letter cost. It lives for one batch (a second or so),
// so a change made meanwhile reaches the next batch's letters.
type lookups struct {
	store Store

	mu        sync.Mutex // the lanes send at once
	officials map[int64]*booking.Official
	units     map[int64]*booking.Unit
	schedules map[int64]*booking.Schedule
}

func newLookups(store Store) *lookups {
	return &lookups{store: store, officials: map[int64]*booking.Official{}, units: map[int64]*booking.Unit{},
		schedules: map[int64]*booking.Schedule{}}
}

// cached returns m[id], asking get for it the first time; errors are not
// kept. The lock is held while asking, so two lanes wanting the same
// official ask once.
func cached[T any](l *lookups, m map[int64]*T, id int64, get func(int64) (*T, error)) (*T, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if v, ok := m[id]; ok {
		return v, nil
	}
	v, err := get(id)
	if err != nil {
		return nil, err
	}
	m[id] = v
	return v, nil
}

func (l *lookups) official(ctx context.Context, id int64) (*booking.Official, error) {
	return cached(l, l.officials, id, func(id int64) (*booking.Official, error) { return l.store.OfficialByID(ctx, id) })
}

func (l *lookups) unit(ctx context.Context, id int64) (*booking.Unit, error) {
	return cached(l, l.units, id, func(id int64) (*booking.Unit, error) { return l.store.UnitByID(ctx, id) })
}

func (l *lookups) schedule(ctx context.Context, id int64) (*booking.Schedule, error) {
	return cached(l, l.schedules, id, func(id int64) (*booking.Schedule, error) { return l.store.ScheduleByID(ctx, id) })
}
