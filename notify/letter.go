// Package notify delivers the outbox: a Worker claims due messages, renders
// them in the booking's language as plain text and HTML with an iCalendar
// invitation or cancellation, sends them through go-mail (or writes .eml
// files), and retries with backoff. It imports booking and calendar.
package notify

import (
	"fmt"
	"strings"
	"time"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/booking/i18n"
	"github.com/priemna/priemna/calendar"
)

// Input is everything a message is rendered from.
type Input struct {
	Message  booking.Message
	Booking  *booking.Booking
	Official *booking.Official
	Unit     *booking.Unit
	Schedule *booking.Schedule // the room; nil when it is gone
	// Entry is the waiting-list entry a letter without a booking speaks
	// of; Booking then only names its citizen.
	Entry *booking.WaitEntry
	// Complaint is the complaint a letter without a booking speaks of;
	// Booking then only names its citizen, and there is no Official.
	Complaint *booking.Complaint
	// Linked are the coming bookings a links letter carries.
	Linked []Linked
}

// Linked is one coming booking of a links letter, with its official.
type Linked struct {
	Booking  *booking.Booking
	Official *booking.Official
}

// Letter is the content of one message, independent of its format.
type Letter struct {
	Lang     string
	Subject  string
	Greeting string
	Lead     []string    // paragraphs
	Details  [][2]string // label, value
	Actions  []Link
	Closing  []string
	Method   calendar.Method // "" when no calendar is attached
	Event    calendar.Event
	QR       string // a reference to attach as a QR code; "" for none
}

// Link is a call to action.
type Link struct {
	Label, URL string
}

// qrLine tells the citizen what the attached QR code is for (a catalogue
// key).
const qrLine = "mail.when-you-arrive-show-the"

