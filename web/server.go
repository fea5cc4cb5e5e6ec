// Package web serves Priemna over HTTP with Echo: the public and staff JSON
// API, calendar feeds and, later, the pages. Echo types never leave this
// package; the domain is reached only through booking.
package web

import (
	"context"
	_ "embed"
	"log/slog"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/booking/i18n"
)

//go:embed openapi.yaml
var openAPISpec []byte

// Config is what the server needs; cmd/priemna fills it in.
type Config struct {
	Bookings *booking.Service
	Staff    *booking.Staff
	BaseURL  string // e.g. https://priemna.sofia.bg, for links in responses
	Logger   *slog.Logger
	Version  string
	// Health runs the checks /healthz and /readyz report (the database
	// takes a write, its schema, the mail server); nil checks nothing.
	Health func(ctx context.Context) []HealthCheck
	// WriteRate limits booking, cancelling and moving per client address,
	// in requests per minute, with a burst of the same size; 0 sets no
	// limit.
	WriteRate int
	// ReadRate limits queries for free slots (the official's page, a day,
	// the slots API, the booking form) per client address, per minute with
	// a burst of the same size, so that a bot polling for openings is slowed
	// down; 0 sets no limit.
	ReadRate int
	// ProofOfWork > 0 puts an ALTCHA proof-of-work challenge of that
	// difficulty (the largest number to try) on booking; a booking without
	// a solution is held until confirmed by email. 0: off.
	ProofOfWork int
	// TrustProxy takes the client address from X-Forwarded-For, for a
	// deployment behind a reverse proxy on loopback or a private network.
	TrustProxy bool
	// Metrics, when set, receives the server's metrics and is served at
	// /metrics to staff tokens.
	Metrics *prometheus.Registry
}

// Server is the HTTP server.
type Server struct {
	cfg     Config
	echo    *echo.Echo
	pow     *proofOfWork // nil when off
	metrics *metrics     // nil when off
	pages   pageCache    // official and day pages, drawn once per change
}

// MaxBody is the largest request body accepted.
const MaxBody = 64 << 10

// New returns a server with every route registered.
func New(cfg Config) *Server {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	// Never trust X-Forwarded-For unless told to: anyone can send it.
	e.IPExtractor = echo.ExtractIPDirect()
	if cfg.TrustProxy {
		e.IPExtractor = echo.ExtractIPFromXFFHeader()
	}
	s := &Server{cfg: cfg, echo: e}
	if cfg.Metrics != nil {
		s.metrics = newMetrics(cfg.Metrics)
	}
	if cfg.ProofOfWork > 0 {
		s.pow = newProofOfWork(cfg.ProofOfWork, cfg.Bookings.Clock, cfg.Bookings)
	}
	e.HTTPErrorHandler = s.handleError
	e.Use(middleware.Recover())
	e.Use(s.logRequests)
	e.Use(middleware.BodyLimit(strconv.Itoa(MaxBody>>10) + "K"))
	e.Use(securityHeaders(s.https()))
	e.Use(noStore)
	e.Use(withoutTrailingSlash)
	s.routes()
	return s
}

// ServeHTTP makes the server an http.Handler. It answers HEAD wherever GET
// works (RFC 9110, 9.3.2): the request is routed as a GET (Echo routes on
// the request it is handed), and net/http, which still holds the original
// HEAD request, sends the headers and drops the body.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodHead {
		r = r.WithContext(r.Context()) // a shallow copy
		r.Method = http.MethodGet
	}
	s.echo.ServeHTTP(w, r)
}

// Routes lists the method and path of every registered route, for tests
// that hold the OpenAPI description to the router.
func (s *Server) Routes() [][2]string {
	var out [][2]string
	for _, r := range s.echo.Routes() {
		out = append(out, [2]string{r.Method, r.Path})
	}
	return out
}

