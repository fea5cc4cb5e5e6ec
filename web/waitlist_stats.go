package web

import (
	"html/template"

	"github.com/priemna/priemna/booking"
)

// The unmet demand in the statistics: citizens who joined a waiting list,
// offers made and taken, and citizens still waiting at a month's end.

// waitChart draws joined and still-waiting citizens per month as an SVG;
// the table beside it carries the same figures for screen readers.
func waitChart(months []booking.WaitMonth, lang string) template.HTML {
	maxV := 1
	bars := make([]monthBars, len(months))
	for i, m := range months {
		maxV = max(maxV, m.Joined, m.Waiting)
		bars[i] = monthBars{m.Month, m.Joined, m.Waiting}
	}
	return pairChart(lang, "wait-chart-title", chartSeries{"st-wait-joined", "#4c2c92"}, chartSeries{"st-wait-waiting", "#b35900"}, 260, maxV, bars)
}
