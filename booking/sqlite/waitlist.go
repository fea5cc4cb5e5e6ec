package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/calendar"
)

// waitColumns: the entry, its place among the official's waiting entries,
// and the slot of its open offer (0 when none).
const waitColumns = `e.id, e.official_id, o.slug, e.name, e.email, e.phone, e.topic, e.needs, e.needs_note, e.language,
	e.weekdays, e.from_date, e.to_date, e.status, COALESCE(e.booking_id, 0), e.created_at, e.updated_at,
	CASE WHEN e.status = 'waiting' THEN (SELECT COUNT(*) FROM waitlist w
		WHERE w.official_id = e.official_id AND w.status = 'waiting' AND w.id <= e.id) ELSE 0 END,
	COALESCE((SELECT f.starts_at FROM waitlist_offers f WHERE f.entry_id = e.id AND f.outcome IS NULL), 0)`

const waitFrom = ` FROM waitlist e JOIN officials o ON o.id = e.official_id `

func scanWaitEntry(row scanner) (booking.WaitEntry, error) {
	var e booking.WaitEntry
	var needs, from, to string
	var created, updated, offer int64
	err := row.Scan(&e.ID, &e.OfficialID, &e.OfficialSlug, &e.Name, &e.Email, &e.Phone, &e.Topic, &needs, &e.Accessibility.Note,
		&e.Language, &e.Weekdays, &from, &to, &e.Status, &e.BookingID, &created, &updated, &e.Place, &offer)
	if err != nil {
		return e, err
	}
	if e.From, err = calendar.ParseDate(from); err != nil {
		return e, err
	}
	if e.To, err = calendar.ParseDate(to); err != nil {
		return e, err
	}
	e.CreatedAt, e.UpdatedAt = fromUnix(created), fromUnix(updated)
	if offer != 0 {
		e.OfferFrom = fromUnix(offer)
	}
	if needs != "" {
		for _, n := range strings.Split(needs, ",") {
			e.Accessibility.Needs = append(e.Accessibility.Needs, booking.Need(n))
		}
	}
	return e, nil
}

func errEntryNotFound() error {
	return notFound(booking.T("text.there-is-no-such-waiting"))
}

func errNotWaiting() error {
	return booking.Errorf(booking.ECONFLICT, "err.the-waiting-list-entry-has")
}

// CreateWaitEntry inserts a waiting entry and its letter.
func (db *DB) CreateWaitEntry(ctx context.Context, e *booking.WaitEntry, msg booking.Message, checkCaps func(perOfficial, overall int) error) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		// The caps count the citizen's coming bookings in this transaction,
		// as for a booking.
		if err := db.checkCaps(tx, &booking.Booking{OfficialID: e.OfficialID, Email: e.Email, Phone: e.Phone, CreatedAt: e.CreatedAt}, checkCaps); err != nil {
			return err
		}
		res, err := tx.Exec(`INSERT INTO waitlist (official_id, token_hash, name, email, email_key, phone, topic, needs, needs_note, language,
			weekdays, from_date, to_date, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			e.OfficialID, e.TokenHash, e.Name, e.Email, booking.EmailKey(e.Email), e.Phone, e.Topic, joinNeeds(e.Accessibility.Needs),
			e.Accessibility.Note, e.Language, e.Weekdays, e.From.String(), e.To.String(), e.Status, e.CreatedAt.Unix(), e.UpdatedAt.Unix())
		if isUnique(err, "waitlist.official_id") {
			return booking.Errorf(booking.ECONFLICT, "err.you-are-already-on-this")
		} else if err != nil {
			return fmt.Errorf("sqlite: join waiting list: %w", err)
		}
		if e.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		return insertWaitMessage(tx, e.ID, &msg)
	})
}

func insertWaitMessage(tx *sql.Tx, entryID int64, m *booking.Message) error {
	m.WaitlistID = entryID
	if m.Key == "" {
		m.Key = booking.NewMessageKey()
	}
	res, err := tx.Exec(`INSERT INTO outbox (waitlist_id, kind, sequence, slot_start, note, due_at, created_at, pass, message_key)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, entryID, m.Kind, m.Sequence, m.SlotStart.Unix(), m.Note, m.DueAt.Unix(), m.CreatedAt.Unix(), m.Pass, m.Key)
	if err != nil {
		return fmt.Errorf("sqlite: outbox: %w", err)
	}
	m.ID, err = res.LastInsertId()
	return err
}

