package main

import (
	"testing"

	"github.com/priemna/priemna/notify/smtptest"
)

type healthOut struct {
	Status  string
	Version string
	Checks  map[string]struct{ Status, Detail string }
}

// TestMailCheckedAtStart: a wrong SMTP password does not stop serve, but
// /healthz reports mail as degraded (the database and /readyz stay fine);
// the right one reports mail as ok.
func TestMailCheckedAtStart(t *testing.T) {
	relay := smtptest.Start(t, "priemna", "secret")

	bad := startServer(t, "--smtp", "smtp://priemna:wrong@"+relay.Addr()+"?tls=none")
	var h healthOut
	bad.expect(bad.do("GET", "/healthz", ""), 200).json(t, &h)
	if h.Status != "degraded" || h.Checks["mail"].Status != "degraded" || h.Checks["database"].Status != "ok" ||
		h.Checks["migrations"].Status != "ok" || h.Checks["migrations"].Detail == "" {
		t.Errorf("healthz with a wrong password: %+v", h)
	}
	bad.expect(bad.do("GET", "/readyz", ""), 200)
	bad.stop()

	good := startServerOn(t, bad.db, "--smtp", relay.URL())
	h = healthOut{}
	good.expect(good.do("GET", "/healthz", ""), 200).json(t, &h)
	if h.Status != "ok" || h.Checks["mail"].Status != "ok" || h.Checks["database"].Status != "ok" {
		t.Errorf("healthz with the right password: %+v", h)
	}
	if relay.Logins() == 0 {
		t.Error("the mail server was not tried at start")
	}
}

// TestWriteRateZeroMeansNoLimit: --write-rate 0 lifts the limit, as
// --read-rate 0 does.
func TestWriteRateZeroMeansNoLimit(t *testing.T) {
	s := startServer(t, "--write-rate", "0")
	for i := range 30 {
		if r := s.do("POST", "/api/v1/bookings/"+fakeToken(i)+"/cancel", ""); r.status == 429 {
			t.Fatalf("request %d refused by a limit", i)
		}
	}
}

func fakeToken(i int) string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
	b := []byte("AAAAAAAAAAAAAAAAAAAAAA")
	b[0], b[1] = alphabet[i%64], alphabet[(i/64)%64]
	return string(b)
}
