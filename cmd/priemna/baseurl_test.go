package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestPublicURL(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"https://priemna.sofia.bg", "https://priemna.sofia.bg"},
		{"https://priemna.sofia.bg/", "https://priemna.sofia.bg"},
		{" https://priemna.sofia.bg// ", "https://priemna.sofia.bg"},
		{"https://sofia.bg/priemna/", "https://sofia.bg/priemna"},
		{"http://127.0.0.1:8080", "http://127.0.0.1:8080"},
	} {
		if got, err := publicURL(tc.in); err != nil || got != tc.want {
			t.Errorf("publicURL(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
	for _, bad := range []string{"priemna.sofia.bg", "ftp://x", "https://", "https://x/?a=1", "https://x/#top"} {
		if _, err := publicURL(bad); err == nil || !strings.Contains(err.Error(), "--base-url") {
			t.Errorf("publicURL(%q) accepted: %v", bad, err)
		}
	}
}

// A base URL typed with a trailing slash gives links with one slash, in the
// API as in letters.
func TestBaseURLWithTrailingSlash(t *testing.T) {
	s := startServer(t, "--base-url", "https://priemna.example.bg/")
	sent := s.log.count("message sent")
	free := s.freeSlots("kmet-na-sofia")
	var b struct {
		Token     string `json:"token"`
		ManageURL string `json:"manage_url"`
	}
	s.expect(s.do("POST", "/api/v1/bookings", bookingBody("kmet-na-sofia", free[0].Start)), 201).json(t, &b)
	if b.ManageURL != "https://priemna.example.bg/bookings/"+b.Token {
		t.Errorf("manage_url %q", b.ManageURL)
	}
	// The demo's own letters go out too: wait letter by letter for ours.
	var letters []string
	for n := sent + 1; len(letters) == 0; n++ {
		s.await("message sent", n)
		letters = lettersWith(s.mailDir, b.Token)
	}
	letter := letters[0]
	if !strings.Contains(letter, "https://priemna.example.bg/bookings/"+b.Token) || strings.Contains(letter, "bg//") {
		t.Errorf("the confirmation's links:\n%s", letter)
	}
}

// lettersWith returns the text of every written letter that mentions s,
// with quoted-printable's soft line breaks undone so that links read whole.
func lettersWith(dir, s string) []string {
	files, _ := filepath.Glob(filepath.Join(dir, "*.eml"))
	var letters []string
	for _, f := range files {
		raw, _ := os.ReadFile(f)
		if text := strings.ReplaceAll(string(raw), "=\r\n", ""); strings.Contains(text, s) {
			letters = append(letters, text)
		}
	}
	return letters
}
