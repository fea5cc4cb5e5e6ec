package main

import (
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/priemna/priemna/notify/smtptest"
)

// metricValue finds one sample in the Prometheus text format.
func metricValue(t *testing.T, text, series string) float64 {
	t.Helper()
	for _, line := range strings.Split(text, "\n") {
		if rest, ok := strings.CutPrefix(line, series+" "); ok {
			v, err := strconv.ParseFloat(strings.TrimSpace(rest), 64)
			if err != nil {
				t.Fatalf("%s: %v", line, err)
			}
			return v
		}
	}
	t.Fatalf("no %s in\n%s", series, text)
	return 0
}

// TestMetricsAfterABookingAndAFailedSend scrapes /metrics (with a staff
// token, and on --metrics-addr) after a booking, a capped attempt and a
// send the mail server refused, and finds the counters moved.
func TestMetricsAfterABookingAndAFailedSend(t *testing.T) {
	relay := smtptest.Start(t, "", "")
	s := startServer(t, "--smtp", relay.URL(), "--metrics-addr", "127.0.0.1:0", "--log-format", "json", "--write-rate", "3")
	relay.Stop() // the mail server goes away after the check at start

	free := s.freeSlots("kmet-mladost")
	body := func(start string) string {
		return fmt.Sprintf(`{"official":"kmet-mladost","start":%q,"name":"Иван Петров","email":"ivan@example.org","topic":"Улично осветление","language":"bg"}`, start)
	}
	s.expect(s.do("POST", "/api/v1/bookings", body(free[0].Start)), 201)
	s.expect(s.do("POST", "/api/v1/bookings", body(free[1].Start)), 409) // one coming meeting per official
	s.await("mail server not taking messages", 1)

	// A wrong password on the sign-in form.
	jar, _ := cookiejar.New(nil)
	browser := &http.Client{Jar: jar}
	resp, err := browser.Get(s.url + "/staff/login")
	must(t, err)
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	csrf := regexp.MustCompile(`name="_csrf" value="([^"]+)"`).FindSubmatch(page)
	if csrf == nil {
		t.Fatalf("no CSRF token on the sign-in page:\n%s", page)
	}
	resp, err = browser.PostForm(s.url+"/staff/login", url.Values{"_csrf": {string(csrf[1])}, "email": {"nobody@example.org"}, "password": {"not the password"}})
	must(t, err)
	resp.Body.Close()
	if resp.StatusCode != 401 {
		t.Fatalf("wrong password: %d", resp.StatusCode)
	}
	s.expect(s.do("POST", "/api/v1/bookings/"+fakeToken(1)+"/cancel", ""), 429) // the fourth write this minute

	if _, err := s.cli("a long admin password\n", "user", "add", "--email", "admin@example.org", "--name", "Админ", "--role", "admin"); err != nil {
		t.Fatal(err)
	}
	token, err := s.cli("", "token", "create", "--email", "admin@example.org")
	must(t, err)
	s.expect(s.do("GET", "/metrics", ""), 401)
	text := string(s.expect(s.do("GET", "/metrics", "", "Authorization", "Bearer "+strings.TrimSpace(token)), 200).body)

	for series, want := range map[string]float64{
		`priemna_bookings_total{outcome="booked"}`:                                       1,
		`priemna_bookings_total{outcome="capped"}`:                                       1,
		`priemna_bookings_total{outcome="full"}`:                                         0,
		`priemna_outbox_dead`:                                                            0,
		`priemna_rate_limited_total{limit="write"}`:                                      1,
		`priemna_rate_limited_total{limit="read"}`:                                       0,
		`priemna_signin_failures_total`:                                                  1,
		`priemna_http_requests_total{code="201",method="POST",route="/api/v1/bookings"}`: 1,
		`priemna_http_requests_total{code="409",method="POST",route="/api/v1/bookings"}`: 1,
	} {
		if got := metricValue(t, text, series); got != want {
			t.Errorf("%s = %v, want %v", series, got, want)
		}
	}
	for _, series := range []string{`priemna_mail_send_failures_total`, `priemna_outbox_waiting`, `priemna_sweep_runs_total{sweep="no_shows"}`,
		`priemna_http_request_duration_seconds_count{method="POST",route="/api/v1/bookings"}`} {
		if got := metricValue(t, text, series); got < 1 {
			t.Errorf("%s = %v, want at least 1", series, got)
		}
	}
	for _, name := range []string{"go_goroutines", "process_resident_memory_bytes", "priemna_outbox_oldest_waiting_seconds",
		"priemna_sweep_duration_seconds_bucket", "priemna_sweeps_paused"} {
		if !strings.Contains(text, "\n"+name) {
			t.Errorf("no %s", name)
		}
	}
	if strings.Contains(text, "ivan@example.org") || strings.Contains(text, "nobody@") || strings.Contains(text, "/api/v1/bookings/A") {
		t.Error("the metrics hold personal data or a path")
	}
	// The log is written in batches: wait for the lines, not for a clock.
	s.await(`"msg":"staff sign-in failed"`, 1)
	s.await(`"msg":"refused by a rate limit"`, 1)
	logged := s.log.String()
	if !strings.Contains(logged, `"msg":"refused by a rate limit","limit":"write","route":"/api/v1/bookings/:token/cancel"`) ||
		!strings.Contains(logged, `"msg":"staff sign-in failed"`) || strings.Contains(logged, "nobody@") {
		t.Errorf("refusals not logged, or logged with personal data:\n%s", logged)
	}

	// The same on --metrics-addr, without a token; the log is JSON.
	m := regexp.MustCompile(`"msg":"metrics","listen":"(http://[^"]+)"`).FindStringSubmatch(s.log.String())
	if m == nil {
		t.Fatalf("no JSON line for the metrics address:\n%s", s.log.String())
	}
	resp, err = http.Get(m[1])
	must(t, err)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || metricValue(t, string(b), `priemna_bookings_total{outcome="booked"}`) != 1 {
		t.Errorf("--metrics-addr: %d\n%s", resp.StatusCode, b)
	}
}
