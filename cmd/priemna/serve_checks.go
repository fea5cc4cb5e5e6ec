package main

// What serve checks before and while it serves: the health of its parts,
// the listening address, the mail folder and the numbers given to flags.

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/url"
	"os"
	"time"

	"github.com/priemna/priemna/notify"
	"github.com/priemna/priemna/web"
)

// healthChecks are what /healthz reports: the database takes a write, its
// schema, and (with SMTP) whether the mail server takes messages.
func healthChecks(db *store, worker *notify.Worker, smtp bool, guard *clockGuard) func(ctx context.Context) []web.HealthCheck {
	return func(ctx context.Context) []web.HealthCheck {
		checks := []web.HealthCheck{{Name: "database", Status: web.HealthOK, Ready: true},
			{Name: "migrations", Status: web.HealthOK, Detail: fmt.Sprintf("schema version %04d", db.version)}}
		if err := db.CheckWrite(ctx); err != nil {
			checks[0].Status, checks[0].Detail = web.HealthFailed, "the database does not take writes; see the log"
		}
		mail := web.HealthCheck{Name: "mail", Status: web.HealthOK, Detail: "mail is written to files"}
		if smtp {
			mail.Detail = "the mail server takes messages"
			if ok, _ := worker.MailStatus(); !ok {
				mail.Status, mail.Detail = web.HealthDegraded, "the mail server does not take messages; they wait in the outbox (see the log)"
			}
		}
		if st, err := db.OutboxState(ctx, guard.Wall()); err == nil && st.Waiting > 0 {
			mail.Detail += fmt.Sprintf("; %d waiting", st.Waiting)
		}
		clock := web.HealthCheck{Name: "clock", Status: web.HealthOK, Detail: "the wall clock agrees with the monotonic clock"}
		if paused, jump := guard.Paused(); paused {
			clock.Status, clock.Detail = web.HealthDegraded, fmt.Sprintf("the wall clock jumped by %s; no-show, retention and hold sweeps are paused", jump.Round(time.Second))
		}
		return append(checks, mail, clock)
	}
}

// checkAddr refuses to listen on every interface without a public URL:
// links in mail would read http://[::]:8080/….
func checkAddr(addr, baseURL string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("--addr %q: expected HOST:PORT, e.g. 127.0.0.1:8080", addr)
	}
	if baseURL != "" {
		_, err := publicURL(baseURL)
		return err
	}
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		return fmt.Errorf("--addr %s listens on every interface, so the public URL cannot be guessed: "+
			"set --base-url (PRIEMNA_BASE_URL) to the address citizens use, e.g. https://priemna.sofia.bg", addr)
	}
	return nil
}

// checkWritableDir creates dir if need be and writes a file in it.
func checkWritableDir(dir string) error {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return fmt.Errorf("cannot create %s: %w", dir, err)
	}
	f, err := os.CreateTemp(dir, ".write-check-*")
	if err != nil {
		return fmt.Errorf("%s is not writable: %w", dir, err)
	}
	name := f.Name()
	f.Close()
	return os.Remove(name)
}

// nonNegative refuses a negative number or duration given to any flag.
func nonNegative(fs *flag.FlagSet) error {
	var errs []error
	fs.Visit(func(f *flag.Flag) {
		g, ok := f.Value.(flag.Getter)
		if !ok {
			return
		}
		switch v := g.Get().(type) {
		case int:
			if v < 0 {
				errs = append(errs, fmt.Errorf("--%s %d: expected 0 or more", f.Name, v))
			}
		case time.Duration:
			if v < 0 {
				errs = append(errs, fmt.Errorf("--%s %s: expected a duration of 0 or more", f.Name, v))
			}
		}
	})
	return errors.Join(errs...)
}

func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparsable URL)"
	}
	return u.Redacted()
}
