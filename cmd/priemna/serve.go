package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"runtime"
	"strconv"
	"sync"
	"time"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/booking/password"
	"github.com/priemna/priemna/booking/sqlite"
	"github.com/priemna/priemna/notify"
	"github.com/priemna/priemna/web"
)

func (a *App) serve(ctx context.Context, args []string) error {
	fs, dbPath := a.flags("serve")
	addr := fs.String("addr", envOr("PRIEMNA_ADDR", "127.0.0.1:8080"), "address to listen on (PRIEMNA_ADDR)")
	baseURL := fs.String("base-url", envOr("PRIEMNA_BASE_URL", ""), "public URL of the site, for links (PRIEMNA_BASE_URL; default http://ADDR)")
	smtpURL := fs.String("smtp", envOr("PRIEMNA_SMTP_URL", ""), "smtp://user:pass@host:port?tls=none|starttls|tls (PRIEMNA_SMTP_URL; empty: write .eml files)")
	mailDir := fs.String("mail-dir", envOr("PRIEMNA_MAIL_DIR", "./mail-out"), "where mail is written without SMTP (PRIEMNA_MAIL_DIR)")
	mailFrom := fs.String("mail-from", envOr("PRIEMNA_MAIL_FROM", "Приемна <priemna@localhost>"), "From address of mail (PRIEMNA_MAIL_FROM)")
	demo := fs.Bool("demo", false, "fill an empty database with demo data")
	writeRate := fs.Int("write-rate", envInt("PRIEMNA_WRITE_RATE", 20), "bookings, cancellations and moves per minute per client address (PRIEMNA_WRITE_RATE)")
	readRate := fs.Int("read-rate", envInt("PRIEMNA_READ_RATE", 300), "slot queries (official and day pages, slots API) per minute per client address; 0: no limit (PRIEMNA_READ_RATE)")
	pow := fs.Int("pow", envInt("PRIEMNA_POW", 0), "proof-of-work (ALTCHA) difficulty on booking, e.g. 50000 (about a second in a browser); bookings without a solution are held until confirmed by email; 0: off (PRIEMNA_POW)")
	reminders := fs.String("reminders", envOr("PRIEMNA_REMINDERS", "24h,08:00"), "when reminders go out: durations before, or times on the day (PRIEMNA_REMINDERS)")
	contactCentre := fs.String("contact-centre", envOr("PRIEMNA_CONTACT_CENTRE", "0700 1 0700"), "phone number for citizens who cannot book online (PRIEMNA_CONTACT_CENTRE)")
	grace := fs.Duration("grace", envDuration("PRIEMNA_GRACE", booking.DefaultGrace), "late after slot start + grace; no-show after slot end + grace (PRIEMNA_GRACE)")
	strikes := fs.Int("noshow-strikes", envInt("PRIEMNA_NOSHOW_STRIKES", booking.DefaultNoShowPolicy.Strikes), "no-shows that pause online booking; 0 disables the policy (PRIEMNA_NOSHOW_STRIKES)")
	window := fs.Int("noshow-window-days", envInt("PRIEMNA_NOSHOW_WINDOW_DAYS", 180), "days within which no-shows count (PRIEMNA_NOSHOW_WINDOW_DAYS)")
	block := fs.Int("noshow-block-days", envInt("PRIEMNA_NOSHOW_BLOCK_DAYS", 30), "days online booking is paused after the last no-show (PRIEMNA_NOSHOW_BLOCK_DAYS)")
	capOfficial := fs.Int("cap-per-official", envInt("PRIEMNA_CAP_PER_OFFICIAL", booking.DefaultCaps.PerOfficial), "coming bookings one citizen (email or phone) may hold with one official; 0: no cap (PRIEMNA_CAP_PER_OFFICIAL)")
	capOverall := fs.Int("cap-overall", envInt("PRIEMNA_CAP_OVERALL", booking.DefaultCaps.Overall), "coming bookings one citizen may hold in all; 0: no cap (PRIEMNA_CAP_OVERALL)")
	retention := fs.Int("retention-days", envInt("PRIEMNA_RETENTION_DAYS", 30), "days after a meeting its personal data is erased; 0 keeps it (PRIEMNA_RETENTION_DAYS)")
	mailPerDay := fs.Int("mail-per-day", envInt("PRIEMNA_MAIL_PER_DAY", 10), "letters caused online (holds, confirmations, moves, cancellations) one address receives in 24 hours; 0: no limit (PRIEMNA_MAIL_PER_DAY)")
	mailAttempts := fs.Int("mail-attempts", envInt("PRIEMNA_MAIL_ATTEMPTS", 10), "attempts before a message is given up and shown to staff (PRIEMNA_MAIL_ATTEMPTS)")
	trustProxy := fs.Bool("trust-proxy", envOr("PRIEMNA_TRUST_PROXY", "") == "true", "take client addresses from X-Forwarded-For (PRIEMNA_TRUST_PROXY)")
	if err := parse(fs, args); err != nil {
		return err
	}
	logOut := newLogWriter(a.Stderr, 200*time.Millisecond)
	defer logOut.Close()
	log := slog.New(slog.NewTextHandler(logOut, nil))

	db, err := a.open(*dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	// A damaged schema or calendar is reported before it serves anyone;
	// the whole file is checked by priemna check and with every backup.
	if err := db.QuickCheck(ctx); err != nil {
		return fmt.Errorf("serve: %w (restore the last backup; see README)", err)
	}
	if *demo {
		if err := a.seedIfEmpty(ctx, db, log); err != nil {
			return err
		}
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	if *baseURL == "" {
		*baseURL = "http://" + ln.Addr().String()
	}
	if *baseURL, err = publicURL(*baseURL); err != nil {
		ln.Close()
		return fmt.Errorf("serve: %w", err)
	}
	svc := booking.NewService(db, a.Now)
	if u, err := hostOf(*baseURL); err == nil {
		svc.UIDHost = u
	}
	svc.Organizer = notify.OrganizerOf(*mailFrom)
	svc.Policies, svc.Priority, svc.ContactCentre, svc.Grace = db, db, *contactCentre, *grace
	svc.Waitlist, svc.Complaints = db, db
	svc.Caps = booking.Caps{PerOfficial: *capOfficial, Overall: *capOverall}
	svc.Policy = booking.NoShowPolicy{Strikes: *strikes, Window: time.Duration(*window) * 24 * time.Hour, Block: time.Duration(*block) * 24 * time.Hour}
	if svc.Reminders, err = booking.ParseReminders(*reminders); err != nil {
		return fmt.Errorf("serve: --reminders: %w", err)
	}
	var mailer notify.Mailer = &notify.DirMailer{Dir: *mailDir}
	if *smtpURL != "" {
		if mailer, err = notify.NewSMTPMailer(*smtpURL, notify.DefaultSendTimeout); err != nil {
			return err
		}
	}
	wake := make(chan struct{}, 1)
	svc.Changed = func() {
		select {
		case wake <- struct{}{}:
		default:
		}
	}
	worker := &notify.Worker{Store: db, Mailer: mailer, Now: a.Now, Log: log, MaxAttempts: *mailAttempts, PerRecipientDaily: *mailPerDay,
		Renderer: &notify.Renderer{BaseURL: *baseURL, From: *mailFrom}}
	handler := web.New(web.Config{
		Bookings: svc, Staff: &booking.Staff{Store: db, Sessions: db, Officials: db, Now: a.Now, Verify: password.Verify,
			Gate: booking.NewPasswordGate(runtime.NumCPU(), 5*time.Second)},
		BaseURL: *baseURL, Logger: log, Version: version, WriteRate: *writeRate, ReadRate: *readRate, ProofOfWork: *pow, TrustProxy: *trustProxy,
		Health: db.Ping,
		Outbox: db, Audit: db, Feeds: db, Privacy: db,
	})

	srv := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: 30 * time.Second, IdleTimeout: 2 * time.Minute}
	// Background work stops after the HTTP server has drained.
	bgCtx, stopBackground := context.WithCancel(context.Background())
	var background sync.WaitGroup
	background.Add(2)
	go func() {
		defer background.Done()
		var prune func(context.Context) (int, error)
		if dir, ok := mailer.(*notify.DirMailer); ok {
			prune = func(ctx context.Context) (int, error) { return dir.Prune(ctx, db.ErasedMessages) }
		}
		sweep(bgCtx, svc, db, time.Duration(*retention)*24*time.Hour, prune, log)
	}()
	go func() {
		defer background.Done()
		worker.Run(bgCtx, 5*time.Second, wake)
	}()

	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	log.Info("serving", "url", *baseURL, "db", *dbPath, "version", version)
	fmt.Fprintln(a.Stdout, "priemna: listening on", *baseURL)
	if a.Ready != nil {
		a.Ready(ln.Addr().String())
	}

	select {
	case err = <-served:
	case <-ctx.Done():
		log.Info("shutting down")
		shutdownCtx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		err = srv.Shutdown(shutdownCtx)
		cancel()
	}
	stopBackground()
	background.Wait()
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}

// sweep releases lapsed holds and offers, offers free seats to the
// waiting lists, ends entries whose dates passed, marks absent citizens as
// no-shows and erases personal data past its retention (and the written
// letters of erased bookings), once a minute.
func sweep(ctx context.Context, svc *booking.Service, privacy booking.PrivacyStore, retention time.Duration,
	prune func(context.Context) (int, error), log *slog.Logger) {
	tick := time.NewTicker(time.Minute)
	defer tick.Stop()
	for {
		if n, err := svc.ReleaseHolds(ctx); err != nil && ctx.Err() == nil {
			log.Error("releasing holds", "err", err)
		} else if n > 0 {
			log.Info("holds released", "bookings", n)
		}
		if n, err := svc.OfferSeats(ctx); err != nil && ctx.Err() == nil {
			log.Error("offering seats to the waiting lists", "err", err)
		} else if n > 0 {
			log.Info("seats offered to the waiting lists", "offers", n)
		}
		if n, err := svc.ExpireWaitlist(ctx); err != nil && ctx.Err() == nil {
			log.Error("waiting list expiry", "err", err)
		} else if n > 0 {
			log.Info("waiting-list entries lapsed", "entries", n)
		}
		if n, err := svc.SweepNoShows(ctx); err != nil && ctx.Err() == nil {
			log.Error("no-show sweep", "err", err)
		} else if n > 0 {
			log.Info("no-show sweep", "marked", n)
		}
		if n, err := svc.ApplyRetention(ctx, privacy, retention); err != nil && ctx.Err() == nil {
			log.Error("retention", "err", err)
		} else if n > 0 {
			log.Info("retention: personal data erased", "bookings", n)
		}
		if n, err := svc.ApplyComplaintRetention(ctx, retention); err != nil && ctx.Err() == nil {
			log.Error("complaint retention", "err", err)
		} else if n > 0 {
			log.Info("retention: personal data erased", "complaints", n)
		}
		if n, err := svc.ApplyWaitlistRetention(ctx, retention); err != nil && ctx.Err() == nil {
			log.Error("waiting-list retention", "err", err)
		} else if n > 0 {
			log.Info("retention: personal data erased", "waiting_entries", n)
		}
		// Letters written as files are copies of personal data too.
		if prune != nil {
			if n, err := prune(ctx); err != nil && ctx.Err() == nil {
				log.Error("pruning written letters", "err", err)
			} else if n > 0 {
				log.Info("written letters of erased bookings removed", "files", n)
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

func (a *App) seedIfEmpty(ctx context.Context, db *sqlite.DB, log *slog.Logger) error {
	if has, err := hasData(ctx, db); err != nil || has {
		if has {
			log.Info("database has data; demo data not added")
		}
		return err
	}
	if err := seedDemo(ctx, db, a.Now); err != nil {
		return fmt.Errorf("demo data: %w", err)
	}
	log.Info("demo data added")
	return nil
}

func (a *App) demo(ctx context.Context, args []string) error {
	fs, dbPath := a.flags("demo")
	if err := parse(fs, args); err != nil {
		return err
	}
	db, err := a.open(*dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	if has, err := hasData(ctx, db); err != nil {
		return err
	} else if has {
		return fmt.Errorf("demo: %s already has data; demo data goes into an empty database", *dbPath)
	}
	if err := seedDemo(ctx, db, a.Now); err != nil {
		return cliError(err)
	}
	fmt.Fprintln(a.Stdout, "demo data added to", *dbPath)
	return nil
}

func envDuration(name string, def time.Duration) time.Duration {
	if d, err := time.ParseDuration(envOr(name, "")); err == nil {
		return d
	}
	return def
}

func envInt(name string, def int) int {
	if n, err := strconv.Atoi(envOr(name, "")); err == nil {
		return n
	}
	return def
}

// hasData reports whether the database already has officials: demo data
// goes only into an empty one.
func hasData(ctx context.Context, db *sqlite.DB) (bool, error) {
	stats, err := db.Stats(ctx)
	return stats["officials"] > 0, err
}