func (db *DB) waitEntryWhere(ctx context.Context, where string, arg any) (*booking.WaitEntry, error) {
	e, err := scanWaitEntry(db.queryRow(ctx, `SELECT `+waitColumns+waitFrom+`WHERE `+where, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errEntryNotFound()
	} else if err != nil {
		return nil, fmt.Errorf("sqlite: waiting entry: %w", err)
	}
	return &e, nil
}

// WaitEntryByToken returns the entry whose link secret hashes to hash.
func (db *DB) WaitEntryByToken(ctx context.Context, hash string) (*booking.WaitEntry, error) {
	return db.waitEntryWhere(ctx, `e.token_hash = ?`, hash)
}

// WaitEntryByID returns an entry by its row id.
func (db *DB) WaitEntryByID(ctx context.Context, id int64) (*booking.WaitEntry, error) {
	return db.waitEntryWhere(ctx, `e.id = ?`, id)
}

// WaitingList returns the official's waiting entries, first come first.
func (db *DB) WaitingList(ctx context.Context, officialID int64) ([]booking.WaitEntry, error) {
	rows, err := db.query(ctx, `SELECT `+waitColumns+waitFrom+`WHERE e.official_id = ? AND e.status = 'waiting' ORDER BY e.id`, officialID)
	if err != nil {
		return nil, fmt.Errorf("sqlite: waiting list: %w", err)
	}
	return collect(rows, "waiting list", scanWaitEntry)
}

// endEntry ends a waiting entry; its link stops working.
func endEntry(tx *sql.Tx, id int64, status booking.WaitStatus, bookingID any, at int64) error {
	res, err := tx.Exec(`UPDATE waitlist SET status = ?, booking_id = ?, token_hash = NULL, updated_at = ? WHERE id = ? AND status = 'waiting'`,
		status, bookingID, at, id)
	if err != nil {
		return fmt.Errorf("sqlite: end waiting entry: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errNotWaiting()
	}
	return nil
}

// LeaveWaitlist ends an entry as left, erases its details and withdraws
// its open offer.
func (db *DB) LeaveWaitlist(ctx context.Context, entryID int64, at time.Time) (*booking.Booking, error) {
	var freed *booking.Booking
	err := db.write(ctx, func(tx *sql.Tx) error {
		freed = nil
		var offerID, bookingID int64
		err := tx.QueryRow(`SELECT id, booking_id FROM waitlist_offers WHERE entry_id = ? AND outcome IS NULL`, entryID).Scan(&offerID, &bookingID)
		switch {
		case err == nil:
			if _, err := tx.Exec(`UPDATE waitlist_offers SET outcome = 'withdrawn', answered_at = ?, code_hash = NULL WHERE id = ?`,
				at.Unix(), offerID); err != nil {
				return fmt.Errorf("sqlite: leave waiting list: %w", err)
			}
			res, err := tx.Exec(`UPDATE bookings SET status = 'cancelled', updated_at = ? WHERE id = ? AND status = 'pending'`, at.Unix(), bookingID)
			if err != nil {
				return fmt.Errorf("sqlite: leave waiting list: %w", err)
			}
			if n, _ := res.RowsAffected(); n > 0 {
				b, err := scanBooking(tx.QueryRow(`SELECT `+bookingColumns+bookingFrom+`WHERE b.id = ?`, bookingID))
				if err != nil {
					return fmt.Errorf("sqlite: leave waiting list: %w", err)
				}
				freed = &b
			}
		case !errors.Is(err, sql.ErrNoRows):
			return fmt.Errorf("sqlite: leave waiting list: %w", err)
		}
		if err := endEntry(tx, entryID, booking.WaitLeft, nil, at.Unix()); err != nil {
			return err
		}
		return eraseEntries(tx, `id = ?`, []any{entryID}, at)
	})
	return freed, err
}

// eraseEntries erases the personal data of the entries where says, and
// drops their unsent letters.
func eraseEntries(tx *sql.Tx, where string, args []any, at time.Time) error {
	if _, err := tx.Exec(`UPDATE outbox SET status = 'skipped', pass = '' WHERE status IN ('pending', 'sending')
		AND waitlist_id IN (SELECT id FROM waitlist WHERE `+where+`)`, args...); err != nil {
		return fmt.Errorf("sqlite: erase waiting entries: %w", err)
	}
	if _, err := tx.Exec(`UPDATE waitlist SET name = '', email = '', email_key = '', phone = '', topic = '', needs = '', needs_note = '',
		token_hash = NULL, anonymised_at = ? WHERE `+where, append([]any{at.Unix()}, args...)...); err != nil {
		return fmt.Errorf("sqlite: erase waiting entries: %w", err)
	}
	return nil
}

// EndWaitEntry ends a waiting entry with the status.
func (db *DB) EndWaitEntry(ctx context.Context, entryID int64, status booking.WaitStatus, bookingID int64, at time.Time) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		return endEntry(tx, entryID, status, nullID(bookingID), at.Unix())
	})
}

