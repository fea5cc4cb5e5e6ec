package sqlite

import (
	"strings"
	"testing"
)

// TestOutboxQueriesSearchTheirIndexes holds the mail worker's and the
// operator's queries over the outbox to plans whose cost does not grow
// with the letters ever sent: with years of them, a pass over the outbox
// for each letter took the worker's time (issue #18). The plans are
// SQLite's own, read with EXPLAIN QUERY PLAN on the real schema.
func TestOutboxQueriesSearchTheirIndexes(t *testing.T) {
	f := newFixture(t, 1)
	for _, q := range []struct {
		name, query string
		args        []any
		first       string // the first table searched, when it matters
	}{
		{"letters sent to an address", lettersSent(4), []any{"x@example.bg", 0, "a", "b", "c", "d"}, "SEARCH b USING COVERING INDEX bookings_email_key"},
		{"outbox state", outboxState, []any{0}, ""},
		{"claim", claimMessages, []any{0, 0, 0, 0, 100}, ""},
		{"lapsed claims", lapsedClaims, []any{0}, ""},
	} {
		rows, err := f.db.writer.Query(`EXPLAIN QUERY PLAN `+q.query, q.args...)
		if err != nil {
			t.Fatalf("%s: %v", q.name, err)
		}
		var plan []string
		for rows.Next() {
			var id, parent, unused int
			var detail string
			if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, detail)
		}
		rows.Close()
		text := strings.Join(plan, "\n")
		for _, bad := range []string{"SCAN outbox", "SCAN o ", "SCAN b ", "TEMP B-TREE"} {
			if strings.Contains(text+" ", bad) {
				t.Errorf("%s: the plan has %q:\n%s", q.name, bad, text)
			}
		}
		if q.first != "" && (len(plan) == 0 || !strings.HasPrefix(plan[0], q.first)) {
			t.Errorf("%s: the plan should begin with %q:\n%s", q.name, q.first, text)
		}
	}
}
