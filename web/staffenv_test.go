package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/priemna/priemna/booking"
	"github.com/priemna/priemna/booking/password"
)

// addStaff adds a staff member with the password "correct horse battery".
func (e *env) addStaff(t *testing.T, email string, role booking.Role, officials ...string) {
	t.Helper()
	hash, err := password.Hash("correct horse battery")
	must(t, err)
	_, err = e.staff.AddUser(t.Context(), booking.CommandLine, booking.UserInput{Email: email, Name: "Пепа Помощникова", Role: role,
		Officials: officials, PasswordHash: hash})
	must(t, err)
}

// signIn signs in through the form and returns where it was sent.
func (e *env) signIn(t *testing.T, email, pw string) (int, string, http.Header) {
	t.Helper()
	_, body, _ := e.get(t, "/staff/login?next=/staff/officials/kmet-sredets/day")
	form := hiddenFields(body)
	form.Set("email", email)
	form.Set("password", pw)
	return e.postForm(t, "/staff/login", form)
}

// signedIn adds a staff member and signs them in through the form; the
// test stops unless the sign-in is accepted (303 to where it was sent).
// The form is posted without following the redirect whatever the test's
// client does, so that the answer is the sign-in's own.
func (e *env) signedIn(t *testing.T, email string, role booking.Role, officials ...string) {
	t.Helper()
	e.addStaff(t, email, role, officials...)
	follow := e.http.CheckRedirect
	e.noRedirects()
	status, _, _ := e.signIn(t, email, "correct horse battery")
	e.http.CheckRedirect = follow
	if status != http.StatusSeeOther {
		t.Fatalf("sign-in of %s: %d", email, status)
	}
}

// postAPI posts a JSON body to the staff API with the bearer token and
// returns the status and the answer, which must be a JSON object.
func (e *env) postAPI(t *testing.T, token, path, body string) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, e.url+path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	must(t, err)
	defer resp.Body.Close()
	var out map[string]any
	must(t, json.NewDecoder(resp.Body).Decode(&out))
	return resp.StatusCode, out
}

// formOf opens the form page at path, checks that it is accessible (in
// Bulgarian) and returns its fields, with the values of set put in.
func (e *env) formOf(t *testing.T, path string, set map[string]string) url.Values {
	t.Helper()
	_, body, _ := e.get(t, path)
	checkAccessible(t, body, "bg")
	form := hiddenFields(body)
	for k, v := range set {
		form.Set(k, v)
	}
	return form
}

// assistantEnv is newEnv, redirects not followed, with kmet-sredets's
// assistant (own@sofia.example.bg) signed in.
func assistantEnv(t *testing.T) *env {
	t.Helper()
	e := newEnv(t)
	e.noRedirects()
	e.signedIn(t, "own@sofia.example.bg", booking.RoleAssistant, "kmet-sredets")
	return e
}
