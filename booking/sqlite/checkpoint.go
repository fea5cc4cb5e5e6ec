package sqlite

import (
	"context"
	"database/sql"
	"sync/atomic"
	"time"
)

// SQLite copies the write-ahead log back into the database file (a
// checkpoint) on the connection whose commit makes the log long enough,
// inside that commit: here the one writer, which then holds up every
// booking waiting for the next group commit while it copies pages and
// syncs the database file. With years of bookings a commit touches pages
// all over a large file (random tokens and message keys in big indexes),
// so these checkpoints grow long. The writer turns them off
// (wal_autocheckpoint = 0, see Open) and a connection of its own does them
// here, in PASSIVE mode, which never waits for or blocks the writer.

// checkpointEvery is how often the log is copied back while writes go on.
const checkpointEvery = 200 * time.Millisecond

type checkpointer struct {
	conn *sql.DB
	kick chan struct{} // a commit happened
	stop chan struct{}
	done chan struct{}
	// after, when set (tests), is told what each checkpoint found: the
	// frames in the log and how many of them are in the database file.
	after atomic.Pointer[func(log, copied int)]
}

func newCheckpointer(conn *sql.DB) *checkpointer {
	c := &checkpointer{conn: conn, kick: make(chan struct{}, 1), stop: make(chan struct{}), done: make(chan struct{})}
	go c.run()
	return c
}

// committed tells the checkpointer there is something to copy back.
func (c *checkpointer) committed() {
	select {
	case c.kick <- struct{}{}:
	default:
	}
}

func (c *checkpointer) run() {
	defer close(c.done)
	for {
		select {
		case <-c.stop:
			return
		case <-c.kick:
		}
		c.copyBack(context.Background())
		select {
		case <-c.stop:
			return
		case <-time.After(checkpointEvery):
		}
	}
}

// copyBack copies the log back into the database file as far as no
// reader still needs it. A failure (a full disk, say) leaves the log to
// the next round; the writer reports what matters about it.
func (c *checkpointer) copyBack(ctx context.Context) {
	var busy, log, copied int
	err := c.conn.QueryRowContext(ctx, `PRAGMA wal_checkpoint(PASSIVE)`).Scan(&busy, &log, &copied)
	if after := c.after.Load(); after != nil && err == nil {
		(*after)(log, copied)
	}
}

// close stops after the checkpoint under way; closing the last connection
// checkpoints what is left.
func (c *checkpointer) close() error {
	close(c.stop)
	<-c.done
	return c.conn.Close()
}
