package postgres

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/calendar"
)

const bookingColumns = `b.id, b.reference, b.token, b.uid, b.sequence, b.official_id, o.slug, b.schedule_id,
	b.starts_at, b.ends_at, b.name, b.email, b.phone, b.topic, b.needs, b.needs_note, b.language, b.status,
	b.arrived_at, b.idempotency_key, b.created_at, b.updated_at, b.received_at, COALESCE(b.booked_by, 0), b.held_until,
	COALESCE(b.request_hash, '')`

const bookingFrom = ` FROM bookings b JOIN officials o ON o.id = b.official_id `

func scanBooking(row scanner) (booking.Booking, error) {
	var b booking.Booking
	var start, end, created, updated int64
	var arrived, received, held sql.NullInt64
	var key sql.NullString
	var needs string
	err := row.Scan(&b.ID, &b.Reference, &b.Token, &b.UID, &b.Sequence, &b.OfficialID, &b.OfficialSlug, &b.ScheduleID,
		&start, &end, &b.Name, &b.Email, &b.Phone, &b.Topic, &needs, &b.Accessibility.Note, &b.Language, &b.Status,
		&arrived, &key, &created, &updated, &received, &b.BookedBy, &held, &b.RequestHash)
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
	if needs != "" {
		for _, n := range strings.Split(needs, ",") {
			b.Accessibility.Needs = append(b.Accessibility.Needs, booking.Need(n))
		}
	}
	return b, nil
}

func joinNeeds(needs []booking.Need) string {
	s := make([]string, len(needs))
	for i, n := range needs {
		s[i] = string(n)
	}
	return strings.Join(s, ",")
}

// freeSeat is a subquery giving the lowest seat in 1..capacity of the
// schedule that no other seat-taking booking of the slot holds; NULL when
// the slot is full. Parameters: schedule id, official id, slot start,
// booking id to ignore.
var freeSeat = `(SELECT MIN(n) FROM generate_series(1, (SELECT capacity FROM schedules WHERE id = ?)) AS seats (n) WHERE n NOT IN (
		SELECT seat FROM bookings WHERE official_id = ? AND starts_at = ? AND ` + seatTaken + ` AND id <> ?))`

// slotStands is true while a slot can be booked as the database says now:
// its schedule runs, for an official who receives in an open unit, and its
// day is not closed. Parameters: schedule id, official id, official id,
// the slot's Sofia date.
const slotStands = `EXISTS (SELECT 1 FROM schedules s JOIN officials o ON o.id = s.official_id JOIN units u ON u.id = o.unit_id
		WHERE s.id = ? AND s.active = 1 AND o.id = ? AND o.active = 1 AND u.active = 1)
	AND NOT EXISTS (SELECT 1 FROM closures WHERE official_id = ? AND date = ?)`

// insertBooking inserts a booking into the lowest free seat of its slot,
// and nothing when the slot is full or no longer stands.
var insertBooking = `INSERT INTO bookings (reference, token, uid, sequence, official_id, schedule_id, starts_at, ends_at,
			seat, name, email, phone, topic, needs, needs_note, language, status, arrived_at, idempotency_key, created_at, updated_at, booked_by,
			held_until, hold_hash, request_hash, email_key, phone_key)
			SELECT ?::text, ?::text, ?::text, ?::bigint, ?::bigint, ?::bigint, ?::bigint, ?::bigint, seat, ?::text, ?::text, ?::text, ?::text, ?::text, ?::text, ?::text,
				?::text, ?::bigint, ?::text, ?::bigint, ?::bigint, ?::bigint, ?::bigint, ?::text, ?::text, ?::text, ?::text
			FROM (SELECT ` + freeSeat + ` AS seat) AS free WHERE seat IS NOT NULL AND ` + slotStands

// insertBookingArgs are insertBooking's parameters for b, with the hash
// of a hold's confirmation code (empty for none).
func insertBookingArgs(b *booking.Booking, holdHash string) []any {
	return []any{b.Reference, b.Token, b.UID, b.Sequence, b.OfficialID, b.ScheduleID, b.Start.Unix(), b.End.Unix(),
		b.Name, b.Email, b.Phone, b.Topic, joinNeeds(b.Accessibility.Needs), b.Accessibility.Note, b.Language, b.Status,
		unixOrNil(b.ArrivedAt), nullString(b.IdempotencyKey), b.CreatedAt.Unix(), b.UpdatedAt.Unix(), nullID(b.BookedBy),
		unixOrNil(b.HeldUntil), nullString(holdHash), nullString(b.RequestHash), booking.EmailKey(b.Email), booking.PhoneKey(b.Phone),
		b.ScheduleID, b.OfficialID, b.Start.Unix(), 0,
		b.ScheduleID, b.OfficialID, b.OfficialID, slotDay(b)}
}

// moveBooking moves a movable, unchanged booking into a free seat of another slot.
var moveBooking = `UPDATE bookings SET starts_at = ?, ends_at = ?, schedule_id = ?, sequence = ?, updated_at = ?,
			seat = ` + freeSeat + `
			WHERE id = ? AND sequence = ? AND ` + statusIn(booking.StatusesAllowing(booking.ActMove)) + ` AND ` + freeSeat + ` IS NOT NULL
			AND ` + slotStands

