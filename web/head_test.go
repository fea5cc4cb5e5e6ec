package web

import (
	"net/http"
	"strings"
	"testing"
)

// HEAD works wherever GET does (RFC 9110): link checkers in mail clients
// send it. The answer has GET's status and headers (net/http sends no body
// for HEAD, so there is none to check here).
func TestHeadWhereverGetWorks(t *testing.T) {
	e := newEnv(t)
	e.noRedirects()
	params := strings.NewReplacer(":slug", "kmet-sredets", ":date", "2026-01-12", ":token", e.b.Token, ":file", e.b.Token+".ics",
		":reference", e.b.Reference, ":code", "x", ":id", "1", "*", "style.css")
	n := 0
	for _, r := range e.handler.Routes() {
		if r[0] != http.MethodGet {
			continue
		}
		path := params.Replace(r[1])
		getStatus, _, getHeader := e.get(t, path)
		req, err := http.NewRequest(http.MethodHead, e.url+path, nil)
		must(t, err)
		resp, err := e.http.Do(req)
		must(t, err)
		resp.Body.Close()
		if resp.StatusCode != getStatus || resp.Header.Get("Content-Type") != getHeader.Get("Content-Type") {
			t.Errorf("HEAD %s: %d (%s); GET: %d (%s)", path, resp.StatusCode,
				resp.Header.Get("Content-Type"), getStatus, getHeader.Get("Content-Type"))
		}
		n++
	}
	if n < 20 {
		t.Errorf("only %d GET routes tried", n)
	}
}
