package main

import (
	"fmt"
	"net/url"
	"strings"
)

// publicURL checks and normalises --base-url once, at configuration: every
// link in pages, letters and the API appends a path starting with "/", so
// the base keeps no trailing slash (operators often type one).
func publicURL(base string) (string, error) {
	base = strings.TrimRight(strings.TrimSpace(base), "/")
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return "", fmt.Errorf("--base-url %q: give the site's public address, such as https://priemna.sofia.bg", base)
	}
	return base, nil
}
