package sqlstore

import (
	"context"
	"database/sql"
	"time"
)

// OutboxState is what an operator watches of the outbox.
type OutboxState struct {
	Waiting int       // due and not sent yet (pending, retrying or being sent)
	Oldest  time.Time // when the longest-waiting of them fell due; zero if none
	Dead    int       // given up on
}

// OutboxStateQuery searches the status index three times rather than pass
// over every letter ever sent (a sequential scan of millions of rows, for
// every health check, with years of letters).
const OutboxStateQuery = `SELECT
	(SELECT COUNT(*) FROM outbox WHERE status IN ('pending', 'sending') AND due_at <= ?1),
	(SELECT MIN(due_at) FROM outbox WHERE status IN ('pending', 'sending') AND due_at <= ?1),
	(SELECT COUNT(*) FROM outbox WHERE status = 'dead')`

// OutboxState counts the messages due and unsent, and the dead ones;
// reminders not due yet are not waiting.
func (s *Store) OutboxState(ctx context.Context, now time.Time) (OutboxState, error) {
	var st OutboxState
	var oldest sql.NullInt64
	err := s.queryRow(ctx, OutboxStateQuery, now.Unix()).Scan(&st.Waiting, &oldest, &st.Dead)
	if err != nil {
		return st, s.fail("outbox state", err)
	}
	if oldest.Valid {
		st.Oldest = fromUnix(oldest.Int64)
	}
	return st, nil
}

// ReleaseClaims gives back every claimed message at once. Only serve calls
// it, at start, while it holds the database's lock: no other worker can be
// sending, so the claims are those of a process that died.
func (s *Store) ReleaseClaims(ctx context.Context) (int, error) {
	var n int64
	err := s.write(ctx, func(tx Tx) error {
		res, err := tx.Exec(`UPDATE outbox SET status = 'pending', claimed_until = NULL WHERE status = 'sending'`)
		if err != nil {
			return s.fail("release claims", err)
		}
		n, err = res.RowsAffected()
		return err
	})
	return int(n), err
}

// CheckWrite writes one row and reports whether the database took it: a
// full disk or a read-only file answers reads but no writes.
func (s *Store) CheckWrite(ctx context.Context) error {
	return s.write(ctx, func(tx Tx) error {
		_, err := tx.Exec(`INSERT INTO health (id, checked_at, room) VALUES (1, ?, `+s.d.Zeros(8192)+`)
			ON CONFLICT (id) DO UPDATE SET checked_at = excluded.checked_at, room = excluded.room`, s.Now().Unix())
		return err
	})
}

// Stats counts the rows of the main tables, for health and tests.
func (s *Store) Stats(ctx context.Context) (map[string]int, error) {
	stats := map[string]int{}
	for _, table := range []string{"units", "officials", "schedules", "bookings", "outbox", "users"} {
		var n int
		if err := s.queryRow(ctx, `SELECT COUNT(*) FROM `+table).Scan(&n); err != nil {
			return nil, s.fail("count "+table, err)
		}
		stats[table] = n
	}
	return stats, nil
}

// SmallTables are the tables start-up checks (SQLite's quick check, a read
// of each on PostgreSQL): small, and read on every request.
var SmallTables = []string{"schema_migrations", "units", "officials", "schedules", "closures", "users", "user_officials", "api_tokens"}

// Ping answers whether the database can be read, at the cost of one row:
// for health checks, which must stay cheap however many bookings there are.
func (s *Store) Ping(ctx context.Context) error {
	var v int
	if err := s.queryRow(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&v); err != nil {
		return s.fail("ping", err)
	}
	return nil
}
