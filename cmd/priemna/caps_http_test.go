package main

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
)

// TestCapsHoldThroughHTTP: one citizen sends twelve bookings for twelve
// different free slots of one official at once, with the address written
// in several ways; the cap of one coming meeting per official lets exactly
// one through, and every other is told why.
func TestCapsHoldThroughHTTP(t *testing.T) {
	s := startServer(t, "--write-rate", "100000")
	free := s.freeSlotsAtLeast("kmet-triaditsa", 12)
	emails := []string{"ivana@example.bg", "Ivana@Example.BG", "ivana+1@example.bg", "IVANA+x@example.bg"}
	const n = 12
	statuses := make([]int, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: n}}
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			body := fmt.Sprintf(`{"official":"kmet-triaditsa","start":%q,"name":"Ивана Петрова","email":%q,"topic":"Ремонт на улица","language":"bg"}`,
				free[i].Start, emails[i%len(emails)])
			req, _ := http.NewRequest("POST", s.url+"/api/v1/bookings", strings.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			<-start
			resp, err := client.Do(req)
			if err != nil {
				t.Error(err)
				return
			}
			resp.Body.Close()
			statuses[i] = resp.StatusCode
		}()
	}
	close(start)
	wg.Wait()
	created, refused := 0, 0
	for _, st := range statuses {
		switch st {
		case http.StatusCreated:
			created++
		case http.StatusConflict:
			refused++
		default:
			t.Errorf("status %d", st)
		}
	}
	if created != 1 || refused != n-1 {
		t.Errorf("%d created and %d refused of %d parallel bookings by one citizen; the cap is 1", created, refused, n)
	}
}
