package main

import (
	"net/http"
	"runtime"
	"sync/atomic"
)

// inFlight counts the requests being answered, so that background work
// (the mail worker) can tell when people are waiting for the server.
type inFlight struct {
	next http.Handler
	n    atomic.Int64
}

func (f *inFlight) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.n.Add(1)
	defer f.n.Add(-1)
	f.next.ServeHTTP(w, r)
}

// busy says whether at least as many requests are being answered as there
// are processors to answer them.
func (f *inFlight) busy() bool {
	return f.n.Load() >= int64(runtime.GOMAXPROCS(0))
}