// compose builds the letter for a message.
func (r *Renderer) compose(in Input) (*Letter, error) {
	switch {
	case in.Complaint != nil:
		return r.composeComplaint(in)
	case in.Message.Kind == booking.MessageSignInAlert:
		return r.composeSignInAlert(in), nil
	case in.Entry != nil:
		return r.composeWaitJoined(in)
	case in.Message.Kind == booking.MessageLinks:
		return r.composeLinks(in), nil
	}
	b, o, m := in.Booking, in.Official, in.Message
	lang := i18n.Norm(b.Language)
	start := m.SlotStart
	end := start.Add(b.End.Sub(b.Start))
	name := pick(lang, o.Name, o.NameEN)
	who := name + ", " + pick(lang, o.Title, o.TitleEN)
	when := i18n.FormatDateTime(start, lang)
	onWhen := i18n.FormatOnDateTime(start, lang) // "във вторник, …", "on Tuesday …"
	manage := r.BaseURL + "/bookings/" + b.Token
	l := &Letter{Lang: lang, Greeting: tr(lang, "mail.dear", b.Name)}

	place := booking.Place(in.Schedule, in.Unit, lang)
	access := "mail.the-room-cannot-be-reached"
	if in.Schedule != nil && in.Schedule.StepFree {
		access = "mail.the-room-can-be-reached"
	}
	details := [][2]string{
		{tr(lang, "desk-label"), b.Reference},
		{tr(lang, "when"), when},
		{tr(lang, "mail.place"), place},
		{tr(lang, "mail.access"), strings.TrimSpace(tr(lang, access) + " " + booking.AccessNote(in.Schedule, lang))},
		{tr(lang, "with"), who},
		{tr(lang, "matter"), b.Topic},
	}
	// What the office arranges, and apart from it what the citizen said in
	// their own words: the office does not promise the latter.
	if len(b.Accessibility.Needs) > 0 {
		var words []string
		for _, n := range b.Accessibility.Needs {
			words = append(words, booking.NeedWords[n].In(lang))
		}
		details = append(details, [2]string{tr(lang, "arranged"), strings.Join(words, "; ")})
	}
	if b.Accessibility.Note != "" {
		details = append(details, [2]string{tr(lang, "your-note"), b.Accessibility.Note})
	}
	contact := o.Phone
	if o.Email != "" {
		contact = strings.TrimPrefix(contact+", "+o.Email, ", ")
	}
	details = append(details, [2]string{tr(lang, "mail.contact-the-office"), contact})
	manageLinks := []Link{
		{tr(lang, "mail.view-move-or-cancel"), manage},
		{tr(lang, "mail.add-to-calendar-ics"), manage + ".ics"},
	}
	rebook := Link{tr(lang, "mail.book-another-day"), r.BaseURL + "/officials/" + o.Slug}
	if m.Pass != "" {
		// With the pass, the citizen may book before the window opens.
		rebook = Link{tr(lang, "mail.book-another-day-with-priority"),
			r.BaseURL + "/officials/" + o.Slug + "?priority=" + m.Pass}
	}

	// The letter speaks of the booking as the message found it; its method
	// (REQUEST or CANCEL) says whether the meeting stands.
	l.Event = b.Event(booking.EventDetails{Official: o, Unit: in.Unit, Schedule: in.Schedule, ManageURL: manage, Organizer: r.organizer()})
	l.Event.Sequence, l.Event.Start, l.Event.End = m.Sequence, start, end
	l.Event.Cancelled, l.Event.Tentative = false, false
	switch m.Kind {
	case booking.MessageHold:
		until := i18n.FormatDateTime(b.HeldUntil, lang)
		l.Subject = tr(lang, "mail.please-confirm-meeting-with-on", name, i18n.FormatOnDate(start, lang))
		l.Lead = []string{
			tr(lang, "mail.we-are-holding-a-slot", who, until),
			tr(lang, "mail.if-you-do-not-confirm"),
			strikesRule(lang),
		}
		l.Details = details[:3]
		l.Actions = []Link{{tr(lang, "confirm"), r.BaseURL + "/holds/" + m.Pass}}
	case booking.MessageOffer:
		until := i18n.FormatDateTime(b.HeldUntil, lang)
		l.Subject = tr(lang, "mail.a-slot-is-free-meeting", name, onWhen)
		l.Lead = []string{
			tr(lang, "mail.you-are-on-the-waiting", who, until),
			tr(lang, "mail.take-it-with-one-click"),
		}
		l.Details = append(details[:3:3], details[5])
		l.Actions = []Link{{tr(lang, "mail.take-or-decline-the-slot"), r.BaseURL + "/waitlist/offers/" + m.Pass}}
	case booking.MessageConfirmation:
		l.Subject = tr(lang, "mail.confirmed-meeting-with-on", name, i18n.FormatOnDate(start, lang))
		l.Lead = []string{tr(lang, "mail.you-are-booked-to-meet", who)}
		l.Details, l.Actions, l.Method, l.QR = details, manageLinks, calendar.MethodRequest, b.Reference
		l.Lead = append(l.Lead, tr(lang, qrLine))
	case booking.MessageChange:
		l.Subject = tr(lang, "mail.new-time-meeting-with-on", name, i18n.FormatOnDate(start, lang))
		l.Lead = []string{tr(lang, "mail.your-meeting-has-been-moved", when), tr(lang, qrLine)}
		l.Details, l.Actions, l.Method, l.QR = details, manageLinks, calendar.MethodRequest, b.Reference
	case booking.MessageHandOver:
		l.Subject = tr(lang, "mail.change-your-meeting-on-will", i18n.FormatOnDate(start, lang), name)
		l.Lead = []string{
			tr(lang, "mail.your-meeting-on-will-now", onWhen, who),
			tr(lang, "mail.reason", m.Note),
		}
		l.Details, l.Actions = details, manageLinks
		if b.Status != booking.StatusPending { // a hold has no invitation to update yet
			l.Method = calendar.MethodRequest
		}
	case booking.MessageCancellation:
		l.Subject = tr(lang, "mail.cancelled-meeting-with-on", name, i18n.FormatOnDate(start, lang))
		l.Lead = []string{tr(lang, "mail.your-booking-for-is-cancelled", when)}
		l.Details, l.Actions, l.Method = details[:3], []Link{rebook}, calendar.MethodCancel
	case booking.MessageSessionCanceled:
		l.Subject = tr(lang, "mail.the-reception-day-of-is", i18n.FormatOnDate(start, lang))
		l.Lead = []string{
			tr(lang, "mail.we-are-sorry-the-reception",
				i18n.FormatOnDate(start, lang), i18n.FormatTime(start, lang)),
			tr(lang, "mail.reason", m.Note),
			tr(lang, "mail.you-can-book-another-day", o.Phone),
		}
		l.Details, l.Actions, l.Method = details[:3], []Link{rebook}, calendar.MethodCancel
	case booking.MessageReminder:
		l.Subject = tr(lang, "mail.reminder-meeting-with", name, when)
		l.Lead = []string{tr(lang, "mail.this-is-a-reminder-of", onWhen)}
		l.Details, l.Actions = details, manageLinks
	case booking.MessageNoShow:
		l.Subject = tr(lang, "mail.missed-meeting-with", name)
		l.Lead, l.Actions = noShowLead(lang, onWhen, booking.ParseNoShowNote(m.Note), o.Phone, rebook, manage+"/contest",
			i18n.FormatDate(booking.ContestUntil(start).Start(), lang))
		l.Details = details[:3]
	case booking.MessageFeedback:
		l.Subject = tr(lang, "mail.how-was-your-meeting-with", name)
		l.Lead = []string{tr(lang, "mail.thank-you-for-coming-it")}
		l.Details, l.Actions = details[:3], []Link{{tr(lang, "mail.rate-the-meeting"), manage + "/feedback"}}
	default:
		return nil, fmt.Errorf("notify: unknown message kind %q", m.Kind)
	}
	l.Closing = []string{
		tr(lang, "mail.this-message-was-sent-automatically", o.Phone),
	}
	return l, nil
}

