package web

import (
	"bytes"
	"encoding/csv"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/priemna/priemna/calendar"
)

// exportCSV writes an official's bookings on a day or a range as CSV, for
// spreadsheets: UTF-8 with a byte-order mark so that Excel reads Cyrillic,
// and cells that a spreadsheet would take for a formula defused.
func (s *Server) exportCSV(c echo.Context) error {
	o, err := s.managedOfficial(c, c.Param("slug"))
	if err != nil {
		return err
	}
	from, err := dateParam(c, "from", s.cfg.Bookings.Today())
	if err != nil {
		return err
	}
	to, err := dateParam(c, "to", from)
	if err != nil {
		return err
	}
	list, err := s.cfg.Bookings.BookingsBetween(c.Request().Context(), o.ID, from, to)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	buf.WriteString("\ufeff")
	w := csv.NewWriter(&buf)
	w.Write([]string{"reference", "date", "start", "end", "status", "name", "email", "phone", "topic", "needs", "note", "language", "arrived_at", "late", "received_at"})
	for _, b := range list {
		needs := make([]string, len(b.Accessibility.Needs))
		for i, n := range b.Accessibility.Needs {
			needs[i] = string(n)
		}
		arrived := ""
		if !b.ArrivedAt.IsZero() {
			arrived = localTime(b.ArrivedAt)
		}
		late, received := "no", ""
		if s.cfg.Bookings.WasLate(&b) {
			late = "yes"
		}
		if !b.ReceivedAt.IsZero() {
			received = localTime(b.ReceivedAt)
		}
		row := []string{b.Reference, calendar.DateOf(b.Start).String(), localTime(b.Start), localTime(b.End), string(b.Status),
			b.Name, b.Email, b.Phone, b.Topic, strings.Join(needs, " "), b.Accessibility.Note, b.Language, arrived, late, received}
		for i := range row {
			row[i] = defuse(row[i])
		}
		w.Write(row)
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set("Content-Disposition", `attachment; filename="`+o.Slug+"-"+from.String()+"-"+to.String()+`.csv"`)
	h.Set("Cache-Control", "no-store")
	return c.Blob(http.StatusOK, "text/csv; charset=utf-8", buf.Bytes())
}

// defuse keeps a spreadsheet from running a cell as a formula (OWASP CSV
// injection): a leading =, +, -, @, tab or carriage return gets a quote.
func defuse(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
