package bookingtest

import (
	"context"
	"slices"
	"sync"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/booking/i18n"
)

// Store is an in-memory store of the roles the service cannot do without
// (booking.CatalogStore, ClosureStore, BookingStore, FeedbackStore,
// StatsStore), for fast tests of the domain. It keeps the stores'
// contracts — a free seat and a slot that still stands checked in the same
// step as the insert, the lowest free seat, the seat's uniqueness, the
// caps counted in the write, conditional status changes, idempotency keys
// — one mutex standing in for the transaction; booking/storetest holds it
// to them as it holds the real stores. Optional roles it does not keep:
// a service on it runs with them off.
type Store struct {
	mu        sync.Mutex
	nextID    int64
	units     []booking.Unit
	officials []booking.Official
	schedules []booking.Schedule
	closures  []booking.Closure
	bookings  []*stored
	messages  []booking.Message
	feedback  map[int64]booking.Feedback
}

// stored is a booking with what the store keeps beside it.
type stored struct {
	booking.Booking
	seat     int
	holdHash string
}

// NewStore returns an empty store.
func NewStore() *Store { return &Store{feedback: map[int64]booking.Feedback{}} }

// Stores returns the store in every role it keeps, the optional ones off.
func (m *Store) Stores() booking.Stores {
	return booking.Stores{Catalog: m, Closures: m, Bookings: m, Feedback: m, Stats: m}
}

func (m *Store) id() int64 { m.nextID++; return m.nextID }

func notFound(key booking.Text) error { return &booking.Error{Code: booking.ENOTFOUND, Message: key} }

// Stats counts what the store holds, by the real stores' table names.
func (m *Store) Stats(context.Context) (map[string]int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return map[string]int{"units": len(m.units), "officials": len(m.officials), "schedules": len(m.schedules),
		"closures": len(m.closures), "bookings": len(m.bookings), "outbox": len(m.messages), "feedback": len(m.feedback)}, nil
}

// where returns the rows of list that keep, in order (nil for none, as
// the real stores answer).
func where[T any](list []T, keep func(T) bool) []T {
	var out []T
	for _, x := range list {
		if keep(x) {
			out = append(out, x)
		}
	}
	return out
}

// A unit and an official each have an id and a slug that never changes
// once given; key points at them.

// insertUnique gives v an id and adds it to list, unless a row of list
// already has its slug: that is a conflict, with the message taken.
func insertUnique[T any](m *Store, list *[]T, v *T, key func(*T) (*int64, *string), taken i18n.Key) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	id, slug := key(v)
	if slices.ContainsFunc(*list, func(x T) bool { _, s := key(&x); return *s == *slug }) {
		return booking.Errorf(booking.ECONFLICT, taken)
	}
	*id = m.id()
	*list = append(*list, *v)
	return nil
}

// replaceKeepingSlug stores v over the row of list with its id, keeping
// the row's slug.
func replaceKeepingSlug[T any](m *Store, list []T, v *T, key func(*T) (*int64, *string)) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	id, _ := key(v)
	for i := range list {
		if rid, slug := key(&list[i]); *rid == *id {
			kept := *slug
			list[i] = *v
			*slug = kept
		}
	}
	return nil
}
