// Package sqlite implements booking.Store on SQLite (mattn/go-sqlite3).
//
// One writer connection runs every write in an immediate transaction; the
// writes that arrive together share one transaction and one fsync (group
// commit), each inside its own savepoint so that one failing leaves the
// others intact. Reads use a separate pool. SQL never leaves this package.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/mattn/go-sqlite3"

	"github.com/priemna/priemna/booking"
)

//go:embed migration/*.sql
var migrations embed.FS

func init() {
	// Pages are read through a memory map rather than read(2) into each
	// connection's cache: a large table then costs a look-up what a small
	// one does.
	sql.Register(driverName, &sqlite3.SQLiteDriver{ConnectHook: func(c *sqlite3.SQLiteConn) error {
		// The canonical citizen keys, for migrations that fill them in.
		if err := c.RegisterFunc("priemna_email_key", booking.EmailKey, true); err != nil {
			return err
		}
		if err := c.RegisterFunc("priemna_phone_key", booking.PhoneKey, true); err != nil {
			return err
		}
		_, err := c.Exec(`PRAGMA mmap_size = 268435456`, nil)
		return err
	}})
}

const driverName = "sqlite3_priemna"

// maxBatch bounds how many writes share one transaction.
const maxBatch = 64

// DB is the SQLite database behind the store.
type DB struct {
	Path string
	Now  func() time.Time
	// Applied names the migrations Open applied; Version is the schema
	// version the database is now at.
	Applied []string
	Version int

	writer     *sql.DB
	reader     *sql.DB
	writeStmts *stmtCache
	readStmts  *stmtCache

	mu     sync.RWMutex // guards closed against writes racing Close
	closed bool
	writes chan *writeOp
	done   chan struct{}
}

type writeOp struct {
	ctx    context.Context
	fn     func(tx *sql.Tx) error
	result chan error
}

