package main

import (
	"bytes"
	"strings"
	"sync"
	"testing"
	"time"
)

// logWatch keeps what serve logs and lets a test wait for a line, instead
// of sleeping while the background workers get to it.
type logWatch struct {
	mu      sync.Mutex
	buf     bytes.Buffer
	changed chan struct{}
}

func (w *logWatch) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	select {
	case w.changed <- struct{}{}:
	default:
	}
	return w.buf.Write(p)
}

func (w *logWatch) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}

// waitFor returns once the log holds text; the deadline only guards
// against a hang.
func (w *logWatch) waitFor(t *testing.T, text string) {
	t.Helper()
	deadline := time.After(30 * time.Second)
	for !strings.Contains(w.String(), text) {
		select {
		case <-w.changed:
		case <-deadline:
			t.Fatalf("the log never said %q:\n%s", text, w.String())
		}
	}
}
