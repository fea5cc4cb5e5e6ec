package sqlstore

import (
	"context"
	"database/sql"
	"strings"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/calendar"
)

// bookingColumns and bookingFrom read bookings alone, the official's slug
// by a subquery rather than a join: see planStable.
var bookingColumns = `b.id, b.reference, b.token, b.uid, b.sequence, b.official_id,
	(SELECT slug FROM officials WHERE id = b.official_id), b.schedule_id,
	b.starts_at, b.ends_at, ` + citizenColumns("b") + `, b.status,
	b.arrived_at, b.idempotency_key, b.created_at, b.updated_at, b.received_at, COALESCE(b.booked_by, 0), b.held_until,
	COALESCE(b.request_hash, '')`

const bookingFrom = ` FROM bookings b `

func scanBooking(row Scanner) (booking.Booking, error) {
	var b booking.Booking
	var start, end, created, updated int64
	var arrived, received, held sql.NullInt64
	var key sql.NullString
	dest := []any{&b.ID, &b.Reference, &b.Token, &b.UID, &b.Sequence, &b.OfficialID, &b.OfficialSlug, &b.ScheduleID, &start, &end}
	dest = append(dest, citizenDest(&b.Citizen)...)
	err := row.Scan(append(dest, &b.Status, &arrived, &key, &created, &updated, &received, &b.BookedBy, &held, &b.RequestHash)...)
	if err != nil {
		return b, err
	}
	b.Start, b.End, b.CreatedAt, b.UpdatedAt = fromUnix(start), fromUnix(end), fromUnix(created), fromUnix(updated)
	if arrived.Valid {
		b.ArrivedAt = fromUnix(arrived.Int64)
	}
	if received.Valid {
		b.ReceivedAt = fromUnix(received.Int64)
	}
	if held.Valid {
		b.HeldUntil = fromUnix(held.Int64)
	}
	b.IdempotencyKey = key.String
	return b, nil
}

// queries are the statements built from the Dialect's pieces.
type queries struct {
	// freeSeat is a subquery giving the lowest free seat of a slot (see
	// Dialect.FreeSeat). Parameters: schedule id, official id, slot start,
	// booking id to ignore.
	freeSeat string
	// insertBooking inserts a booking into the lowest free seat of its
	// slot, and nothing when the slot is full or no longer stands.
	insertBooking string
	// moveBooking moves a movable, unchanged booking into a free seat of
	// another slot.
	moveBooking string
}

func buildQueries(d Dialect) queries {
	var q queries
	q.freeSeat = d.FreeSeat + `
		SELECT seat FROM bookings WHERE official_id = ? AND starts_at = ? AND ` + seatTaken + ` AND id <> ?))`
	t, n := d.Param("text"), d.Param("bigint")
	q.insertBooking = `INSERT INTO bookings (reference, token, uid, sequence, official_id, schedule_id, starts_at, ends_at,
			seat, ` + citizenColumns("") + `, status, arrived_at, idempotency_key, created_at, updated_at, booked_by,
			held_until, hold_hash, request_hash, email_key, phone_key)
			SELECT ` + strings.Join([]string{t, t, t, n, n, n, n, n, "seat", t, t, t, t, t, t, t, t, n, t, n, n, n, n, t, t, t, t}, ", ") + `
			FROM (SELECT ` + q.freeSeat + ` AS seat) AS free WHERE seat IS NOT NULL AND ` + slotStands
	q.moveBooking = `UPDATE bookings SET starts_at = ?, ends_at = ?, schedule_id = ?, sequence = ?, updated_at = ?,
			seat = ` + q.freeSeat + `
			WHERE id = ? AND sequence = ? AND ` + statusIn(booking.StatusesAllowing(booking.ActMove)) + ` AND ` + q.freeSeat + ` IS NOT NULL
			AND ` + slotStands
	return q
}

// slotStands is true while a slot can be booked as the database says now:
// its schedule runs, for an official who receives in an open unit, and its
// day is not closed. Parameters: schedule id, official id, official id,
// the slot's Sofia date. The join of official and unit is a level below
// the parameters, and LIMIT 1 keeps SQLite from making the EXISTS a join
// (see planStable).
const slotStands = `EXISTS (SELECT 1 FROM schedules s WHERE s.id = ? AND s.active = 1 AND s.official_id = ?
		AND EXISTS (SELECT 1 FROM officials o JOIN units u ON u.id = o.unit_id WHERE o.id = s.official_id AND o.active = 1 AND u.active = 1)
		LIMIT 1)
	AND NOT EXISTS (SELECT 1 FROM closures WHERE official_id = ? AND date = ?)`