// Open opens (creating if needed) the database file and applies pending
// migrations.
func Open(path string) (*DB, error) {
	if path == "" || strings.ContainsAny(path, "?#") {
		return nil, fmt.Errorf("sqlite: invalid database path %q", path)
	}
	if err := createPrivate(path); err != nil {
		return nil, err
	}
	common := "_busy_timeout=10000&_foreign_keys=on&_cache_size=-32768"
	writer, err := sql.Open(driverName, path+"?"+common+"&_txlock=immediate&_journal_mode=WAL&_synchronous=FULL")
	if err != nil {
		return nil, fmt.Errorf("sqlite: open: %w", err)
	}
	writer.SetMaxOpenConns(1)
	writer.SetMaxIdleConns(1)
	writer.SetConnMaxLifetime(0)
	writer.SetConnMaxIdleTime(0)
	if err := writer.Ping(); err != nil {
		writer.Close()
		if isNotADB(err) {
			return nil, notSQLite(path)
		}
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	reader, err := sql.Open(driverName, path+"?"+common+"&_query_only=1")
	if err != nil {
		writer.Close()
		return nil, fmt.Errorf("sqlite: open: %w", err)
	}
	n := max(4, 2*runtime.NumCPU())
	reader.SetMaxOpenConns(n)
	reader.SetMaxIdleConns(n)
	db := &DB{Path: path, Now: time.Now, writer: writer, reader: reader,
		writeStmts: &stmtCache{db: writer}, readStmts: &stmtCache{db: reader},
		writes: make(chan *writeOp, maxBatch), done: make(chan struct{})}
	err = db.migrate()
	if err == nil {
		err = db.writeStmts.prepare(hotWrites)
	}
	if err != nil {
		writer.Close()
		reader.Close()
		return nil, err
	}
	go db.writeLoop()
	return db, nil
}

// Close finishes pending writes and closes the connections.
func (db *DB) Close() error {
	db.mu.Lock()
	if db.closed {
		db.mu.Unlock()
		return nil
	}
	db.closed = true
	close(db.writes)
	db.mu.Unlock()
	<-db.done
	db.writeStmts.close()
	db.readStmts.close()
	return errors.Join(db.reader.Close(), db.writer.Close())
}

// applicationID marks a Priemna database in the SQLite header (PRAGMA
// application_id), so that another application's file is never mistaken
// for ours: "Prie" in ASCII.
const applicationID = 0x50726965

// ErrForeign is returned by Open for an SQLite file of another application.
var ErrForeign = errors.New("not a Priemna database")

// ErrNewer is returned by Open for a database a newer Priemna has written.
var ErrNewer = errors.New("database written by a newer version of Priemna")

func (db *DB) migrate() error {
	marked, err := db.checkOwner()
	if err != nil {
		return err
	}
	if _, err := db.writer.Exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)`); err != nil {
		return fmt.Errorf("sqlite: migrations table: %w", err)
	}
	if !marked {
		if _, err := db.writer.Exec(fmt.Sprintf(`PRAGMA application_id = %d`, applicationID)); err != nil {
			return fmt.Errorf("sqlite: application id: %w", err)
		}
	}
	names, err := fs.Glob(migrations, "migration/*.sql")
	if err != nil {
		return err
	}
	slices.Sort(names)
	known := map[int]bool{}
	latest := 0
	for _, name := range names {
		version, err := migrationVersion(name)
		if err != nil {
			return err
		}
		known[version] = true
		latest = max(latest, version)
	}
	if err := db.checkNotNewer(known, latest); err != nil {
		return err
	}
	for _, name := range names {
		version, _ := migrationVersion(name)
		applied, err := db.applyMigration(version, strings.TrimPrefix(name, "migration/"), name)
		if err != nil {
			return err
		}
		if applied {
			db.Applied = append(db.Applied, strings.TrimPrefix(name, "migration/"))
		}
	}
	db.Version = latest
	return nil
}

func migrationVersion(name string) (int, error) {
	base := strings.TrimPrefix(name, "migration/")
	num, _, _ := strings.Cut(base, "_")
	version, err := strconv.Atoi(num)
	if err != nil {
		return 0, fmt.Errorf("sqlite: migration %s: name must start with a number", base)
	}
	return version, nil
}

// checkOwner refuses an SQLite file that belongs to another application:
// one marked with another application id, or one with tables but no
// record of Priemna's migrations. Priemna's tables are never added to it.
// It reports whether the file is already marked as Priemna's.
func (db *DB) checkOwner() (marked bool, err error) {
	var id int64
	if err := db.writer.QueryRow(`PRAGMA application_id`).Scan(&id); err != nil {
		if isNotADB(err) {
			return false, notSQLite(db.Path)
		}
		return false, fmt.Errorf("sqlite: %s: %w", db.Path, err)
	}
	if id != 0 && id != applicationID {
		return false, fmt.Errorf("sqlite: %s: %w (its application id is %#x); nothing was changed", db.Path, ErrForeign, id)
	}
	var tables []string
	rows, err := db.writer.Query(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
	if err != nil {
		return false, fmt.Errorf("sqlite: %s: %w", db.Path, err)
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return false, err
		}
		tables = append(tables, name)
	}
	if err := rows.Err(); err != nil {
		return false, err
	}
	if len(tables) > 0 && !slices.Contains(tables, "schema_migrations") {
		if len(tables) > 5 {
			tables = append(tables[:5], "…")
		}
		return false, fmt.Errorf("sqlite: %s: %w: it has tables (%s) but no record of Priemna's migrations; nothing was changed",
			db.Path, ErrForeign, strings.Join(tables, ", "))
	}
	return id == applicationID, nil
}

func isNotADB(err error) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && se.Code == sqlite3.ErrNotADB
}

func notSQLite(path string) error {
	return fmt.Errorf("sqlite: %s: %w: not an SQLite file at all; nothing was changed", path, ErrForeign)
}

// checkNotNewer refuses a database that records a migration this binary
// does not have: a newer Priemna wrote it, and an older one must not.
func (db *DB) checkNotNewer(known map[int]bool, latest int) error {
	rows, err := db.writer.Query(`SELECT version, name FROM schema_migrations ORDER BY version`)
	if err != nil {
		return fmt.Errorf("sqlite: read migrations: %w", err)
	}
	defer rows.Close()
	var unknown []string
	for rows.Next() {
		var v int
		var name string
		if err := rows.Scan(&v, &name); err != nil {
			return err
		}
		if !known[v] {
			unknown = append(unknown, name)
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if len(unknown) > 0 {
		return fmt.Errorf("sqlite: %s: %w: it has migrations %s that this binary (schema version %04d) does not know; "+
			"run the newer priemna, or restore the backup taken before the upgrade", db.Path, ErrNewer, strings.Join(unknown, ", "), latest)
	}
	return nil
}

// foreignKeysOff marks a migration that rebuilds a table other tables
// refer to; SQLite wants foreign keys off for that, and they can only be
// switched outside a transaction.
const foreignKeysOff = "-- foreign_keys: off\n"

// applyMigration applies one migration unless it was, and reports whether
// it did.
func (db *DB) applyMigration(version int, base, name string) (bool, error) {
	var n int
	if err := db.writer.QueryRow(`SELECT COUNT(*) FROM schema_migrations WHERE version = ?`, version).Scan(&n); err != nil {
		return false, fmt.Errorf("sqlite: migration %s: %w", base, err)
	}
	if n > 0 {
		return false, nil
	}
	return true, db.runMigration(version, base, name)
}

func (db *DB) runMigration(version int, base, name string) error {
	body, err := migrations.ReadFile(name)
	if err != nil {
		return err
	}
	if strings.HasPrefix(string(body), foreignKeysOff) {
		// The writer is a single connection, so the pragma holds for the
		// migration's transaction.
		if _, err := db.writer.Exec(`PRAGMA foreign_keys = OFF`); err != nil {
			return fmt.Errorf("sqlite: migration %s: %w", base, err)
		}
		defer db.writer.Exec(`PRAGMA foreign_keys = ON`)
	}
	tx, err := db.writer.Begin()
	if err != nil {
		return fmt.Errorf("sqlite: migration %s: %w", base, err)
	}
	defer tx.Rollback()
	if _, err := tx.Exec(string(body)); err != nil {
		return fmt.Errorf("sqlite: migration %s: %w", base, err)
	}
	if _, err := tx.Exec(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`,
		version, base, time.Now().Unix()); err != nil {
		return fmt.Errorf("sqlite: migration %s: %w", base, err)
	}
	var broken int
	if err := tx.QueryRow(`SELECT COUNT(*) FROM pragma_foreign_key_check`).Scan(&broken); err != nil || broken > 0 {
		return fmt.Errorf("sqlite: migration %s: %d broken foreign keys (%v)", base, broken, err)
	}
	return tx.Commit()
}

