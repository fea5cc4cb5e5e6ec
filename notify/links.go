package notify

import (
	"github.com/priemna/priemna/booking/i18n"
)

// composeLinks is the letter a citizen asks for when they lost their
// link: the manage links of all their coming bookings, nothing else (a
// stranger who typed the address learns nothing from the page, and the
// letter goes only to the address).
func (r *Renderer) composeLinks(in Input) *Letter {
	lang := i18n.Norm(in.Booking.Language)
	l := &Letter{Lang: lang, Greeting: tr(lang, "mail.dear", in.Booking.Name)}
	l.Subject = tr(lang, "mail.links-subject")
	l.Lead = []string{i18n.N(lang, "mail.links-lead", len(in.Linked)), tr(lang, "mail.links-not-you")}
	for _, k := range in.Linked {
		o := k.Official
		l.Actions = append(l.Actions, Link{
			tr(lang, "mail.links-one", i18n.FormatDateTime(k.Booking.Start, lang), pick(lang, o.Name, o.NameEN), k.Booking.Reference),
			r.BaseURL + "/bookings/" + k.Booking.Token})
	}
	l.Closing = []string{tr(lang, "mail.this-message-was-sent-automatically-2")}
	return l
}
