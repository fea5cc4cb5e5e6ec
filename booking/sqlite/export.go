package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// Rows reads the named columns of every row of a table, in the order the
// rows were written, for priemna copy. The table and the columns are the
// store's own names, never a person's input.
func (db *DB) Rows(ctx context.Context, table string, columns []string) (*sql.Rows, error) {
	quoted := make([]string, len(columns))
	for i, c := range columns {
		quoted[i] = `"` + c + `"`
	}
	rows, err := db.reader.QueryContext(ctx, `SELECT `+strings.Join(quoted, ", ")+` FROM "`+table+`" ORDER BY rowid`)
	if err != nil && strings.Contains(err.Error(), "no such column: rowid") {
		// A table WITHOUT ROWID: its primary key orders it.
		rows, err = db.reader.QueryContext(ctx, `SELECT `+strings.Join(quoted, ", ")+` FROM "`+table+`"`)
	}
	if err != nil {
		return nil, fmt.Errorf("sqlite: read %s: %w", table, err)
	}
	return rows, nil
}

// Counts counts the rows of the tables, for comparing a copy with its source.
func (db *DB) Counts(ctx context.Context, tables []string) (map[string]int, error) {
	out := map[string]int{}
	for _, t := range tables {
		var n int
		if err := db.queryRow(ctx, `SELECT COUNT(*) FROM "`+t+`"`).Scan(&n); err != nil {
			return nil, fmt.Errorf("sqlite: count %s: %w", t, err)
		}
		out[t] = n
	}
	return out, nil
}

// StatTotals lists the kept monthly statistics, to compare with a copy's.
func (db *DB) StatTotals(ctx context.Context) (string, error) {
	var s string
	err := db.queryRow(ctx, `SELECT COALESCE(group_concat(line, ';'), '') FROM (SELECT official_id || ' ' || month || ' ' || bookings || ' ' || cancelled || ' ' || attended || ' ' ||
		no_shows || ' ' || ratings || ' ' || rating_sum || ' ' || received || ' ' || wait_sum AS line FROM stat_months ORDER BY official_id, month)`).Scan(&s)
	return s, err
}