// errFull is what a write meets when the disk (or max_page_count) is full:
// nothing was written, and the person is told to try later.
func errFull() error {
	return booking.Errorf(booking.EUNAVAILABLE, "Системата временно не може да записва. Нищо не е променено; моля, опитайте отново след малко.",
		"The system cannot save anything just now. Nothing was changed; please try again shortly.")
}

// classify turns a full disk into errFull, keeping other errors.
func classify(err error) error {
	var se sqlite3.Error
	if errors.As(err, &se) && se.Code == sqlite3.ErrFull {
		return errFull()
	}
	return err
}

// write runs fn in a write transaction and returns once it is durable.
// It may share the transaction with other writes, each in a savepoint.
func (db *DB) write(ctx context.Context, fn func(tx *sql.Tx) error) error {
	op := &writeOp{ctx: ctx, fn: fn, result: make(chan error, 1)}
	db.mu.RLock()
	if db.closed {
		db.mu.RUnlock()
		return errors.New("sqlite: database is closed")
	}
	select {
	case db.writes <- op:
	case <-ctx.Done():
		db.mu.RUnlock()
		return ctx.Err()
	}
	db.mu.RUnlock()
	// Once queued, the write is waited for even if ctx ends: the caller must
	// learn whether it committed.
	return classify(<-op.result)
}

