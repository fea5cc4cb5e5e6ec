package postgres

import (
	"strings"
	"testing"

	"github.com/priemna/priemna/booking/postgres/pgtest"
	"github.com/priemna/priemna/booking/storetest"
)

// TestOutboxQueriesSearchTheirIndexes: the mail worker's and the
// operator's outbox questions reach their rows through an index condition,
// never by reading the whole table or a whole index (with years of letters
// that is millions of rows each time; BenchmarkOutboxAtAMillion). The test
// tables are small, so sequential scans are turned off: what is left is
// the plan the indexes allow. Nor may a plan sort: the claim takes the
// first hundred due letters, and a Sort node under its limit read every
// due letter of a backlog to find them.
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
		tx, err := db.pool.Begin()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tx.Exec(`SET LOCAL enable_seqscan = off`); err != nil {
			t.Fatal(err)
		}
		rows, err := tx.Query(`EXPLAIN `+rebind(q.query), q.args...)
		if err != nil {
			t.Fatalf("%s: %v", q.name, err)
		}
		var plan []string
		for rows.Next() {
			var line string
			if err := rows.Scan(&line); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(line), "->")))
		}
		rows.Close()
		tx.Rollback()
		text := strings.Join(plan, "\n")
		for i, line := range plan {
			if strings.HasPrefix(line, "Seq Scan") {
				t.Errorf("%s reads a whole table:\n%s", q.name, text)
			}
			if strings.HasPrefix(line, "Sort") || strings.HasPrefix(line, "Incremental Sort") {
				t.Errorf("%s sorts what it reads:\n%s", q.name, text)
			}
			if strings.Contains(line, "Index") && strings.Contains(line, "Scan") &&
				(i+1 == len(plan) || !strings.HasPrefix(plan[i+1], "Index Cond:")) {
				t.Errorf("%s walks a whole index (%s):\n%s", q.name, line, text)
			}
		}
	}
}