// insertBooking inserts b into the lowest free seat of its slot and sets
// its ID; false when the slot is full or no longer stands. A duplicate
// idempotency key, reference or token is a DuplicateError; what names the
// write in other errors.
func (s *Store) insertBooking(tx Tx, b *booking.Booking, holdHash, what string) (bool, error) {
	id, ok, err := tx.InsertID(s.q.insertBooking, insertBookingArgs(b, holdHash)...)
	switch {
	case s.unique(err, BookingIdempotencyKey):
		return false, &booking.DuplicateError{Field: "idempotency_key"}
	case s.unique(err, BookingReference):
		return false, &booking.DuplicateError{Field: "reference"}
	case s.unique(err, BookingToken):
		return false, &booking.DuplicateError{Field: "token"}
	case s.unique(err, BookingSeat):
		// The seat index: a seat taken by a write this one could not
		// see; run again, it sees it.
		return false, s.b.SeatClash(errSlotFull())
	case err != nil:
		return false, s.fail(what, err)
	}
	if ok {
		b.ID = id
	}
	return ok, nil
}

// insertBookingArgs are insertBooking's parameters for b, with the hash
// of a hold's confirmation code (empty for none).
func insertBookingArgs(b *booking.Booking, holdHash string) []any {
	args := []any{b.Reference, b.Token, b.UID, b.Sequence, b.OfficialID, b.ScheduleID, b.Start.Unix(), b.End.Unix()}
	args = append(args, citizenArgs(&b.Citizen)...)
	return append(args, b.Status,
		unixOrNil(b.ArrivedAt), nullString(b.IdempotencyKey), b.CreatedAt.Unix(), b.UpdatedAt.Unix(), nullID(b.BookedBy),
		unixOrNil(b.HeldUntil), nullString(holdHash), nullString(b.RequestHash), booking.EmailKey(b.Email), booking.PhoneKey(b.Phone),
		b.ScheduleID, b.OfficialID, b.Start.Unix(), 0,
		b.ScheduleID, b.OfficialID, b.OfficialID, slotDay(b))
}

// ErrBusy is what a write meets when the database stayed busy for longer
// than the store waits (SQLite's lock held by another process,
// PostgreSQL's serialisation failing again and again): nothing was
// written, and the person is asked to try again.
func ErrBusy() error {
	return booking.Errorf(booking.EUNAVAILABLE, "err.the-system-is-busy-and")
}

func errSlotFull() error {
	return booking.Errorf(booking.ESLOTFULL, "err.this-slot-is-already-taken")
}

// whyNotBooked tells, inside the transaction that failed to take a seat,
// whether the slot no longer stands (ENOTBOOKABLE) or is full (ESLOTFULL).
func (s *Store) whyNotBooked(tx Tx, b *booking.Booking) error {
	var stands bool
	if err := tx.QueryRow(`SELECT `+slotStands, b.ScheduleID, b.OfficialID, b.OfficialID, slotDay(b)).Scan(&stands); err != nil {
		return s.fail("check slot", err)
	}
	if !stands {
		return booking.Errorf(booking.ENOTBOOKABLE, "err.there-is-no-longer-a")
	}
	return errSlotFull()
}

// slotDay is the Sofia date of a booking's slot, as closures store it.
func slotDay(b *booking.Booking) string { return calendar.DateOf(b.Start).String() }

// CreateBooking inserts b only while its slot stands and has a free seat.
func (s *Store) CreateBooking(ctx context.Context, b *booking.Booking, n booking.NewBooking) error {
	return s.write(ctx, func(tx Tx) error {
		if n.UsePass != "" {
			// The pass is used up with the booking, or neither happens.
			res, err := tx.Exec(`UPDATE priority_passes SET used_at = ? WHERE hash = ? AND used_at IS NULL AND expires_at > ?`,
				b.CreatedAt.Unix(), n.UsePass, b.CreatedAt.Unix())
			if err != nil {
				return s.fail("use priority pass", err)
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return booking.Errorf(booking.ECONFLICT, "err.the-priority-booking-link-has")
			}
		}
		if err := s.b.LockSlot(tx, b); err != nil {
			return err
		}
		if err := s.checkCaps(tx, b, n.CheckCaps); err != nil {
			if dup := s.keyTaken(tx, b); dup != nil {
				return dup
			}
			return err
		}
		if ok, err := s.insertBooking(tx, b, n.HoldHash, "create booking"); err != nil {
			return err
		} else if !ok {
			return s.whyNotBooked(tx, b)
		}
		if err := s.insertAudit(tx, n.Audit); err != nil {
			return err
		}
		return s.insertMessages(tx, b.ID, n.Messages)
	})
}

