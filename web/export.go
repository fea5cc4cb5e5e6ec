package web

import (
	"bytes"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/priemna/priemna/booking"
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
	// For people the Bulgarian interface gives a sheet a Bulgarian
	// spreadsheet opens as it is: ";" between cells, Bulgarian headers and
	// words. ?format=codes, and the English interface, keep the codes
	// export that programs read (the one there was before).
	if c.QueryParam("format") != "codes" && pageLang(c) == "bg" {
		s.writeSheetCSV(&buf, list)
	} else {
		s.writeCodesCSV(&buf, list)
	}
	h := c.Response().Header()
	h.Set("Content-Disposition", `attachment; filename="`+o.Slug+"-"+from.String()+"-"+to.String()+`.csv"`)
	h.Set("Cache-Control", "no-store")
	return c.Blob(http.StatusOK, "text/csv; charset=utf-8", buf.Bytes())
}

func (s *Server) writeCodesCSV(buf *bytes.Buffer, list []booking.Booking) {
	writeCSVRow(buf, ',', []string{"reference", "date", "start", "end", "status", "name", "email", "phone", "topic", "needs", "note", "language", "arrived_at", "late", "received_at"})
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
		writeCSVRow(buf, ',', []string{b.Reference, calendar.DateOf(b.Start).String(), localTime(b.Start), localTime(b.End), string(b.Status),
			b.Name, b.Email, b.Phone, b.Topic, strings.Join(needs, " "), b.Accessibility.Note, b.Language, arrived, late, received})
	}
}

// writeSheetCSV writes the bookings for a person with a Bulgarian
// spreadsheet: dates and times as they read them, statuses and needs in words.
func (s *Server) writeSheetCSV(buf *bytes.Buffer, list []booking.Booking) {
	const lang = "bg"
	writeCSVRow(buf, ';', []string{"Номер", "Дата", "Начало", "Край", "Състояние", "Име", "Имейл", "Телефон", "Въпрос", "Съдействие",
		"Език", "Пристигане", "Закъснение", "Начало на приема"})
	clock := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.In(calendar.Sofia).Format("15:04")
	}
	for _, b := range list {
		needs := ""
		if len(b.Accessibility.Needs) > 0 || b.Accessibility.Note != "" {
			needs = needsText(lang, b.Accessibility.Needs, b.Accessibility.Note)
		}
		late := "не"
		if s.cfg.Bookings.WasLate(&b) {
			late = "да"
		}
		if b.ArrivedAt.IsZero() {
			late = ""
		}
		writeCSVRow(buf, ';', []string{b.Reference, b.Start.In(calendar.Sofia).Format("02.01.2006"), clock(b.Start), clock(b.End),
			booking.StatusText(b.Status).In(lang), b.Name, b.Email, b.Phone, b.Topic, needs, translate(lang, "lang-"+b.Language),
			clock(b.ArrivedAt), late, clock(b.ReceivedAt)})
	}
}

// writeCSVRow writes one row with every cell quoted and defused: a
// spreadsheet that splits on ";" (the Bulgarian locale's separator) or on
// tabs instead of "," must not find a formula in any piece either.
func writeCSVRow(buf *bytes.Buffer, sep byte, row []string) {
	for i, cell := range row {
		if i > 0 {
			buf.WriteByte(sep)
		}
		buf.WriteByte('"')
		buf.WriteString(strings.ReplaceAll(defuse(cell), `"`, `""`))
		buf.WriteByte('"')
	}
	buf.WriteString("\r\n")
}

// formulaStart holds the characters a spreadsheet may read as the start of a
// formula (OWASP CSV injection), full-width forms included.
const formulaStart = "=+-@\t\r\n|＝＋－＠"

// cellBreak holds the characters after which some spreadsheet may begin a
// new cell: separators of every locale, line breaks and quotes.
const cellBreak = ",;\t\r\n\""

// defuse puts an apostrophe before every character that would start a
// formula at the start of the cell or of any piece a spreadsheet could cut
// it into (spaces skipped), so that it is read as text whatever the
// separator.
func defuse(s string) string {
	var b strings.Builder
	atStart := true
	for _, r := range s {
		if atStart && strings.ContainsRune(formulaStart, r) {
			b.WriteByte('\'')
			atStart = false
		} else if r != ' ' {
			atStart = false
		}
		b.WriteRune(r)
		if strings.ContainsRune(cellBreak, r) {
			atStart = true
		}
	}
	return b.String()
}
