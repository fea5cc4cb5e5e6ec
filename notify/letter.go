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

type phrases struct{ bg, en string }

func (p phrases) in(lang string) string {
	if lang == "en" {
		return p.en
	}
	return p.bg
}

// qrLine tells the citizen what the attached QR code is for.
var qrLine = phrases{"При пристигане покажете на гишето приложения QR код (или кажете номера на записването): той съдържа само номера.",
	"When you arrive, show the attached QR code at the desk (or say your booking reference): it holds only the reference."}

// compose builds the letter for a message.
func (r *Renderer) compose(in Input) (*Letter, error) {
	switch {
	case in.Complaint != nil:
		return r.composeComplaint(in)
	case in.Message.Kind == booking.MessageSignInAlert:
		return r.composeSignInAlert(in), nil
	case in.Entry != nil:
		return r.composeWaitJoined(in)
	}
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
	case booking.MessageOffer:
		until := calendar.FormatDateTime(b.HeldUntil, lang)
		l.Subject = tr(lang, "Освободи се час: среща при %s на %s", "A slot is free: meeting with %s on %s", name, when)
		l.Lead = []string{
			tr(lang, "Вие сте в списъка с чакащи за среща при %s. Освободи се час и го пазим за Вас до %s", // the date ends in "ч."
				"You are on the waiting list to meet %s. A slot has become free, and we are holding it for you until %s.", who, until),
			tr(lang, "Вземете го с едно натискане по връзката по-долу или го откажете, за да го получи следващият чакащ. Ако не отговорите дотогава, часът отива при следващия, а Вие излизате от списъка.",
				"Take it with one click through the link below, or decline it so that the next person waiting gets it. If you do not answer by then, the slot goes to the next person and you leave the list."),
		}
		l.Details = append(details[:3:3], details[5])
		l.Actions = []Link{{tr(lang, "Вземете или откажете часа", "Take or decline the slot"), r.BaseURL + "/waitlist/offers/" + m.Pass}}
	case booking.MessageConfirmation:
		l.Subject = tr(lang, "Потвърждение: среща при %s на %s", "Confirmed: meeting with %s on %s", name, calendar.FormatDate(start, lang))
		l.Lead = []string{tr(lang, "Записахте се за среща в приемния ден на %s. Моля, елате навреме и носете документ за самоличност и документите по въпроса си.",
			"You are booked to meet %s. Please arrive on time and bring an identity document and any papers about your matter.", who)}
		l.Details, l.Actions, l.Method, l.QR = details, manageLinks, calendar.MethodRequest, b.Reference
		l.Lead = append(l.Lead, qrLine.in(lang))
	case booking.MessageChange:
		l.Subject = tr(lang, "Нов час: среща при %s на %s", "New time: meeting with %s on %s", name, calendar.FormatDate(start, lang))
		l.Lead = []string{tr(lang, "Срещата Ви е преместена. Новият час е %s.", "Your meeting has been moved. The new time is %s.", when), qrLine.in(lang)}
		l.Details, l.Actions, l.Method, l.QR = details, manageLinks, calendar.MethodRequest, b.Reference
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

// composeWaitJoined is the letter to a citizen who joined a waiting list:
// which days they wait for, and the link to their place in the list, from
// which they can leave it.
func (r *Renderer) composeWaitJoined(in Input) (*Letter, error) {
	e, o := in.Entry, in.Official
	lang := e.Language
	if lang != "en" {
		lang = "bg"
	}
	if in.Message.Kind != booking.MessageWaitJoined {
		return nil, fmt.Errorf("notify: unknown waiting-list message kind %q", in.Message.Kind)
	}
	who := pick(lang, o.Name, o.NameEN) + ", " + pick(lang, o.Title, o.TitleEN)
	l := &Letter{Lang: lang, Greeting: tr(lang, "Здравейте, %s,", "Dear %s,", defang(e.Name))}
	l.Subject = tr(lang, "В списъка с чакащи сте: среща при %s", "You are on the waiting list: meeting with %s", pick(lang, o.Name, o.NameEN))
	l.Lead = []string{
		tr(lang, "Записахме Ви в списъка с чакащи за среща при %s. Щом се освободи час в дните, които посочихте, ще Ви го предложим по имейл — първо на тези, които са се записали по-рано.",
			"We have put you on the waiting list to meet %s. As soon as a slot frees on the days you chose, we will offer it to you by email — first to those who joined earlier.", who),
		tr(lang, "Предложеният час пазим за Вас ограничено време. От връзката по-долу виждате мястото си в списъка и можете да излезете от него.",
			"We hold an offered slot for you for a limited time. Through the link below you can see your place in the list and leave it."),
	}
	days := tr(lang, "от %s до %s", "from %s to %s", calendar.FormatDate(e.From.Start(), lang), calendar.FormatDate(e.To.Start(), lang))
	if wd := weekdayNames(e.Weekdays, lang); wd != "" {
		days += "; " + wd
	}
	l.Details = [][2]string{
		{tr(lang, "При кого", "With"), who},
		{tr(lang, "Дни", "Days"), days},
		{tr(lang, "Въпрос", "Matter"), defang(e.Topic)},
	}
	l.Actions = []Link{{tr(lang, "Мястото ми в списъка", "My place in the list"), r.BaseURL + "/waitlist/" + in.Message.Pass}}
	l.Closing = []string{
		tr(lang, "Това писмо е изпратено автоматично от системата за записване „Приемна“. За въпроси отговорете на него или се обадете на %s.",
			"This message was sent automatically by the Priemna booking system. For questions, reply to it or call %s.", o.Phone),
	}
	return l, nil
}

// weekdayNames lists the weekdays of a mask, Monday first; "" for any day.
func weekdayNames(mask uint8, lang string) string {
	var names []string
	for i := 1; i <= 7; i++ {
		if d := time.Weekday(i % 7); mask&(1<<uint(d)) != 0 {
			names = append(names, calendar.FormatWeekday(d, lang))
		}
	}
	return strings.Join(names, ", ")
}

// composeComplaint is the letter that registers a complaint (its number
// and the date the answer is due) or carries the answer.
func (r *Renderer) composeComplaint(in Input) (*Letter, error) {
	c := in.Complaint
	lang := c.Language
	if lang != "en" {
		lang = "bg"
	}
	l := &Letter{Lang: lang, Greeting: tr(lang, "Здравейте,", "Hello,")}
	details := [][2]string{
		{tr(lang, "Регистрационен номер", "Registration number"), c.Number},
		{tr(lang, "Подаден на", "Filed on"), calendar.FormatDate(c.CreatedAt, lang)},
	}
	if c.Reference != "" {
		details = append(details, [2]string{tr(lang, "Записване", "Booking"), c.Reference})
	}
	switch in.Message.Kind {
	case booking.MessageComplaintFiled:
		due := calendar.FormatDate(c.DueAt, lang)
		l.Subject = tr(lang, "Сигнал № %s е регистриран", "Complaint no. %s is registered", c.Number)
		l.Lead = []string{
			tr(lang, "Благодарим Ви. Регистрирахме сигнала Ви под № %s. Според Хартата на клиента ще Ви отговорим писмено до %s", // the date ends in "г."
				"Thank you. We have registered your complaint as no. %s. Under the Client Charter we will answer you in writing by %s.", c.Number, due),
			tr(lang, "Вашият текст: %s", "Your text: %s", defang(c.Text)),
		}
		l.Details = append(details, [2]string{tr(lang, "Отговор до", "Answer due by"), due})
	case booking.MessageComplaintAnswer:
		l.Subject = tr(lang, "Отговор на сигнал № %s", "Answer to complaint no. %s", c.Number)
		l.Lead = []string{
			tr(lang, "Отговаряме на сигнала Ви № %s:", "This is our answer to your complaint no. %s:", c.Number),
			c.Answer,
		}
		l.Details = append(details, [2]string{tr(lang, "Отговорил(а)", "Answered by"), c.AnsweredName})
	default:
		return nil, fmt.Errorf("notify: unknown complaint message kind %q", in.Message.Kind)
	}
	l.Actions = []Link{{tr(lang, "Сигнали и жалби", "Complaints"), r.BaseURL + "/complaints"}}
	l.Closing = []string{tr(lang, "Това писмо е изпратено автоматично от системата за записване „Приемна“.",
		"This message was sent automatically by the Priemna booking system.")}
	return l, nil
}

// composeSignInAlert tells a staff member that wrong passwords locked an
// address out of their account, in Bulgarian and English (staff pages
// speak both); it names no address, since that is someone's personal data.
func (r *Renderer) composeSignInAlert(in Input) *Letter {
	n := in.Message.Note
	at := calendar.FormatDateTime(in.Message.CreatedAt, "bg")
	return &Letter{
		Lang:     "bg",
		Subject:  "Неуспешни опити за вход в профила Ви / Failed sign-ins to your account",
		Greeting: "Здравейте, " + in.Booking.Name + ",",
		Lead: []string{
			"На " + at + " " + n + " опита за вход в профила Ви в „Приемна“ бяха с грешна парола. Адресът, от който идват, е спрян за 15 минути; Вашият вход от адресите, от които обикновено влизате, не е засегнат.",
			"Ако сте били Вие, няма нужда да правите нищо. Ако не сте, помолете администратора да смени паролата Ви (priemna user password) и му съобщете.",
			"On " + calendar.FormatDateTime(in.Message.CreatedAt, "en") + ", " + n + " attempts to sign in to your Priemna account used a wrong password. The address they came from is stopped for 15 minutes; your own sign-in from the addresses you usually use is not affected.",
			"If it was you, there is nothing to do. If not, ask the administrator to change your password (priemna user password) and tell them.",
		},
		Actions: []Link{{"Вход / Sign in", r.BaseURL + "/staff/login"}},
		Closing: []string{"Това писмо е изпратено автоматично от системата за записване „Приемна“. / This message was sent automatically by the Priemna booking system."},
	}
}
