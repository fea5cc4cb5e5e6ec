package notify

import (
	"testing"

	"github.com/priemna/priemna/notify/smtptest"
)

// smtpSink is a real SMTP server on 127.0.0.1 (smtptest) that keeps what it
// receives. Stop makes its port refuse connections; Start serves on the
// same port again.
type smtpSink struct{ *smtptest.Server }

type received struct {
	from string
	to   []string
	data []byte
}

func newSMTPSink(t testing.TB) *smtpSink { return &smtpSink{smtptest.Start(t, "", "")} }

func (s *smtpSink) Start() { s.Resume() }

func (s *smtpSink) Messages() []received {
	var out []received
	for _, m := range s.Server.Messages() {
		out = append(out, received{from: m.From, to: m.To, data: m.Data})
	}
	return out
}
