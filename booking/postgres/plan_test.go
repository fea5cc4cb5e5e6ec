package postgres

import (
	"strings"
	"testing"
	"time"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/booking/postgres/pgtest"
	"github.com/priemna/priemna/booking/sqlstore"
	"github.com/priemna/priemna/booking/storetest"
)

// TestOutboxQueriesSearchTheirIndexes: the mail worker's and the
// operator's outbox questions reach their rows through an index condition,
// never by reading the whole table or a whole index (with years of letters
// that is millions of rows each time; BenchmarkOutboxAtAMillion). Nor may
// a plan sort: the claim takes the first hundred due letters, and a Sort
// node under its limit read every due letter of a backlog to find them.
func TestOutboxQueriesSearchTheirIndexes(t *testing.T) {
	db := storetest.Open(t, Open, pgtest.URL(t))
	for _, q := range []struct {
		name, query string
		args        []any
	}{
		{"letters sent to an address", lettersSent(4), []any{"x@example.bg", 0, "a", "b", "c", "d"}},
		{"outbox state", outboxState, []any{0}},
		{"claim", claimMessages, []any{0, 0, 0, 0, 100}},
		{"lapsed claims", giveBackLapsed, []any{0}},
	} {
		searchesItsIndexes(t, db, q.name, q.query, q.args...)
	}
}

// TestBookingListsSearchTheirIndex: the query of an official's bookings
// on a day (the day sheet, the CSV of a day) reads them from
// bookings_official_start in the order shown, without sorting them (before
// 0130 it sorted them; issue #18). For a year's CSV of a busy official
// PostgreSQL may rightly prefer a bitmap scan and a sort of its tens of
// thousands of rows, as it did at 1,000,000 bookings with or without 0130.
func TestBookingListsSearchTheirIndex(t *testing.T) {
	db := storetest.Open(t, Open, pgtest.URL(t))
	from := time.Date(2026, 1, 12, 0, 0, 0, 0, time.UTC)
	query, args := sqlstore.BookingsQuery(booking.BookingFilter{OfficialID: 1, From: from, To: from.AddDate(0, 0, 1)})
	if plan := searchesItsIndexes(t, db, "bookings of an official", query, args...); !strings.Contains(plan, "Index Scan using bookings_official_start on bookings b") {
		t.Errorf("bookings of an official: the plan should read bookings_official_start:\n%s", plan)
	}
}

// TestNoShowCheckSearchesItsIndexes: the no-show check every online
// booking runs reaches the citizen's own no-shows, and each one's letters
// and contest, through index conditions (issue #18).
func TestNoShowCheckSearchesItsIndexes(t *testing.T) {
	db := storetest.Open(t, Open, pgtest.URL(t))
	searchesItsIndexes(t, db, "no-show check", sqlstore.NoShowsQuery, "x@example.bg", 0, "x@example.bg")
}

// searchesItsIndexes fails the test if the query's plan reads a whole
// table or a whole index, or sorts, and returns the plan. The test tables
// are small, so sequential scans are turned off: what is left is the plan
// the indexes allow.
func searchesItsIndexes(t *testing.T, db *DB, name, query string, args ...any) string {
	t.Helper()
	tx, err := db.pool.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := tx.Exec(`SET LOCAL enable_seqscan = off`); err != nil {
		t.Fatal(err)
	}
	rows, err := tx.Query(`EXPLAIN `+rebind(query), args...)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	plan, err := sqlstore.Collect(rows, "explain", func(r sqlstore.Scanner) (string, error) {
		line, err := sqlstore.ScanString(r)
		return strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(line), "->")), err
	})
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(plan, "\n")
	for i, line := range plan {
		if strings.HasPrefix(line, "Seq Scan") {
			t.Errorf("%s reads a whole table:\n%s", name, text)
		}
		if strings.HasPrefix(line, "Sort") || strings.HasPrefix(line, "Incremental Sort") {
			t.Errorf("%s sorts what it reads:\n%s", name, text)
		}
		if strings.Contains(line, "Index") && strings.Contains(line, "Scan") &&
			(i+1 == len(plan) || !strings.HasPrefix(plan[i+1], "Index Cond:")) {
			t.Errorf("%s walks a whole index (%s):\n%s", name, line, text)
		}
	}
	return text
}
