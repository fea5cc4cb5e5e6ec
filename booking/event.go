package booking

import (
	"strings"
	"time"

	"github.com/priemna/priemna/booking/i18n"
	"github.com/priemna/priemna/calendar"
)

// EventDetails is what a booking's calendar event says besides the
// booking itself.
type EventDetails struct {
	Official *Official
	Unit     *Unit     // nil when not known
	Schedule *Schedule // the room the booking was made for; nil when not known
	// ManageURL is the citizen's manage link; the staff feed leaves it out.
	ManageURL string
	// Organizer is the office's one identity for the booking's whole life
	// (the address letters come from), so that calendars see every update
	// as coming from the same organizer, whichever official receives.
	Organizer calendar.Person
	// ForStaff makes the event of the staff feed: the citizen, their phone
	// and needs, in Bulgarian.
	ForStaff bool
}

// Event returns the booking's calendar event: the one the invitation
// carries, the manage page offers as a download and the staff feed lists.
// It speaks the citizen's language; a hold is tentative until confirmed.
func (b *Booking) Event(d EventDetails) calendar.Event {
	lang := b.Language
	if d.ForStaff {
		lang = "bg"
	}
	o := d.Official
	who := pickText(lang, o.Name, o.NameEN) + ", " + pickText(lang, o.Title, o.TitleEN)
	ev := calendar.Event{
		UID: b.UID, Sequence: b.Sequence, Start: b.Start, End: b.End,
		Location:  Place(d.Schedule, d.Unit, lang),
		URL:       d.ManageURL,
		Cancelled: !b.Status.HoldsSeat(),
		Tentative: b.Status == StatusPending,
	}
	if d.Organizer.Email != "" {
		org := d.Organizer
		if d.Unit != nil {
			org.Name = pickText(lang, d.Unit.Name, d.Unit.NameEN)
		}
		ev.Organizer = &org
	}
	if d.ForStaff {
		ev.Summary = b.Name + " — " + StatusText(b.Status).In("bg")
		lines := []string{b.Reference, b.Topic}
		if b.Phone != "" {
			lines = append(lines, b.Phone)
		}
		for _, n := range b.Accessibility.Needs {
			lines = append(lines, "! "+NeedWords[n].In("bg"))
		}
		if b.Accessibility.Note != "" {
			lines = append(lines, "! "+b.Accessibility.Note)
		}
		ev.Description = strings.Join(lines, "\n")
		return ev
	}
	ev.Summary = T("text.reception").In(lang) + who
	ev.Description = T("text.reference").In(lang) + b.Reference + "\n" +
		T("text.matter").In(lang) + b.Topic
	if d.ManageURL != "" {
		ev.Description += "\n" + d.ManageURL
	}
	if b.Email != "" {
		ev.Attendees = []calendar.Person{{Name: b.Name, Email: b.Email}}
	}
	ev.Alarm = time.Hour
	return ev
}

// Place is where a meeting takes place: the room and, unless the room
// already says it, the unit's address.
func Place(sch *Schedule, u *Unit, lang string) string {
	var place string
	if sch != nil {
		place = sch.Location
	}
	if u != nil && u.Address != "" && !strings.Contains(place, u.Address) {
		addr := pickText(lang, u.Address, u.AddressEN)
		if place == "" {
			return addr
		}
		place += " (" + addr + ")"
	}
	return place
}

// NeedWords names the accessibility needs in letters and calendars.
var NeedWords = map[Need]Text{
	"wheelchair":    T("need.wheelchair"),
	"step_free":     T("need.step_free"),
	"sign_language": T("need.sign_language"),
	"hearing_loop":  T("need.hearing_loop"),
	"companion":     T("need.companion"),
	"large_print":   T("need.large_print"),
	"other":         T("need.other"),
}

// pickText is the English text where asked for and given, else the Bulgarian.
func pickText(lang, bg, en string) string { return i18n.Pick(lang, bg, en) }
