package main

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/booking/sqlstore"
)

// appMetrics are the metrics of what serve runs beside the web server (the
// web server registers its own): bookings by outcome, mail, sweeps, and
// the Go runtime and process.
type appMetrics struct {
	bookings      *prometheus.CounterVec
	sendFailures  prometheus.Counter
	sweeps        *prometheus.CounterVec
	sweepFailures *prometheus.CounterVec
	sweepDuration *prometheus.HistogramVec
}

// sweepNames are the jobs the sweep runs once a minute.
var sweepNames = []string{"holds", "offers", "waitlist", "no_shows", "retention", "complaint_retention", "waitlist_retention", "letters"}

func newMetrics(db *store, now func() time.Time) (*prometheus.Registry, *appMetrics) {
	reg := prometheus.NewRegistry()
	m := &appMetrics{
		bookings: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "priemna_bookings_total",
			Help: "Attempts to book by outcome: booked, held, full, capped, refused, failed."}, []string{"outcome"}),
		sendFailures: prometheus.NewCounter(prometheus.CounterOpts{Name: "priemna_mail_send_failures_total",
			Help: "Failed attempts to send a message (each is retried until --mail-attempts)."}),
		sweeps: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "priemna_sweep_runs_total",
			Help: "Runs of the once-a-minute sweeps: holds, no_shows, retention."}, []string{"sweep"}),
		sweepFailures: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "priemna_sweep_failures_total",
			Help: "Sweep runs that failed."}, []string{"sweep"}),
		sweepDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "priemna_sweep_duration_seconds",
			Help: "How long a sweep run took.", Buckets: prometheus.DefBuckets}, []string{"sweep"}),
	}
	for _, o := range booking.Outcomes {
		m.bookings.WithLabelValues(o)
	}
	for _, s := range sweepNames {
		m.sweeps.WithLabelValues(s)
		m.sweepFailures.WithLabelValues(s)
	}
	state := func() sqlstore.OutboxState {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		st, _ := db.OutboxState(ctx, now())
		return st
	}
	reg.MustRegister(m.bookings, m.sendFailures, m.sweeps, m.sweepFailures, m.sweepDuration,
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "priemna_outbox_waiting",
			Help: "Messages waiting to be sent (pending or being sent)."}, func() float64 { return float64(state().Waiting) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "priemna_outbox_oldest_waiting_seconds",
			Help: "Age of the oldest message waiting to be sent; 0 when none waits."}, func() float64 {
			if st := state(); !st.Oldest.IsZero() {
				return now().Sub(st.Oldest).Seconds()
			}
			return 0
		}),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "priemna_outbox_dead",
			Help: "Messages given up on (dead letters), waiting for staff to send them again."}, func() float64 { return float64(state().Dead) }),
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	)
	return reg, m
}

// timeSweep runs one sweep job and records it.
func (m *appMetrics) timeSweep(name string, job func() error) error {
	start := time.Now()
	err := job()
	if m != nil {
		m.sweeps.WithLabelValues(name).Inc()
		m.sweepDuration.WithLabelValues(name).Observe(time.Since(start).Seconds())
		if err != nil {
			m.sweepFailures.WithLabelValues(name).Inc()
		}
	}
	return err
}
