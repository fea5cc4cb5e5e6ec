package postgres

import (
	"testing"

	"github.com/priemna/priemna/booking/storetest"
)

// BenchmarkBookParallel books from 16 goroutines through one pool of
// connections on the test cluster (which runs without fsync: the figure
// is the store's, not the disk's), beside booking/sqlite's in `make bench`.
func BenchmarkBookParallel(b *testing.B) { storetest.BenchBookParallel(b, harness) }

// BenchmarkDaySheet is storetest.BenchDaySheet on the test cluster, the
// past bookings (a seventh cancelled, a seventh no-shows, 15 minutes
// apart back from now) inserted directly, then vacuumed and analysed as
// autovacuum leaves a settled table.
func BenchmarkDaySheet(b *testing.B) {
	storetest.BenchDaySheet(b, harness, func(b *testing.B, f *storetest.Fixture, past int) {
		db := f.DB.(*DB)
		now := f.Clock.Now().Unix()
		for _, q := range []struct {
			sql  string
			args []any
		}{
			{`INSERT INTO bookings (reference, token, uid, official_id, schedule_id, starts_at, ends_at, seat, name, email, topic,
				language, status, created_at, updated_at)
			SELECT 'P-' || g, 'T-' || g, 'U-' || g, $1, $2, $3 - g * 900, $3 - g * 900 + 900, 1, 'Име', 'x@example.bg', 'Тема',
				'bg', CASE g % 7 WHEN 0 THEN 'cancelled' WHEN 1 THEN 'no_show' ELSE 'completed' END, 0, 0 FROM generate_series(1, $4) g`,
				[]any{f.Official.ID, f.Schedule.ID, now, past}},
			{`VACUUM ANALYZE bookings`, nil},
		} {
			if _, err := db.pool.ExecContext(f.Ctx, q.sql, q.args...); err != nil {
				b.Fatal(err)
			}
		}
	})
}
