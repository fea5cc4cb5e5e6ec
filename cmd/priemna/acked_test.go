package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/priemna/priemna/booking"
)

// acked is a booking a client was told about (201), with what it sent:
// after a crash it must be there, and a retry must return it.
type acked struct{ key, token, reference, body, email string }

// crashBooking is the i-th booking worker w sends in a round of a crash
// test, at one of the slots: its Idempotency-Key, body and address.
func crashBooking(round, w, i int, official string, slots []string) acked {
	key := fmt.Sprintf("r%d-w%d-%d", round, w, i)
	email := key + "@example.bg"
	body := fmt.Sprintf(`{"official":%q,"start":%q,"name":"Гражданин","email":%q,"topic":"Проверка на срив"}`,
		official, slots[(w*31+i*7)%len(slots)], email)
	return acked{key: key, body: body, email: email}
}

// killer keeps a round's acknowledged bookings and kills the child
// (SIGKILL) at the killAfter-th, as the workers acknowledge them at once.
type killer struct {
	mu               sync.Mutex
	all              *[]acked
	count, killAfter int
	kill             func()
}

func (k *killer) acknowledged(a acked) {
	k.mu.Lock()
	defer k.mu.Unlock()
	*k.all = append(*k.all, a)
	k.count++
	if k.count == k.killAfter {
		k.kill()
	}
}

// checkAcknowledged stops the test unless every acknowledged booking is in
// the store with its confirmation letter queued.
func checkAcknowledged(t *testing.T, round int, store interface {
	BookingByToken(context.Context, string) (*booking.Booking, error)
	Messages(context.Context, int64) ([]booking.Message, error)
}, all []acked) {
	t.Helper()
	ctx := t.Context()
	for _, a := range all {
		b, err := store.BookingByToken(ctx, a.token)
		if err != nil || b.Reference != a.reference {
			t.Fatalf("round %d: acknowledged booking %s lost: %v", round, a.reference, err)
		}
		msgs, err := store.Messages(ctx, b.ID)
		if err != nil || len(msgs) == 0 || msgs[0].Kind != booking.MessageConfirmation {
			t.Fatalf("round %d: booking %s without its confirmation: %v %v", round, a.reference, msgs, err)
		}
	}
}

type bookedOut struct{ Token, Reference string }

func postBooking(url, key, body string) (int, bookedOut, error) {
	var b bookedOut
	req, _ := http.NewRequest("POST", url+"/api/v1/bookings", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Idempotency-Key", key)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, b, err
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusCreated {
		if err := json.NewDecoder(resp.Body).Decode(&b); err != nil {
			return 0, b, err
		}
	}
	return resp.StatusCode, b, nil
}

func freeStarts(t *testing.T, url, official string) []string {
	t.Helper()
	var slots []slot
	resp, err := http.Get(url + "/api/v1/officials/" + official + "/slots")
	must(t, err)
	json.NewDecoder(resp.Body).Decode(&slots)
	resp.Body.Close()
	var free []string
	for _, sl := range slots {
		if sl.Available > 0 {
			free = append(free, sl.Start)
		}
	}
	return free
}
