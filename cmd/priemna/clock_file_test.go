//go:build testclock

package main

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestFileClockFollowsTheFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "now")
	write := func(s string) {
		t.Helper()
		must(t, os.WriteFile(path, []byte(s), 0o600))
	}
	write("2026-11-30T07:00:00+02:00\n")
	c, err := newFileClock(path)
	must(t, err)
	if got, want := c.Now(), time.Date(2026, 11, 30, 5, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Fatalf("Now = %v, want %v", got, want)
	}
	write("2026-12-02T10:20:00+02:00")
	if got, want := c.Now(), time.Date(2026, 12, 2, 8, 20, 0, 0, time.UTC); !got.Equal(want) {
		t.Fatalf("after moving: Now = %v, want %v", got, want)
	}
	write("not a time")
	if got, want := c.Now(), time.Date(2026, 12, 2, 8, 20, 0, 0, time.UTC); !got.Equal(want) {
		t.Fatalf("garbled file: Now = %v, want the last good %v", got, want)
	}
	if _, err := newFileClock(filepath.Join(t.TempDir(), "missing")); err == nil {
		t.Fatal("a missing clock file was accepted")
	}
}
