// Package notify delivers the outbox: a Worker claims due messages, renders
// them in the booking's language as plain text and HTML with an iCalendar
// invitation or cancellation, sends them through go-mail (or writes .eml
// files), and retries with backoff. It imports booking and calendar.
package notify

import (
	"fmt"
	"strings"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/calendar"
)

// Input is everything a message is rendered from.
type Input struct {
	Message  booking.Message
	Booking  *booking.Booking
	Official *booking.Official
	Unit     *booking.Unit
	Schedule *booking.Schedule // the room; nil when it is gone
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
}

// Link is a call to action.
type Link struct {
	Label, URL string
}

type phrases struct{ bg, en string }

func (p phrases) in(lang string) string {
	if lang == "en" {
		return p.en
	}
	return p.bg
}

// compose builds the letter for a message.
func (r *Renderer) compose(in Input) (*Letter, error) {
	b, o, m := in.Booking, in.Official, in.Message
	lang := b.Language
	if lang != "en" {
		lang = "bg"
	}
	start := m.SlotStart
	end := start.Add(b.End.Sub(b.Start))
	name := pick(lang, o.Name, o.NameEN)
	who := name + ", " + pick(lang, o.Title, o.TitleEN)
	when := calendar.FormatDateTime(start, lang)
	manage := r.BaseURL + "/bookings/" + b.Token
	l := &Letter{Lang: lang, Greeting: tr(lang, "Здравейте, %s,", "Dear %s,", b.Name)}

	place := booking.Place(in.Schedule, in.Unit, lang)
	access := phrases{"Мястото не е достъпно без стъпала. Ако имате нужда от съдействие, обадете се предварително.",
		"The room cannot be reached without steps. If you need help, please call ahead."}
	if in.Schedule != nil && in.Schedule.StepFree {
		access = phrases{"Мястото е достъпно без стъпала.", "The room can be reached without steps."}
	}
	details := [][2]string{
		{tr(lang, "Номер на записването", "Booking reference"), b.Reference},
		{tr(lang, "Дата и час", "Date and time"), when},
		{tr(lang, "Място", "Place"), place},
		{tr(lang, "Достъпност", "Access"), access.in(lang)},
		{tr(lang, "При кого", "With"), who},
		{tr(lang, "Въпрос", "Matter"), b.Topic},
	}
	if len(b.Accessibility.Needs) > 0 || b.Accessibility.Note != "" {
		var words []string
		for _, n := range b.Accessibility.Needs {
			words = append(words, booking.NeedWords[n].In(lang))
		}
		if b.Accessibility.Note != "" {
			words = append(words, b.Accessibility.Note)
		}
		details = append(details, [2]string{tr(lang, "Ще бъде осигурено", "We will arrange"), strings.Join(words, "; ")})
	}
	contact := o.Phone
	if o.Email != "" {
		contact = strings.TrimPrefix(contact+", "+o.Email, ", ")
	}
	details = append(details, [2]string{tr(lang, "Връзка с приемната", "Contact the office"), contact})
	manageLinks := []Link{
		{tr(lang, "Преглед, преместване или отказ", "View, move or cancel"), manage},
		{tr(lang, "Добавяне в календар (.ics)", "Add to calendar (.ics)"), manage + ".ics"},
	}
	rebook := Link{tr(lang, "Запишете се за друг ден", "Book another day"), r.BaseURL + "/officials/" + o.Slug}
	if m.Pass != "" {
		// With the pass, the citizen may book before the window opens.
		rebook = Link{tr(lang, "Запишете се за друг ден с предимство", "Book another day with priority"),
			r.BaseURL + "/officials/" + o.Slug + "?priority=" + m.Pass}
	}

	// The letter speaks of the booking as the message found it; its method
	// (REQUEST or CANCEL) says whether the meeting stands.
	l.Event = b.Event(booking.EventDetails{Official: o, Unit: in.Unit, Schedule: in.Schedule, ManageURL: manage, Organizer: r.organizer()})
	l.Event.Sequence, l.Event.Start, l.Event.End = m.Sequence, start, end
	l.Event.Cancelled, l.Event.Tentative = false, false
	switch m.Kind {
	case booking.MessageHold:
		until := calendar.FormatDateTime(b.HeldUntil, lang)
		l.Subject = tr(lang, "Потвърдете записването: среща при %s на %s", "Please confirm: meeting with %s on %s", name, calendar.FormatDate(start, lang))
		l.Lead = []string{
			tr(lang, "Запазихме Ви час за среща при %s. За да е Ваш, потвърдете го по връзката по-долу до %s.",
				"We are holding a slot for you with %s. To keep it, confirm it through the link below by %s.", who, until),
			tr(lang, "Ако не потвърдите дотогава, часът се освобождава за други граждани. Ако не сте се записвали Вие, не правете нищо.",
				"If you do not confirm by then, the slot is released for others. If you did not book it, do nothing."),
			strikesRule(lang),
		}
		l.Details = details[:3]
		l.Actions = []Link{{tr(lang, "Потвърждавам записването", "Confirm the booking"), r.BaseURL + "/holds/" + m.Pass}}
	case booking.MessageConfirmation:
		l.Subject = tr(lang, "Потвърждение: среща при %s на %s", "Confirmed: meeting with %s on %s", name, calendar.FormatDate(start, lang))
		l.Lead = []string{tr(lang, "Записахте се за среща в приемния ден на %s. Моля, елате навреме и носете документ за самоличност и документите по въпроса си.",
			"You are booked to meet %s. Please arrive on time and bring an identity document and any papers about your matter.", who)}
		l.Details, l.Actions, l.Method = details, manageLinks, calendar.MethodRequest
	case booking.MessageChange:
		l.Subject = tr(lang, "Нов час: среща при %s на %s", "New time: meeting with %s on %s", name, calendar.FormatDate(start, lang))
		l.Lead = []string{tr(lang, "Срещата Ви е преместена. Новият час е %s.", "Your meeting has been moved. The new time is %s.", when)}
		l.Details, l.Actions, l.Method = details, manageLinks, calendar.MethodRequest
	case booking.MessageHandOver:
		l.Subject = tr(lang, "Промяна: срещата Ви на %s ще проведе %s", "Change: your meeting on %s will be with %s", calendar.FormatDate(start, lang), name)
		l.Lead = []string{
			tr(lang, "Срещата Ви на %s ще проведе %s. Часът и мястото остават същите.",
				"Your meeting on %s will now be with %s. The time and place stay the same.", when, who),
			tr(lang, "Причина: %s", "Reason: %s", m.Note),
		}
		l.Details, l.Actions = details, manageLinks
		if b.Status != booking.StatusPending { // a hold has no invitation to update yet
			l.Method = calendar.MethodRequest
		}
	case booking.MessageCancellation:
		l.Subject = tr(lang, "Отменено: среща при %s на %s", "Cancelled: meeting with %s on %s", name, calendar.FormatDate(start, lang))
		l.Lead = []string{tr(lang, "Записването Ви за %s е отменено. Часът е освободен за други граждани.",
			"Your booking for %s is cancelled. The slot is free for others again.", when)}
		l.Details, l.Actions, l.Method = details[:3], []Link{rebook}, calendar.MethodCancel
	case booking.MessageSessionCanceled:
		l.Subject = tr(lang, "Приемният ден на %s е отменен", "The reception day of %s is cancelled", calendar.FormatDate(start, lang))
		l.Lead = []string{
			tr(lang, "Съжаляваме: приемният ден на %s е отменен и срещата Ви в %s няма да се състои.",
				"We are sorry: the reception day of %s is cancelled, and your meeting at %s will not take place.",
				calendar.FormatDate(start, lang), calendar.FormatTime(start, lang)),
			tr(lang, "Причина: %s", "Reason: %s", m.Note),
			tr(lang, "Можете да се запишете за друг ден с предимство по връзката по-долу или на телефон %s.",
				"You can book another day with priority through the link below, or by phone on %s.", o.Phone),
		}
		l.Details, l.Actions, l.Method = details[:3], []Link{rebook}, calendar.MethodCancel
	case booking.MessageReminder:
		l.Subject = tr(lang, "Напомняне: среща при %s, %s", "Reminder: meeting with %s, %s", name, when)
		l.Lead = []string{tr(lang, "Напомняме Ви за срещата на %s. Ако не можете да дойдете, моля, откажете я, за да я получи друг гражданин.",
			"This is a reminder of your meeting on %s. If you cannot come, please cancel so that someone else can have the slot.", when)}
		l.Details, l.Actions = details, manageLinks
	case booking.MessageNoShow:
		l.Subject = tr(lang, "Пропусната среща при %s", "Missed meeting with %s", name)
		l.Lead = []string{tr(lang, "Не Ви видяхме на срещата на %s. Ако все още имате нужда от нея, запишете се отново.",
			"We did not see you at your meeting on %s. If you still need it, please book again.", when), strikesRule(lang)}
		l.Details, l.Actions = details[:3], []Link{rebook}
	case booking.MessageFeedback:
		l.Subject = tr(lang, "Как премина срещата Ви при %s?", "How was your meeting with %s?", name)
		l.Lead = []string{tr(lang, "Благодарим, че дойдохте. Ще ни помогнете, ако оцените срещата от 1 до 5 — отнема минута.",
			"Thank you for coming. It would help us if you rated the meeting from 1 to 5 — it takes a minute.")}
		l.Details, l.Actions = details[:3], []Link{{tr(lang, "Оценете срещата", "Rate the meeting"), manage + "/feedback"}}
	default:
		return nil, fmt.Errorf("notify: unknown message kind %q", m.Kind)
	}
	l.Closing = []string{
		tr(lang, "Това писмо е изпратено автоматично от системата за записване „Приемна“. За въпроси отговорете на него или се обадете на %s.",
			"This message was sent automatically by the Priemna booking system. For questions, reply to it or call %s.", o.Phone),
	}
	return l, nil
}

// strikesRule says which missed meetings can pause online booking: only
// those of bookings confirmed through a link mailed to the address, or
// made by staff — so nobody can be blocked by a stranger using their
// address.
func strikesRule(lang string) string {
	return tr(lang, "Пропуснатите срещи спират онлайн записването временно само ако записването е потвърдено по връзка в писмо до този адрес или е направено от служител.",
		"Missed meetings pause online booking for a while only when the booking was confirmed through a link mailed to this address, or made by staff.")
}

// tr formats the Bulgarian or the English text with the same arguments.
func tr(lang, bg, en string, args ...any) string {
	if lang == "en" {
		return fmt.Sprintf(en, args...)
	}
	return fmt.Sprintf(bg, args...)
}

func pick(lang, bg, en string) string {
	if lang == "en" && en != "" {
		return en
	}
	return bg
}