// keyTaken tells, when the caps refuse a booking, whether its idempotency
// key is already taken: the same request sent twice at once then finds
// the booking the first made (the domain replays it) instead of being
// refused for holding it. The locks taken before make the first one's
// commit visible here; a failed look-up leaves the refusal as it was.
func (s *Store) keyTaken(tx Tx, b *booking.Booking) error {
	if b.IdempotencyKey == "" {
		return nil
	}
	var one int
	if tx.QueryRow(`SELECT 1 FROM bookings WHERE idempotency_key = ?`, b.IdempotencyKey).Scan(&one) != nil {
		return nil
	}
	return &booking.DuplicateError{Field: "idempotency_key"}
}

// MoveBooking moves b to its new slot while the slot has a free seat and
// nobody changed the booking meanwhile.
func (s *Store) MoveBooking(ctx context.Context, b *booking.Booking, msgs []booking.Message) error {
	return s.write(ctx, func(tx Tx) error {
		if err := s.b.LockSlot(tx, b); err != nil {
			return err
		}
		res, err := tx.Exec(s.q.moveBooking,
			b.Start.Unix(), b.End.Unix(), b.ScheduleID, b.Sequence, b.UpdatedAt.Unix(),
			b.ScheduleID, b.OfficialID, b.Start.Unix(), b.ID,
			b.ID, b.Sequence-1,
			b.ScheduleID, b.OfficialID, b.Start.Unix(), b.ID,
			b.ScheduleID, b.OfficialID, b.OfficialID, slotDay(b))
		if s.unique(err, BookingSeat) {
			return s.b.SeatClash(errSlotFull())
		} else if err != nil {
			return s.fail("move booking", err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			var seq int
			var status string
			if err := tx.QueryRow(`SELECT sequence, status FROM bookings WHERE id = ?`, b.ID).Scan(&seq, &status); err != nil {
				return s.fail("move booking", err)
			}
			if seq != b.Sequence-1 || !booking.Status(status).Allows(booking.ActMove) {
				return errChanged()
			}
			return s.whyNotBooked(tx, b)
		}
		return s.insertMessages(tx, b.ID, msgs)
	})
}

func errChanged() error {
	return booking.Errorf(booking.ECONFLICT, "err.the-booking-was-changed-just")
}

// UpdateStatus stores b's status while its stored status is one of from.
func (s *Store) UpdateStatus(ctx context.Context, b *booking.Booking, from []booking.Status, msgs []booking.Message, audit *booking.AuditEntry) error {
	return s.write(ctx, func(tx Tx) error {
		if err := s.updateStatus(tx, b, from); err != nil {
			return err
		}
		if err := s.insertAudit(tx, audit); err != nil {
			return err
		}
		return s.insertMessages(tx, b.ID, msgs)
	})
}

func (s *Store) updateStatus(tx Tx, b *booking.Booking, from []booking.Status) error {
	args := []any{b.Status, unixOrNil(b.ArrivedAt), unixOrNil(b.ReceivedAt), b.Sequence, b.UpdatedAt.Unix(),
		unixOrNil(b.HeldUntil), b.Status, b.ID}
	for _, s := range from {
		args = append(args, s)
	}
	res, err := tx.Exec(updateStatusQuery(len(from)), args...)
	if s.unique(err, BookingSeat) {
		return errSlotFull() // reviving a booking whose seat was taken meanwhile
	} else if err != nil {
		return s.fail("update booking", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return errChanged()
	}
	return nil
}

// updateStatusQuery stores a booking's status and times; a hold's code is
// spent as soon as the booking is no longer pending.
func updateStatusQuery(nFrom int) string {
	return `UPDATE bookings SET status = ?, arrived_at = ?, received_at = ?, sequence = ?, updated_at = ?, held_until = ?,
		hold_hash = CASE WHEN ? = 'pending' THEN hold_hash END WHERE id = ? AND status IN (` + placeholders(nFrom) + `)`
}

const insertMessage = `INSERT INTO outbox (booking_id, kind, sequence, slot_start, note, due_at, created_at, pass, message_key)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`

func (s *Store) insertMessages(tx Tx, bookingID int64, msgs []booking.Message) error {
	for i := range msgs {
		m := &msgs[i]
		m.BookingID = bookingID
		if err := s.insertLetter(tx, m, insertMessage, bookingID, m.Kind, m.Sequence, m.SlotStart.Unix(), m.Note, m.DueAt.Unix(), m.CreatedAt.Unix(), m.Pass); err != nil {
			return err
		}
	}
	return nil
}

// insertLetter writes m into the outbox with query, whose last parameter
// is the message key (one made here when m has none), and sets m's ID.
func (s *Store) insertLetter(tx Tx, m *booking.Message, query string, args ...any) error {
	if m.Key == "" {
		m.Key = booking.NewMessageKey(m.CreatedAt)
	}
	id, _, err := tx.InsertID(query, append(args, m.Key)...)
	if err != nil {
		return s.fail("outbox", err)
	}
	m.ID = id
	return nil
}
