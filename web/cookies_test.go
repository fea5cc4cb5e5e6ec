package web

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/priemna/priemna/booking"
)

// TestStaffCSRFTokenIsBoundToTheSession: a CSRF pair that is valid on its
// own (cookie and form agree) but not the session's is refused on staff
// forms — a token planted in the browser cannot forge a staff action.
func TestStaffCSRFTokenIsBoundToTheSession(t *testing.T) {
	e := newEnv(t)
	e.noRedirects()
	e.signedIn(t, "asst@sofia.example.bg", booking.RoleAssistant, "kmet-sredets")
	// The attacker's own pair, from a page anyone can load.
	stranger := &env{url: e.url, http: &http.Client{}}
	jar, _ := newJar()
	stranger.http.Jar = jar
	_, body, _ := stranger.get(t, "/staff/login")
	planted := hiddenFields(body).Get("_csrf")
	u, _ := url.Parse(e.url)
	e.http.Jar.SetCookies(u, []*http.Cookie{{Name: "priemna_csrf", Value: planted, Path: "/"}})
	if status, _, _ := e.postForm(t, "/staff/logout", url.Values{"_csrf": {planted}}); status != http.StatusForbidden {
		t.Errorf("a staff form with a planted token: %d, want 403", status)
	}
	if status, _, _ := e.get(t, "/staff/"); status != 200 {
		t.Fatalf("the forged sign-out ended the session: %d", status)
	}
	// The session's own pages carry its token, and their forms work.
	_, body, _ = e.get(t, "/staff/")
	if status, _, _ := e.postForm(t, "/staff/logout", url.Values{"_csrf": {hiddenFields(body).Get("_csrf")}}); status != http.StatusSeeOther {
		t.Errorf("sign-out with the session's token: %d", status)
	}
}

// TestHTTPSCookiesAndHSTS: with an https base URL the cookies take the
// __Host- prefix (secure, whole path) and HSTS is sent; over plain http
// neither, as browsers would refuse them.
func TestHTTPSCookiesAndHSTS(t *testing.T) {
	e := newEnv(t)
	e.addStaff(t, "asst@sofia.example.bg", booking.RoleAssistant, "kmet-sredets")
	srv := httptest.NewServer(New(Config{Bookings: e.svc, Staff: e.staff, BaseURL: "https://priemna.example.bg"}))
	t.Cleanup(srv.Close)
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Get(srv.URL + "/staff/login")
	must(t, err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if got := resp.Header.Get("Strict-Transport-Security"); !strings.Contains(got, "max-age=") {
		t.Errorf("no HSTS: %q", got)
	}
	csrf := resp.Cookies()
	if len(csrf) != 1 || csrf[0].Name != "__Host-priemna_csrf" || !csrf[0].Secure || csrf[0].Path != "/" || csrf[0].Domain != "" {
		t.Fatalf("CSRF cookie over https: %+v", csrf)
	}
	form := url.Values{"_csrf": {hiddenFields(string(body)).Get("_csrf")}, "email": {"asst@sofia.example.bg"},
		"password": {"correct horse battery"}}
	req, _ := http.NewRequest("POST", srv.URL+"/staff/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.AddCookie(csrf[0])
	resp, err = c.Do(req)
	must(t, err)
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-in over https: %d", resp.StatusCode)
	}
	var session *http.Cookie
	for _, ck := range resp.Cookies() {
		if strings.Contains(ck.Name, "priemna_staff") {
			session = ck
		}
	}
	if session == nil || session.Name != "__Host-priemna_staff" || !session.Secure || session.Path != "/" || !session.HttpOnly {
		t.Errorf("session cookie over https: %+v", session)
	}

	_, _, h := e.get(t, "/staff/login")
	if h.Get("Strict-Transport-Security") != "" {
		t.Error("HSTS over plain http")
	}
}

// TestFailedSignInsAreAudited: every refused sign-in is in the audit log
// with the address it came from, never the email typed.
func TestFailedSignInsAreAudited(t *testing.T) {
	e := newEnv(t)
	e.noRedirects()
	e.addStaff(t, "asst@sofia.example.bg", booking.RoleAssistant, "kmet-sredets")
	e.signIn(t, "asst@sofia.example.bg", "wrong password")
	e.signIn(t, "nobody@sofia.example.bg", "wrong password")
	list, err := e.db.AuditLog(t.Context(), 10)
	must(t, err)
	n := 0
	for _, a := range list {
		if a.Action == "sign-in.failed" {
			n++
			if a.Object != "127.0.0.1" || strings.Contains(a.UserEmail, "@") {
				t.Errorf("audit entry: %+v", a)
			}
		}
	}
	if n != 2 {
		t.Errorf("%d failed sign-ins audited, want 2: %+v", n, list)
	}
}
