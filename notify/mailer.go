package notify

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/wneessen/go-mail"
)

// Mailer delivers rendered messages.
type Mailer interface {
	Send(ctx context.Context, r *Rendered) error
	// Idle is called when there is nothing to send for now.
	Idle()
	Close() error
}

// SMTPMailer sends through one SMTP connection, opened on the first
// message and reused while there is work, closed when idle.
type SMTPMailer struct {
	client *mail.Client

	mu        sync.Mutex
	connected bool
}

// DefaultSendTimeout bounds each SMTP conversation. go-mail's context
// bounds only the dial; WithTimeout bounds the reads and writes.
const DefaultSendTimeout = 30 * time.Second

// NewSMTPMailer configures a mailer from a URL such as
// smtp://user:pass@host:587?tls=starttls. tls is none, starttls (the
// default: mandatory STARTTLS) or tls (implicit TLS).
func NewSMTPMailer(rawURL string, timeout time.Duration) (*SMTPMailer, error) {
	u, err := url.Parse(rawURL)
	if err != nil || u.Scheme != "smtp" || u.Hostname() == "" {
		return nil, fmt.Errorf("notify: SMTP URL must look like smtp://user:pass@host:port?tls=starttls, not %q", redact(rawURL))
	}
	if timeout <= 0 {
		timeout = DefaultSendTimeout
	}
	opts := []mail.Option{mail.WithTimeout(timeout)}
	mode := u.Query().Get("tls")
	switch mode {
	case "", "starttls":
		opts = append(opts, mail.WithTLSPolicy(mail.TLSMandatory))
	case "tls":
		opts = append(opts, mail.WithSSL())
	case "none":
		opts = append(opts, mail.WithTLSPolicy(mail.NoTLS))
	default:
		return nil, fmt.Errorf("notify: tls=%q: use none, starttls or tls", mode)
	}
	if p := u.Port(); p != "" {
		port, err := strconv.Atoi(p)
		if err != nil {
			return nil, fmt.Errorf("notify: bad SMTP port %q", p)
		}
		opts = append(opts, mail.WithPort(port))
	} else if mode == "tls" {
		opts = append(opts, mail.WithPort(465))
	} else {
		opts = append(opts, mail.WithPort(587))
	}
	if u.User != nil && u.User.Username() != "" {
		pw, _ := u.User.Password()
		opts = append(opts, mail.WithSMTPAuth(mail.SMTPAuthAutoDiscover),
			mail.WithUsername(u.User.Username()), mail.WithPassword(pw))
	}
	c, err := mail.NewClient(u.Hostname(), opts...)
	if err != nil {
		return nil, fmt.Errorf("notify: %w", err)
	}
	return &SMTPMailer{client: c}, nil
}

// redact hides the password of an SMTP URL for messages and logs.
func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparsable URL)"
	}
	return u.Redacted()
}

// Send delivers one message, connecting first if need be. After a failure
// the connection is dropped, so the next attempt starts clean.
func (s *SMTPMailer) Send(ctx context.Context, r *Rendered) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.connected {
		if err := s.client.DialWithContext(ctx); err != nil {
			return fmt.Errorf("notify: connect: %w", err)
		}
		s.connected = true
	}
	if err := s.client.Send(r.Msg); err != nil {
		s.client.Close()
		s.connected = false
		return fmt.Errorf("notify: send: %w", err)
	}
	return nil
}

// Idle closes the connection until there is work again.
func (s *SMTPMailer) Idle() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.connected {
		s.client.Close()
		s.connected = false
	}
}

// Close closes the connection.
func (s *SMTPMailer) Close() error { s.Idle(); return nil }

// DirMailer writes each message as an .eml file, for development and
// demos: make run shows real messages in ./mail-out.
type DirMailer struct {
	Dir string
}

// Send writes the message to Dir, named after its Message-ID, atomically,
// and never over another file: a message sent again (a retry after a
// crash) is written again beside the first copy, as a mail server would
// receive it twice.
func (d *DirMailer) Send(_ context.Context, r *Rendered) error {
	if err := os.MkdirAll(d.Dir, 0o750); err != nil {
		return fmt.Errorf("notify: %w", err)
	}
	name := strings.NewReplacer("@", "_", "/", "_", "<", "", ">", "").Replace(r.MessageID) + ".eml"
	tmp, err := os.CreateTemp(d.Dir, ".tmp-*")
	if err != nil {
		return fmt.Errorf("notify: %w", err)
	}
	_, werr := r.Msg.WriteTo(tmp)
	if err := errors.Join(werr, tmp.Sync(), tmp.Close()); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("notify: write %s: %w", name, err)
	}
	defer os.Remove(tmp.Name())
	base := strings.TrimSuffix(name, ".eml")
	for n := 1; ; n++ {
		final := filepath.Join(d.Dir, name)
		if n > 1 {
			final = filepath.Join(d.Dir, base+"."+strconv.Itoa(n)+".eml")
		}
		// A hard link, unlike a rename, fails where the name is taken.
		err := os.Link(tmp.Name(), final)
		if err == nil {
			return nil
		}
		if !errors.Is(err, fs.ErrExist) || n == 1000 {
			return fmt.Errorf("notify: write %s: %w", name, err)
		}
	}
}

// Idle does nothing.
func (d *DirMailer) Idle() {}

// Close does nothing.
func (d *DirMailer) Close() error { return nil }
