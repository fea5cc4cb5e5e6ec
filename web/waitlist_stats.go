package web

import (
	"fmt"
	"html/template"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/priemna/priemna/booking"
)

// The unmet demand in the statistics: citizens who joined a waiting list,
// offers made and taken, and citizens still waiting at a month's end.

// waitJSON is the waiting list's part of a month of open data.
type waitJSON struct {
	Joined  int `json:"waitlist_joined"`
	Offers  int `json:"waitlist_offers_made"`
	Taken   int `json:"waitlist_offers_taken"`
	Waiting int `json:"waitlist_waiting_at_month_end"`
}

func toWaitJSON(months []booking.WaitMonth, month string) waitJSON {
	for _, m := range months {
		if m.Month == month {
			return waitJSON{m.Joined, m.Offers, m.Taken, m.Waiting}
		}
	}
	return waitJSON{}
}

func (s *Server) addWaitStats(c echo.Context, p *statsPage, officialID int64) error {
	from, to := s.statsRange()
	wait, err := s.cfg.Bookings.WaitlistStats(c.Request().Context(), officialID, from, to)
	if err != nil {
		return err
	}
	p.Wait, p.WaitChart = wait, waitChart(wait, p.Lang)
	return nil
}

// waitChart draws joined and still-waiting citizens per month as an SVG;
// the table beside it carries the same figures for screen readers.
func waitChart(months []booking.WaitMonth, lang string) template.HTML {
	const w, h, top, bottom, left = 640, 220, 20, 40, 36
	maxV := 1
	for _, m := range months {
		maxV = max(maxV, m.Joined, m.Waiting)
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %d %d" role="img" aria-labelledby="wait-chart-title"><title id="wait-chart-title">%s</title>`,
		w, h, template.HTMLEscapeString(translate(lang, "wait-chart-title")))
	step := float64(w-left) / float64(max(len(months), 1))
	scale := float64(h-top-bottom) / float64(maxV)
	for i, m := range months {
		x := float64(left) + float64(i)*step
		jh, wh := float64(m.Joined)*scale, float64(m.Waiting)*scale
		fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="#4c2c92"/>`, x+2, float64(h-bottom)-jh, step*0.45, jh)
		fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="#b35900"/>`, x+2+step*0.45, float64(h-bottom)-wh, step*0.45, wh)
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" font-size="11" fill="#0b0c0c">%s</text>`, x+2, h-bottom+14, m.Month[2:])
	}
	fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="12" fill="#4c2c92">■ %s</text>`, left, h-6, template.HTMLEscapeString(translate(lang, "st-wait-joined")))
	fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="12" fill="#b35900">■ %s</text>`, left+260, h-6, template.HTMLEscapeString(translate(lang, "st-wait-waiting")))
	fmt.Fprintf(&b, `<text x="0" y="%d" font-size="11" fill="#0b0c0c">%d</text></svg>`, top+4, maxV)
	return template.HTML(b.String())
}