func (db *DB) writeLoop() {
	defer close(db.done)
	batch := make([]*writeOp, 0, maxBatch)
	for op := range db.writes {
		batch = append(batch[:0], op)
	drain:
		for len(batch) < maxBatch {
			select {
			case op, ok := <-db.writes:
				if !ok {
					break drain
				}
				batch = append(batch, op)
			default:
				break drain
			}
		}
		db.commit(batch)
	}
}

// commit runs a batch of writes in one transaction and reports each result
// after the commit.
func (db *DB) commit(batch []*writeOp) {
	results := make([]error, len(batch))
	defer func() {
		for i, op := range batch {
			op.result <- results[i]
		}
	}()
	fail := func(err error) {
		for i := range results {
			if results[i] == nil {
				results[i] = err
			}
		}
	}
	tx, err := db.writer.Begin()
	if err != nil {
		fail(fmt.Errorf("sqlite: begin: %w", err))
		return
	}
	for i, op := range batch {
		if err := op.ctx.Err(); err != nil {
			results[i] = err
			continue
		}
		if _, err := db.exec(tx, `SAVEPOINT op`); err != nil {
			tx.Rollback()
			fail(fmt.Errorf("sqlite: savepoint: %w", err))
			return
		}
		if results[i] = run(op.fn, tx); results[i] != nil {
			// SQLite may have rolled back the whole transaction (a full
			// disk does): then nothing in this batch can commit.
			if _, err := db.exec(tx, `ROLLBACK TO op`); err != nil {
				tx.Rollback()
				fail(fmt.Errorf("sqlite: transaction aborted: %w", results[i]))
				return
			}
		}
		if _, err := db.exec(tx, `RELEASE op`); err != nil {
			tx.Rollback()
			fail(fmt.Errorf("sqlite: release: %w", err))
			return
		}
	}
	if err := tx.Commit(); err != nil {
		fail(fmt.Errorf("sqlite: commit: %w", err))
	}
}

// run calls fn, turning a panic into an error so one bad write cannot take
// the writer down.
func run(fn func(*sql.Tx) error, tx *sql.Tx) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("sqlite: panic in write: %v", p)
		}
	}()
	return fn(tx)
}

// Backup writes a consistent copy of the database to path, which must not
// exist. It is safe while the database is in use.
func (db *DB) Backup(ctx context.Context, path string) error {
	return Backup(ctx, db.Path, path)
}

// Backup copies the database file at src to dst with VACUUM INTO: a
// consistent snapshot even while another process writes to it. dst must
// not exist; it is created readable by its owner only.
func Backup(ctx context.Context, src, dst string) error {
	f, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, fileMode)
	if err != nil {
		return fmt.Errorf("sqlite: backup: %w", err)
	}
	f.Close() // VACUUM INTO fills an empty file
	conn, err := sql.Open("sqlite3", src+"?_busy_timeout=10000")
	if err != nil {
		os.Remove(dst)
		return fmt.Errorf("sqlite: backup: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `VACUUM INTO ?`, dst); err != nil {
		os.Remove(dst)
		return fmt.Errorf("sqlite: backup to %s: %w", dst, err)
	}
	return nil
}

// Stats counts the rows of the main tables, for health and tests.
func (db *DB) Stats(ctx context.Context) (map[string]int, error) {
	stats := map[string]int{}
	for _, table := range []string{"units", "officials", "schedules", "bookings", "outbox", "users"} {
		var n int
		if err := db.queryRow(ctx, `SELECT COUNT(*) FROM `+table).Scan(&n); err != nil {
			return nil, fmt.Errorf("sqlite: count %s: %w", table, err)
		}
		stats[table] = n
	}
	return stats, nil
}

// isUnique reports whether err is a UNIQUE violation mentioning column.
func isUnique(err error, column string) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && (se.ExtendedCode == sqlite3.ErrConstraintUnique || se.ExtendedCode == sqlite3.ErrConstraintPrimaryKey) &&
		strings.Contains(se.Error(), column)
}

func notFound(what booking.Text) error {
	return &booking.Error{Code: booking.ENOTFOUND, Message: what}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func unixOrNil(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.Unix()
}

func fromUnix(n int64) time.Time { return time.Unix(n, 0).UTC() }

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}
