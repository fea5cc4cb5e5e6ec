package main

import (
	"sync"
	"time"
)

// clockGuard does not believe a wall clock that jumps. Between two looks
// the wall clock should move as far as the monotonic clock did; when it
// moves much more or less (an NTP step, a wrong date after a reboot),
// sweeps that act on the date — no-shows, erasure of personal data, holds
// — must pause rather than mark every coming booking a no-show or erase
// data for good. They resume when the wall clock is back where the
// monotonic clock says it should be, or when the operator confirms the new
// time.
type clockGuard struct {
	Wall func() time.Time     // the clock the domain uses
	Mono func() time.Duration // monotonic time since some start
	Max  time.Duration        // the disagreement believed

	mu       sync.Mutex
	refWall  time.Time     // a wall time believed …
	refMono  time.Duration // … and the monotonic time it was read at
	paused   bool
	confirm  bool // the operator accepts the wall clock as it is
	lastJump time.Duration
}

func newClockGuard(wall func() time.Time, mono func() time.Duration, max time.Duration) *clockGuard {
	return &clockGuard{Wall: wall, Mono: mono, Max: max, refWall: wall(), refMono: mono()}
}

// Check compares the clocks. It returns whether the wall clock is believed,
// and how far it is from where the monotonic clock puts it.
func (g *clockGuard) Check() (ok bool, jump time.Duration) {
	g.mu.Lock()
	defer g.mu.Unlock()
	wall, mono := g.Wall(), g.Mono()
	jump = wall.Sub(g.refWall.Add(mono - g.refMono))
	if g.confirm || (jump <= g.Max && jump >= -g.Max) {
		// Believed: it becomes the reference, so that slow drift is never
		// taken for a jump.
		g.refWall, g.refMono, g.paused, g.confirm = wall, mono, false, false
		return true, jump
	}
	g.paused, g.lastJump = true, jump
	return false, jump
}

// Confirm accepts the wall clock as it is at the next Check.
func (g *clockGuard) Confirm() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.confirm = true
}

// Paused reports whether the sweeps are paused, and by how big a jump.
func (g *clockGuard) Paused() (bool, time.Duration) {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.paused, g.lastJump
}
