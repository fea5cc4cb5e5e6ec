// Command bare-echo serves two bare Echo handlers — GET / writes a small
// JSON array, POST / decodes a JSON body and answers 201 with it — the
// baselines the load test (make load) measures Priemna against.
package main

import (
	"flag"
	"log"
	"net/http"

	"github.com/labstack/echo/v4"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8090", "address to listen on")
	flag.Parse()
	e := echo.New()
	e.HideBanner = true
	e.GET("/", func(c echo.Context) error {
		return c.JSON(http.StatusOK, []map[string]any{{"start": "2026-12-01T14:00:00+02:00", "end": "2026-12-01T14:20:00+02:00", "capacity": 1, "available": 1}})
	})
	e.POST("/", func(c echo.Context) error {
		var body map[string]any
		if err := c.Bind(&body); err != nil {
			return err
		}
		return c.JSON(http.StatusCreated, body)
	})
	log.Fatal(e.Start(*addr))
}
