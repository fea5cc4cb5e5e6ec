package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/priemna/priemna/booking"
)

// sweeper releases lapsed holds and offers, offers free seats to the
// waiting lists, ends entries whose dates passed, marks absent citizens as
// no-shows and erases personal data past its retention (and the written
// letters of erased bookings), once a minute — but not while the wall
// clock is not believed (clockGuard): every one of these follows the date.
type sweeper struct {
	svc       *booking.Service
	retention time.Duration
	log       *slog.Logger
	metrics   *appMetrics
	guard     *clockGuard
	paused    bool
	// prune removes the written letters (.eml) of erased bookings, which
	// are copies of personal data too; nil with SMTP.
	prune func(context.Context) (int, error)
}

// run sweeps every period until ctx ends; confirm accepts a jumped clock.
func (s *sweeper) run(ctx context.Context, period time.Duration, confirm <-chan struct{}) {
	tick := time.NewTicker(period)
	defer tick.Stop()
	for {
		s.step(ctx)
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		case <-confirm:
			s.log.Warn("clock: the operator confirmed the wall clock; sweeps resume")
			s.guard.Confirm()
		}
	}
}

// step runs each sweep once, unless the wall clock jumped.
func (s *sweeper) step(ctx context.Context) {
	if s.guard != nil {
		ok, jump := s.guard.Check()
		if !ok {
			s.paused = true
			s.log.Error("CLOCK JUMP: the wall clock disagrees with the monotonic clock; the no-show, retention and hold sweeps are PAUSED "+
				"so that no booking is marked a no-show and no personal data is erased by a wrong date",
				"jump", jump.Round(time.Second).String(), "wall_clock", s.guard.Wall().UTC().Format(time.RFC3339),
				"to_resume", "correct the clock (NTP); or, if the new time is right, send SIGHUP (systemctl kill -s HUP priemna)")
			return
		}
		if s.paused {
			s.paused = false
			s.log.Warn("clock: the wall clock is believed again; sweeps resume", "jump", jump.Round(time.Second).String())
		}
	}
	run := func(name, done, unit string, job func() (int, error)) {
		var n int
		err := s.metrics.timeSweep(name, func() (err error) { n, err = job(); return err })
		if err != nil && ctx.Err() == nil {
			s.log.Error("sweep failed", "sweep", name, "err", err)
		} else if n > 0 {
			s.log.Info(done, "sweep", name, unit, n)
		}
	}
	run("holds", "holds released", "bookings", func() (int, error) { return s.svc.ReleaseHolds(ctx) })
	run("offers", "seats offered to the waiting lists", "offers", func() (int, error) { return s.svc.OfferSeats(ctx) })
	run("waitlist", "waiting-list entries lapsed", "entries", func() (int, error) { return s.svc.ExpireWaitlist(ctx) })
	run("no_shows", "no-shows marked", "bookings", func() (int, error) { return s.svc.SweepNoShows(ctx) })
	run("retention", "retention: personal data erased", "bookings", func() (int, error) { return s.svc.ApplyRetention(ctx, s.retention) })
	run("complaint_retention", "retention: personal data erased", "complaints", func() (int, error) {
		return s.svc.ApplyComplaintRetention(ctx, s.retention)
	})
	run("waitlist_retention", "retention: personal data erased", "waiting_entries", func() (int, error) {
		return s.svc.ApplyWaitlistRetention(ctx, s.retention)
	})
	if s.prune != nil {
		// Letters written as files are copies of personal data too.
		run("letters", "written letters of erased bookings removed", "files", func() (int, error) { return s.prune(ctx) })
	}
}
