package main

import (
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"testing"
)

// threeEmptySlots returns three slots of kmet-triaditsa that nobody has
// booked yet; the demo gives them a capacity of 2.
func threeEmptySlots(t *testing.T, s *server) []slot {
	t.Helper()
	var targets []slot
	for _, sl := range s.freeSlots("kmet-triaditsa") {
		if sl.Available == sl.Capacity && len(targets) < 3 {
			targets = append(targets, sl)
		}
	}
	if len(targets) < 3 || targets[0].Capacity != 2 {
		t.Fatalf("slots: %+v", targets)
	}
	return targets
}

// rush sends one booking of kmet-triaditsa per client, all at once, client
// i through the server and at the slot start target(i) names, and returns
// each client's status and error code.
func rush(t *testing.T, clients int, target func(i int) (*server, string)) (statuses []int, codes []string) {
	var wg sync.WaitGroup
	statuses, codes = make([]int, clients), make([]string, clients)
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients}}
	for i := range statuses {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, start := target(i)
			req, _ := http.NewRequest("POST", s.url+"/api/v1/bookings", strings.NewReader(bookingBody("kmet-triaditsa", start)))
			req.Header.Set("Content-Type", "application/json")
			resp, err := client.Do(req)
			if err != nil {
				t.Error(err)
				return
			}
			var e apiErr
			json.NewDecoder(resp.Body).Decode(&e)
			resp.Body.Close()
			statuses[i], codes[i] = resp.StatusCode, e.Error.Code
		}()
	}
	wg.Wait()
	return statuses, codes
}