func (s *Server) routes() {
	e := s.echo
	e.GET("/healthz", s.healthz)
	e.GET("/readyz", s.readyz)
	e.GET("/robots.txt", robotsTxt)
	e.GET("/api/openapi.yaml", func(c echo.Context) error {
		return c.Blob(http.StatusOK, "application/yaml; charset=utf-8", openAPISpec)
	})

	limit := func(next echo.HandlerFunc) echo.HandlerFunc { return next }
	if s.cfg.WriteRate > 0 {
		limit = s.rateLimit("write", s.cfg.WriteRate)
	}
	reads := func(next echo.HandlerFunc) echo.HandlerFunc { return next }
	if s.cfg.ReadRate > 0 {
		reads = s.rateLimit("read", s.cfg.ReadRate)
	}
	e.GET("/static/*", echo.WrapHandler(s.staticFiles()))
	csrf := s.csrf()
	// A form is shown and submitted on one path, both behind the CSRF
	// check; the submission counts against the write rate.
	form := func(path string, show, submit echo.HandlerFunc) {
		e.GET(path, show, csrf)
		e.POST(path, submit, csrf, limit)
	}
	e.GET("/", s.home)
	e.GET("/privacy", s.staticPage("privacy", "privacy"))
	e.GET("/accessibility", s.staticPage("accessibility", "a11y"))
	e.GET("/charter", s.staticPage("charter", "charter"))
	e.GET("/officials/:slug", s.officialPage, reads)
	e.GET("/officials/:slug/days/:date", s.dayPage, reads)
	e.GET("/officials/:slug/book", s.bookForm, csrf, reads)
	// Every route that computes slots counts against the read rate.
	e.POST("/officials/:slug/book", s.submitBookForm, csrf, reads)
	e.POST("/officials/:slug/book/confirm", s.confirmBooking, csrf, limit, reads)
	e.GET("/bookings/:file", s.bookingFile, csrf)
	e.GET("/bookings/:token/confirmation", s.confirmationPage)
	e.GET("/bookings/:token/data.json", s.myData)
	form("/bookings/:token/cancel", s.cancelPage, s.cancelSubmit)
	e.GET("/bookings/:token/move", s.movePage, csrf, reads)
	e.POST("/bookings/:token/move", s.moveSubmit, csrf, limit, reads)
	e.GET("/feeds/officials/:file", s.officialFeed)
	form("/holds/:code", s.holdForm, s.holdSubmit)
	form("/officials/:slug/waitlist", s.waitlistForm, s.waitlistSubmit)
	e.GET("/waitlist/:token", s.waitlistEntry, csrf)
	e.POST("/waitlist/:token/leave", s.waitlistLeave, csrf, limit)
	e.GET("/waitlist/offers/:code", s.offerForm, csrf)
	e.POST("/waitlist/offers/:code/take", s.offerTake, csrf, limit)
	e.POST("/waitlist/offers/:code/decline", s.offerDecline, csrf, limit)
	form("/lost-link", s.linksForm, s.linksSubmit)
	form("/complaints", s.complaintForm, s.complaintSubmit)

	e.GET("/staff", func(c echo.Context) error { return c.Redirect(http.StatusMovedPermanently, "/staff/") })
	form("/staff/login", s.loginForm, s.loginSubmit)
	signedIn := s.requireSession
	// A staff form: the same, for the signed-in, without the write rate.
	staffForm := func(path string, show, submit echo.HandlerFunc) {
		e.GET(path, show, csrf, signedIn)
		e.POST(path, submit, csrf, signedIn)
	}
	e.POST("/staff/logout", s.logout, csrf, signedIn)
	e.GET("/staff/", s.staffHome, csrf, signedIn)
	e.GET("/staff/officials/:slug/day", s.staffDay, csrf, signedIn, reads)
	e.GET("/staff/officials/:slug/export.csv", s.exportCSV, signedIn)
	e.GET("/staff/officials/:slug/stats", s.staffStats, signedIn)
	staffForm("/staff/units/new", s.unitForm, s.unitSubmit)
	staffForm("/staff/units/:slug/edit", s.editUnit, s.updateUnit)
	staffForm("/staff/officials/new", s.officialForm, s.officialSubmit)
	staffForm("/staff/officials/:slug/edit", s.editOfficial, s.updateOfficial)
	staffForm("/staff/officials/:slug/schedules", s.schedulesPage, s.schedulesSubmit)
	e.GET("/staff/officials/:slug/close", s.closeDayCheck, csrf, signedIn)
	e.POST("/staff/officials/:slug/closures", s.closeDaySubmit, csrf, signedIn)
	staffForm("/staff/officials/:slug/schedules/:id/end", s.endSchedulePage, s.endScheduleSubmit)
	e.POST("/staff/officials/:slug/feed", s.renewFeed, csrf, signedIn)
	e.POST("/staff/officials/:slug/book", s.staffBook, csrf, signedIn)
	staffForm("/staff/officials/:slug/handover", s.handOverCheck, s.handOver)
	e.GET("/staff/officials/:slug/waitlist", s.staffWaitlist, csrf, signedIn)
	e.GET("/staff/officials/:slug/contests", s.staffContests, csrf, signedIn)
	staffForm("/staff/officials/:slug/desk", s.deskPage, s.deskCheckIn)
	e.GET("/staff/complaints", s.staffComplaints, signedIn)
	e.GET("/staff/complaints/:id", s.staffComplaint, csrf, signedIn)
	e.POST("/staff/complaints/:id/answer", s.staffAnswerComplaint, csrf, signedIn)
	e.POST("/staff/officials/:slug/waitlist/:id/book", s.staffBookWaiting, csrf, signedIn)
	e.GET("/feeds/staff/:file", s.staffFeed)
	e.GET("/statistics", s.publicStats)
	e.GET("/api/v1/statistics", s.statsJSON)
	e.POST("/staff/bookings/:reference/:action", s.staffAction, csrf, signedIn)
	e.GET("/staff/outbox", s.outboxPage, csrf, signedIn)
	e.POST("/staff/outbox/resend", s.outboxResend, csrf, signedIn)
	form("/bookings/:token/contest", s.contestForm, s.contestSubmit)
	form("/bookings/:token/feedback", s.feedbackForm, s.submitFeedback)

	api := e.Group("/api/v1")
	api.GET("/units", s.listUnits)
	api.GET("/officials", s.listOfficials)
	api.GET("/officials/:slug", s.getOfficial)
	api.GET("/officials/:slug/slots", s.listSlots, reads)
	api.GET("/challenge", s.challengeJSON, reads)
	api.POST("/bookings", s.createBooking, limit)
	api.GET("/bookings/:token", s.getBooking)
	api.POST("/bookings/:token/cancel", s.cancelBooking, limit)
	api.POST("/bookings/:token/reschedule", s.rescheduleBooking, limit)
	api.POST("/holds/:code/confirm", s.confirmHold, limit)
	api.POST("/officials/:slug/waitlist", s.joinWaitlistJSON, limit)
	api.GET("/waitlist/:token", s.waitEntryJSON)
	api.POST("/waitlist/:token/leave", s.leaveWaitlistJSON, limit)
	api.GET("/waitlist/offers/:code", s.offerJSON)
	api.POST("/waitlist/offers/:code/take", s.takeOfferJSON, limit)
	api.POST("/waitlist/offers/:code/decline", s.declineOfferJSON, limit)
	api.POST("/complaints", s.fileComplaintJSON, limit)
	api.GET("/statistics/complaints", s.complaintStatsJSON)

	// Per route, not on a group: Echo gives a group with middleware a
	// catch-all route, which would answer 401 where 404 or 405 is right.
	staff := s.requireToken
	api.POST("/officials", s.createOfficial, staff)
	api.GET("/officials/:slug/schedules", s.listSchedules, staff)
	api.POST("/officials/:slug/schedules", s.createSchedule, staff)
	api.POST("/officials/:slug/closures", s.createClosure, staff)
	api.GET("/staff/day", s.daySheet, staff, reads)
	api.GET("/staff/waitlist", s.staffWaitlistJSON, staff)
	api.GET("/staff/complaints", s.staffComplaintsJSON, staff)
	api.POST("/staff/complaints/:id/erase", s.eraseComplaintJSON, staff)
	api.POST("/staff/waitlist/erase", s.eraseWaitingJSON, staff)
	api.POST("/staff/bookings/:reference/arrival", s.recordArrival, staff)
	api.POST("/staff/bookings/:reference/no-show", s.markNoShow, staff)
	api.GET("/staff/outbox/dead", s.deadMessages, staff)
	api.POST("/staff/outbox/dead/resend", s.resendDeadJSON, staff)
	api.POST("/staff/outbox/dead/:id/resend", s.resendDeadJSON, staff)
	api.POST("/staff/policy/lift", s.liftBlock, staff)
	api.GET("/staff/audit", s.auditLog, staff)
	api.POST("/staff/bookings/:reference/erase", s.eraseBooking, staff)
	e.GET("/metrics", s.metricsPage(), staff)
}

// language returns "en" when the client asks for English (?lang=en, or
// English before Bulgarian in Accept-Language), else "bg".
func language(c echo.Context) string {
	return i18n.Match(c.Request().Header.Get("Accept-Language"), c.QueryParam("lang"))
}
