package web

import (
	"context"
	"net/http"

	"github.com/labstack/echo/v4"
)

// HealthCheck is one thing /healthz looked at.
type HealthCheck struct {
	Name   string `json:"-"`
	Status string `json:"status"` // ok, degraded (serving, but something waits) or failed
	Detail string `json:"detail,omitempty"`
	// Ready marks a check a load balancer must see pass (/readyz): the
	// database, not the mail server, whose messages wait in the outbox.
	Ready bool `json:"-"`
}

// Health statuses.
const (
	HealthOK       = "ok"
	HealthDegraded = "degraded"
	HealthFailed   = "failed"
)

type healthReport struct {
	Status  string                 `json:"status"`
	Version string                 `json:"version"`
	Checks  map[string]HealthCheck `json:"checks"`
}

func (s *Server) runChecks(ctx context.Context) []HealthCheck {
	if s.cfg.Health == nil {
		return nil
	}
	return s.cfg.Health(ctx)
}

// healthz says what it checked and how each check went: 200 while the site
// can serve (mail may be degraded), 503 when a check failed.
func (s *Server) healthz(c echo.Context) error {
	report := healthReport{Status: HealthOK, Version: s.cfg.Version, Checks: map[string]HealthCheck{}}
	for _, ch := range s.runChecks(c.Request().Context()) {
		report.Checks[ch.Name] = ch
		switch {
		case ch.Status == HealthFailed:
			report.Status = HealthFailed
		case ch.Status == HealthDegraded && report.Status == HealthOK:
			report.Status = HealthDegraded
		}
	}
	status := http.StatusOK
	if report.Status == HealthFailed {
		status = http.StatusServiceUnavailable
		s.cfg.Logger.Error("health check failed", "checks", report.Checks)
	}
	return c.JSON(status, report)
}

// readyz answers 200 while the checks a load balancer cares for pass.
func (s *Server) readyz(c echo.Context) error {
	for _, ch := range s.runChecks(c.Request().Context()) {
		if ch.Ready && ch.Status == HealthFailed {
			return c.JSON(http.StatusServiceUnavailable, map[string]string{"status": "not ready", "failed": ch.Name})
		}
	}
	return c.JSON(http.StatusOK, map[string]string{"status": "ready"})
}
