package web

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestClientKey(t *testing.T) {
	for in, want := range map[string]string{
		"192.0.2.7":                 "192.0.2.7",
		"::ffff:192.0.2.7":          "192.0.2.7",
		"2001:db8:1:2:aaaa::1":      "2001:db8:1:2::/64",
		"2001:db8:1:2:ffff:ffff::9": "2001:db8:1:2::/64",
		"2001:db8:1:3::1":           "2001:db8:1:3::/64",
		"fe80::1%eth0":              "fe80::/64",
		"not an address":            "not an address",
	} {
		if got := clientKey(in); got != want {
			t.Errorf("clientKey(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestIPv6ClientsAreLimitedByTheirSlash64: a client rotating through the
// addresses of its /64 shares one slot-query budget; another /64 has its own.
func TestIPv6ClientsAreLimitedByTheirSlash64(t *testing.T) {
	e := newEnv(t)
	handler := New(Config{Bookings: e.svc, BaseURL: "http://127.0.0.1", ReadRate: 3, TrustProxy: true})
	srv := httptest.NewServer(handler)
	t.Cleanup(srv.Close)
	get := func(ip string) int {
		req, _ := http.NewRequest("GET", srv.URL+"/api/v1/officials/kmet-sredets/slots?from=2026-01-12&to=2026-01-12", nil)
		req.Header.Set("X-Forwarded-For", ip)
		resp, err := http.DefaultClient.Do(req)
		must(t, err)
		resp.Body.Close()
		return resp.StatusCode
	}
	for i, ip := range []string{"2001:db8:1:2::1", "2001:db8:1:2::2", "2001:db8:1:2:abcd::3"} {
		if got := get(ip); got != 200 {
			t.Fatalf("request %d: %d", i, got)
		}
	}
	if got := get("2001:db8:1:2:ffff::4"); got != http.StatusTooManyRequests {
		t.Errorf("a fourth address of the same /64: %d, want 429", got)
	}
	if got := get("2001:db8:1:3::1"); got != 200 {
		t.Errorf("another /64: %d, want 200", got)
	}
}
