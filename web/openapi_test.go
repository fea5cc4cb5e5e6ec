package web

import (
	"encoding/json"
	"fmt"
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

// TestMyDataMatchesItsSchema: the citizen's download answers exactly what
// openapi.yaml says of it (BookingData): each value of its declared type
// and enum, and no field the description does not have.
func TestMyDataMatchesItsSchema(t *testing.T) {
	doc, err := openapi3.NewLoader().LoadFromData(openAPISpec)
	must(t, err)
	e := newEnv(t)
	_, body, _ := e.get(t, "/bookings/"+e.b.Token+"/data.json")
	var v any
	must(t, json.Unmarshal([]byte(body), &v))
	ref := doc.Components.Schemas["BookingData"]
	if ref == nil || ref.Value == nil {
		t.Fatal("openapi.yaml has no schema BookingData")
	}
	schema := ref.Value
	if err := schema.VisitJSON(v, openapi3.MultiErrors()); err != nil {
		t.Errorf("data.json does not match BookingData: %v\n%s", err, body)
	}
	for _, path := range undescribed(schema, v, "") {
		t.Errorf("data.json has %s, which BookingData does not describe", path)
	}
}

// undescribed lists the paths of v's object fields that schema does not
// declare (kin-openapi lets them through unless a schema forbids them).
func undescribed(schema *openapi3.Schema, v any, at string) []string {
	var out []string
	switch v := v.(type) {
	case map[string]any:
		for k, sub := range v {
			p, ok := schema.Properties[k]
			if !ok || p.Value == nil {
				out = append(out, at+"."+k)
				continue
			}
			out = append(out, undescribed(p.Value, sub, at+"."+k)...)
		}
	case []any:
		if schema.Items != nil && schema.Items.Value != nil {
			for i, sub := range v {
				out = append(out, undescribed(schema.Items.Value, sub, fmt.Sprintf("%s[%d]", at, i))...)
			}
		}
	}
	return out
}
