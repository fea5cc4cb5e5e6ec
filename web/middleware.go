package web

import (
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"golang.org/x/time/rate"

	"github.com/priemna/priemna/booking"
)

// rateLimit allows perMinute requests a minute per client address. A
// refusal is logged and counted, without the address.
func (s *Server) rateLimit(name string, perMinute int) echo.MiddlewareFunc {
	store := middleware.NewRateLimiterMemoryStoreWithConfig(middleware.RateLimiterMemoryStoreConfig{
		Rate: rate.Limit(float64(perMinute) / 60), Burst: perMinute, ExpiresIn: 10 * time.Minute,
	})
	return middleware.RateLimiterWithConfig(middleware.RateLimiterConfig{
		Store:               store,
		IdentifierExtractor: func(c echo.Context) (string, error) { return clientKey(c.RealIP()), nil },
		DenyHandler: func(c echo.Context, _ string, _ error) error {
			s.metrics.limited(name)
			s.cfg.Logger.Warn("refused by a rate limit", "limit", name, "route", c.Path())
			c.Response().Header().Set("Retry-After", "60")
			return booking.Errorf(booking.ERATELIMIT, "err.too-many-requests-please-try")
		},
	})
}

// logRequests logs each request by its route pattern, never its path: the
// path of a booking carries the manage token.
func (s *Server) logRequests(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		err := next(c)
		if err != nil {
			c.Error(err)
		}
		route := c.Path()
		if route == "" {
			route = "(no route)"
		}
		took := time.Since(start)
		s.metrics.observe(route, c.Request().Method, c.Response().Status, took)
		s.cfg.Logger.Info("request", "method", c.Request().Method, "route", route,
			"status", c.Response().Status, "duration_ms", took.Milliseconds())
		return nil
	}
}

// securityHeaders sets the headers every answer carries; over https also
// HSTS, so that a browser never again asks for the site over plain http.
func securityHeaders(https bool) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			h := c.Response().Header()
			if https {
				h.Set("Strict-Transport-Security", "max-age=31536000")
			}
			h.Set("X-Content-Type-Options", "nosniff")
			h.Set("Referrer-Policy", "no-referrer")
			h.Set("X-Frame-Options", "DENY")
			h.Set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
			h.Set("Permissions-Policy", "interest-cohort=()")
			return next(c)
		}
	}
}
