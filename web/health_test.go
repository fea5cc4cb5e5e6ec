package web

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
)

// TestHealthSaysWhatItChecked: a failed check answers 503 on both; a
// degraded one (mail) keeps /healthz at 200 and /readyz ready.
func TestHealthSaysWhatItChecked(t *testing.T) {
	checks := []HealthCheck{}
	srv := httptest.NewServer(New(Config{Version: "v1", Health: func(context.Context) []HealthCheck { return checks }}))
	defer srv.Close()
	get := func(path string) (int, map[string]any) {
		t.Helper()
		resp, err := http.Get(srv.URL + path)
		must(t, err)
		defer resp.Body.Close()
		var body map[string]any
		must(t, json.NewDecoder(resp.Body).Decode(&body))
		return resp.StatusCode, body
	}
	checks = []HealthCheck{{Name: "database", Status: HealthOK, Ready: true}, {Name: "mail", Status: HealthDegraded, Detail: "waiting"}}
	if status, body := get("/healthz"); status != 200 || body["status"] != "degraded" || body["version"] != "v1" ||
		body["checks"].(map[string]any)["mail"].(map[string]any)["detail"] != "waiting" {
		t.Errorf("degraded: %d %v", status, body)
	}
	if status, _ := get("/readyz"); status != 200 {
		t.Errorf("readyz while mail is degraded: %d", status)
	}
	checks[0].Status, checks[0].Detail = HealthFailed, "the database does not take writes"
	if status, body := get("/healthz"); status != 503 || body["status"] != "failed" {
		t.Errorf("failed: %d %v", status, body)
	}
	if status, body := get("/readyz"); status != 503 || body["failed"] != "database" {
		t.Errorf("readyz with the database failing: %d %v", status, body)
	}
}
