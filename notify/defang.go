package notify

import (
	"regexp"
	"strings"

	"github.com/priemna/priemna/booking"
)

// Letters go from the municipality's address to any address typed into
// the booking form, before its owner has proved it. So the text a citizen
// wrote (name, matter, note) cannot carry a working link in them: a
// stranger could otherwise send "visit evil.example" under the city's
// name. Schemes and dotted host names are defanged ("evil[.]example",
// "https[:]//"), which mail programs do not turn into links.
var (
	scheme   = regexp.MustCompile(`(?i)\b([a-z][a-z0-9+.-]*):(//|[^\s]*@)`)
	hostLike = regexp.MustCompile(`[\p{L}\p{N}-]+(\.[\p{L}\p{N}-]+)+`)
)

func defang(s string) string {
	s = scheme.ReplaceAllString(s, "$1[:]$2")
	s = hostLike.ReplaceAllStringFunc(s, func(h string) string { return strings.ReplaceAll(h, ".", "[.]") })
	return strings.ReplaceAll(s, "@", "[at]")
}

// defanged returns a copy of b whose citizen-written text is defanged.
func defanged(b *booking.Booking) *booking.Booking {
	c := *b
	c.Name, c.Topic, c.Accessibility.Note = defang(b.Name), defang(b.Topic), defang(b.Accessibility.Note)
	return &c
}
