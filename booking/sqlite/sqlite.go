// Package sqlite implements the booking stores (booking.Stores) on SQLite
// (mattn/go-sqlite3).
//
// One writer connection runs every write in an immediate transaction; the
// writes that arrive together share one transaction and one fsync (group
// commit), each inside its own savepoint so that one failing leaves the
// others intact. Reads use a separate pool. The store's methods and their SQL are
// booking/sqlstore's, shared with PostgreSQL; this package keeps what is
// SQLite's own: opening, pragmas, migrations, the writer and the
// checkpointer, the outbox claim, checks and backups.
package sqlite

import (
	"database/sql"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mattn/go-sqlite3"

	// The C heap SQLite grows is kept (see the package).
	_ "github.com/priemna/priemna/booking/sqlite/heap"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/booking/sqlstore"
)

func init() {
	sql.Register(driverName, &sqlite3.SQLiteDriver{ConnectHook: connectHook(false)})
	sql.Register(writerDriver, &sqlite3.SQLiteDriver{ConnectHook: connectHook(true)})
}

// connectHook prepares each connection; the writer's leaves checkpoints to
// the checkpointer (checkpoint.go).
func connectHook(writer bool) func(*sqlite3.SQLiteConn) error {
	return func(c *sqlite3.SQLiteConn) error {
		// The canonical citizen keys, for migrations that fill them in.
		if err := c.RegisterFunc("priemna_email_key", booking.EmailKey, true); err != nil {
			return err
		}
		if err := c.RegisterFunc("priemna_phone_key", booking.PhoneKey, true); err != nil {
			return err
		}
		// Pages are read through a memory map rather than read(2) into each
		// connection's cache: a large table then costs a look-up what a small
		// one does.
		if _, err := c.Exec(`PRAGMA mmap_size = 268435456`, nil); err != nil {
			return err
		}
		if writer {
			_, err := c.Exec(`PRAGMA wal_autocheckpoint = 0`, nil)
			return err
		}
		return nil
	}
}

const writerDriver = "sqlite3_priemna_writer"

const driverName = "sqlite3_priemna"

// DB is the SQLite database behind the store.
type DB struct {
	*sqlstore.Store // the store's methods, in SQL shared with PostgreSQL
	Path            string
	// Applied names the migrations Open applied; Version is the schema
	// version the database is now at.
	Applied []string
	Version int

	writer     *sql.DB
	reader     *sql.DB
	writeStmts *stmtCache
	readStmts  *stmtCache

	mu         sync.RWMutex // guards closed against writes racing Close
	closed     bool
	writes     chan *writeOp
	background chan *writeOp // unbuffered: taken when the writer has room
	done       chan struct{}
	ckpt       *checkpointer
	// unsynced says the writer's connection commits without waiting for
	// the disk (writer.go's syncFor); only the writer's goroutine uses it.
	unsynced bool
	// observe, when set (tests and benchmarks), is told of each group
	// commit.
	observe atomic.Pointer[func(commitSeen)]
	// sweepBudget bounds a sweep's batch, sweepRest the pause between two
	// (sweep.go).
	sweepBudget, sweepRest time.Duration
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
	writer, err := sql.Open(writerDriver, path+"?"+common+"&_txlock=immediate&_journal_mode=WAL&_synchronous=FULL")
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
	db := &DB{Path: path, writer: writer, reader: reader,
		writeStmts: &stmtCache{db: writer}, readStmts: &stmtCache{db: reader},
		writes: make(chan *writeOp, maxBatch), background: make(chan *writeOp), done: make(chan struct{}),
		sweepBudget: sweepBudget, sweepRest: sweepRest}
	db.Store = sqlstore.New(backend{db: db}, dialect)
	err = db.migrate()
	if err == nil {
		err = db.writeStmts.prepare(append(hotWrites, sqlstore.HotWrites(db.Store)...))
	}
	var ckpt *sql.DB
	if err == nil {
		ckpt, err = sql.Open(driverName, path+"?"+common)
	}
	if err != nil {
		writer.Close()
		reader.Close()
		return nil, err
	}
	ckpt.SetMaxOpenConns(1)
	db.ckpt = newCheckpointer(ckpt)
	db.ckpt.committed() // what the migrations wrote
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
	return errors.Join(db.ckpt.close(), db.reader.Close(), db.writer.Close())
}
