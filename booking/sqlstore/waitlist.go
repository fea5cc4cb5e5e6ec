package sqlstore

import (
	"context"
	"fmt"
	"time"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/calendar"
)

// waitColumns: the entry, its place among the official's waiting entries,
// and the slot of its open offer (0 when none).
var waitColumns = `e.id, e.official_id, o.slug, ` + citizenColumns("e") + `,
	e.weekdays, e.from_date, e.to_date, e.status, COALESCE(e.booking_id, 0), e.created_at, e.updated_at,
	CASE WHEN e.status = 'waiting' THEN (SELECT COUNT(*) FROM waitlist w
		WHERE w.official_id = e.official_id AND w.status = 'waiting' AND w.id <= e.id) ELSE 0 END,
	COALESCE((SELECT f.starts_at FROM waitlist_offers f WHERE f.entry_id = e.id AND f.outcome IS NULL), 0)`

const waitFrom = ` FROM waitlist e JOIN officials o ON o.id = e.official_id `

func scanWaitEntry(row Scanner) (booking.WaitEntry, error) {
	var e booking.WaitEntry
	var from, to string
	var created, updated, offer int64
	dest := append([]any{&e.ID, &e.OfficialID, &e.OfficialSlug}, citizenDest(&e.Citizen)...)
	err := row.Scan(append(dest, &e.Weekdays, &from, &to, &e.Status, &e.BookingID, &created, &updated, &e.Place, &offer)...)
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
	return e, nil
}

func errEntryNotFound() error {
	return notFound(booking.T("text.there-is-no-such-waiting"))
}

func errNotWaiting() error {
	return booking.Errorf(booking.ECONFLICT, "err.the-waiting-list-entry-has")
}

