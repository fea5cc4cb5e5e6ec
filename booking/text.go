package booking

import "strings"

// cleanText is how every multi-line text a person types is stored: line
// breaks as LF, whatever the browser sent (textareas send CRLF), and no
// surrounding space.
func cleanText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.TrimSpace(strings.ReplaceAll(s, "\r", "\n"))
}
