package sqlstore

import (
	"database/sql"

	"github.com/priemna/priemna/booking"
)

// MessageColumns are the outbox columns ScanMessage reads.
const MessageColumns = `id, COALESCE(booking_id, 0), COALESCE(waitlist_id, 0), COALESCE(complaint_id, 0), kind, sequence, slot_start,
	note, due_at, created_at, status, attempts, last_error, sent_at, pass, COALESCE(message_key, ''), COALESCE(user_id, 0)`

const messageColumns = MessageColumns

// ScanMessage scans a letter of the outbox (MessageColumns).
func ScanMessage(row Scanner) (booking.Message, error) {
	var m booking.Message
	var slot, due, created int64
	var sent sql.NullInt64
	err := row.Scan(&m.ID, &m.BookingID, &m.WaitlistID, &m.ComplaintID, &m.Kind, &m.Sequence, &slot, &m.Note, &due, &created, &m.Status,
		&m.Attempts, &m.LastError, &sent, &m.Pass, &m.Key, &m.UserID)
	m.SlotStart, m.DueAt, m.CreatedAt = fromUnix(slot), fromUnix(due), fromUnix(created)
	if sent.Valid {
		m.SentAt = fromUnix(sent.Int64)
	}
	return m, err
}

var scanMessage = ScanMessage
