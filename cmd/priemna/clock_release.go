//go:build !testclock

package main

import (
	"fmt"
	"os"
	"time"
)

// envClock: a release binary has no test clock. PRIEMNA_CLOCK_FILE would
// let whoever sets the environment move time for the server — marking every
// coming booking a no-show, erasing all personal data — so it is ignored.
func envClock() (func() time.Time, error) {
	if os.Getenv("PRIEMNA_CLOCK_FILE") != "" {
		fmt.Fprintln(os.Stderr, "priemna: PRIEMNA_CLOCK_FILE is ignored: only a test build (-tags testclock) reads it")
	}
	return nil, nil
}