func errSlotFull() error {
	return booking.Errorf(booking.ESLOTFULL, "err.this-slot-is-already-taken")
}

// whyNotBooked tells, inside the transaction that failed to take a seat,
// whether the slot no longer stands (ENOTBOOKABLE) or is full (ESLOTFULL).
func whyNotBooked(tx *txn, b *booking.Booking) error {
	var stands bool
	if err := tx.QueryRow(`SELECT `+slotStands, b.ScheduleID, b.OfficialID, b.OfficialID, slotDay(b)).Scan(&stands); err != nil {
		return fmt.Errorf("postgres: check slot: %w", err)
	}
	if !stands {
		return booking.Errorf(booking.ENOTBOOKABLE, "err.there-is-no-longer-a")
	}
	return errSlotFull()
}

// slotDay is the Sofia date of a booking's slot, as closures store it.
func slotDay(b *booking.Booking) string { return calendar.DateOf(b.Start).String() }

// CreateBooking inserts b only while its slot stands and has a free seat.
func (db *DB) CreateBooking(ctx context.Context, b *booking.Booking, n booking.NewBooking) error {
	return db.write(ctx, func(tx *txn) error {
		if n.UsePass != "" {
			// The pass is used up with the booking, or neither happens.
			res, err := tx.Exec(`UPDATE priority_passes SET used_at = ? WHERE hash = ? AND used_at IS NULL AND expires_at > ?`,
				b.CreatedAt.Unix(), n.UsePass, b.CreatedAt.Unix())
			if err != nil {
				return fmt.Errorf("postgres: use priority pass: %w", err)
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return booking.Errorf(booking.ECONFLICT, "err.the-priority-booking-link-has")
			}
		}
		if err := lockSlot(tx, b); err != nil {
			return err
		}
		if err := db.checkCaps(tx, b, n.CheckCaps); err != nil {
			return err
		}
		id, ok, err := tx.insertID(insertBooking, insertBookingArgs(b, n.HoldHash)...)
		switch {
		case isUnique(err, "bookings_idempotency_key"):
			return &booking.DuplicateError{Field: "idempotency_key"}
		case isUnique(err, "bookings_reference"):
			return &booking.DuplicateError{Field: "reference"}
		case isUnique(err, "bookings_token"):
			return &booking.DuplicateError{Field: "token"}
		case isUnique(err, "bookings_seat"):
			// The seat index: a seat taken by a write this one could not
			// see; run again, it sees it.
			return &seatClash{errSlotFull()}
		case err != nil:
			return fmt.Errorf("postgres: create booking: %w", err)
		case !ok:
			return whyNotBooked(tx, b)
		}
		b.ID = id
		if err := insertAudit(tx, n.Audit); err != nil {
			return err
		}
		return db.insertMessages(tx, b.ID, n.Messages)
	})
}