// CreateWaitEntry inserts a waiting entry and its letter.
func (s *Store) CreateWaitEntry(ctx context.Context, e *booking.WaitEntry, msg booking.Message, checkCaps func(perOfficial, overall int) error) error {
	return s.write(ctx, func(tx Tx) error {
		// The caps count the citizen's coming bookings in this transaction,
		// as for a booking.
		if err := s.checkCaps(tx, &booking.Booking{OfficialID: e.OfficialID, Email: e.Email, Phone: e.Phone, CreatedAt: e.CreatedAt}, checkCaps); err != nil {
			return err
		}
		args := append([]any{e.OfficialID, e.TokenHash}, citizenArgs(&e.Citizen)...)
		id, _, err := tx.InsertID(`INSERT INTO waitlist (official_id, token_hash, `+citizenColumns("")+`, email_key,
			weekdays, from_date, to_date, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			append(args, booking.EmailKey(e.Email), e.Weekdays, e.From.String(), e.To.String(), e.Status, e.CreatedAt.Unix(), e.UpdatedAt.Unix())...)
		if err := s.inserted(err, "join waiting list", WaitlistOne, booking.Errorf(booking.ECONFLICT, "err.you-are-already-on-this")); err != nil {
			return err
		}
		e.ID = id
		return s.insertWaitMessage(tx, e.ID, &msg)
	})
}

func (s *Store) insertWaitMessage(tx Tx, entryID int64, m *booking.Message) error {
	m.WaitlistID = entryID
	return s.insertLetter(tx, m, `INSERT INTO outbox (waitlist_id, kind, sequence, slot_start, note, due_at, created_at, pass, message_key)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, entryID, m.Kind, m.Sequence, m.SlotStart.Unix(), m.Note, m.DueAt.Unix(), m.CreatedAt.Unix(), m.Pass)
}

func (s *Store) waitEntryWhere(ctx context.Context, where string, arg any) (*booking.WaitEntry, error) {
	return queryOne(ctx, s, "waiting entry", errEntryNotFound(), scanWaitEntry, `SELECT `+waitColumns+waitFrom+`WHERE `+where, arg)
}

// WaitEntryByToken returns the entry whose link secret hashes to hash.
func (s *Store) WaitEntryByToken(ctx context.Context, hash string) (*booking.WaitEntry, error) {
	return s.waitEntryWhere(ctx, `e.token_hash = ?`, hash)
}

// WaitEntryByID returns an entry by its row id.
func (s *Store) WaitEntryByID(ctx context.Context, id int64) (*booking.WaitEntry, error) {
	return s.waitEntryWhere(ctx, `e.id = ?`, id)
}

// WaitingList returns the official's waiting entries, first come first.
func (s *Store) WaitingList(ctx context.Context, officialID int64) ([]booking.WaitEntry, error) {
	return queryAll(ctx, s, "waiting list", scanWaitEntry, `SELECT `+waitColumns+waitFrom+`WHERE e.official_id = ? AND e.status = 'waiting' ORDER BY e.id`, officialID)
}

// endEntry ends a waiting entry; its link stops working.
func (s *Store) endEntry(tx Tx, id int64, status booking.WaitStatus, bookingID any, at int64) error {
	res, err := tx.Exec(`UPDATE waitlist SET status = ?, booking_id = ?, token_hash = NULL, updated_at = ? WHERE id = ? AND status = 'waiting'`,
		status, bookingID, at, id)
	if err != nil {
		return s.fail("end waiting entry", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errNotWaiting()
	}
	return nil
}

// LeaveWaitlist ends an entry as left, erases its details and withdraws
// its open offer.
func (s *Store) LeaveWaitlist(ctx context.Context, entryID int64, at time.Time) (*booking.Booking, error) {
	var freed *booking.Booking
	err := s.write(ctx, func(tx Tx) error {
		freed = nil
		seats, err := s.withdrawOffers(tx, `id = ?`, []any{entryID}, at)
		if err != nil {
			return err
		}
		if len(seats) > 0 {
			freed = &seats[0] // an entry holds one offer at a time
		}
		if err := s.endEntry(tx, entryID, booking.WaitLeft, nil, at.Unix()); err != nil {
			return err
		}
		_, err = s.eraseEntries(tx, `id = ?`, []any{entryID}, at)
		return err
	})
	return freed, err
}

// withdrawOffers withdraws the open offers of the entries where says and
// cancels the seats they held: the seats freed, for the next in line.
func (s *Store) withdrawOffers(tx Tx, where string, args []any, at time.Time) ([]booking.Booking, error) {
	open := `outcome IS NULL AND entry_id IN (SELECT id FROM waitlist WHERE ` + where + `)`
	rows, err := tx.Query(`SELECT booking_id FROM waitlist_offers WHERE `+open, args...)
	if err != nil {
		return nil, s.fail("withdraw offers", err)
	}
	held, err := collect(s, rows, "withdraw offers", scanID)
	if err != nil {
		return nil, err
	}
	// Cancelling a held seat withdraws its offer too (a trigger); this
	// withdraws an offer whatever became of its seat.
	if _, err := tx.Exec(`UPDATE waitlist_offers SET outcome = 'withdrawn', answered_at = ?, code_hash = NULL WHERE `+open,
		append([]any{at.Unix()}, args...)...); err != nil {
		return nil, s.fail("withdraw offers", err)
	}
	var freed []booking.Booking
	for _, id := range held {
		res, err := tx.Exec(`UPDATE bookings SET status = 'cancelled', updated_at = ? WHERE id = ? AND status = 'pending'`, at.Unix(), id)
		if err != nil {
			return nil, s.fail("withdraw offers", err)
		}
		if n, _ := res.RowsAffected(); n > 0 {
			b, err := scanBooking(tx.QueryRow(`SELECT `+bookingColumns+bookingFrom+`WHERE b.id = ?`, id))
			if err != nil {
				return nil, s.fail("withdraw offers", err)
			}
			freed = append(freed, b)
		}
	}
	return freed, nil
}

// eraseEntries erases the personal data of the entries where says, and
// drops their unsent letters; it returns how many entries it erased.
func (s *Store) eraseEntries(tx Tx, where string, args []any, at time.Time) (int, error) {
	if _, err := tx.Exec(`UPDATE outbox SET status = 'skipped', pass = '' WHERE status IN ('pending', 'sending')
		AND waitlist_id IN (SELECT id FROM waitlist WHERE `+where+`)`, args...); err != nil {
		return 0, s.fail("erase waiting entries", err)
	}
	res, err := tx.Exec(`UPDATE waitlist SET name = '', email = '', email_key = '', phone = '', topic = '', needs = '', needs_note = '',
		token_hash = NULL, anonymised_at = ? WHERE `+where, append([]any{at.Unix()}, args...)...)
	if err != nil {
		return 0, s.fail("erase waiting entries", err)
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// EndWaitEntry ends a waiting entry with the status.
func (s *Store) EndWaitEntry(ctx context.Context, entryID int64, status booking.WaitStatus, bookingID int64, at time.Time) error {
	return s.write(ctx, func(tx Tx) error {
		return s.endEntry(tx, entryID, status, nullID(bookingID), at.Unix())
	})
}

// LapseWaitEntries ends the entries whose dates have passed.
func (s *Store) LapseWaitEntries(ctx context.Context, day calendar.Date, at time.Time) (int, error) {
	return s.b.Sweep(ctx, nil, func(tx Tx, limit int) (int, error) {
		res, err := tx.Exec(`UPDATE waitlist SET status = 'lapsed', token_hash = NULL, updated_at = ?
			WHERE id IN (SELECT id FROM waitlist WHERE status = 'waiting' AND to_date < ?
			AND NOT EXISTS (SELECT 1 FROM waitlist_offers f WHERE f.entry_id = waitlist.id AND f.outcome IS NULL) LIMIT ?)`,
			at.Unix(), day.String(), limit)
		if err != nil {
			return 0, s.fail("lapse waiting entries", err)
		}
		n, err := res.RowsAffected()
		return int(n), err
	})
}

// WaitingOfficials returns the officials with waiting entries.
func (s *Store) WaitingOfficials(ctx context.Context) ([]int64, error) {
	return queryAll(ctx, s, "waiting officials", scanID, `SELECT DISTINCT official_id FROM waitlist WHERE status = 'waiting' ORDER BY official_id`)
}

// AnonymiseWaitEntries erases the details of entries that ended before.
func (s *Store) AnonymiseWaitEntries(ctx context.Context, endedBefore, at time.Time) (int, error) {
	return s.b.Sweep(ctx, nil, func(tx Tx, limit int) (int, error) {
		const where = `id IN (SELECT id FROM waitlist WHERE status <> 'waiting' AND anonymised_at IS NULL AND updated_at < ? LIMIT ?)`
		return s.eraseEntries(tx, where, []any{endedBefore.Unix(), limit}, at)
	})
}

// WaitStatRows returns the entries and offers the statistics count.
func (s *Store) WaitStatRows(ctx context.Context, officialID int64, from, to time.Time) ([]booking.WaitRow, []booking.OfferRow, error) {
	entries, err := queryAll(ctx, s, "waiting-list statistics", func(r Scanner) (w booking.WaitRow, err error) {
		var joined, ended int64
		err = r.Scan(&joined, &ended)
		w.Joined = fromUnix(joined)
		if ended != 0 {
			w.Ended = fromUnix(ended)
		}
		return w, err
	}, `SELECT created_at, CASE WHEN status = 'waiting' THEN 0 ELSE updated_at END FROM waitlist
		WHERE (? = 0 OR official_id = ?) AND created_at < ? AND (status = 'waiting' OR updated_at >= ?)`,
		officialID, officialID, to.Unix(), from.Unix())
	if err != nil {
		return nil, nil, err
	}
	offers, err := queryAll(ctx, s, "waiting-list statistics", func(r Scanner) (o booking.OfferRow, err error) {
		var made int64
		err = r.Scan(&made, &o.Taken)
		o.Made = fromUnix(made)
		return o, err
	}, `SELECT f.created_at, f.outcome IS NOT DISTINCT FROM 'taken' FROM waitlist_offers f JOIN waitlist e ON e.id = f.entry_id
		WHERE (? = 0 OR e.official_id = ?) AND f.created_at >= ? AND f.created_at < ?`, officialID, officialID, from.Unix(), to.Unix())
	if err != nil {
		return nil, nil, err
	}
	return entries, offers, nil
}

// EraseWaitEntries ends and erases every waiting entry with the email.
func (s *Store) EraseWaitEntries(ctx context.Context, email string, at time.Time, audit *booking.AuditEntry) ([]booking.Booking, int, error) {
	var freed []booking.Booking
	var n int
	err := s.write(ctx, func(tx Tx) error {
		freed, n = nil, 0
		key := booking.EmailKey(email)
		var err error
		if freed, err = s.withdrawOffers(tx, `email_key = ?`, []any{key}, at); err != nil {
			return err
		}
		if _, err := tx.Exec(`UPDATE waitlist SET status = 'left', token_hash = NULL, updated_at = ? WHERE email_key = ? AND status = 'waiting'`,
			at.Unix(), key); err != nil {
			return s.fail("erase waiting entries", err)
		}
		if n, err = s.eraseEntries(tx, `email_key = ?`, []any{key}, at); err != nil {
			return err
		}
		if audit == nil {
			return nil
		}
		// A copy: PostgreSQL runs this function again on a retry.
		e := *audit
		e.Object = fmt.Sprintf("%s: %d", audit.Object, n)
		return s.insertAudit(tx, &e)
	})
	return freed, n, err
}
