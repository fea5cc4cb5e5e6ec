package booking

import (
	"regexp"
	"testing"
	"time"
)

// TestMessageKeysFollowTheirInstant: keys made later sort after earlier
// ones (they land at the end of the outbox's index, not all over it),
// keys of the same instant still differ, and every key is 32 hex digits,
// as Message-IDs and mail file names expect.
func TestMessageKeysFollowTheirInstant(t *testing.T) {
	at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	hex := regexp.MustCompile(`^[0-9a-f]{32}$`)
	prev := NewMessageKey(at)
	seen := map[string]bool{prev: true}
	for i := 1; i < 1000; i++ {
		same := NewMessageKey(at.Add(time.Duration(i-1) * time.Millisecond))
		next := NewMessageKey(at.Add(time.Duration(i) * time.Millisecond))
		for _, k := range []string{same, next} {
			if !hex.MatchString(k) || seen[k] {
				t.Fatalf("key %q: not 32 hex digits, or made twice", k)
			}
			seen[k] = true
		}
		if next <= prev || next <= same {
			t.Fatalf("key %q of a later instant sorts before %q / %q", next, prev, same)
		}
		prev = next
	}
	if k := NewMessageKey(time.Time{}); !hex.MatchString(k) || k[:12] != "000000000000" {
		t.Errorf("a zero instant gives %q", k)
	}
}
