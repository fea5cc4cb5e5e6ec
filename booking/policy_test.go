package booking

import (
	"testing"
	"time"
)

// The pause runs Block from the latest strike in the window, whichever
// order the strikes come in (the store lists them newest first; the
// no-show letter adds the one being marked last), and ends at its end.
func TestPauseEndRunsFromTheLatestStrike(t *testing.T) {
	day := 24 * time.Hour
	p := NoShowPolicy{Strikes: 2, Window: 180 * day, Block: 30 * day}
	first := time.Date(2026, 1, 5, 12, 0, 0, 0, time.UTC)
	latest := first.Add(10 * day)
	now := latest.Add(day)
	for _, c := range []struct {
		name    string
		policy  NoShowPolicy
		strikes []time.Time
		now     time.Time
		want    time.Time
	}{
		{"newest first", p, []time.Time{latest, first}, now, latest.Add(p.Block)},
		{"newest last", p, []time.Time{first, latest}, now, latest.Add(p.Block)},
		{"too few", p, []time.Time{latest}, now, time.Time{}},
		{"ended", p, []time.Time{latest, first}, latest.Add(p.Block), time.Time{}},
		{"a moment before the end", p, []time.Time{latest, first}, latest.Add(p.Block - time.Second), latest.Add(p.Block)},
		{"policy off", NoShowPolicy{}, []time.Time{latest, first}, now, time.Time{}},
	} {
		if got := c.policy.pauseEnd(c.strikes, c.now); !got.Equal(c.want) {
			t.Errorf("%s: paused until %v, want %v", c.name, got, c.want)
		}
	}
}
