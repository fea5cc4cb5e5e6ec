package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/booking/password"
	"github.com/priemna/priemna/notify"
	"github.com/priemna/priemna/web"
)

func (a *App) serve(ctx context.Context, args []string) error {
	fs, dbPath := a.flags("serve")
	var e env
	addr := fs.String("addr", e.String("PRIEMNA_ADDR", "127.0.0.1:8080"), "address to listen on (PRIEMNA_ADDR)")
	baseURL := fs.String("base-url", e.String("PRIEMNA_BASE_URL", ""), "public URL of the site, for links (PRIEMNA_BASE_URL; default http://ADDR, required when ADDR is a wildcard)")
	smtpURL := fs.String("smtp", e.String("PRIEMNA_SMTP_URL", ""), "smtp://user:pass@host:port?tls=none|starttls|tls (PRIEMNA_SMTP_URL; empty: write .eml files)")
	mailDir := fs.String("mail-dir", e.String("PRIEMNA_MAIL_DIR", "./mail-out"), "where mail is written without SMTP (PRIEMNA_MAIL_DIR)")
	mailFrom := fs.String("mail-from", e.String("PRIEMNA_MAIL_FROM", "Приемна <priemna@localhost>"), "From address of mail (PRIEMNA_MAIL_FROM)")
	demo := false
	fs.Var(boolFlag{&demo}, "demo", "fill an empty database with demo data")
	writeRate := fs.Int("write-rate", e.Int("PRIEMNA_WRITE_RATE", 20), "bookings, cancellations and moves per minute per client address; 0: no limit (PRIEMNA_WRITE_RATE)")
	readRate := fs.Int("read-rate", e.Int("PRIEMNA_READ_RATE", 300), "slot queries (official and day pages, slots API) per minute per client address; 0: no limit (PRIEMNA_READ_RATE)")
	pow := fs.Int("pow", e.Int("PRIEMNA_POW", 0), "proof-of-work (ALTCHA) difficulty on booking, e.g. 50000 (about a second in a browser); bookings without a solution are held until confirmed by email; 0: off (PRIEMNA_POW)")
	reminders := fs.String("reminders", e.String("PRIEMNA_REMINDERS", "24h,08:00"), "when reminders go out: durations before, or times on the day (PRIEMNA_REMINDERS)")
	contactCentre := fs.String("contact-centre", e.String("PRIEMNA_CONTACT_CENTRE", "0700 1 0700"), "phone number for citizens who cannot book online (PRIEMNA_CONTACT_CENTRE)")
	grace := fs.Duration("grace", e.Duration("PRIEMNA_GRACE", booking.DefaultGrace), "late after slot start + grace; no-show after slot end + grace (PRIEMNA_GRACE)")
	strikes := fs.Int("noshow-strikes", e.Int("PRIEMNA_NOSHOW_STRIKES", booking.DefaultNoShowPolicy.Strikes), "no-shows that pause online booking; 0 disables the policy (PRIEMNA_NOSHOW_STRIKES)")
	window := fs.Int("noshow-window-days", e.Int("PRIEMNA_NOSHOW_WINDOW_DAYS", 180), "days within which no-shows count (PRIEMNA_NOSHOW_WINDOW_DAYS)")
	block := fs.Int("noshow-block-days", e.Int("PRIEMNA_NOSHOW_BLOCK_DAYS", 30), "days online booking is paused after the last no-show (PRIEMNA_NOSHOW_BLOCK_DAYS)")
	capOfficial := fs.Int("cap-per-official", e.Int("PRIEMNA_CAP_PER_OFFICIAL", booking.DefaultCaps.PerOfficial), "coming bookings one citizen (email or phone) may hold with one official; 0: no cap (PRIEMNA_CAP_PER_OFFICIAL)")
	capOverall := fs.Int("cap-overall", e.Int("PRIEMNA_CAP_OVERALL", booking.DefaultCaps.Overall), "coming bookings one citizen may hold in all; 0: no cap (PRIEMNA_CAP_OVERALL)")
	retention := fs.Int("retention-days", e.Int("PRIEMNA_RETENTION_DAYS", int(booking.DefaultRetention/(24*time.Hour))), "days after a meeting its personal data is erased; 0 keeps it (PRIEMNA_RETENTION_DAYS)")
	mailConns := fs.Int("mail-connections", e.Int("PRIEMNA_MAIL_CONNECTIONS", 4), "SMTP connections messages are sent over at once, one while the server is busy answering requests (PRIEMNA_MAIL_CONNECTIONS)")
	mailTimeout := fs.Duration("mail-timeout", e.Duration("PRIEMNA_MAIL_TIMEOUT", notify.DefaultSendTimeout), "how long one message may take to send over SMTP before the attempt fails (PRIEMNA_MAIL_TIMEOUT)")
	mailPerDay := fs.Int("mail-per-day", e.Int("PRIEMNA_MAIL_PER_DAY", 10), "letters caused online (holds, confirmations, moves, cancellations) one address receives in 24 hours; 0: no limit (PRIEMNA_MAIL_PER_DAY)")
	mailLease := fs.Duration("mail-lease", e.Duration("PRIEMNA_MAIL_LEASE", 2*time.Minute), "how long a claim on a message lasts: a message claimed by a process that died (a replica sharing PostgreSQL) is sent by another after it (PRIEMNA_MAIL_LEASE)")
	mailAttempts := fs.Int("mail-attempts", e.Int("PRIEMNA_MAIL_ATTEMPTS", 10), "attempts before a message is given up and shown to staff (PRIEMNA_MAIL_ATTEMPTS)")
	trustProxy := e.Bool("PRIEMNA_TRUST_PROXY", false)
	fs.Var(boolFlag{&trustProxy}, "trust-proxy", "take client addresses from X-Forwarded-For, behind a reverse proxy only (PRIEMNA_TRUST_PROXY: true/false, 1/0, yes/no)")
	metricsAddr := fs.String("metrics-addr", e.String("PRIEMNA_METRICS_ADDR", ""), "address for /metrics in the Prometheus format, e.g. 127.0.0.1:9090; empty: off (staff tokens can read /metrics on --addr) (PRIEMNA_METRICS_ADDR)")
	logFormat := fs.String("log-format", e.String("PRIEMNA_LOG_FORMAT", "text"), "text or json, for log collectors (PRIEMNA_LOG_FORMAT)")
	clockJump := fs.Duration("clock-jump", e.Duration("PRIEMNA_CLOCK_JUMP", 10*time.Minute), "pause the no-show, retention and hold sweeps when the wall clock moves this much more or less than the monotonic clock (PRIEMNA_CLOCK_JUMP)")
	shutdownGrace := fs.Duration("shutdown-grace", e.Duration("PRIEMNA_SHUTDOWN_GRACE", 15*time.Second), "on SIGTERM, how long open requests may finish before they are cut off (PRIEMNA_SHUTDOWN_GRACE)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := e.Err(); err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	if err := nonNegative(fs); err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	if err := checkAddr(*addr, *baseURL); err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	if *mailAttempts == 0 {
		return errors.New("serve: --mail-attempts must be 1 or more")
	}
	if *logFormat != "text" && *logFormat != "json" {
		return fmt.Errorf("serve: --log-format %q (PRIEMNA_LOG_FORMAT): expected text or json", *logFormat)
	}
	if *metricsAddr != "" {
		if _, _, err := net.SplitHostPort(*metricsAddr); err != nil {
			return fmt.Errorf("serve: --metrics-addr %q (PRIEMNA_METRICS_ADDR): expected HOST:PORT, e.g. 127.0.0.1:9090", *metricsAddr)
		}
	}
	logOut := newLogWriter(a.Stderr, 200*time.Millisecond)
	defer logOut.Close()
	var log *slog.Logger
	if *logFormat == "json" {
		log = slog.New(slog.NewJSONHandler(logOut, nil))
	} else {
		log = slog.New(slog.NewTextHandler(logOut, nil))
	}

	if *mailConns == 0 || *mailTimeout == 0 {
		return errors.New("serve: --mail-connections and --mail-timeout must be more than 0")
	}
	if *mailLease == 0 {
		return errors.New("serve: --mail-lease must be more than 0")
	}
	var mailers []notify.Mailer
	var smtpMailer *notify.SMTPMailer
	if *smtpURL != "" {
		// One connection each, so that one slow message holds up one.
		for range *mailConns {
			m, err := notify.NewSMTPMailer(*smtpURL, *mailTimeout)
			if err != nil {
				return fmt.Errorf("serve: --smtp: %w", err)
			}
			mailers = append(mailers, m)
			smtpMailer = m
		}
	} else {
		if err := checkWritableDir(*mailDir); err != nil {
			return fmt.Errorf("serve: --mail-dir (PRIEMNA_MAIL_DIR): %w", err)
		}
		mailers = []notify.Mailer{&notify.DirMailer{Dir: *mailDir}}
	}

	// One serve per SQLite file, for the life of the process: taken
	// before the migrations, which two processes must not run at once.
	// PostgreSQL is shared by replicas, which migrate under an advisory
	// lock.
	if !isPostgres(*dbPath) {
		lock, err := lockDB(*dbPath)
		if err != nil {
			return fmt.Errorf("serve: %w", err)
		}
		defer lock.Release()
	}
	db, err := a.open(*dbPath)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	defer db.Close()
	if len(db.applied) > 0 {
		log.Info("migrations applied", "migrations", strings.Join(db.applied, ","), "schema", db.version)
	}
	// A damaged schema or calendar is reported before it serves anyone;
	// the whole file is checked by priemna check and with every backup.
	if err := db.QuickCheck(ctx); err != nil {
		return fmt.Errorf("serve: %w (restore the last backup; see README)", err)
	}
	// The lock says no other worker is sending, so what is claimed was
	// claimed by a process that died: it goes out now, not after the lease.
	// Replicas sharing PostgreSQL leave claims to their leases: another
	// replica's are live.
	if !db.shared {
		if n, err := db.ReleaseClaims(ctx); err != nil {
			return fmt.Errorf("serve: %w", err)
		} else if n > 0 {
			log.Info("messages claimed by a stopped process are sent again", "messages", n)
		}
	}
	demoSignIn := ""
	if demo {
		if demoSignIn, err = a.seedIfEmpty(ctx, db, log); err != nil {
			return err
		}
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	bound := "http://" + ln.Addr().String()
	if *baseURL == "" {
		*baseURL = bound
	}
	started := time.Now()
	guard := newClockGuard(a.Now, func() time.Duration { return time.Since(started) }, *clockJump)
	registry, m := newMetrics(db, a.Now)
	registry.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "priemna_sweeps_paused",
		Help: "1 while the sweeps are paused because the wall clock jumped."}, func() float64 {
		if p, _ := guard.Paused(); p {
			return 1
		}
		return 0
	}))
	var metricsLn net.Listener
	if *metricsAddr != "" {
		if metricsLn, err = net.Listen("tcp", *metricsAddr); err != nil {
			ln.Close()
			return fmt.Errorf("serve: --metrics-addr: %w", err)
		}
	}
	if *baseURL, err = publicURL(*baseURL); err != nil {
		ln.Close()
		return fmt.Errorf("serve: %w", err)
	}
	svc := booking.NewService(db.Stores(), a.Now)
	svc.Outcome = func(o string) { m.bookings.WithLabelValues(o).Inc() }
	if u, err := hostOf(*baseURL); err == nil {
		svc.UIDHost = u
	}
	svc.Organizer = notify.OrganizerOf(*mailFrom)
	svc.ContactCentre, svc.Grace = *contactCentre, *grace
	svc.Caps = booking.Caps{PerOfficial: *capOfficial, Overall: *capOverall}
	svc.Policy = booking.NoShowPolicy{Strikes: *strikes, Window: time.Duration(*window) * 24 * time.Hour, Block: time.Duration(*block) * 24 * time.Hour}
	if svc.Reminders, err = booking.ParseReminders(*reminders); err != nil {
		ln.Close()
		return fmt.Errorf("serve: --reminders: %w", err)
	}
	wake := make(chan struct{}, 1)
	svc.Changed = func() {
		select {
		case wake <- struct{}{}:
		default:
		}
	}
	worker := &notify.Worker{Store: db, Mailers: mailers, Now: a.Now, Log: log, MaxAttempts: *mailAttempts, PerRecipientDaily: *mailPerDay, Lease: *mailLease,
		Renderer: &notify.Renderer{BaseURL: *baseURL, From: *mailFrom},
		Waiting: func(ctx context.Context) (int, error) {
			st, err := db.OutboxState(ctx, a.Now())
			return st.Waiting, err
		},
		SendFailed: m.sendFailures.Inc}
	if smtpMailer != nil {
		// A wrong host, port, TLS mode or password is said now; serving goes
		// on, and the outbox keeps the mail until the server takes it.
		checkCtx, cancel := context.WithTimeout(ctx, 15*time.Second)
		if err := smtpMailer.Check(checkCtx); err != nil {
			worker.MailDown(err)
			log.Error("mail server check failed; serving anyway, mail waits in the outbox", "smtp", redactURL(*smtpURL), "err", err)
		} else {
			log.Info("mail server check passed", "smtp", redactURL(*smtpURL))
		}
		cancel()
	}
	staff := booking.NewStaff(db, db, db, a.Now)
	staff.Verify, staff.FailAfter, staff.Gate = password.Verify, booking.DefaultFailAfter, booking.NewPasswordGate(runtime.NumCPU(), 5*time.Second)
	handler := web.New(web.Config{
		Bookings: svc, Staff: staff,
		BaseURL: *baseURL, Logger: log, Version: version, WriteRate: *writeRate, ReadRate: *readRate, ProofOfWork: *pow, TrustProxy: trustProxy,
		Health:  healthChecks(db, worker, smtpMailer != nil, guard),
		Metrics: registry,
	})

	// While people wait for answers, the letters go over one connection.
	answering := &inFlight{next: handler}
	worker.Busy = answering.busy
	srv := &http.Server{Handler: answering, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: 30 * time.Second, IdleTimeout: 2 * time.Minute}
	// Background work stops after the HTTP server has drained.
	sw := &sweeper{svc: svc, retention: time.Duration(*retention) * 24 * time.Hour, log: log, metrics: m, guard: guard}
	if dir, ok := mailers[0].(*notify.DirMailer); ok {
		sw.prune = func(ctx context.Context) (int, error) { return dir.Prune(ctx, db.ErasedMessages) }
	}
	bgCtx, stopBackground := context.WithCancel(context.Background())
	var background sync.WaitGroup
	if db.listen != nil {
		// Changes other replicas make to what slots are made of clear this
		// one's caches at once.
		background.Add(1)
		go func() {
			defer background.Done()
			db.listen(bgCtx, func() { log.Info("listening for changes made by other replicas") }, func() {
				svc.Forget()
				log.Info("calendar caches cleared on a change in the database")
			})
		}()
	}
	background.Add(2)
	go func() {
		defer background.Done()
		sw.run(bgCtx, time.Minute, a.ConfirmClock)
	}()
	go func() {
		defer background.Done()
		worker.Run(bgCtx, 5*time.Second, wake)
	}()

	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	if metricsLn != nil {
		mux := http.NewServeMux()
		mux.Handle("GET /metrics", promhttp.HandlerFor(registry, promhttp.HandlerOpts{}))
		metricsSrv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
		go metricsSrv.Serve(metricsLn)
		defer metricsSrv.Close()
		log.Info("metrics", "listen", "http://"+metricsLn.Addr().String()+"/metrics")
	}
	log.Info("serving", "listen", bound, "url", *baseURL, "db", db.name, "schema", db.version, "version", version)
	fmt.Fprintf(a.Stdout, "priemna: listening on %s (public URL %s)\n", bound, *baseURL)
	// After the line above, which scripts wait for: the passwords are shown
	// once, on standard output, never in the log.
	fmt.Fprint(a.Stdout, demoSignIn)
	if a.Ready != nil {
		a.Ready(ln.Addr().String())
	}

	select {
	case err = <-served:
	case <-ctx.Done():
		log.Info("shutting down", "grace", *shutdownGrace)
		shutdownCtx, cancel := context.WithTimeout(context.Background(), *shutdownGrace)
		err = srv.Shutdown(shutdownCtx)
		cancel()
		if errors.Is(err, context.DeadlineExceeded) {
			// What did not finish within the grace is cut off; that is the
			// shutdown the operator asked for, not a failure.
			log.Warn("requests still open after the shutdown grace were cut off", "grace", *shutdownGrace)
			err = srv.Close()
		}
	}
	stopBackground()
	background.Wait()
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	if err == nil {
		log.Info("stopped")
	}
	return err
}
