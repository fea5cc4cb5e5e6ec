package calendar

import (
	"testing"
	"time"
)

func TestFormatDateTime(t *testing.T) {
	at := time.Date(2026, 3, 24, 12, 0, 0, 0, time.UTC) // 14:00 in Sofia
	if got := FormatDateTime(at, "bg"); got != "вторник, 24 март 2026 г., 14:00 ч." {
		t.Errorf("bg: %q", got)
	}
	if got := FormatDateTime(at, "en"); got != "Tuesday 24 March 2026, 14:00" {
		t.Errorf("en: %q", got)
	}
}
