package booking

import (
	"context"
	"strings"
	"time"

	"github.com/priemna/priemna/booking/i18n"
	"github.com/priemna/priemna/calendar"
)

// The Charter's complaint register: anyone may file a complaint about the
// reception service ("Сигнали и жалби"), optionally about a booking; it gets
// a registration number and the date its answer is due, 30 days on, by
// letter. Staff answer in writing; the answer goes to the citizen by letter
// and the register keeps who answered and when.

// ComplaintDue is how long the administration has to answer a complaint.
const ComplaintDue = 30 * 24 * time.Hour

// MaxComplaint bounds a complaint's and an answer's text, in characters.
const MaxComplaint = 4000

// Complaint is an entry of the register.
type Complaint struct {
	ID           int64
	Number       string // registration number, e.g. 2026-00012
	Text         string
	Email        string
	Language     string
	BookingID    int64  // 0 unless filed from a booking
	Reference    string // that booking's reference
	OfficialID   int64  // that booking's official
	CreatedAt    time.Time
	DueAt        time.Time
	Answer       string
	AnsweredAt   time.Time // zero while open
	AnsweredBy   int64
	AnsweredName string
}

// Overdue reports whether the complaint is unanswered past its due date.
func (c *Complaint) Overdue(now time.Time) bool { return c.AnsweredAt.IsZero() && now.After(c.DueAt) }

// ComplaintMonth is the open data of one month: complaints received, and
// how many of them were answered within 30 days.
type ComplaintMonth struct {
	Month    string // YYYY-MM
	Received int
	InTime   int
}

// ComplaintStore keeps the register.
type ComplaintStore interface {
	// CreateComplaint numbers c within its year and stores it with its
	// letter, setting c.ID and c.Number.
	CreateComplaint(ctx context.Context, c *Complaint, msg Message) error
	Complaint(ctx context.Context, id int64) (*Complaint, error)
	// Complaints lists the register by due date: all of it, or (with
	// officials not nil) the complaints about those officials' bookings.
	Complaints(ctx context.Context, officials []int64) ([]Complaint, error)
	// AnswerComplaint stores the answer with its letter and the audit
	// entry, in one transaction; ECONFLICT when the complaint was answered
	// already.
	AnswerComplaint(ctx context.Context, c *Complaint, msg Message, audit *AuditEntry) error
	// ComplaintMonths counts the complaints received per month in [from, to).
	ComplaintMonths(ctx context.Context, from, to time.Time) ([]ComplaintMonth, error)
	// AnonymiseComplaints erases the text, email and answer of complaints
	// answered before the instant, keeping the figures; says how many.
	AnonymiseComplaints(ctx context.Context, answeredBefore, at time.Time) (int, error)
	// EraseComplaint erases one complaint's text, email and answer, with
	// the audit entry; the number, dates and who answered stay.
	EraseComplaint(ctx context.Context, id int64, at time.Time, audit *AuditEntry) error
}

// ComplaintRequest is what a citizen files.
type ComplaintRequest struct {
	Text     string
	Email    string
	Language string
	// BookingToken ties the complaint to a booking, through its manage link.
	BookingToken string
}

func errNoComplaints() error {
	return Errorf(ENOTFOUND, "err.the-complaint-register-is-not")
}

