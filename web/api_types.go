package web

import (
	"github.com/priemna/priemna/booking"
)

// The JSON API's answers, named once, as /api/openapi.yaml describes them
// (its components/schemas, and the answers it writes inline), most beside
// the function that fills it from the domain (to…); the few a handler fills
// itself say where. A field's JSON name here is the public contract; change it together with
// the document. (The small envelopes and status answers — a day sheet's
// {bookings,date,official}, {"status":"erased"} — stay maps in their
// handlers: a map writes its keys sorted, a struct in its own order.)

// Units and officials: the schemas Unit, Official, OfficialInput and
// Schedule.

type unitJSON struct {
	Slug      string `json:"slug"`
	Name      string `json:"name"`
	NameEN    string `json:"name_en"`
	Kind      string `json:"kind"`
	Address   string `json:"address"`
	AddressEN string `json:"address_en"`
	Phone     string `json:"phone"`
	Email     string `json:"email"`
}

func toUnit(u booking.Unit) unitJSON {
	return unitJSON{u.Slug, u.Name, u.NameEN, u.Kind, u.Address, u.AddressEN, u.Phone, u.Email}
}

// officialInputJSON is an official as staff write it (POST
// /api/v1/officials) and as the API gives it back.
type officialInputJSON struct {
	Slug    string `json:"slug"`
	Name    string `json:"name"`
	NameEN  string `json:"name_en"`
	Title   string `json:"title"`
	TitleEN string `json:"title_en"`
	Unit    string `json:"unit"`
	Email   string `json:"email"`
	Phone   string `json:"phone"`
	// HoldMinutes > 0: a booking is pending that long, until the citizen
	// confirms it through the link sent by email.
	HoldMinutes int `json:"hold_minutes"`
}

type officialJSON struct {
	officialInputJSON
	Schedules []scheduleJSON `json:"schedules,omitempty"`
}

func toOfficial(o booking.Official) officialJSON {
	return officialJSON{officialInputJSON: officialInputJSON{Slug: o.Slug, Name: o.Name, NameEN: o.NameEN,
		Title: o.Title, TitleEN: o.TitleEN, Unit: o.UnitSlug, Email: o.Email, Phone: o.Phone, HoldMinutes: o.HoldMinutes}}
}

type scheduleJSON struct {
	ID                 int64  `json:"id"`
	Rule               string `json:"rule"`
	DurationMinutes    int    `json:"duration_minutes"`
	SlotMinutes        int    `json:"slot_minutes"`
	Capacity           int    `json:"capacity"`
	Location           string `json:"location"`
	LocationEN         string `json:"location_en"`
	AccessNote         string `json:"access_note"`
	AccessNoteEN       string `json:"access_note_en"`
	StepFree           bool   `json:"step_free"`
	BookingOpensDays   int    `json:"booking_opens_days"`
	BookingClosesHours int    `json:"booking_closes_hours"`
	ObserveHolidays    bool   `json:"observe_holidays"`
	Active             bool   `json:"active"`
}

func toSchedule(s booking.Schedule) scheduleJSON {
	return scheduleJSON{s.ID, s.Rule, s.DurationMinutes, s.SlotMinutes, s.Capacity, s.Location, s.LocationEN, s.Access, s.AccessEN, s.StepFree,
		s.BookingOpensDays, s.BookingClosesHours, s.ObserveHolidays, s.Active}
}

// newScheduleJSON is a schedule just created, with the warnings about its
// rule (the schema Schedule's warnings); createSchedule fills it.
type newScheduleJSON struct {
	scheduleJSON
	Warnings []string `json:"warnings,omitempty"`
}

// Bookings: the schemas Accessibility, BookingInput and Booking.

type accessibilityJSON struct {
	Needs []booking.Need `json:"needs"`
	Note  string         `json:"note"`
}

func (a accessibilityJSON) domain() booking.Accessibility {
	return booking.Accessibility{Needs: a.Needs, Note: a.Note}
}

// citizenJSON is who a booking or a place on the waiting list is for: the
// same fields in what the API takes (a booking, a place on the waiting
// list) and in the booking it gives back.
type citizenJSON struct {
	Name          string            `json:"name"`
	Email         string            `json:"email"`
	Phone         string            `json:"phone"`
	Topic         string            `json:"topic"`
	Accessibility accessibilityJSON `json:"accessibility"`
	Language      string            `json:"language"`
}

// domain is the citizen as the API was given them.
func (c citizenJSON) domain() booking.Citizen {
	return booking.Citizen{Name: c.Name, Email: c.Email, Phone: c.Phone, Topic: c.Topic, Accessibility: c.Accessibility.domain(),
		Language: c.Language}
}

