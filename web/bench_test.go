package web

import (
	"net/http/httptest"
	"testing"
)

// BenchmarkSlotsHandler runs GET /api/v1/officials/{slug}/slots for 60
// days through the whole handler stack in process (the load test with wrk,
// scripts/load.sh, measures it over the network).
func BenchmarkSlotsHandler(b *testing.B) {
	e := newEnv(b)
	path := "/api/v1/officials/kmet-sredets/slots?from=2026-01-07&to=2026-03-07"
	b.ReportAllocs()
	for b.Loop() {
		w := httptest.NewRecorder()
		e.handler.ServeHTTP(w, httptest.NewRequest("GET", path, nil))
		if w.Code != 200 {
			b.Fatal(w.Code, w.Body.String())
		}
	}
}
