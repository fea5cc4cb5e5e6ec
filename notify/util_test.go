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
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func readFile(name string) ([]byte, error) { return os.ReadFile(name) }