// toCitizen is the citizen as the API gives them back: no needs is [],
// never null.
func toCitizen(c booking.Citizen) citizenJSON {
	needs := c.Accessibility.Needs
	if needs == nil {
		needs = []booking.Need{}
	}
	return citizenJSON{Name: c.Name, Email: c.Email, Phone: c.Phone, Topic: c.Topic,
		Accessibility: accessibilityJSON{Needs: needs, Note: c.Accessibility.Note}, Language: c.Language}
}

type bookingJSON struct {
	Reference string         `json:"reference"`
	Token     string         `json:"token,omitempty"`
	Status    booking.Status `json:"status"`
	Start     string         `json:"start"`
	End       string         `json:"end"`
	ManageURL string         `json:"manage_url,omitempty"`
	ICSURL    string         `json:"ics_url,omitempty"`
	Official  string         `json:"official"`
	citizenJSON
	Sequence  int    `json:"sequence"`
	ArrivedAt string `json:"arrived_at,omitempty"`
	HeldUntil string `json:"held_until,omitempty"`
}

// toBooking renders a booking; withSecret adds the token and the links
// that carry it, for the citizen's own eyes only.
func (s *Server) toBooking(b *booking.Booking, withSecret bool) bookingJSON {
	out := bookingJSON{
		Reference: b.Reference, Status: b.Status, Start: localTime(b.Start), End: localTime(b.End),
		Official: b.OfficialSlug, Sequence: b.Sequence, citizenJSON: toCitizen(b.Citizen),
	}
	if !b.ArrivedAt.IsZero() {
		out.ArrivedAt = localTime(b.ArrivedAt)
	}
	if b.Status == booking.StatusPending {
		out.HeldUntil = localTime(b.HeldUntil)
	}
	if withSecret {
		out.Token = b.Token
		out.ManageURL = s.manageURL(b)
		out.ICSURL = out.ManageURL + ".ics"
	}
	return out
}

// letterJSON is a letter sent or due about a booking, in its citizen's
// download of their data (GET /bookings/{token}/data.json).
type letterJSON struct {
	Kind   string `json:"kind"`
	Status string `json:"status"`
	Due    string `json:"due"`
}

func toLetter(m booking.Message) letterJSON {
	return letterJSON{string(m.Kind), string(m.Status), localTime(m.DueAt)}
}

// bookingDataJSON is everything stored about a booking, for its citizen
// to download; myData fills it.
type bookingDataJSON struct {
	Booking  bookingJSON   `json:"booking"`
	Letters  []letterJSON  `json:"letters"`
	Feedback *feedbackJSON `json:"feedback"` // null until the citizen rates the visit
}

// feedbackJSON is the citizen's rating of the visit, with their comment.
type feedbackJSON struct {
	Comment string `json:"comment"`
	Rating  int    `json:"rating"`
}

// The waiting list: the schema WaitEntry, and an offer of a freed seat.

type waitEntryJSON struct {
	ID         int64    `json:"id,omitempty"`
	Official   string   `json:"official"`
	Place      int      `json:"place"`
	Status     string   `json:"status"`
	Days       []int    `json:"days"`
	From       string   `json:"from"`
	To         string   `json:"to"`
	OfferStart string   `json:"offer_start,omitempty"`
	Name       string   `json:"name,omitempty"`
	Email      string   `json:"email,omitempty"`
	Phone      string   `json:"phone,omitempty"`
	Topic      string   `json:"topic,omitempty"`
	Needs      []string `json:"needs,omitempty"`
	Token      string   `json:"token,omitempty"`
	ManageURL  string   `json:"manage_url,omitempty"`
}

// toWaitEntry describes an entry; staff see the citizen's details.
func toWaitEntry(e *booking.WaitEntry, forStaff bool) waitEntryJSON {
	j := waitEntryJSON{Official: e.OfficialSlug, Place: e.Place, Status: string(e.Status), Days: []int{},
		From: e.From.String(), To: e.To.String()}
	for d := 1; d <= 7; d++ {
		if e.Weekdays&(1<<uint(d%7)) != 0 {
			j.Days = append(j.Days, d)
		}
	}
	if !e.OfferFrom.IsZero() {
		j.OfferStart = localTime(e.OfferFrom)
	}
	if forStaff {
		j.ID, j.Name, j.Email, j.Phone, j.Topic = e.ID, e.Name, e.Email, e.Phone, e.Topic
		for _, n := range e.Accessibility.Needs {
			j.Needs = append(j.Needs, string(n))
		}
	}
	return j
}

