package sqlite

import (
	"testing"

	"github.com/priemna/priemna/booking"
)

// FuzzBookRequestValidate: validation never panics, and whatever it
// accepts has valid UTF-8, no control characters in one-line fields and
// fields within their limits.
func FuzzBookRequestValidate(f *testing.F) {
	f.Add("Мария Георгиева", "maria@example.bg", "0888 123 456", "Ремонт на тротоара", "other", "бележка", "bg")
	f.Add("\x00", "a@b", "+", "", "jetpack", "", "fr")
	f.Fuzz(func(t *testing.T, name, email, phone, topic, need, note, lang string) {
		r := booking.BookRequest{Official: "kmet", Start: "2026-01-12T14:00:00+02:00", Name: name, Email: email, Phone: phone,
			Topic: topic, Accessibility: booking.Accessibility{Needs: []booking.Need{booking.Need(need)}, Note: note}, Language: lang}
		r.Normalize()
		if r.Validate() != nil {
			return
		}
		if len([]rune(r.Name)) > booking.MaxName || len([]rune(r.Topic)) > booking.MaxTopic || !booking.ValidEmail(r.Email) {
			t.Errorf("accepted out of bounds: %+v", r)
		}
		for _, c := range r.Name + r.Email + r.Phone {
			if c < 0x20 || c == 0x7f {
				t.Errorf("accepted a control character: %+v", r)
			}
		}
	})
}

// FuzzNormalizeReference: a normalised reference always has the printed form.
func FuzzNormalizeReference(f *testing.F) {
	f.Add("so-7k3q-9pxd")
	f.Add("SO 7K3Q 9PXD")
	f.Fuzz(func(t *testing.T, s string) {
		ref, ok := booking.NormalizeReference(s)
		if !ok {
			return
		}
		again, ok2 := booking.NormalizeReference(ref)
		if !ok2 || again != ref || len(ref) != 12 || ref[:3] != "SO-" || ref[7] != '-' {
			t.Errorf("%q → %q → %q", s, ref, again)
		}
	})
}
