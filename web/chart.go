package web

import (
	"fmt"
	"html/template"
	"strings"
)

// monthBars is one month of a two-bar chart: the month (YYYY-MM) and the
// heights of its two bars.
type monthBars struct {
	month string
	a, b  int
}

// chartSeries names and colours one of the two bars of a chart.
type chartSeries struct {
	key    string // catalogue key of its legend
	colour string
}

// pairChart draws two bars per month as an SVG, on the server; the table
// beside it carries the same figures for screen readers. title is the
// catalogue key of its title and the id of the title element, maxV the top
// of the scale (at least 1), gap how far the second legend stands from the
// first.
func pairChart(lang, title string, a, b chartSeries, gap, maxV int, months []monthBars) template.HTML {
	const w, h, top, bottom, left = 640, 220, 20, 40, 36
	var sb strings.Builder
	fmt.Fprintf(&sb, `<svg class="chart" viewBox="0 0 %d %d" role="img" aria-labelledby="%s"><title id="%s">%s</title>`,
		w, h, title, title, template.HTMLEscapeString(translate(lang, title)))
	step := float64(w-left) / float64(max(len(months), 1))
	scale := float64(h-top-bottom) / float64(maxV)
	for i, m := range months {
		x := float64(left) + float64(i)*step
		ah, bh := float64(m.a)*scale, float64(m.b)*scale
		fmt.Fprintf(&sb, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"/>`, x+2, float64(h-bottom)-ah, step*0.45, ah, a.colour)
		fmt.Fprintf(&sb, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"/>`, x+2+step*0.45, float64(h-bottom)-bh, step*0.45, bh, b.colour)
		fmt.Fprintf(&sb, `<text x="%.1f" y="%d" font-size="11" fill="#0b0c0c">%s</text>`, x+2, h-bottom+14, m.month[2:])
	}
	fmt.Fprintf(&sb, `<text x="%d" y="%d" font-size="12" fill="%s">■ %s</text>`, left, h-6, a.colour, template.HTMLEscapeString(translate(lang, a.key)))
	fmt.Fprintf(&sb, `<text x="%d" y="%d" font-size="12" fill="%s">■ %s</text>`, left+gap, h-6, b.colour, template.HTMLEscapeString(translate(lang, b.key)))
	fmt.Fprintf(&sb, `<text x="0" y="%d" font-size="11" fill="#0b0c0c">%d</text></svg>`, top+4, maxV)
	return template.HTML(sb.String())
}