// offerJSON is a seat offered from the waiting list (GET
// /api/v1/waitlist/offers/{code}); the handler offerJSON fills it.
type offerJSON struct {
	Official  string `json:"official"`
	Start     string `json:"start"`
	End       string `json:"end"`
	HeldUntil string `json:"held_until"`
}

// Complaints: the schema Complaint, and the open data of
// GET /api/v1/statistics/complaints.

type complaintJSON struct {
	ID         int64  `json:"id,omitempty"`
	Number     string `json:"number"`
	Filed      string `json:"filed"`
	Due        string `json:"due"`
	Overdue    bool   `json:"overdue"`
	Reference  string `json:"reference,omitempty"`
	Text       string `json:"text,omitempty"`
	Email      string `json:"email,omitempty"`
	Answer     string `json:"answer,omitempty"`
	AnsweredAt string `json:"answered_at,omitempty"`
	AnsweredBy string `json:"answered_by,omitempty"`
}

func (s *Server) toComplaint(c *booking.Complaint, forStaff bool) complaintJSON {
	j := complaintJSON{Number: c.Number, Filed: localTime(c.CreatedAt), Due: localTime(c.DueAt), Overdue: c.Overdue(s.cfg.Bookings.Clock()),
		Reference: c.Reference}
	if forStaff {
		j.ID, j.Text, j.Email, j.Answer, j.AnsweredBy = c.ID, c.Text, c.Email, c.Answer, c.AnsweredName
		if !c.AnsweredAt.IsZero() {
			j.AnsweredAt = localTime(c.AnsweredAt)
		}
	}
	return j
}

// complaintMonthJSON is a month of the complaints' open data.
type complaintMonthJSON struct {
	Month         string  `json:"month"`
	Received      int     `json:"received"`
	AnsweredIn30  int     `json:"answered_within_30_days"`
	ShareAnswered float64 `json:"share_answered_within_30_days"`
}

func toComplaintMonth(m booking.ComplaintMonth) complaintMonthJSON {
	return complaintMonthJSON{m.Month, m.Received, m.InTime, float64(m.InTime) / float64(max(m.Received, 1))}
}

// The open data of GET /api/v1/statistics: a month of one official's
// figures, or of all.

// monthStatsJSON is a month of the open data.
type monthStatsJSON struct {
	Month         string  `json:"month"`
	Bookings      int     `json:"bookings"`
	Cancelled     int     `json:"cancelled"`
	Attended      int     `json:"attended"`
	Late          int     `json:"late"`
	NoShows       int     `json:"no_shows"`
	NoShowPercent float64 `json:"no_show_percent"`
	Ratings       int     `json:"ratings"`
	AverageRating float64 `json:"average_rating"`
	Received      int     `json:"received"`
	AverageWait   float64 `json:"average_wait_minutes"`
	waitJSON
}

// toMonthStats puts a month's figures and its waiting list's together.
func toMonthStats(m booking.MonthStats, wait []booking.WaitMonth) monthStatsJSON {
	return monthStatsJSON{m.Month, m.Bookings, m.Cancelled, m.Attended, m.Late, m.NoShows, m.NoShowPercent, m.Ratings, m.AverageRating,
		m.Received, m.AverageWait, toWaitJSON(wait, m.Month)}
}

// waitJSON is the waiting list's part of a month of open data.
type waitJSON struct {
	Joined  int `json:"waitlist_joined"`
	Offers  int `json:"waitlist_offers_made"`
	Taken   int `json:"waitlist_offers_taken"`
	Waiting int `json:"waitlist_waiting_at_month_end"`
}

func toWaitJSON(months []booking.WaitMonth, month string) waitJSON {
	for _, m := range months {
		if m.Month == month {
			return waitJSON{m.Joined, m.Offers, m.Taken, m.Waiting}
		}
	}
	return waitJSON{}
}

// Staff answers: the audit log and the undelivered mail.

// auditEntryJSON is a staff action in GET /api/v1/staff/audit.
type auditEntryJSON struct {
	At     string `json:"at"`
	User   string `json:"user"`
	Action string `json:"action"`
	Object string `json:"object"`
}

func toAuditEntry(e booking.AuditEntry) auditEntryJSON {
	return auditEntryJSON{localTime(e.At), e.UserEmail, e.Action, e.Object}
}

// messageJSON is a letter the worker gave up on, in
// GET /api/v1/staff/outbox/dead; deadList fills it.
type messageJSON struct {
	ID        int64  `json:"id"`
	Kind      string `json:"kind"`
	Booking   string `json:"booking"`
	Attempts  int    `json:"attempts"`
	LastError string `json:"last_error"`
	DueAt     string `json:"due_at"`
}
