package sqlite

import (
	"context"
	"database/sql"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/booking/storetest"
)

// TestHoldsMigrationKeepsData builds a database as release 0011 left it,
// with bookings, mail and feedback, and opens it: 0012 rebuilds the
// bookings table and must keep every row and every reference to it.
func TestHoldsMigrationKeepsData(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	old, err := sql.Open("sqlite3", path+"?_foreign_keys=on")
	if err != nil {
		t.Fatal(err)
	}
	names, _ := fs.Glob(migrations, "migration/*.sql")
	slices.Sort(names)
	for _, name := range names {
		if strings.HasPrefix(filepath.Base(name), "0012") {
			break
		}
		body, _ := migrations.ReadFile(name)
		if _, err := old.Exec(string(body)); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	if _, err := old.Exec(`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL);
		WITH RECURSIVE v(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM v WHERE n < 11)
		INSERT INTO schema_migrations SELECT n, 'old', 0 FROM v;
		INSERT INTO units (slug, name, kind) VALUES ('sredets', 'Средец', 'district');
		INSERT INTO officials (slug, unit_id, name, title, email) VALUES ('kmet', 1, 'Иван', 'Кмет', 'k@example.bg');
		INSERT INTO schedules (official_id, rule, duration_minutes, slot_minutes, capacity, location, booking_opens_days,
			booking_closes_hours, observe_holidays, created_at)
			VALUES (1, 'DTSTART;TZID=Europe/Sofia:20260105T140000' || char(10) || 'RRULE:FREQ=WEEKLY', 60, 15, 1, 'стая 1', 30, 24, 1, 0);
		INSERT INTO bookings (reference, token, uid, official_id, schedule_id, starts_at, ends_at, seat, name, email, topic, language,
			status, created_at, updated_at, received_at, anonymised_at)
			VALUES ('SO-AAAA-BBBB', 'tok1', 'u1', 1, 1, 100, 200, 1, 'Мария', 'm@example.bg', 'Въпрос', 'bg', 'completed', 1, 2, 150, 300),
			       ('SO-CCCC-DDDD', 'tok2', 'u2', 1, 1, 400, 500, 1, 'Петър', 'P+x@Example.bg', 'Друг', 'en', 'confirmed', 3, 4, NULL, NULL);
		INSERT INTO outbox (booking_id, kind, sequence, slot_start, due_at, created_at) VALUES (2, 'confirmation', 0, 400, 3, 3);
		INSERT INTO feedback (booking_id, rating, created_at) VALUES (1, 5, 250);`); err != nil {
		t.Fatal(err)
	}
	old.Close()

	db := storetest.Open(t, Open, path)
	ctx := context.Background()
	if err := db.Check(ctx); err != nil {
		t.Fatal(err)
	}
	b, err := db.BookingByToken(ctx, "tok2")
	if err != nil || b.Reference != "SO-CCCC-DDDD" || b.Name != "Петър" || b.Language != "en" || b.Status != "confirmed" || !b.HeldUntil.IsZero() {
		t.Fatalf("booking after the migration: %+v %v", b, err)
	}
	if msgs, err := db.Messages(ctx, b.ID); err != nil || len(msgs) != 1 {
		t.Fatalf("outbox after the migration: %+v %v", msgs, err)
	}
	var anonymised, received, rating int64
	if err := db.writer.QueryRow(`SELECT b.anonymised_at, b.received_at, f.rating FROM bookings b JOIN feedback f ON f.booking_id = b.id`).
		Scan(&anonymised, &received, &rating); err != nil || anonymised != 300 || received != 150 || rating != 5 {
		t.Fatalf("columns after the migration: %d %d %d %v", anonymised, received, rating, err)
	}
	// 0140 retires the link of the booking erased after its meeting; the
	// other keeps its own (read by it above).
	if _, err := db.BookingByToken(ctx, "tok1"); booking.ErrorCode(err) != booking.ENOTFOUND {
		t.Errorf("the erased booking's link after the migration: %v", err)
	}
	var retired string
	if err := db.writer.QueryRow(`SELECT token FROM bookings WHERE reference = 'SO-AAAA-BBBB'`).Scan(&retired); err != nil || retired != "~1" {
		t.Errorf("the erased booking's token after the migration: %q %v", retired, err)
	}
	// 0020 fills in the canonical key the caps compare.
	var key string
	if err := db.writer.QueryRow(`SELECT email_key FROM bookings WHERE token = 'tok2'`).Scan(&key); err != nil || key != "p@example.bg" {
		t.Errorf("email key after the migration: %q %v", key, err)
	}
	var fk int
	if err := db.writer.QueryRow(`PRAGMA foreign_keys`).Scan(&fk); err != nil || fk != 1 {
		t.Errorf("foreign keys are %d after the migration (%v)", fk, err)
	}
	// The seat index is back: a second active booking on the same seat is refused.
	if _, err := db.writer.Exec(`INSERT INTO bookings (reference, token, uid, official_id, schedule_id, starts_at, ends_at, seat, name, email,
		topic, language, status, created_at, updated_at) VALUES ('SO-EEEE-FFFF', 'tok3', 'u3', 1, 1, 400, 500, 1, 'X', 'x@example.bg', 'Т', 'bg', 'pending', 5, 5)`); err == nil {
		t.Error("two active bookings on one seat")
	}
}

// TestProcessesMigratingOneFileTogether: several processes started at
// once on a database that has migrations to apply get one schema, each
// migration applied once, and every process opens it (each migration
// checks its record inside its own write transaction). The file is an
// empty one already in WAL mode, as every Priemna database is after its
// first open.
func TestProcessesMigratingOneFileTogether(t *testing.T) {
	path := filepath.Join(t.TempDir(), "new.db")
	empty, err := sql.Open("sqlite3", path+"?_journal_mode=WAL")
	if err != nil {
		t.Fatal(err)
	}
	if err := empty.Ping(); err != nil {
		t.Fatal(err)
	}
	empty.Close()
	storetest.OpenTogether(t, 6, func() (*DB, error) { return Open(path) },
		func(db *DB) []string { return db.Applied },
		func(db *DB) (n int, err error) {
			err = db.writer.QueryRow(`SELECT COUNT(*) FROM schema_migrations`).Scan(&n)
			return n, err
		})
}
