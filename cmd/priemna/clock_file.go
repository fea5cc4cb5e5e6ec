//go:build testclock

package main

import (
	"fmt"
	"os"
	"strings"
	"sync"
	"time"
)

// envClock returns the clock PRIEMNA_CLOCK_FILE names, nil when it is not
// set. Only a binary built with -tags testclock (the browser tests') has it.
func envClock() (func() time.Time, error) {
	path := os.Getenv("PRIEMNA_CLOCK_FILE")
	if path == "" {
		return nil, nil
	}
	c, err := newFileClock(path)
	if err != nil {
		return nil, err
	}
	fmt.Fprintln(os.Stderr, "priemna: the clock is read from", path, "(PRIEMNA_CLOCK_FILE, a test build)")
	return c.Now, nil
}

// fileClock is the clock of a server under a browser test: the instant is
// read from a file (RFC 3339) that the test rewrites to move time, since a
// browser test cannot reach into the process. PRIEMNA_CLOCK_FILE turns it on;
// it is never meant for a real deployment.
type fileClock struct {
	path string

	mu  sync.Mutex
	now time.Time // the last instant read
}

func newFileClock(path string) (*fileClock, error) {
	c := &fileClock{path: path}
	if err := c.reload(); err != nil {
		return nil, err
	}
	return c, nil
}

// Now returns the instant in the file, read afresh on every call so that a
// test's move is seen at once. A file caught half-written keeps the last
// good instant.
func (c *fileClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	_ = c.reload()
	return c.now
}

func (c *fileClock) reload() error {
	b, err := os.ReadFile(c.path)
	if err != nil {
		return fmt.Errorf("clock file: %w", err)
	}
	t, err := time.Parse(time.RFC3339, strings.TrimSpace(string(b)))
	if err != nil {
		return fmt.Errorf("clock file %s: %w", c.path, err)
	}
	c.now = t
	return nil
}
