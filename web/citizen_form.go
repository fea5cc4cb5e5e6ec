package web

import (
	"net/url"

	"github.com/priemna/priemna/booking"
)

// citizenForm is who a public form is for, as submitted: the booking form
// and the waiting list's ask the same, read it the same way and hand it
// to the service the same way (the waiting list's is checked as the
// booking form's is).
type citizenForm struct {
	Name, Email, Phone, Topic, Note, Language string
	Needs                                     []string
	Consent                                   bool
}

func readCitizenForm(form url.Values) citizenForm {
	return citizenForm{Name: form.Get("name"), Email: form.Get("email"), Phone: form.Get("phone"), Topic: form.Get("topic"),
		Note: form.Get("note"), Language: form.Get("language"), Needs: form["needs"], Consent: form.Get("consent") == "yes"}
}

// citizen is the citizen as the form describes them.
func (f citizenForm) citizen() booking.Citizen {
	needs := make([]booking.Need, len(f.Needs))
	for i, n := range f.Needs {
		needs[i] = booking.Need(n)
	}
	return booking.Citizen{Name: f.Name, Email: f.Email, Phone: f.Phone, Topic: f.Topic,
		Accessibility: booking.Accessibility{Needs: needs, Note: f.Note}, Language: f.Language}
}
