package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/calendar"
)

const complaintColumns = `c.id, c.number, c.text, c.email, c.language, COALESCE(c.booking_id, 0), COALESCE(b.reference, ''),
	COALESCE(c.official_id, 0), c.created_at, c.due_at, c.answer, c.answered_at, COALESCE(c.answered_by, 0), c.answered_name`

const complaintFrom = ` FROM complaints c LEFT JOIN bookings b ON b.id = c.booking_id `

func scanComplaint(row scanner) (booking.Complaint, error) {
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
func (db *DB) CreateComplaint(ctx context.Context, c *booking.Complaint, msg booking.Message) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		year := calendar.DateOf(c.CreatedAt).Year
		var n int
		if err := tx.QueryRow(`SELECT COUNT(*) FROM complaints WHERE number LIKE ?`, fmt.Sprintf("%d-%%", year)).Scan(&n); err != nil {
			return fmt.Errorf("sqlite: number complaint: %w", err)
		}
		c.Number = fmt.Sprintf("%d-%05d", year, n+1)
		res, err := tx.Exec(`INSERT INTO complaints (number, text, email, language, booking_id, official_id, created_at, due_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, c.Number, c.Text, c.Email, c.Language, nullID(c.BookingID), nullID(c.OfficialID),
			c.CreatedAt.Unix(), c.DueAt.Unix())
		if err != nil {
			return fmt.Errorf("sqlite: file complaint: %w", err)
		}
		if c.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		return insertComplaintMessage(tx, c.ID, &msg)
	})
}

func insertComplaintMessage(tx *sql.Tx, id int64, m *booking.Message) error {
	m.ComplaintID = id
	if m.Key == "" {
		m.Key = booking.NewMessageKey()
	}
	res, err := tx.Exec(`INSERT INTO outbox (complaint_id, kind, sequence, slot_start, note, due_at, created_at, message_key)
		VALUES (?, ?, 0, 0, '', ?, ?, ?)`, id, m.Kind, m.DueAt.Unix(), m.CreatedAt.Unix(), m.Key)
	if err != nil {
		return fmt.Errorf("sqlite: outbox: %w", err)
	}
	m.ID, err = res.LastInsertId()
	return err
}

// Complaint returns a complaint by its row id.
func (db *DB) Complaint(ctx context.Context, id int64) (*booking.Complaint, error) {
	c, err := scanComplaint(db.queryRow(ctx, `SELECT `+complaintColumns+complaintFrom+`WHERE c.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound(booking.T("text.there-is-no-such-complaint"))
	} else if err != nil {
		return nil, fmt.Errorf("sqlite: complaint: %w", err)
	}
	return &c, nil
}

// Complaints lists the register by due date, open ones first.
func (db *DB) Complaints(ctx context.Context, officials []int64) ([]booking.Complaint, error) {
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
	rows, err := db.query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: complaints: %w", err)
	}
	return collect(rows, "complaints", scanComplaint)
}

// AnswerComplaint stores the answer while the complaint is open.
func (db *DB) AnswerComplaint(ctx context.Context, c *booking.Complaint, msg booking.Message, audit *booking.AuditEntry) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.Exec(`UPDATE complaints SET answer = ?, answered_at = ?, answered_by = ?, answered_name = ?
			WHERE id = ? AND answered_at IS NULL`, c.Answer, c.AnsweredAt.Unix(), nullID(c.AnsweredBy), c.AnsweredName, c.ID)
		if err != nil {
			return fmt.Errorf("sqlite: answer complaint: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return booking.Errorf(booking.ECONFLICT, "err.the-complaint-has-already-been")
		}
		if err := insertAudit(tx, audit); err != nil {
			return err
		}
		return insertComplaintMessage(tx, c.ID, &msg)
	})
}

// ComplaintMonths counts complaints per month (Sofia) of receipt.
func (db *DB) ComplaintMonths(ctx context.Context, from, to time.Time) ([]booking.ComplaintMonth, error) {
	rows, err := db.query(ctx, `SELECT created_at, due_at, answered_at FROM complaints WHERE created_at >= ? AND created_at < ? ORDER BY created_at`,
		from.Unix(), to.Unix())
	if err != nil {
		return nil, fmt.Errorf("sqlite: complaint months: %w", err)
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
func (db *DB) AnonymiseComplaints(ctx context.Context, answeredBefore, at time.Time) (int, error) {
	return db.sweep(ctx, func(tx *sql.Tx, limit int) (int, error) {
		const batch = `id IN (SELECT id FROM complaints WHERE answered_at < ? AND anonymised_at IS NULL LIMIT ?)`
		if _, err := tx.Exec(`UPDATE outbox SET status = 'skipped' WHERE status IN ('pending', 'sending')
			AND complaint_id IN (SELECT id FROM complaints WHERE `+batch+`)`, answeredBefore.Unix(), limit); err != nil {
			return 0, fmt.Errorf("sqlite: erase complaints: %w", err)
		}
		res, err := tx.Exec(`UPDATE complaints SET text = '', email = '', answer = '', anonymised_at = ? WHERE `+batch,
			at.Unix(), answeredBefore.Unix(), limit)
		if err != nil {
			return 0, fmt.Errorf("sqlite: erase complaints: %w", err)
		}
		n, err := res.RowsAffected()
		return int(n), err
	})
}

// EraseComplaint erases one complaint's personal data.
func (db *DB) EraseComplaint(ctx context.Context, id int64, at time.Time, audit *booking.AuditEntry) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.Exec(`UPDATE outbox SET status = 'skipped' WHERE status IN ('pending', 'sending') AND complaint_id = ?`, id); err != nil {
			return fmt.Errorf("sqlite: erase complaint: %w", err)
		}
		res, err := tx.Exec(`UPDATE complaints SET text = '', email = '', answer = '', anonymised_at = ? WHERE id = ?`, at.Unix(), id)
		if err != nil {
			return fmt.Errorf("sqlite: erase complaint: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound(booking.T("text.there-is-no-such-complaint"))
		}
		return insertAudit(tx, audit)
	})
}
