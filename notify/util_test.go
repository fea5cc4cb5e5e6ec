package notify

import (
	"encoding/base64"
	"os"
	"strings"
	"testing"
)

func decodeBase64(t testing.TB, b []byte) []byte {
	t.Helper()
	out, err := base64.StdEncoding.DecodeString(strings.NewReplacer("\r", "", "\n", "").Replace(string(b)))
	must(t, err)
	return out
}

func readFile(name string) ([]byte, error) { return os.ReadFile(name) }

// must ends the test on an error it cannot go on from.
func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
