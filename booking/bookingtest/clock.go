// Package bookingtest provides what tests of the booking domain share, on
// the model of net/http/httptest: the one test clock, the one fixture of a
// unit, an official and a schedule, and an in-memory store for fast tests
// of the service. It is imported by tests only.
package bookingtest

import (
	"sync"
	"time"

	"github.com/priemna/priemna/calendar"
)

// Clock is a test clock that moves only when told to. Its Now is what the
// service and the stores take as their clock.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock returns a clock standing at t.
func NewClock(t time.Time) *Clock { return &Clock{t: t} }

// Now returns the instant the clock stands at.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Set moves the clock to t.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// Add moves the clock on by d.
func (c *Clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// Sofia returns a Sofia wall-clock instant.
func Sofia(y int, m time.Month, d, hh, mm int) time.Time {
	return time.Date(y, m, d, hh, mm, 0, 0, calendar.Sofia)
}
