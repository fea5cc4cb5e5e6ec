package sqlstore

import (
	"slices"
	"testing"

	"github.com/priemna/priemna/booking"
)

// The citizen's columns, their parameters and their scan destinations are
// one list: each says as many as the others, in the same order.
func TestCitizenColumnsArgsAndDestinationsAgree(t *testing.T) {
	if got, want := citizenColumns("b"), "b.name, b.email, b.phone, b.topic, b.needs, b.needs_note, b.language"; got != want {
		t.Errorf("citizenColumns(b) = %q, want %q", got, want)
	}
	if got, want := citizenColumns(""), "name, email, phone, topic, needs, needs_note, language"; got != want {
		t.Errorf("citizenColumns() = %q, want %q", got, want)
	}
	c := booking.Citizen{Name: "Иван", Email: "i@example.bg", Phone: "+359", Topic: "адрес",
		Accessibility: booking.Accessibility{Needs: []booking.Need{"wheelchair", "other"}, Note: "рампа"}, Language: "bg"}
	args := citizenArgs(&c)
	var back booking.Citizen
	dest := citizenDest(&back)
	if len(args) != len(citizenFields) || len(dest) != len(citizenFields) {
		t.Fatalf("%d columns, %d args, %d destinations", len(citizenFields), len(args), len(dest))
	}
	for i, a := range args { // what a driver would hand back for each column
		switch d := dest[i].(type) {
		case *string:
			*d = a.(string)
		case *needsColumn:
			if err := d.Scan([]byte(a.(string))); err != nil {
				t.Fatal(err)
			}
		default:
			t.Fatalf("destination %d is %T", i, d)
		}
	}
	if back.Name != c.Name || back.Email != c.Email || back.Phone != c.Phone || back.Topic != c.Topic ||
		back.Accessibility.Note != c.Accessibility.Note || back.Language != c.Language ||
		!slices.Equal(back.Accessibility.Needs, c.Accessibility.Needs) {
		t.Errorf("round trip: %+v, want %+v", back, c)
	}
	var n needsColumn
	if err := n.Scan(""); err != nil || n != nil {
		t.Errorf("empty needs: %v, %v", n, err)
	}
	if err := n.Scan(nil); err == nil {
		t.Error("NULL needs scanned without error, as a string would not")
	}
}
