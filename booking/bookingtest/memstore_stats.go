package bookingtest

import (
	"cmp"
	"context"
	"slices"
	"time"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/calendar"
)

func (m *Store) SaveFeedback(_ context.Context, f *booking.Feedback) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.feedback[f.BookingID]; ok {
		return booking.Errorf(booking.ECONFLICT, "err.you-have-already-rated-this")
	}
	m.feedback[f.BookingID] = *f
	return nil
}

func (m *Store) FeedbackFor(_ context.Context, bookingID int64) (*booking.Feedback, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if f, ok := m.feedback[bookingID]; ok {
		return &f, nil
	}
	return nil, notFound(booking.T("err.there-is-no-such-booking"))
}

// rows are the bookings the statistics count: not a hold, pending or
// released.
func (m *Store) rows(officialID int64, keep func(*stored) bool) []booking.StatRow {
	var out []booking.StatRow
	for _, b := range m.bookings {
		if (officialID != 0 && b.OfficialID != officialID) || !b.HeldUntil.IsZero() || !keep(b) {
			continue
		}
		r := booking.StatRow{OfficialID: b.OfficialID, Start: b.Start, Status: b.Status, Rating: m.feedback[b.ID].Rating}
		if !b.ReceivedAt.IsZero() && !b.ArrivedAt.IsZero() {
			r.Wait = b.ReceivedAt.Sub(b.ArrivedAt)
		}
		if !b.ArrivedAt.IsZero() {
			r.Lateness = max(b.ArrivedAt.Sub(b.Start), 0)
		}
		out = append(out, r)
	}
	return out
}

func (m *Store) StatRows(_ context.Context, officialID int64, from, to time.Time) ([]booking.StatRow, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.rows(officialID, func(b *stored) bool { return !b.Start.Before(from) && b.Start.Before(to) }), nil
}

func (m *Store) StatMonths(_ context.Context, officialID int64, first, last string, lateAfter time.Duration) ([]booking.StatMonth, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var rows []booking.StatRow
	for _, r := range m.rows(officialID, func(*stored) bool { return true }) {
		if month := r.Start.In(calendar.Sofia).Format("2006-01"); month < first || month > last {
			continue
		}
		// The kept totals hold lateness in whole minutes, rounded up.
		r.Lateness = (r.Lateness + time.Minute - time.Second) / time.Minute * time.Minute
		rows = append(rows, r)
	}
	out := booking.CountStatRows(rows, lateAfter)
	slices.SortFunc(out, func(a, b booking.StatMonth) int { return cmp.Compare(a.Month, b.Month) })
	return out, nil
}
