package booking

import (
	"sync/atomic"
	"time"
)

// PasswordGate bounds how many sign-ins check a password at once: each
// argon2id check takes about 19 MiB, and anyone can ask for one (an
// unknown email runs a dummy check), so unbounded parallel sign-ins would
// take the server's memory with them.
type PasswordGate struct {
	slots      chan struct{}
	waiting    atomic.Int64
	maxWaiting int64
	wait       time.Duration
}

// NewPasswordGate lets n checks run at once (sized to the cores: a check
// is CPU-bound); up to 16·n more wait at most wait for a turn, and the
// rest are turned away at once.
func NewPasswordGate(n int, wait time.Duration) *PasswordGate {
	n = max(1, n)
	return &PasswordGate{slots: make(chan struct{}, n), maxWaiting: int64(16 * n), wait: wait}
}

// enter waits for a turn and returns the function that ends it;
// EUNAVAILABLE when none comes in time. A nil gate lets everyone in.
func (g *PasswordGate) enter() (release func(), err error) {
	if g == nil {
		return func() {}, nil
	}
	select {
	case g.slots <- struct{}{}:
		return g.release, nil
	default:
	}
	if g.waiting.Add(1) > g.maxWaiting {
		g.waiting.Add(-1)
		return nil, errBusy()
	}
	defer g.waiting.Add(-1)
	timer := time.NewTimer(g.wait)
	defer timer.Stop()
	select {
	case g.slots <- struct{}{}:
		return g.release, nil
	case <-timer.C:
		return nil, errBusy()
	}
}

func (g *PasswordGate) release() { <-g.slots }

func errBusy() error {
	return Errorf(EUNAVAILABLE, "err.too-many-sign-ins-at")
}
