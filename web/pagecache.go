package web

import (
	"net/http"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
)

// An official's page and a day's page are drawn from the slot lists, which
// the service reuses within one second of its clock until something
// changes through it. The page drawn from them is kept exactly as long, so
// a crowd of visitors costs one rendering a second, not one each; a
// booking, a cancellation or a change to the official draws it afresh at
// once.

type pageEntry struct {
	body    []byte
	version uint64
	at      time.Time
}

type pageCache struct {
	mu sync.Mutex
	m  map[string]pageEntry
}

// maxCachedPages bounds the cache: keys carry the query, which visitors
// choose.
const maxCachedPages = 4096

// drawOnce writes the page that build describes, drawn once per change
// and second for the same address and language.
func (s *Server) drawOnce(c echo.Context, lang string, build func() (name string, data any, err error)) error {
	svc := s.cfg.Bookings
	key := lang + " " + c.Request().URL.RequestURI()
	version, now := svc.Version(), svc.Clock()
	s.pages.mu.Lock()
	e, ok := s.pages.m[key]
	s.pages.mu.Unlock()
	if ok && e.version == version && e.at.Equal(now) {
		return writePage(c, http.StatusOK, e.body)
	}
	name, data, err := build()
	if err != nil {
		return err
	}
	body, err := draw(c, name, data)
	if err != nil {
		return err
	}
	s.pages.mu.Lock()
	if s.pages.m == nil || len(s.pages.m) >= maxCachedPages {
		s.pages.m = map[string]pageEntry{}
	}
	s.pages.m[key] = pageEntry{body, version, now}
	s.pages.mu.Unlock()
	return writePage(c, http.StatusOK, body)
}
