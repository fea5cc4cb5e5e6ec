package main

import (
	"net/http"
	"net/http/httptest"
	"runtime"
	"sync"
	"testing"
)

// TestBusyWhileRequestsWaitOnEveryProcessor: the server counts as busy
// from the moment as many requests are being answered as it has
// processors, and not once they are answered.
func TestBusyWhileRequestsWaitOnEveryProcessor(t *testing.T) {
	entered, release := make(chan struct{}), make(chan struct{})
	f := &inFlight{next: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		entered <- struct{}{}
		<-release
	})}
	srv := httptest.NewServer(f)
	defer srv.Close()
	procs := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	for i := range procs {
		if f.busy() {
			t.Fatalf("busy with %d requests on %d processors", i, procs)
		}
		wg.Go(func() {
			resp, err := http.Get(srv.URL)
			if err != nil {
				t.Error(err)
				return
			}
			resp.Body.Close()
		})
		<-entered
	}
	if !f.busy() {
		t.Fatalf("not busy with %d requests on %d processors", procs, procs)
	}
	close(release)
	wg.Wait()
	if f.busy() {
		t.Fatal("still busy once every request was answered")
	}
}
