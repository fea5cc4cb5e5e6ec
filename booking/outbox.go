package booking

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/priemna/priemna/calendar"
)

// MessageKind names a notification the outbox will send.
type MessageKind string

const (
	MessageHold            MessageKind = "hold"              // held: confirm through the link by HeldUntil
	MessageConfirmation    MessageKind = "confirmation"      // booked: invitation (METHOD:REQUEST)
	MessageChange          MessageKind = "change"            // moved: updated invitation
	MessageHandOver        MessageKind = "handover"          // another official receives at the same time and place: updated invitation
	MessageCancellation    MessageKind = "cancellation"      // cancelled: METHOD:CANCEL
	MessageSessionCanceled MessageKind = "session_cancelled" // the office cancelled the reception day
	MessageNoShow          MessageKind = "no_show"           // marked as not having come
	MessageReminder        MessageKind = "reminder"          // before the meeting; only if still valid when due
	MessageFeedback        MessageKind = "feedback"          // after the visit: how did it go?
	MessageSignInAlert     MessageKind = "signin_alert"      // to a staff member: an address was locked out of their account
	MessageWaitJoined      MessageKind = "waitlist_joined"   // on the waiting list: place, days, leave link (no booking)
	MessageOffer           MessageKind = "waitlist_offer"    // a freed seat held for a waiting citizen: take or decline by HeldUntil
	MessageComplaintFiled  MessageKind = "complaint_filed"   // registered: number and due date (no booking)
	MessageComplaintAnswer MessageKind = "complaint_answer"  // the administration's answer (no booking)
	MessageLinks           MessageKind = "links"             // the manage links of a citizen's coming bookings (Note: their ids)
)

// MessageStatus is where a message is in its delivery.
type MessageStatus string

const (
	MessagePending MessageStatus = "pending"
	MessageSent    MessageStatus = "sent"
	MessageSkipped MessageStatus = "skipped" // no longer true when due, e.g. a reminder of a moved booking
	MessageDead    MessageStatus = "dead"    // given up after too many attempts; shown to staff
)

// Message is a notification intent, written to the outbox in the same
// transaction as the booking change it reports, so none is lost.
type Message struct {
	ID int64
	// Key is the message's random 128-bit identity, set when it is stored:
	// its Message-ID, the same across retries and unique across databases.
	Key       string
	BookingID int64
	// WaitlistID is the waiting-list entry a letter without a booking
	// speaks of (BookingID 0).
	WaitlistID int64
	// ComplaintID is the complaint a letter without a booking answers.
	ComplaintID int64
	// UserID is the staff member a letter about their own account goes
	// to (BookingID 0).
	UserID    int64
	Kind      MessageKind
	Sequence  int       // the booking's SEQUENCE the message speaks of
	SlotStart time.Time // the slot it speaks of (the old one for a cancellation)
	DueAt     time.Time
	Note      string // e.g. the reason a reception day was cancelled
	CreatedAt time.Time

	Status    MessageStatus
	Attempts  int
	LastError string
	SentAt    time.Time

	// Pass is the secret a link in the letter carries: a priority
	// rebooking pass (issued beside it, see Notice), a hold's confirmation
	// code, a waiting-list entry's or an offer's link; empty for most
	// messages.
	Pass string
}

// MailQueue is the outbox as the mail worker's queue. Messages of one
// booking are claimed in the order they were written: a later message
// waits while an earlier one that is due is unsent.
type MailQueue interface {
	// ClaimMessages leases up to limit due messages until until and returns
	// them; a lease that ran out (a worker that died) is claimed again.
	ClaimMessages(ctx context.Context, now, until time.Time, limit int) ([]Message, error)
	// FinishMessages records claimed messages as sent or skipped, all in
	// one write; one no longer claimed (its lease ran out) is left as is.
	FinishMessages(ctx context.Context, done []Finished) error
	// RetryMessage records a failed attempt: pending again from retryAt,
	// or dead.
	RetryMessage(ctx context.Context, id int64, attempts int, retryAt time.Time, lastErr string, dead bool) error
	// ReleaseMessage gives a claimed message back untried.
	ReleaseMessage(ctx context.Context, id int64) error
}

// LetterStore looks up what a letter speaks of, to write it.
type LetterStore interface {
	BookingByID(ctx context.Context, id int64) (*Booking, error)
	// WaitEntryByID returns a waiting-list entry, for letters that speak
	// of one; ENOTFOUND otherwise.
	WaitEntryByID(ctx context.Context, id int64) (*WaitEntry, error)
	// Complaint returns a complaint, for letters that speak of one.
	Complaint(ctx context.Context, id int64) (*Complaint, error)
	OfficialByID(ctx context.Context, id int64) (*Official, error)
	UnitByID(ctx context.Context, id int64) (*Unit, error)
	// UserByID returns a staff member, for a letter about their account.
	UserByID(ctx context.Context, id int64) (*User, error)
	ScheduleByID(ctx context.Context, id int64) (*Schedule, error)
}

// Finished is a claimed message that was sent or skipped, at At.
type Finished struct {
	ID     int64
	Status MessageStatus
	At     time.Time
}

// Reminder says when a reminder goes out for a meeting: Before it, or at
// a clock time (minutes after midnight, Sofia) on its day.
type Reminder struct {
	Before  time.Duration
	AtClock int
	IsClock bool
}

// DefaultReminders: 24 hours before, and at 08:00 on the day.
var DefaultReminders = []Reminder{{Before: 24 * time.Hour}, {AtClock: 8 * 60, IsClock: true}}

// ParseReminders reads a list such as "24h,08:00": durations before the
// meeting, or clock times on its day.
func ParseReminders(s string) ([]Reminder, error) {
	var list []Reminder
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		if h, m, ok := strings.Cut(part, ":"); ok {
			hh, err1 := strconv.Atoi(h)
			mm, err2 := strconv.Atoi(m)
			if err1 != nil || err2 != nil || hh < 0 || hh > 23 || mm < 0 || mm > 59 {
				return nil, fmt.Errorf("reminder %q: not a time of day HH:MM", part)
			}
			list = append(list, Reminder{AtClock: hh*60 + mm, IsClock: true})
			continue
		}
		d, err := time.ParseDuration(part)
		if err != nil || d <= 0 {
			return nil, fmt.Errorf("reminder %q: not a duration such as 24h or a time such as 08:00", part)
		}
		list = append(list, Reminder{Before: d})
	}
	return list, nil
}

// due returns when the reminder goes out for a meeting at start.
func (r Reminder) due(start time.Time) time.Time {
	if !r.IsClock {
		return start.Add(-r.Before)
	}
	y, m, d := start.In(calendar.Sofia).Date()
	return time.Date(y, m, d, r.AtClock/60, r.AtClock%60, 0, 0, calendar.Sofia)
}

// reminders returns the reminder messages of a booking that are still in
// the future and before the meeting.
func (s *Service) reminders(b *Booking) []Message {
	var msgs []Message
	now := s.now()
	for _, r := range s.Reminders {
		due := r.due(b.Start)
		if !due.After(now) || !due.Before(b.Start) {
			continue
		}
		m := s.message(b, MessageReminder, "")
		m.DueAt = due.UTC()
		msgs = append(msgs, m)
	}
	return msgs
}

func (s *Service) message(b *Booking, kind MessageKind, note string) Message {
	now := s.now()
	return Message{BookingID: b.ID, Kind: kind, Sequence: b.Sequence, SlotStart: b.Start, DueAt: now, Note: note, CreatedAt: now}
}
