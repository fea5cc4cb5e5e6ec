package i18n

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
	for d := time.Sunday; d <= time.Saturday; d++ {
		if FormatWeekday(d, "en") != d.String() {
			t.Errorf("weekday %d in English: %q", d, FormatWeekday(d, "en"))
		}
	}
	for m := time.January; m <= time.December; m++ {
		if got := FormatDate(time.Date(2026, m, 10, 12, 0, 0, 0, time.UTC), "en"); got != time.Date(2026, m, 10, 12, 0, 0, 0, time.UTC).Format("Monday 2 January 2006") {
			t.Errorf("%s in English: %q", m, got)
		}
	}
}
