package booking

import "testing"

func TestEmailKey(t *testing.T) {
	for in, want := range map[string]string{
		"maria@example.bg":         "maria@example.bg",
		" Maria@Example.BG ":       "maria@example.bg",
		"maria+tickets@example.bg": "maria@example.bg",
		"MARIA+a+b@EXAMPLE.bg":     "maria@example.bg",
		"m.georgieva@example.bg":   "m.georgieva@example.bg",
		"+only@example.bg":         "+only@example.bg",
		"":                         "",
		"\"a@b\"+x@example.bg":     "\"a@b\"@example.bg",
	} {
		if got := EmailKey(in); got != want {
			t.Errorf("EmailKey(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPhoneKey(t *testing.T) {
	for in, want := range map[string]string{
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
	} {
		if got := PhoneKey(in); got != want {
			t.Errorf("PhoneKey(%q) = %q, want %q", in, got, want)
		}
	}
}
