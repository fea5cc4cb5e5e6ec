package booking

import "time"

// MessageKind names a notification the outbox will send.
type MessageKind string

const (
	MessageConfirmation    MessageKind = "confirmation"      // booked: invitation (METHOD:REQUEST)
	MessageChange          MessageKind = "change"            // moved: updated invitation
	MessageCancellation    MessageKind = "cancellation"      // cancelled: METHOD:CANCEL
	MessageSessionCanceled MessageKind = "session_cancelled" // the office cancelled the reception day
	MessageNoShow          MessageKind = "no_show"           // marked as not having come
)

// Message is a notification intent, written to the outbox in the same
// transaction as the booking change it reports, so none is lost.
type Message struct {
	ID        int64
	BookingID int64
	Kind      MessageKind
	Sequence  int       // the booking's SEQUENCE the message speaks of
	SlotStart time.Time // the slot it speaks of (the old one for a cancellation)
	DueAt     time.Time
	Note      string // e.g. the reason a reception day was cancelled
	CreatedAt time.Time
}

func (s *Service) message(b *Booking, kind MessageKind, note string) Message {
	now := s.now()
	return Message{BookingID: b.ID, Kind: kind, Sequence: b.Sequence, SlotStart: b.Start, DueAt: now, Note: note, CreatedAt: now}
}
