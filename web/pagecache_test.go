package web

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"github.com/priemna/priemna/booking"
)

// The official's and a day's pages are drawn once per change and second,
// yet a booking shows on them at once, in the same second, and each
// language and address has its own page.
func TestPagesDrawnOncePerChange(t *testing.T) {
	e := newEnv(t)
	const official, day = "/officials/kmet-sredets", "/officials/kmet-sredets/days/2026-01-19"
	_, first, _ := e.get(t, official)
	_, again, _ := e.get(t, official)
	_, dayFirst, _ := e.get(t, day)
	if first != again || !strings.Contains(dayFirst, "14:15") {
		t.Fatal("the same page in the same second differs, or the day lacks its 14:15 slot")
	}
	if _, _, err := e.svc.Book(t.Context(), booking.BookRequest{Official: "kmet-sredets", Start: "2026-01-19T14:15:00+02:00",
		Name: "Иван Иванов", Email: "ivan@example.bg", Topic: "Ремонт на улицата", Language: "bg"}); err != nil {
		t.Fatal(err)
	}
	_, after, _ := e.get(t, official)
	_, dayAfter, _ := e.get(t, day)
	if after == first {
		t.Error("the official's page did not change after a booking in the same second")
	}
	if dayAfter == dayFirst || strings.Contains(dayAfter, "2026-01-19T14%3A15") {
		t.Error("the day's page still offers the slot just booked")
	}
	_, en, _ := e.get(t, official+"?lang=en")
	if en == after || !strings.Contains(en, `lang="en"`) {
		t.Error("the English page is the Bulgarian one")
	}
}

// BenchmarkPages serves the official's page and a day's page through the
// whole stack, each next to a bare Echo handler writing the same bytes: the
// goal is ≥ 0.3×.
func BenchmarkPages(b *testing.B) {
	e := newEnv(b)
	for _, path := range []string{"/officials/kmet-sredets", "/officials/kmet-sredets/days/2026-01-19"} {
		w := httptest.NewRecorder()
		e.handler.ServeHTTP(w, httptest.NewRequest("GET", path, nil))
		body := w.Body.Bytes()
		bare := echo.New()
		bare.GET(path, func(c echo.Context) error { return c.HTMLBlob(http.StatusOK, body) })
		for _, h := range []struct {
			name string
			h    http.Handler
		}{{"priemna", e.handler}, {"bare", bare}} {
			b.Run(strings.TrimPrefix(path, "/officials/kmet-sredets")+"/"+h.name, func(b *testing.B) {
				for b.Loop() {
					w := httptest.NewRecorder()
					h.h.ServeHTTP(w, httptest.NewRequest("GET", path, nil))
					if w.Code != 200 || w.Body.Len() != len(body) {
						b.Fatal(w.Code, w.Body.Len(), len(body))
					}
				}
			})
		}
	}
}
