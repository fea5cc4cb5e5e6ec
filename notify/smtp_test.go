package notify

import (
	"bytes"
	"io"
	"net"
	"sync"
	"testing"

	"github.com/emersion/go-smtp"
)

// smtpSink is a real SMTP server (emersion/go-smtp) on 127.0.0.1 that
// keeps what it receives. Stop makes its port refuse connections; Start
// serves on the same port again.
type smtpSink struct {
	t    testing.TB
	addr string

	mu       sync.Mutex
	server   *smtp.Server
	listener net.Listener
	received []received
}

type received struct {
	from string
	to   []string
	data []byte
}

func newSMTPSink(t testing.TB) *smtpSink {
	s := &smtpSink{t: t, addr: "127.0.0.1:0"}
	s.Start()
	t.Cleanup(s.Stop)
	return s
}

func (s *smtpSink) Start() {
	ln, err := net.Listen("tcp", s.addr)
	if err != nil {
		s.t.Fatal(err)
	}
	s.addr = ln.Addr().String()
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &sinkSession{sink: s}, nil }))
	srv.Domain = "localhost"
	s.mu.Lock()
	s.server, s.listener = srv, ln
	s.mu.Unlock()
	go srv.Serve(ln)
}

func (s *smtpSink) Stop() {
	s.mu.Lock()
	srv, ln := s.server, s.listener
	s.server, s.listener = nil, nil
	s.mu.Unlock()
	if srv != nil {
		// Close the listener too: Serve may not have registered it yet.
		ln.Close()
		srv.Close()
	}
}

func (s *smtpSink) URL() string { return "smtp://" + s.addr + "?tls=none" }

func (s *smtpSink) Messages() []received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]received(nil), s.received...)
}

type sinkSession struct {
	sink *smtpSink
	cur  received
}

func (ss *sinkSession) Reset()        { ss.cur = received{} }
func (ss *sinkSession) Logout() error { return nil }
func (ss *sinkSession) Mail(from string, _ *smtp.MailOptions) error {
	ss.cur.from = from
	return nil
}
func (ss *sinkSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	ss.cur.to = append(ss.cur.to, to)
	return nil
}
func (ss *sinkSession) Data(r io.Reader) error {
	var buf bytes.Buffer
	if _, err := io.Copy(&buf, r); err != nil {
		return err
	}
	ss.cur.data = buf.Bytes()
	ss.sink.mu.Lock()
	ss.sink.received = append(ss.sink.received, ss.cur)
	ss.sink.mu.Unlock()
	return nil
}
