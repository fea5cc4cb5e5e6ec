package booking

import (
	"runtime"
	"testing"
	"time"
)

func TestPasswordGateBoundsChecks(t *testing.T) {
	g := NewPasswordGate(2, time.Hour)
	var held []func()
	for range 2 {
		release, err := g.enter()
		if err != nil {
			t.Fatal(err)
		}
		held = append(held, release)
	}
	// 32 more wait for a turn…
	admitted := make(chan func(), 32)
	for range 32 {
		go func() {
			release, err := g.enter()
			if err != nil {
				t.Error(err)
				return
			}
			admitted <- release
		}()
	}
	for g.waiting.Load() < 32 {
		runtime.Gosched()
	}
	// …and the next is turned away at once, in both languages.
	if _, err := g.enter(); ErrorCode(err) != EUNAVAILABLE || ErrorMessage(err).In("bg") == "" || ErrorMessage(err).In("en") == "" {
		t.Fatalf("beyond the queue: %v", err)
	}
	select {
	case <-admitted:
		t.Fatal("a third check ran while two were running")
	default:
	}
	// Each turn ended lets one waiter in.
	held[0]()
	release := <-admitted
	release()
	held[1]()
	for range 31 {
		(<-admitted)()
	}
}

func TestPasswordGateWaitEnds(t *testing.T) {
	g := NewPasswordGate(1, time.Millisecond)
	release, err := g.enter()
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	if _, err := g.enter(); ErrorCode(err) != EUNAVAILABLE {
		t.Fatalf("after the wait: %v", err)
	}
}
