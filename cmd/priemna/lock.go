package main

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
)

// dbLock is held by serve for the life of the process, so that a second
// serve on the same SQLite file refuses to start: one process owns the
// writer and the outbox's claims. (Several processes are the job of a
// PostgreSQL deployment.) The kernel drops the lock when the process dies,
// so a crash leaves nothing to clean up.
type dbLock struct{ f *os.File }

// lockDB takes the lock beside the database file (FILE.lock) and writes
// the holder's pid into it.
func lockDB(dbPath string) (*dbLock, error) {
	path := dbPath + ".lock"
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o640)
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		holder := "another process"
		if b, rerr := os.ReadFile(path); rerr == nil {
			if pid, perr := strconv.Atoi(strings.TrimSpace(string(b))); perr == nil {
				holder = fmt.Sprintf("process %d", pid)
			}
		}
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("%s is already served by %s (lock %s); one serve per SQLite file: stop the other first", dbPath, holder, path)
		}
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	if err := f.Truncate(0); err == nil {
		f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	}
	return &dbLock{f: f}, nil
}

// Release lets another serve start. The file stays: removing it would race
// with a process about to lock it.
func (l *dbLock) Release() {
	syscall.Flock(int(l.f.Fd()), syscall.LOCK_UN)
	l.f.Close()
}
