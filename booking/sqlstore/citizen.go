package sqlstore

import (
	"fmt"
	"strings"

	"github.com/priemna/priemna/booking"
)

// citizenFields are the columns bookings and waitlist both keep a
// booking.Citizen in, in the order citizenArgs binds and citizenDest scans
// them: one list, so a column added to the citizen is added everywhere.
var citizenFields = []string{"name", "email", "phone", "topic", "needs", "needs_note", "language"}

// citizenColumns lists citizenFields for a statement, each qualified by
// the table alias (none for an INSERT's column list).
func citizenColumns(alias string) string {
	cols := make([]string, len(citizenFields))
	for i, f := range citizenFields {
		if alias != "" {
			f = alias + "." + f
		}
		cols[i] = f
	}
	return strings.Join(cols, ", ")
}

// citizenArgs are the parameters for citizenColumns when writing c.
func citizenArgs(c *booking.Citizen) []any {
	return []any{c.Name, c.Email, c.Phone, c.Topic, joinNeeds(c.Accessibility.Needs), c.Accessibility.Note, c.Language}
}

// citizenDest are the scan destinations for citizenColumns into c.
func citizenDest(c *booking.Citizen) []any {
	return []any{&c.Name, &c.Email, &c.Phone, &c.Topic, (*needsColumn)(&c.Accessibility.Needs), &c.Accessibility.Note, &c.Language}
}

// needsColumn scans a needs column joinNeeds wrote.
type needsColumn []booking.Need

func (n *needsColumn) Scan(src any) error {
	switch v := src.(type) {
	case string:
		*n = splitNeeds(v)
	case []byte:
		*n = splitNeeds(string(v))
	default:
		return fmt.Errorf("needs: cannot scan %T", src)
	}
	return nil
}

func joinNeeds(needs []booking.Need) string {
	s := make([]string, len(needs))
	for i, n := range needs {
		s[i] = string(n)
	}
	return strings.Join(s, ",")
}

// splitNeeds reads a needs column joinNeeds wrote.
func splitNeeds(s string) []booking.Need {
	if s == "" {
		return nil
	}
	var needs []booking.Need
	for _, n := range strings.Split(s, ",") {
		needs = append(needs, booking.Need(n))
	}
	return needs
}