// FileComplaint registers a complaint and sends its number and due date by
// letter.
//
// EINVALID for bad fields (an unknown booking link included).
func (s *Service) FileComplaint(ctx context.Context, req ComplaintRequest) (*Complaint, error) {
	if s.store.Complaints == nil {
		return nil, errNoComplaints()
	}
	c := &Complaint{Text: strings.TrimSpace(req.Text), Email: strings.ToLower(strings.TrimSpace(req.Email)),
		Language: strings.TrimSpace(req.Language)}
	if c.Language == "" {
		c.Language = "bg"
	}
	f := FieldErrors{}
	checkText(f, "text", c.Text, 10, MaxComplaint, true,
		T("text.describe-your-complaint"))
	switch {
	case c.Email == "":
		f.Add("email", "err.enter-an-email-address-for")
	case !ValidEmail(c.Email):
		f.Add("email", "err.enter-an-email-address-like")
	}
	if !i18n.Supported(c.Language) {
		f.Add("language", "err.choose-bulgarian-or-english")
	}
	if req.BookingToken != "" {
		b, err := s.Booking(ctx, req.BookingToken)
		if ErrorCode(err) == ENOTFOUND {
			f.Add("booking", "err.there-is-no-such-booking")
		} else if err != nil {
			return nil, err
		} else {
			c.BookingID, c.Reference, c.OfficialID = b.ID, b.Reference, b.OfficialID
		}
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	now := s.now()
	c.CreatedAt, c.DueAt = now, now.Add(ComplaintDue)
	msg := Message{Kind: MessageComplaintFiled, DueAt: now, CreatedAt: now}
	if err := s.store.Complaints.CreateComplaint(ctx, c, msg); err != nil {
		return nil, err
	}
	s.changed()
	return c, nil
}

// Register lists the complaints a staff member may see, by due date:
// administrators all of them, assistants those about their officials'
// bookings.
func (s *Service) Register(ctx context.Context, by *User) ([]Complaint, error) {
	if s.store.Complaints == nil {
		return nil, nil
	}
	if by == nil {
		return nil, errNoAccess()
	}
	var officials []int64
	if by.Role != RoleAdmin {
		officials = append([]int64{}, by.OfficialIDs...)
	}
	return s.store.Complaints.Complaints(ctx, officials)
}

func errNoAccess() error {
	return Errorf(EFORBIDDEN, "err.you-do-not-have-access")
}

// ComplaintFor returns a complaint the staff member may see.
//
// ENOTFOUND; EFORBIDDEN for an assistant and a complaint not about their
// officials' bookings.
func (s *Service) ComplaintFor(ctx context.Context, id int64, by *User) (*Complaint, error) {
	if s.store.Complaints == nil {
		return nil, errNoComplaints()
	}
	c, err := s.store.Complaints.Complaint(ctx, id)
	if err != nil {
		return nil, err
	}
	if by == nil || (by.Role != RoleAdmin && (c.OfficialID == 0 || !by.CanManage(c.OfficialID))) {
		return nil, errNoAccess()
	}
	return c, nil
}

// AnswerComplaint records staff's written answer and sends it by letter.
//
// EINVALID for an empty or too long answer; ECONFLICT when answered
// already; and what ComplaintFor returns.
func (s *Service) AnswerComplaint(ctx context.Context, id int64, answer string, by *User) (*Complaint, error) {
	c, err := s.ComplaintFor(ctx, id, by)
	if err != nil {
		return nil, err
	}
	if !c.AnsweredAt.IsZero() {
		return nil, Errorf(ECONFLICT, "err.the-complaint-has-already-been")
	}
	f := FieldErrors{}
	answer = strings.TrimSpace(answer)
	checkText(f, "answer", answer, 10, MaxComplaint, true, T("text.write-the-answer"))
	if err := f.Err(); err != nil {
		return nil, err
	}
	now := s.now()
	c.Answer, c.AnsweredAt, c.AnsweredBy, c.AnsweredName = answer, now, by.ID, by.Name
	msg := Message{Kind: MessageComplaintAnswer, DueAt: now, CreatedAt: now}
	if err := s.store.Complaints.AnswerComplaint(ctx, c, msg, s.auditOf(by, "complaint.answer", c.Number)); err != nil {
		return nil, err
	}
	s.changed()
	return c, nil
}

// ComplaintStats is the open data of the register: complaints received per
// month and the share answered within 30 days, over the months [from, to].
func (s *Service) ComplaintStats(ctx context.Context, from, to calendar.Date) ([]ComplaintMonth, error) {
	if s.store.Complaints == nil {
		return nil, nil
	}
	start := calendar.Date{Year: from.Year, Month: from.Month, Day: 1}
	end := calendar.Date{Year: to.Year, Month: to.Month, Day: 1}.Start().AddDate(0, 1, 0)
	return s.store.Complaints.ComplaintMonths(ctx, start.Start(), end)
}

// ApplyComplaintRetention erases the personal data of complaints answered
// more than the retention period ago; the figures stay.
func (s *Service) ApplyComplaintRetention(ctx context.Context, retention time.Duration) (int, error) {
	if s.store.Complaints == nil || retention <= 0 {
		return 0, nil
	}
	return s.store.Complaints.AnonymiseComplaints(ctx, s.now().Add(-retention), s.now())
}

// EraseComplaint erases a complaint's personal data at the citizen's
// request; its number and dates stay in the register and the figures.
//
// ENOTFOUND; EFORBIDDEN as ComplaintFor.
func (s *Service) EraseComplaint(ctx context.Context, by *User, id int64) error {
	c, err := s.ComplaintFor(ctx, id, by)
	if err != nil {
		return err
	}
	return s.store.Complaints.EraseComplaint(ctx, c.ID, s.now(), s.auditOf(by, "complaint.erase", c.Number))
}