// MoveBooking moves b to its new slot while the slot has a free seat and
// nobody changed the booking meanwhile.
func (db *DB) MoveBooking(ctx context.Context, b *booking.Booking, msgs []booking.Message) error {
	return db.write(ctx, func(tx *txn) error {
		if err := lockSlot(tx, b); err != nil {
			return err
		}
		res, err := tx.Exec(moveBooking,
			b.Start.Unix(), b.End.Unix(), b.ScheduleID, b.Sequence, b.UpdatedAt.Unix(),
			b.ScheduleID, b.OfficialID, b.Start.Unix(), b.ID,
			b.ID, b.Sequence-1,
			b.ScheduleID, b.OfficialID, b.Start.Unix(), b.ID,
			b.ScheduleID, b.OfficialID, b.OfficialID, slotDay(b))
		if isUnique(err, "bookings_seat") {
			return &seatClash{errSlotFull()}
		} else if err != nil {
			return fmt.Errorf("postgres: move booking: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			var seq int
			var status string
			if err := tx.QueryRow(`SELECT sequence, status FROM bookings WHERE id = ?`, b.ID).Scan(&seq, &status); err != nil {
				return fmt.Errorf("postgres: move booking: %w", err)
			}
			if seq != b.Sequence-1 || !booking.Status(status).Allows(booking.ActMove) {
				return errChanged()
			}
			return whyNotBooked(tx, b)
		}
		return db.insertMessages(tx, b.ID, msgs)
	})
}

func errChanged() error {
	return booking.Errorf(booking.ECONFLICT, "err.the-booking-was-changed-just")
}

// UpdateStatus stores b's status while its stored status is one of from.
func (db *DB) UpdateStatus(ctx context.Context, b *booking.Booking, from []booking.Status, msgs []booking.Message, audit *booking.AuditEntry) error {
	return db.write(ctx, func(tx *txn) error {
		if err := db.updateStatus(tx, b, from); err != nil {
			return err
		}
		if err := insertAudit(tx, audit); err != nil {
			return err
		}
		return db.insertMessages(tx, b.ID, msgs)
	})
}

func (db *DB) updateStatus(tx *txn, b *booking.Booking, from []booking.Status) error {
	args := []any{b.Status, unixOrNil(b.ArrivedAt), unixOrNil(b.ReceivedAt), b.Sequence, b.UpdatedAt.Unix(),
		unixOrNil(b.HeldUntil), b.Status, b.ID}
	for _, s := range from {
		args = append(args, s)
	}
	res, err := tx.Exec(updateStatusQuery(len(from)), args...)
	if isUnique(err, "bookings_seat") {
		return errSlotFull() // reviving a booking whose seat was taken meanwhile
	} else if err != nil {
		return fmt.Errorf("postgres: update booking: %w", err)
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

func (db *DB) insertMessages(tx *txn, bookingID int64, msgs []booking.Message) error {
	for i := range msgs {
		m := &msgs[i]
		m.BookingID = bookingID
		if m.Key == "" {
			m.Key = booking.NewMessageKey()
		}
		id, _, err := tx.insertID(insertMessage, bookingID, m.Kind, m.Sequence, m.SlotStart.Unix(), m.Note, m.DueAt.Unix(), m.CreatedAt.Unix(), m.Pass, m.Key)
		if err != nil {
			return fmt.Errorf("postgres: outbox: %w", err)
		}
		m.ID = id
	}
	return nil
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

func (db *DB) bookingWhere(ctx context.Context, where string, arg any) (*booking.Booking, error) {
	b, err := scanBooking(db.queryRow(ctx, `SELECT `+bookingColumns+bookingFrom+`WHERE `+where, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound(booking.T("err.there-is-no-such-booking"))
	} else if err != nil {
		return nil, fmt.Errorf("postgres: booking: %w", err)
	}
	return &b, nil
}

// BookingByToken returns the booking with the manage token.
func (db *DB) BookingByToken(ctx context.Context, token string) (*booking.Booking, error) {
	return db.bookingWhere(ctx, `b.token = ?`, token)
}

// BookingByReference returns the booking with the reference.
func (db *DB) BookingByReference(ctx context.Context, ref string) (*booking.Booking, error) {
	return db.bookingWhere(ctx, `b.reference = ?`, ref)
}

// BookingByIdempotencyKey returns the booking made with the key.
func (db *DB) BookingByIdempotencyKey(ctx context.Context, key string) (*booking.Booking, error) {
	return db.bookingWhere(ctx, `b.idempotency_key = ?`, key)
}

// BookingByHoldHash returns the pending booking with the hold's code hash.
func (db *DB) BookingByHoldHash(ctx context.Context, hash string) (*booking.Booking, error) {
	return db.bookingWhere(ctx, `b.hold_hash = ? AND b.status = 'pending'`, hash)
}

// Bookings returns the bookings the filter selects, by slot start.
func (db *DB) Bookings(ctx context.Context, f booking.BookingFilter) ([]booking.Booking, error) {
	return queryBookings(ctx, cachedReader{db}, f)
}

// cachedReader runs queries on the read pool through its prepared
// statements: planning a query over a large table costs more than running
// it for a day's bookings. The filters make a handful of distinct queries.
type cachedReader struct{ db *DB }

func (r cachedReader) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return r.db.query(ctx, query, args...)
}

type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func queryBookings(ctx context.Context, q querier, f booking.BookingFilter) ([]booking.Booking, error) {
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
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("postgres: bookings: %w", err)
	}
	return collect(rows, "bookings", scanBooking)
}

// SlotUsage counts active bookings per slot start in [from, to).
func (db *DB) SlotUsage(ctx context.Context, officialID int64, from, to time.Time) (map[int64]int, error) {
	rows, err := db.query(ctx, `SELECT starts_at, COUNT(*) FROM bookings
		WHERE official_id = ? AND starts_at >= ? AND starts_at < ? AND `+seatTaken+` GROUP BY starts_at`,
		officialID, from.Unix(), to.Unix())
	if err != nil {
		return nil, fmt.Errorf("postgres: slot usage: %w", err)
	}
	defer rows.Close()
	usage := map[int64]int{}
	for rows.Next() {
		var start int64
		var n int
		if err := rows.Scan(&start, &n); err != nil {
			return nil, fmt.Errorf("postgres: slot usage: %w", err)
		}
		usage[start] = n
	}
	return usage, rows.Err()
}

// Messages returns the outbox messages of a booking, oldest first.
func (db *DB) Messages(ctx context.Context, bookingID int64) ([]booking.Message, error) {
	rows, err := db.query(ctx, `SELECT `+messageColumns+` FROM outbox WHERE booking_id = ? ORDER BY id`, bookingID)
	if err != nil {
		return nil, fmt.Errorf("postgres: messages: %w", err)
	}
	return collect(rows, "messages", scanMessage)
}

func sortMessages(list []booking.Message) {
	slices.SortFunc(list, func(a, b booking.Message) int {
		if c := a.DueAt.Compare(b.DueAt); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
}
