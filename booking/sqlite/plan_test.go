package sqlite

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/booking/sqlstore"
)

// TestOutboxQueriesSearchTheirIndexes holds the mail worker's and the
// operator's queries over the outbox to plans whose cost does not grow
// with the letters ever sent: with years of them, a pass over the outbox
// for each letter took the worker's time (issue #18).
func TestOutboxQueriesSearchTheirIndexes(t *testing.T) {
	f := newFixture(t, 1)
	for _, q := range []struct {
		name, query string
		args        []any
		want        []string // steps the plan must have, when it matters
	}{
		// The address's bookings, then their letters; not every sent letter.
		{"letters sent to an address", lettersSent(4), []any{"x@example.bg", 0, "a", "b", "c", "d"}, []string{
			"SEARCH o USING INDEX outbox_booking_order (booking_id=?)",
			"SEARCH bookings USING COVERING INDEX bookings_email_key (email_key=?)"}},
		{"outbox state", outboxState, []any{0}, nil},
		{"claim", claimMessages, []any{0, 0, 0, 0, 100}, nil},
		{"lapsed claims", lapsedClaims, []any{0}, nil},
	} {
		plan := queryPlan(t, f, q.query, q.args...)
		refuseSteps(t, q.name, plan, "SCAN outbox", "SCAN o ", "SCAN b ", "SCAN bookings", "TEMP B-TREE")
		for _, step := range q.want {
			if !slices.Contains(plan, step) {
				t.Errorf("%s: the plan should have %q:\n%s", q.name, step, strings.Join(plan, "\n"))
			}
		}
	}
}

// TestBookingListsSearchTheirIndex holds the query of an official's
// bookings between two dates (the day sheet, the CSV of a day or of a
// year) to a search of bookings_official_start, which gives the rows in
// the order shown: no pass over the bookings and no sort of them, whose
// cost would grow with the years of bookings kept (issue #18,
// BenchmarkDaySheet).
func TestBookingListsSearchTheirIndex(t *testing.T) {
	f := newFixture(t, 1)
	from := monday.Truncate(24 * time.Hour)
	for _, days := range []int{1, booking.MaxRangeDays} {
		query, args := sqlstore.BookingsQuery(booking.BookingFilter{OfficialID: f.Official.ID, From: from, To: from.AddDate(0, 0, days)})
		plan := queryPlan(t, f, query, args...)
		refuseSteps(t, "bookings of an official", plan, "SCAN b ", "SCAN o ", "TEMP B-TREE")
		if text := strings.Join(plan, "\n"); !strings.Contains(text, "SEARCH b USING INDEX bookings_official_start (official_id=? AND starts_at>? AND starts_at<?)") {
			t.Errorf("bookings of an official: the plan should search bookings_official_start:\n%s", text)
		}
	}
}

// TestNoShowCheckSearchesItsIndexes holds the no-show check every online
// booking runs to the citizen's own no-shows in the policy's window
// (bookings_email_key), each letter and contest found by its booking and
// the lifts by the address: with 1,000,000 bookings it cost what it did
// with none (issue #18; 41 vs 39 µs for an address with no history).
func TestNoShowCheckSearchesItsIndexes(t *testing.T) {
	f := newFixture(t, 1)
	plan := queryPlan(t, f, sqlstore.NoShowsQuery, "x@example.bg", 0, "x@example.bg")
	refuseSteps(t, "no-show check", plan, "SCAN ", "TEMP B-TREE")
	if len(plan) == 0 || !strings.HasPrefix(plan[0], "SEARCH b USING INDEX bookings_email_key (email_key=? AND status=? AND starts_at>?)") {
		t.Errorf("no-show check: the plan should begin with a search of bookings_email_key:\n%s", strings.Join(plan, "\n"))
	}
}

// queryPlan is SQLite's own plan of the query on the real schema, a step a
// line, read with EXPLAIN QUERY PLAN.
func queryPlan(t *testing.T, f *fixture, query string, args ...any) []string {
	t.Helper()
	rows, err := f.db.writer.Query(`EXPLAIN QUERY PLAN `+query, args...)
	if err != nil {
		t.Fatalf("%v\n%s", err, query)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return plan
}

// refuseSteps fails the test for each of the steps the plan has.
func refuseSteps(t *testing.T, name string, plan []string, steps ...string) {
	t.Helper()
	text := strings.Join(plan, "\n")
	for _, bad := range steps {
		if strings.Contains(text+" ", bad) {
			t.Errorf("%s: the plan has %q:\n%s", name, bad, text)
		}
	}
}
