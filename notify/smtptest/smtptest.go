// Package smtptest runs a real SMTP server (emersion/go-smtp) on 127.0.0.1
// for tests, optionally asking for a login over PLAIN or LOGIN without TLS,
// as a relay on a private network does.
package smtptest

import (
	"bytes"
	"errors"
	"io"
	"net"
	"sync"
	"testing"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Server keeps what it receives.
type Server struct {
	// User and Pass, when set, must be given (AUTH PLAIN or LOGIN) before
	// any mail is taken.
	User, Pass string
	// Hang, when set, picks recipients whose message the server takes in
	// but does not answer until Release: a mail server that hangs.
	Hang func(rcpt string) bool
	// Hung is told each recipient whose message hangs.
	Hung chan string
	// Got is told each message received.
	Got chan Message

	t        testing.TB
	addr     string
	mu       sync.Mutex
	server   *smtp.Server
	listener net.Listener
	received []Message
	logins   int
	release  chan struct{}
	once     sync.Once
}

// Release lets every hanging message through.
func (s *Server) Release() { s.once.Do(func() { close(s.release) }) }

// Message is one message received.
type Message struct {
	From string
	To   []string
	Data []byte
}

// Start serves on 127.0.0.1 until the test ends.
func Start(t testing.TB, user, pass string) *Server {
	s := &Server{t: t, addr: "127.0.0.1:0", User: user, Pass: pass, release: make(chan struct{}),
		Hung: make(chan string, 100), Got: make(chan Message, 1000)}
	s.Resume()
	t.Cleanup(s.Stop)
	return s
}

// Resume serves on the same port again after Stop.
func (s *Server) Resume() {
	ln, err := net.Listen("tcp", s.addr)
	if err != nil {
		s.t.Fatal(err)
	}
	s.addr = ln.Addr().String()
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &session{srv: s}, nil }))
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = true
	s.mu.Lock()
	s.server, s.listener = srv, ln
	s.mu.Unlock()
	go srv.Serve(ln)
}

// Stop makes the port refuse connections.
func (s *Server) Stop() {
	s.mu.Lock()
	srv, ln := s.server, s.listener
	s.server, s.listener = nil, nil
	s.mu.Unlock()
	if srv != nil {
		s.Release() // a hanging session must end for Close to return
		ln.Close()
		srv.Close()
	}
}

// Addr is host:port.
func (s *Server) Addr() string { return s.addr }

// URL is Priemna's SMTP URL for the server, without TLS, with the login
// when one is set.
func (s *Server) URL() string {
	if s.User == "" {
		return "smtp://" + s.addr + "?tls=none"
	}
	return "smtp://" + s.User + ":" + s.Pass + "@" + s.addr + "?tls=none"
}

// Messages returns what was received so far.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.received...)
}

// Logins counts successful logins.
func (s *Server) Logins() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.logins
}

type session struct {
	srv    *Server
	authed bool
	cur    Message
}

var errAuth = &smtp.SMTPError{Code: 535, EnhancedCode: smtp.EnhancedCode{5, 7, 8}, Message: "authentication failed"}

func (ss *session) AuthMechanisms() []string {
	if ss.srv.User == "" {
		return nil
	}
	return []string{sasl.Plain, sasl.Login}
}

func (ss *session) Auth(mech string) (sasl.Server, error) {
	check := func(user, pass string) error {
		if user != ss.srv.User || pass != ss.srv.Pass {
			return errAuth
		}
		ss.authed = true
		ss.srv.mu.Lock()
		ss.srv.logins++
		ss.srv.mu.Unlock()
		return nil
	}
	switch mech {
	case sasl.Plain:
		return sasl.NewPlainServer(func(_, user, pass string) error { return check(user, pass) }), nil
	case sasl.Login:
		return &loginServer{check: check}, nil
	}
	return nil, errors.New("unsupported mechanism")
}

func (ss *session) Reset()        { ss.cur = Message{} }
func (ss *session) Logout() error { return nil }
func (ss *session) Mail(from string, _ *smtp.MailOptions) error {
	if ss.srv.User != "" && !ss.authed {
		return smtp.ErrAuthRequired
	}
	ss.cur.From = from
	return nil
}
func (ss *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	ss.cur.To = append(ss.cur.To, to)
	return nil
}
func (ss *session) Data(r io.Reader) error {
	var buf bytes.Buffer
	if _, err := io.Copy(&buf, r); err != nil {
		return err
	}
	ss.cur.Data = buf.Bytes()
	if h := ss.srv.Hang; h != nil && len(ss.cur.To) > 0 && h(ss.cur.To[0]) {
		ss.srv.Hung <- ss.cur.To[0]
		<-ss.srv.release
	}
	ss.srv.mu.Lock()
	ss.srv.received = append(ss.srv.received, ss.cur)
	ss.srv.mu.Unlock()
	select {
	case ss.srv.Got <- ss.cur:
	default:
	}
	return nil
}

// loginServer is the LOGIN mechanism's server side (go-sasl has only the
// client): a username challenge, then a password challenge.
type loginServer struct {
	check func(user, pass string) error
	user  string
	step  int
}

func (l *loginServer) Next(response []byte) ([]byte, bool, error) {
	switch l.step {
	case 0:
		l.step++
		if response != nil {
			l.user = string(response)
			l.step++
			return []byte("Password:"), false, nil
		}
		return []byte("Username:"), false, nil
	case 1:
		l.user = string(response)
		l.step++
		return []byte("Password:"), false, nil
	default:
		return nil, true, l.check(l.user, string(response))
	}
}
