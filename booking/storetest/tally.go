package storetest

import (
	"strings"
	"testing"

	"github.com/priemna/priemna/booking"
)

// tally counts the calls made at once that went through and those refused
// with code; any other error fails the test. When about is not "", a
// refusal must say why in English (its message contains about) and in
// Bulgarian.
func tally(t *testing.T, errs []error, code, about string) (ok, refused int) {
	t.Helper()
	for _, err := range errs {
		switch booking.ErrorCode(err) {
		case "":
			ok++
		case code:
			refused++
			if msg := booking.ErrorMessage(err); about != "" && (!strings.Contains(msg.In("en"), about) || msg.In("bg") == "") {
				t.Errorf("unclear message: %+v", msg)
			}
		default:
			t.Errorf("unexpected error: %v", err)
		}
	}
	return ok, refused
}