// noShowLead tells a citizen of a missed meeting honestly what follows:
// when it paused online booking, until when and how to book meanwhile (no
// "book again", which would fail); otherwise how to book again and when
// missed meetings pause it. Either way, how to contest a wrong mark, and
// until when (booking.ContestDays after the meeting).
func noShowLead(lang, when string, note booking.NoShowNote, officePhone string, rebook Link, contestURL, contestUntil string) ([]string, []Link) {
	centre := note.ContactCentre
	if centre == "" {
		centre = officePhone
	}
	missed := sentence(tr(lang, "mail.no-show.missed", when))
	contest := Link{tr(lang, "mail.no-show.contest-link"), contestURL}
	contestText := tr(lang, "mail.no-show.contest-text")
	by := tr(lang, "mail.no-show.contest-until", contestUntil)
	if note.PausedUntil.IsZero() {
		return []string{missed + " " + tr(lang, "mail.no-show.book-again"), strikesRule(lang), contestText + " " + by}, []Link{rebook, contest}
	}
	until := i18n.FormatDate(note.PausedUntil.Start(), lang)
	return []string{missed, tr(lang, "mail.no-show.paused", until), tr(lang, "mail.no-show.centre", centre),
		contestText + " " + tr(lang, "mail.no-show.lifted") + " " + by}, []Link{contest}
}

// sentence ends a sentence with a full stop, unless it already ends with
// one ("14:00 ч.").
func sentence(s string) string {
	if strings.HasSuffix(s, ".") {
		return s
	}
	return s + "."
}

// strikesRule says which missed meetings can pause online booking: only
// those of bookings confirmed through a link mailed to the address, or
// made by staff — so nobody can be blocked by a stranger using their
// address.
func strikesRule(lang string) string {
	return tr(lang, "mail.missed-meetings-pause-online-booking")
}

// tr is the catalogue's message key in the letter's language.
func tr(lang, key string, args ...any) string { return i18n.T(lang, key, args...) }

func pick(lang, bg, en string) string { return i18n.Pick(lang, bg, en) }

// composeWaitJoined is the letter to a citizen who joined a waiting list:
// which days they wait for, and the link to their place in the list, from
// which they can leave it.
func (r *Renderer) composeWaitJoined(in Input) (*Letter, error) {
	e, o := in.Entry, in.Official
	lang := i18n.Norm(e.Language)
	if in.Message.Kind != booking.MessageWaitJoined {
		return nil, fmt.Errorf("notify: unknown waiting-list message kind %q", in.Message.Kind)
	}
	who := pick(lang, o.Name, o.NameEN) + ", " + pick(lang, o.Title, o.TitleEN)
	l := &Letter{Lang: lang, Greeting: tr(lang, "mail.dear", defang(e.Name))}
	l.Subject = tr(lang, "mail.you-are-on-the-waiting-2", pick(lang, o.Name, o.NameEN))
	l.Lead = []string{
		tr(lang, "mail.we-have-put-you-on", who),
		tr(lang, "mail.we-hold-an-offered-slot"),
	}
	days := tr(lang, "mail.from-to", i18n.FormatDate(e.From.Start(), lang), i18n.FormatDate(e.To.Start(), lang))
	if wd := weekdayNames(e.Weekdays, lang); wd != "" {
		days += "; " + wd
	}
	l.Details = [][2]string{
		{tr(lang, "with"), who},
		{tr(lang, "mail.days"), days},
		{tr(lang, "matter"), defang(e.Topic)},
	}
	l.Actions = []Link{{tr(lang, "mail.my-place-in-the-list"), r.BaseURL + "/waitlist/" + in.Message.Pass}}
	l.Closing = []string{
		tr(lang, "mail.this-message-was-sent-automatically", o.Phone),
	}
	return l, nil
}

