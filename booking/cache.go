package booking

import (
	"context"
	"sync"
	"time"

	"github.com/priemna/priemna/calendar"
)

// cacheTTL bounds how stale the cached calendar of an official may be when
// another process (another server on the same database) changes it; this
// process's own changes clear the cache at once.
const cacheTTL = 10 * time.Second

// calendarData is what slot queries need of an official besides bookings:
// it changes rarely and is read on every request, so it is cached.
type calendarData struct {
	official  *Official
	schedules []Schedule
	closed    map[calendar.Date]bool
	loaded    time.Time
}

type calendarCache struct {
	mu sync.Mutex
	m  map[string]*calendarData
}

// calendarFor returns the official's calendar data, from the cache when fresh.
func (s *Service) calendarFor(ctx context.Context, slug string) (*calendarData, error) {
	// Freshness is a matter of the machine's clock, not of the domain's:
	// tests that move the injected clock must not make data stale or fresh.
	now := time.Now()
	s.cache.mu.Lock()
	d, ok := s.cache.m[slug]
	s.cache.mu.Unlock()
	if ok && now.Sub(d.loaded) < cacheTTL {
		return d, nil
	}
	o, err := s.PublicOfficial(ctx, slug)
	if err != nil {
		return nil, err
	}
	schedules, err := s.store.Catalog.Schedules(ctx, o.ID)
	if err != nil {
		return nil, err
	}
	closures, err := s.store.Closures.Closures(ctx, o.ID, calendar.Date{Year: 2000, Month: 1, Day: 1}, calendar.Date{Year: 2100, Month: 12, Day: 31})
	if err != nil {
		return nil, err
	}
	active := schedules[:0:0]
	for _, sch := range schedules {
		if sch.Active {
			active = append(active, sch)
		}
	}
	d = &calendarData{official: o, schedules: active, closed: make(map[calendar.Date]bool, len(closures)), loaded: now}
	for _, c := range closures {
		d.closed[c.Date] = true
	}
	s.cache.mu.Lock()
	if s.cache.m == nil {
		s.cache.m = map[string]*calendarData{}
	}
	s.cache.m[slug] = d
	s.cache.mu.Unlock()
	return d, nil
}

// Forget clears the cached calendars and slot lists because another
// process sharing the database changed officials, units, schedules or
// closures (serve calls it when PostgreSQL says so).
func (s *Service) Forget() { s.forget() }

// forget clears the cache after a change to officials, schedules or closures.
func (s *Service) forget() {
	s.cache.mu.Lock()
	s.cache.m = nil
	s.cache.mu.Unlock()
	s.slots.bump()
}

// A computed slot list is reused within the same second of the service's
// clock (the booking window moves with it); any change made through this
// service invalidates it at once, so only a change by another process can
// be seen late, by at most a second.

type slotsKey struct {
	slug     string
	from, to calendar.Date
	window   window
}

type slotsEntry struct {
	slots   []Slot
	version uint64
	at      time.Time
}

type slotsCache struct {
	mu      sync.Mutex
	version uint64 // bumped by every change
	m       map[slotsKey]slotsEntry
}

func (c *slotsCache) get(k slotsKey, now time.Time) ([]Slot, uint64, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[k]
	if ok && e.version == c.version && e.at.Equal(now) {
		return e.slots, c.version, true
	}
	return nil, c.version, false
}

func (c *slotsCache) put(k slotsKey, slots []Slot, version uint64, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if version != c.version {
		return // a change happened while computing
	}
	if c.m == nil || len(c.m) > 1024 {
		c.m = map[slotsKey]slotsEntry{}
	}
	c.m[k] = slotsEntry{slots, version, now}
}

func (c *slotsCache) bump() {
	c.mu.Lock()
	c.version++
	c.m = nil
	c.mu.Unlock()
}

// Version changes with every change made through this service to
// officials, units, schedules, closures or the seats of slots: what the
// public pages of an official show stays the same while it and the second
// of the clock do.
func (s *Service) Version() uint64 {
	s.slots.mu.Lock()
	defer s.slots.mu.Unlock()
	return s.slots.version
}
