package web

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// TestOpenAPIMatchesRouter loads the served description with an OpenAPI
// library, validates it, and holds it and the router to each other: every
// route is described and every described operation is routed.
func TestOpenAPIMatchesRouter(t *testing.T) {
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(openAPISpec)
	must(t, err)
	if err := doc.Validate(t.Context()); err != nil {
		t.Fatalf("openapi.yaml is invalid: %v", err)
	}
	param := regexp.MustCompile(`:([a-z]+)`)
	routed := map[string]bool{}
	for _, r := range New(Config{}).Routes() {
		method, path := r[0], param.ReplaceAllString(r[1], "{$1}")
		// One route serves /bookings/{token}.ics: Echo cannot put a
		// suffix after a parameter.
		if path == "/bookings/{file}" {
			routed[method+" /bookings/{token}"] = true // the manage page
		}
		path = strings.Replace(path, "/bookings/{file}", "/bookings/{token}.ics", 1)
		path = strings.Replace(path, "/feeds/officials/{file}", "/feeds/officials/{slug}.ics", 1)
		path = strings.Replace(path, "/feeds/staff/{file}", "/feeds/staff/{token}.ics", 1)
		if strings.HasSuffix(path, "/*") || method == "echo_route_not_found" || path == "/staff" {
			continue
		}
		routed[method+" "+path] = true
		item := doc.Paths.Find(path)
		if item == nil || item.GetOperation(method) == nil {
			t.Errorf("route %s %s is not in openapi.yaml", method, path)
		}
	}
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			if !routed[method+" "+path] {
				t.Errorf("openapi.yaml describes %s %s, which is not routed", method, path)
			}
		}
	}
	codes := doc.Components.Schemas["Error"].Value.Properties["error"].Value.Properties["code"].Value.Enum
	for code := range statusOf {
		if !slices.Contains(codes, any(code)) {
			t.Errorf("error code %s is not listed in openapi.yaml", code)
		}
	}
	for status, e := range httpErrors {
		if !slices.Contains(codes, any(e.code)) {
			t.Errorf("error code %s (HTTP %d) is not listed", e.code, status)
		}
	}
}