// weekdayNames lists the weekdays of a mask, Monday first; "" for any day.
func weekdayNames(mask uint8, lang string) string {
	var names []string
	for i := 1; i <= 7; i++ {
		if d := time.Weekday(i % 7); mask&(1<<uint(d)) != 0 {
			names = append(names, i18n.FormatWeekday(d, lang))
		}
	}
	return strings.Join(names, ", ")
}

// composeComplaint is the letter that registers a complaint (its number
// and the date the answer is due) or carries the answer.
func (r *Renderer) composeComplaint(in Input) (*Letter, error) {
	c := in.Complaint
	lang := i18n.Norm(c.Language)
	l := &Letter{Lang: lang, Greeting: tr(lang, "mail.hello")}
	details := [][2]string{
		{tr(lang, "complaint-number"), c.Number},
		{tr(lang, "mail.filed-on"), i18n.FormatDate(c.CreatedAt, lang)},
	}
	if c.Reference != "" {
		details = append(details, [2]string{tr(lang, "mail.booking"), c.Reference})
	}
	switch in.Message.Kind {
	case booking.MessageComplaintFiled:
		due := i18n.FormatDate(c.DueAt, lang)
		l.Subject = tr(lang, "mail.complaint-no-is-registered", c.Number)
		l.Lead = []string{
			tr(lang, "mail.thank-you-we-have-registered", c.Number, due),
			tr(lang, "mail.your-text", defang(c.Text)),
		}
		l.Details = append(details, [2]string{tr(lang, "mail.answer-due-by"), due})
	case booking.MessageComplaintAnswer:
		l.Subject = tr(lang, "mail.answer-to-complaint-no", c.Number)
		l.Lead = []string{
			tr(lang, "mail.this-is-our-answer-to", c.Number),
			c.Answer,
		}
		l.Details = append(details, [2]string{tr(lang, "mail.answered-by"), c.AnsweredName})
	default:
		return nil, fmt.Errorf("notify: unknown complaint message kind %q", in.Message.Kind)
	}
	l.Actions = []Link{{tr(lang, "complaints"), r.BaseURL + "/complaints"}}
	l.Closing = []string{tr(lang, "mail.this-message-was-sent-automatically-2")}
	return l, nil
}

// composeSignInAlert tells a staff member that wrong passwords locked an
// address out of their account, in Bulgarian and English (staff pages
// speak both); it names no address, since that is someone's personal data.
func (r *Renderer) composeSignInAlert(in Input) *Letter {
	// Every language of the catalogue, Bulgarian first; a line shared by
	// the languages joins them with " / ".
	var subject, action, closing []string
	l := &Letter{Lang: i18n.Default, Greeting: i18n.T(i18n.Default, "mail.dear", in.Booking.Name)}
	for _, lang := range i18n.Languages() {
		subject = append(subject, i18n.T(lang, "mail.signin-alert-subject"))
		action = append(action, i18n.T(lang, "mail.signin-alert-action"))
		closing = append(closing, i18n.T(lang, "mail.signin-alert-closing"))
		l.Lead = append(l.Lead,
			i18n.T(lang, "mail.signin-alert-what", i18n.FormatDateTime(in.Message.CreatedAt, lang), in.Message.Note),
			i18n.T(lang, "mail.signin-alert-todo"))
	}
	l.Subject = strings.Join(subject, " / ")
	l.Actions = []Link{{strings.Join(action, " / "), r.BaseURL + "/staff/login"}}
	l.Closing = []string{strings.Join(closing, " / ")}
	return l
}
