package booking

import "testing"

// The canonical keys caps and no-shows count by: an address without its
// +tag and case, a phone number in its national form.
func TestCanonicalKeys(t *testing.T) {
	for _, c := range []struct {
		name  string
		key   func(string) string
		cases map[string]string
	}{
		{"EmailKey", EmailKey, map[string]string{
			"maria@example.bg":         "maria@example.bg",
			" Maria@Example.BG ":       "maria@example.bg",
			"maria+tickets@example.bg": "maria@example.bg",
			"MARIA+a+b@EXAMPLE.bg":     "maria@example.bg",
			"m.georgieva@example.bg":   "m.georgieva@example.bg",
			"+only@example.bg":         "+only@example.bg",
			"":                         "",
			"\"a@b\"+x@example.bg":     "\"a@b\"@example.bg",
		}},
		{"PhoneKey", PhoneKey, map[string]string{
			"0888 123 456":         "0888123456",
			"0888-123-456":         "0888123456",
			"+359 888 123 456":     "0888123456",
			"+359 (0) 888 123 456": "0888123456",
			"00359 888 123456":     "0888123456",
			"359888123456":         "0888123456",
			"02 123 4567":          "021234567",
			"+359 2 123 4567":      "021234567",
			"+44 20 7946 0958":     "+442079460958",
			"0044 20 7946 0958":    "+442079460958",
			"":                     "",
			"нямам":                "",
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			for in, want := range c.cases {
				if got := c.key(in); got != want {
					t.Errorf("%s(%q) = %q, want %q", c.name, in, got, want)
				}
			}
		})
	}
}
