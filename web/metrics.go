package web

import (
	"strconv"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// metrics are the web server's Prometheus metrics. Labels are route
// patterns and fixed words, never a path: a path can carry a manage token.
type metrics struct {
	requests       *prometheus.CounterVec
	duration       *prometheus.HistogramVec
	rateLimited    *prometheus.CounterVec
	signInFailures prometheus.Counter
}

func newMetrics(reg prometheus.Registerer) *metrics {
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "priemna_http_requests_total",
			Help: "HTTP requests by route pattern, method and status code."}, []string{"route", "method", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "priemna_http_request_duration_seconds",
			Help:    "HTTP request latency by route pattern and method.",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10}}, []string{"route", "method"}),
		rateLimited: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "priemna_rate_limited_total",
			Help: "Requests refused by a per-address rate limit, by limit (write or read)."}, []string{"limit"}),
		signInFailures: prometheus.NewCounter(prometheus.CounterOpts{Name: "priemna_signin_failures_total",
			Help: "Failed staff sign-ins (wrong password, unknown or locked account)."}),
	}
	reg.MustRegister(m.requests, m.duration, m.rateLimited, m.signInFailures)
	// Zero series exist from the start, so that an alert on a rate sees them.
	m.rateLimited.WithLabelValues("write")
	m.rateLimited.WithLabelValues("read")
	return m
}

func (m *metrics) observe(route, method string, status int, took time.Duration) {
	if m == nil {
		return
	}
	m.requests.WithLabelValues(route, method, strconv.Itoa(status)).Inc()
	m.duration.WithLabelValues(route, method).Observe(took.Seconds())
}

func (m *metrics) limited(limit string) {
	if m != nil {
		m.rateLimited.WithLabelValues(limit).Inc()
	}
}

func (m *metrics) signInFailed() {
	if m != nil {
		m.signInFailures.Inc()
	}
}

// metricsPage serves the Prometheus text format to staff tokens; without a
// registry there is nothing to serve.
func (s *Server) metricsPage() echo.HandlerFunc {
	if s.cfg.Metrics == nil {
		return func(echo.Context) error { return echo.ErrNotFound }
	}
	return echo.WrapHandler(promhttp.HandlerFor(s.cfg.Metrics, promhttp.HandlerOpts{}))
}