// LapseWaitEntries ends the entries whose dates have passed.
func (db *DB) LapseWaitEntries(ctx context.Context, day calendar.Date, at time.Time) (int, error) {
	return db.sweep(ctx, func(tx *sql.Tx, limit int) (int, error) {
		res, err := tx.Exec(`UPDATE waitlist SET status = 'lapsed', token_hash = NULL, updated_at = ?
			WHERE id IN (SELECT id FROM waitlist WHERE status = 'waiting' AND to_date < ?
			AND NOT EXISTS (SELECT 1 FROM waitlist_offers f WHERE f.entry_id = waitlist.id AND f.outcome IS NULL) LIMIT ?)`,
			at.Unix(), day.String(), limit)
		if err != nil {
			return 0, fmt.Errorf("sqlite: lapse waiting entries: %w", err)
		}
		n, err := res.RowsAffected()
		return int(n), err
	})
}

// WaitingOfficials returns the officials with waiting entries.
func (db *DB) WaitingOfficials(ctx context.Context) ([]int64, error) {
	rows, err := db.query(ctx, `SELECT DISTINCT official_id FROM waitlist WHERE status = 'waiting' ORDER BY official_id`)
	if err != nil {
		return nil, fmt.Errorf("sqlite: waiting officials: %w", err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// AnonymiseWaitEntries erases the details of entries that ended before.
func (db *DB) AnonymiseWaitEntries(ctx context.Context, endedBefore, at time.Time) (int, error) {
	return db.sweep(ctx, func(tx *sql.Tx, limit int) (int, error) {
		const where = `id IN (SELECT id FROM waitlist WHERE status <> 'waiting' AND anonymised_at IS NULL AND updated_at < ? LIMIT ?)`
		var n int
		if err := tx.QueryRow(`SELECT COUNT(*) FROM waitlist WHERE `+where, endedBefore.Unix(), limit).Scan(&n); err != nil {
			return 0, fmt.Errorf("sqlite: erase waiting entries: %w", err)
		}
		return n, eraseEntries(tx, where, []any{endedBefore.Unix(), limit}, at)
	})
}

// WaitStatRows returns the entries and offers the statistics count.
func (db *DB) WaitStatRows(ctx context.Context, officialID int64, from, to time.Time) ([]booking.WaitRow, []booking.OfferRow, error) {
	rows, err := db.query(ctx, `SELECT created_at, CASE WHEN status = 'waiting' THEN 0 ELSE updated_at END FROM waitlist
		WHERE (? = 0 OR official_id = ?) AND created_at < ? AND (status = 'waiting' OR updated_at >= ?)`,
		officialID, officialID, to.Unix(), from.Unix())
	if err != nil {
		return nil, nil, fmt.Errorf("sqlite: waiting-list statistics: %w", err)
	}
	defer rows.Close()
	var entries []booking.WaitRow
	for rows.Next() {
		var joined, ended int64
		if err := rows.Scan(&joined, &ended); err != nil {
			return nil, nil, err
		}
		r := booking.WaitRow{Joined: fromUnix(joined)}
		if ended != 0 {
			r.Ended = fromUnix(ended)
		}
		entries = append(entries, r)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	offerRows, err := db.query(ctx, `SELECT f.created_at, f.outcome IS 'taken' FROM waitlist_offers f JOIN waitlist e ON e.id = f.entry_id
		WHERE (? = 0 OR e.official_id = ?) AND f.created_at >= ? AND f.created_at < ?`, officialID, officialID, from.Unix(), to.Unix())
	if err != nil {
		return nil, nil, fmt.Errorf("sqlite: waiting-list statistics: %w", err)
	}
	defer offerRows.Close()
	var offers []booking.OfferRow
	for offerRows.Next() {
		var made int64
		var r booking.OfferRow
		if err := offerRows.Scan(&made, &r.Taken); err != nil {
			return nil, nil, err
		}
		r.Made = fromUnix(made)
		offers = append(offers, r)
	}
	return entries, offers, offerRows.Err()
}

// EraseWaitEntries ends and erases every waiting entry with the email.
func (db *DB) EraseWaitEntries(ctx context.Context, email string, at time.Time, audit *booking.AuditEntry) ([]booking.Booking, int, error) {
	var freed []booking.Booking
	var n int
	err := db.write(ctx, func(tx *sql.Tx) error {
		freed, n = nil, 0
		key := booking.EmailKey(email)
		rows, err := tx.Query(`SELECT f.booking_id FROM waitlist_offers f JOIN waitlist e ON e.id = f.entry_id
			WHERE e.email_key = ? AND f.outcome IS NULL`, key)
		if err != nil {
			return fmt.Errorf("sqlite: erase waiting entries: %w", err)
		}
		var held []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			held = append(held, id)
		}
		rows.Close()
		for _, id := range held {
			// The trigger withdraws the offer with its seat.
			res, err := tx.Exec(`UPDATE bookings SET status = 'cancelled', updated_at = ? WHERE id = ? AND status = 'pending'`, at.Unix(), id)
			if err != nil {
				return fmt.Errorf("sqlite: erase waiting entries: %w", err)
			}
			if k, _ := res.RowsAffected(); k > 0 {
				b, err := scanBooking(tx.QueryRow(`SELECT `+bookingColumns+bookingFrom+`WHERE b.id = ?`, id))
				if err != nil {
					return fmt.Errorf("sqlite: erase waiting entries: %w", err)
				}
				freed = append(freed, b)
			}
		}
		if _, err := tx.Exec(`UPDATE waitlist SET status = 'left', token_hash = NULL, updated_at = ? WHERE email_key = ? AND status = 'waiting'`,
			at.Unix(), key); err != nil {
			return fmt.Errorf("sqlite: erase waiting entries: %w", err)
		}
		if err := tx.QueryRow(`SELECT COUNT(*) FROM waitlist WHERE email_key = ?`, key).Scan(&n); err != nil {
			return err
		}
		if err := eraseEntries(tx, `email_key = ?`, []any{key}, at); err != nil {
			return err
		}
		if audit != nil {
			audit.Object = fmt.Sprintf("%s: %d", audit.Object, n)
		}
		return insertAudit(tx, audit)
	})
	return freed, n, err
}
