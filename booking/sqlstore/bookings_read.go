package sqlstore

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/priemna/priemna/booking"
)

// Look-ups of bookings and their letters.

func (s *Store) bookingWhere(ctx context.Context, where string, arg any) (*booking.Booking, error) {
	return queryOne(ctx, s, "booking", notFound(booking.T("err.there-is-no-such-booking")), scanBooking,
		`SELECT `+bookingColumns+bookingFrom+`WHERE `+where, arg)
}

// BookingByToken returns the booking with the manage token.
func (s *Store) BookingByToken(ctx context.Context, token string) (*booking.Booking, error) {
	return s.bookingWhere(ctx, `b.token = ?`, token)
}

// BookingByReference returns the booking with the reference.
func (s *Store) BookingByReference(ctx context.Context, ref string) (*booking.Booking, error) {
	return s.bookingWhere(ctx, `b.reference = ?`, ref)
}

// BookingByIdempotencyKey returns the booking made with the key.
func (s *Store) BookingByIdempotencyKey(ctx context.Context, key string) (*booking.Booking, error) {
	return s.bookingWhere(ctx, `b.idempotency_key = ?`, key)
}

// BookingByHoldHash returns the pending booking with the hold's code hash.
func (s *Store) BookingByHoldHash(ctx context.Context, hash string) (*booking.Booking, error) {
	return s.bookingWhere(ctx, `b.hold_hash = ? AND b.status = 'pending'`, hash)
}

// Bookings returns the bookings the filter selects, by slot start.
func (s *Store) Bookings(ctx context.Context, f booking.BookingFilter) ([]booking.Booking, error) {
	return s.queryBookings(ctx, cachedReader{s}, f)
}

// cachedReader runs queries on the read pool through its prepared
// statements: planning a query over a large table costs more than running
// it for a day's bookings. The filters make a handful of distinct queries.
type cachedReader struct{ s *Store }

func (r cachedReader) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return r.s.query(ctx, query, args...)
}

type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func (s *Store) queryBookings(ctx context.Context, q querier, f booking.BookingFilter) ([]booking.Booking, error) {
	query, args := bookingsQuery(f)
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, s.fail("bookings", err)
	}
	return collect(s, rows, "bookings", scanBooking)
}

// bookingsQuery is the query of the bookings the filter selects, by slot
// start, and its arguments.
func bookingsQuery(f booking.BookingFilter) (string, []any) {
	var where []string
	var args []any
	if f.OfficialID != 0 {
		where, args = append(where, `b.official_id = ?`), append(args, f.OfficialID)
	}
	if f.ScheduleID != 0 {
		where, args = append(where, `b.schedule_id = ?`), append(args, f.ScheduleID)
	}
	if f.EmailKey != "" {
		where, args = append(where, `b.email_key = ?`), append(args, f.EmailKey)
	}
	if !f.From.IsZero() {
		where, args = append(where, `b.starts_at >= ?`), append(args, f.From.Unix())
	}
	if !f.To.IsZero() {
		where, args = append(where, `b.starts_at < ?`), append(args, f.To.Unix())
	}
	if !f.EndBefore.IsZero() {
		where, args = append(where, `b.ends_at < ?`), append(args, f.EndBefore.Unix())
	}
	if !f.HeldBefore.IsZero() {
		where, args = append(where, `b.held_until < ?`), append(args, f.HeldBefore.Unix())
	}
	if len(f.Statuses) > 0 {
		where = append(where, `b.status IN (`+placeholders(len(f.Statuses))+`)`)
		for _, s := range f.Statuses {
			args = append(args, s)
		}
	}
	query := `SELECT ` + bookingColumns + bookingFrom
	if len(where) > 0 {
		query += `WHERE ` + strings.Join(where, " AND ")
	}
	query += ` ORDER BY b.starts_at, b.id`
	if f.Limit > 0 {
		query += fmt.Sprintf(` LIMIT %d`, f.Limit)
	}
	return query, args
}

// SlotUsage counts active bookings per slot start in [from, to).
func (s *Store) SlotUsage(ctx context.Context, officialID int64, from, to time.Time) (map[int64]int, error) {
	type count struct {
		start int64
		n     int
	}
	counts, err := queryAll(ctx, s, "slot usage", func(r Scanner) (c count, err error) {
		err = r.Scan(&c.start, &c.n)
		return c, err
	}, `SELECT starts_at, COUNT(*) FROM bookings
		WHERE official_id = ? AND starts_at >= ? AND starts_at < ? AND `+seatTaken+` GROUP BY starts_at`,
		officialID, from.Unix(), to.Unix())
	if err != nil {
		return nil, err
	}
	usage := make(map[int64]int, len(counts))
	for _, c := range counts {
		usage[c.start] = c.n
	}
	return usage, nil
}

// Messages returns the outbox messages of a booking, oldest first.
func (s *Store) Messages(ctx context.Context, bookingID int64) ([]booking.Message, error) {
	return queryAll(ctx, s, "messages", scanMessage, `SELECT `+messageColumns+` FROM outbox WHERE booking_id = ? ORDER BY id`, bookingID)
}

func sortMessages(list []booking.Message) {
	slices.SortFunc(list, func(a, b booking.Message) int {
		if c := a.DueAt.Compare(b.DueAt); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
}
