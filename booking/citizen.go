package booking

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/priemna/priemna/booking/i18n"
)

// Citizen is the person a booking or a waiting-list entry is for: who they
// are, how to reach them, what they come about and what help they need.
// Requests, bookings and waiting-list entries embed it, so its fields are
// declared, tidied and checked here once.
type Citizen struct {
	Name          string
	Email         string
	Phone         string
	Topic         string
	Accessibility Accessibility
	Language      string // bg | en
}

// normalize trims the fields, tidies the free text and fills in the
// language.
func (c *Citizen) normalize() {
	for _, p := range []*string{&c.Name, &c.Email, &c.Phone, &c.Topic, &c.Accessibility.Note, &c.Language} {
		*p = strings.TrimSpace(*p)
	}
	c.Topic, c.Accessibility.Note = cleanText(c.Topic), cleanText(c.Accessibility.Note)
	c.Name = strings.Join(strings.Fields(c.Name), " ")
	c.Email = strings.ToLower(c.Email)
	if c.Language == "" {
		c.Language = "bg"
	}
}

// check adds to f a problem for each field that is wrong. With
// emailOptional (staff booking for a citizen who phoned or came in) an
// empty email passes: the citizen will not get mail; staff tell them.
func (c *Citizen) check(f FieldErrors, emailOptional bool) {
	for field, v := range map[string]string{"name": c.Name, "email": c.Email, "phone": c.Phone, "topic": c.Topic,
		"accessibility.note": c.Accessibility.Note, "language": c.Language} {
		if !utf8.ValidString(v) {
			f.Add(field, "err.contains-invalid-characters")
		}
	}
	checkText(f, "name", c.Name, 2, MaxName, false,
		T("text.enter-your-name"))
	if c.Email == "" && emailOptional {
		// No email: nothing to check.
	} else if c.Email == "" {
		f.Add("email", "err.enter-an-email-address-so")
	} else if !ValidEmail(c.Email) {
		f.Add("email", "err.enter-an-email-address-like")
	}
	if c.Phone != "" && !phonePattern.MatchString(c.Phone) {
		f.Add("phone", "err.enter-a-telephone-number-like")
	}
	checkText(f, "topic", c.Topic, 5, MaxTopic, true,
		T("text.describe-briefly-the-matter-you"))
	checkText(f, "accessibility.note", c.Accessibility.Note, 0, MaxNote, true, Text{})
	seen := map[Need]bool{}
	for _, n := range c.Accessibility.Needs {
		if !slices.Contains(Needs, n) {
			f.Add("accessibility.needs", "err.unknown-need", clip(string(n)))
		} else if seen[n] {
			f.Add("accessibility.needs", "err.an-accessibility-need-is-given")
		}
		seen[n] = true
	}
	if seen["other"] && c.Accessibility.Note == "" {
		f.Add("accessibility.note", "err.describe-the-help-you-need")
	}
	if !i18n.Supported(c.Language) {
		f.Add("language", "err.choose-bulgarian-or-english")
	}
}
