// Package chart draws small line charts as SVG on the server, for pages
// that need no JavaScript and for printed reports. A chart takes plain
// data (years and values), never a domain type, and is labelled for
// screen readers: role="img" with a <title> and a <desc> it names with
// aria-labelledby; the page shows the same data as a table beside it.
package chart

import (
	"fmt"
	"html"
	"math"
	"strconv"
	"strings"
)

// Point is a value in a year.
type Point struct {
	Year  int
	Value float64
}

// Mark is a value drawn apart from the line: a baseline or a target.
type Mark struct {
	Label string
	Point
}

// Options say what a chart shows.
type Options struct {
	// ID prefixes the ids of the title and the description: unique on
	// the page.
	ID string
	// Title names the chart; Desc says what it shows in words (the
	// text summary for screen readers).
	Title, Desc string
	// Unit is written beside the vertical axis.
	Unit string
	// Marks are drawn as labelled points (a baseline, a target).
	Marks []Mark
	// Width and Height of the drawing (default 640×280); the SVG scales
	// to its container.
	Width, Height int
}

// Line draws the points (sorted by year) as a line, with the marks.
func Line(points []Point, o Options) []byte {
	if o.Width <= 0 {
		o.Width = 640
	}
	if o.Height <= 0 {
		o.Height = 280
	}
	const left, right, top, bottom = 56, 16, 36, 36
	w, h := float64(o.Width-left-right), float64(o.Height-top-bottom)
	all := append([]Point(nil), points...)
	for _, m := range o.Marks {
		all = append(all, m.Point)
	}
	minY, maxY := 0.0, 0.0
	minX, maxX := 0, 0
	for i, p := range all {
		if i == 0 || p.Year < minX {
			minX = p.Year
		}
		if i == 0 || p.Year > maxX {
			maxX = p.Year
		}
		minY, maxY = math.Min(minY, p.Value), math.Max(maxY, p.Value)
	}
	if maxX == minX {
		minX, maxX = minX-1, maxX+1
	}
	step := niceStep((maxY - minY) / 4)
	if step <= 0 || math.IsNaN(step) || math.IsInf(step, 0) {
		step = 1
	}
	minY = math.Floor(minY/step) * step
	maxY = math.Ceil(maxY/step) * step
	if maxY == minY {
		maxY = minY + step
	}
	x := func(year int) float64 { return left + w*float64(year-minX)/float64(maxX-minX) }
	y := func(v float64) float64 { return top + h - h*(v-minY)/(maxY-minY) }
	var b strings.Builder
	id := html.EscapeString(o.ID)
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" role="img" aria-labelledby="%s-title %s-desc" class="chart">`,
		o.Width, o.Height, id, id)
	fmt.Fprintf(&b, `<title id="%s-title">%s</title><desc id="%s-desc">%s</desc>`, id, html.EscapeString(o.Title), id, html.EscapeString(o.Desc))
	// The grid and the vertical axis's labels.
	for v := minY; v <= maxY+step/2; v += step {
		fmt.Fprintf(&b, `<line x1="%d" x2="%d" y1="%.1f" y2="%.1f" stroke="#ccc" stroke-width="1"/>`, left, o.Width-right, y(v), y(v))
		fmt.Fprintf(&b, `<text x="%d" y="%.1f" text-anchor="end" font-size="12" fill="#333">%s</text>`, left-6, y(v)+4, format(v))
	}
	// The years along the bottom: at most about eight labels.
	every := max(1, (maxX-minX+7)/8)
	for yr := minX; yr <= maxX; yr += every {
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" text-anchor="middle" font-size="12" fill="#333">%d</text>`, x(yr), o.Height-bottom+18, yr)
	}
	if o.Unit != "" {
		fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="12" fill="#333">%s</text>`, 4, 14, html.EscapeString(o.Unit))
	}
	if len(points) > 0 {
		var path []string
		for _, p := range points {
			path = append(path, fmt.Sprintf("%.1f,%.1f", x(p.Year), y(p.Value)))
		}
		fmt.Fprintf(&b, `<polyline points="%s" fill="none" stroke="#1f5f99" stroke-width="2.5"/>`, strings.Join(path, " "))
		for _, p := range points {
			fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="3.5" fill="#1f5f99"/>`, x(p.Year), y(p.Value))
		}
	}
	for _, m := range o.Marks {
		fmt.Fprintf(&b, `<g><rect x="%.1f" y="%.1f" width="9" height="9" fill="#b3430e" transform="rotate(45 %.1f %.1f)"/>`,
			x(m.Year)-4.5, y(m.Value)-4.5, x(m.Year), y(m.Value))
		anchor := "start"
		dx := 8.0
		if x(m.Year) > float64(o.Width)/2 {
			anchor, dx = "end", -8
		}
		// Above the mark, but below one at the line's start (a
		// baseline), which the line leaves upwards or downwards: below
		// when it rises, above when it falls.
		dy := -8.0
		if len(points) > 1 && m.Year <= points[0].Year && points[len(points)-1].Value >= points[0].Value {
			dy = 20
		}
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" text-anchor="%s" font-size="12" fill="#8a3209" stroke="#fff" stroke-width="3" paint-order="stroke">%s</text></g>`,
			x(m.Year)+dx, y(m.Value)+dy, anchor, html.EscapeString(m.Label))
	}
	b.WriteString(`</svg>`)
	return []byte(b.String())
}

// niceStep rounds a step up to 1, 2 or 5 times a power of ten.
func niceStep(s float64) float64 {
	if s <= 0 {
		return 0
	}
	p := math.Pow(10, math.Floor(math.Log10(s)))
	for _, m := range []float64{1, 2, 5, 10} {
		if s <= m*p {
			return m * p
		}
	}
	return 10 * p
}

func format(v float64) string {
	return strconv.FormatFloat(v, 'f', -1, 64)
}
