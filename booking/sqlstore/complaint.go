package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/calendar"
)

const complaintColumns = `c.id, c.number, c.text, c.email, c.language, COALESCE(c.booking_id, 0), COALESCE(b.reference, ''),
	COALESCE(c.official_id, 0), c.created_at, c.due_at, c.answer, c.answered_at, COALESCE(c.answered_by, 0), c.answered_name`

const complaintFrom = ` FROM complaints c LEFT JOIN bookings b ON b.id = c.booking_id `

func scanComplaint(row Scanner) (booking.Complaint, error) {
	var c booking.Complaint
	var created, due int64
	var answered sql.NullInt64
	err := row.Scan(&c.ID, &c.Number, &c.Text, &c.Email, &c.Language, &c.BookingID, &c.Reference, &c.OfficialID,
		&created, &due, &c.Answer, &answered, &c.AnsweredBy, &c.AnsweredName)
	c.CreatedAt, c.DueAt = fromUnix(created), fromUnix(due)
	if answered.Valid {
		c.AnsweredAt = fromUnix(answered.Int64)
	}
	return c, err
}

// CreateComplaint numbers the complaint within its year (the single writer
// makes the count and the insert one step) and stores it with its letter.
func (s *Store) CreateComplaint(ctx context.Context, c *booking.Complaint, msg booking.Message) error {
	return s.write(ctx, func(tx Tx) error {
		year := calendar.DateOf(c.CreatedAt).Year
		if err := s.b.Lock(tx, "complaint-numbers"); err != nil {
			return err
		}
		var n int
		if err := tx.QueryRow(`SELECT COUNT(*) FROM complaints WHERE number LIKE ?`, fmt.Sprintf("%d-%%", year)).Scan(&n); err != nil {
			return s.fail("number complaint", err)
		}
		c.Number = fmt.Sprintf("%d-%05d", year, n+1)
		id, _, err := tx.InsertID(`INSERT INTO complaints (number, text, email, language, booking_id, official_id, created_at, due_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, c.Number, c.Text, c.Email, c.Language, nullID(c.BookingID), nullID(c.OfficialID),
			c.CreatedAt.Unix(), c.DueAt.Unix())
		if err != nil {
			return s.fail("file complaint", err)
		}
		c.ID = id
		return s.insertComplaintMessage(tx, c.ID, &msg)
	})
}

func (s *Store) insertComplaintMessage(tx Tx, id int64, m *booking.Message) error {
	m.ComplaintID = id
	return s.insertLetter(tx, m, `INSERT INTO outbox (complaint_id, kind, sequence, slot_start, note, due_at, created_at, message_key)
		VALUES (?, ?, 0, 0, '', ?, ?, ?)`, id, m.Kind, m.DueAt.Unix(), m.CreatedAt.Unix())
}

// Complaint returns a complaint by its row id.
func (s *Store) Complaint(ctx context.Context, id int64) (*booking.Complaint, error) {
	return queryOne(ctx, s, "complaint", notFound(booking.T("text.there-is-no-such-complaint")), scanComplaint,
		`SELECT `+complaintColumns+complaintFrom+`WHERE c.id = ?`, id)
}

// Complaints lists the register by due date, open ones first.
func (s *Store) Complaints(ctx context.Context, officials []int64) ([]booking.Complaint, error) {
	query := `SELECT ` + complaintColumns + complaintFrom
	var args []any
	if officials != nil {
		if len(officials) == 0 {
			return nil, nil
		}
		query += `WHERE c.official_id IN (` + placeholders(len(officials)) + `) `
		for _, id := range officials {
			args = append(args, id)
		}
	}
	query += `ORDER BY c.answered_at IS NOT NULL, c.due_at, c.id`
	return queryAll(ctx, s, "complaints", scanComplaint, query, args...)
}

// AnswerComplaint stores the answer while the complaint is open.
func (s *Store) AnswerComplaint(ctx context.Context, c *booking.Complaint, msg booking.Message, audit *booking.AuditEntry) error {
	return s.write(ctx, func(tx Tx) error {
		res, err := tx.Exec(`UPDATE complaints SET answer = ?, answered_at = ?, answered_by = ?, answered_name = ?
			WHERE id = ? AND answered_at IS NULL`, c.Answer, c.AnsweredAt.Unix(), nullID(c.AnsweredBy), c.AnsweredName, c.ID)
		if err != nil {
			return s.fail("answer complaint", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return booking.Errorf(booking.ECONFLICT, "err.the-complaint-has-already-been")
		}
		if err := s.insertAudit(tx, audit); err != nil {
			return err
		}
		return s.insertComplaintMessage(tx, c.ID, &msg)
	})
}

// ComplaintMonths counts complaints per month (Sofia) of receipt.
func (s *Store) ComplaintMonths(ctx context.Context, from, to time.Time) ([]booking.ComplaintMonth, error) {
	rows, err := s.query(ctx, `SELECT created_at, due_at, answered_at FROM complaints WHERE created_at >= ? AND created_at < ? ORDER BY created_at`,
		from.Unix(), to.Unix())
	if err != nil {
		return nil, s.fail("complaint months", err)
	}
	defer rows.Close()
	var out []booking.ComplaintMonth
	for rows.Next() {
		var created, due int64
		var answered sql.NullInt64
		if err := rows.Scan(&created, &due, &answered); err != nil {
			return nil, err
		}
		month := fromUnix(created).In(calendar.Sofia).Format("2006-01")
		if len(out) == 0 || out[len(out)-1].Month != month {
			out = append(out, booking.ComplaintMonth{Month: month})
		}
		m := &out[len(out)-1]
		m.Received++
		if answered.Valid && answered.Int64 <= due {
			m.InTime++
		}
	}
	return out, rows.Err()
}

// AnonymiseComplaints erases the personal data of complaints answered
// before the instant, and drops their unsent letters.
func (s *Store) AnonymiseComplaints(ctx context.Context, answeredBefore, at time.Time) (int, error) {
	return s.b.Sweep(ctx, nil, func(tx Tx, limit int) (int, error) {
		const batch = `id IN (SELECT id FROM complaints WHERE answered_at < ? AND anonymised_at IS NULL LIMIT ?)`
		if _, err := tx.Exec(`UPDATE outbox SET status = 'skipped' WHERE status IN ('pending', 'sending')
			AND complaint_id IN (SELECT id FROM complaints WHERE `+batch+`)`, answeredBefore.Unix(), limit); err != nil {
			return 0, s.fail("erase complaints", err)
		}
		res, err := tx.Exec(`UPDATE complaints SET text = '', email = '', answer = '', anonymised_at = ? WHERE `+batch,
			at.Unix(), answeredBefore.Unix(), limit)
		if err != nil {
			return 0, s.fail("erase complaints", err)
		}
		n, err := res.RowsAffected()
		return int(n), err
	})
}

// EraseComplaint erases one complaint's personal data.
func (s *Store) EraseComplaint(ctx context.Context, id int64, at time.Time, audit *booking.AuditEntry) error {
	return s.write(ctx, func(tx Tx) error {
		if _, err := tx.Exec(`UPDATE outbox SET status = 'skipped' WHERE status IN ('pending', 'sending') AND complaint_id = ?`, id); err != nil {
			return s.fail("erase complaint", err)
		}
		res, err := tx.Exec(`UPDATE complaints SET text = '', email = '', answer = '', anonymised_at = ? WHERE id = ?`, at.Unix(), id)
		if err != nil {
			return s.fail("erase complaint", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound(booking.T("text.there-is-no-such-complaint"))
		}
		return s.insertAudit(tx, audit)
	})
}
