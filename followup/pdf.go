package followup

import (
	"bytes"
	"fmt"
	"github.com/elac/bitacora/chart"
	"html"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goitalic"
	"golang.org/x/image/font/gofont/goregular"
)

// The PDF is made by the server with fpdf (a maintained Go library) and
// the Go fonts embedded as TrueType subsets, so that every accent of the
// four languages shows as written: production servers have no browser to
// print the HTML page with. It has bookmarks for its headings, the
// document's language in its catalog (/Lang), "page N of M" on every page
// and a table of contents with page numbers, made in two passes: the
// first finds the page of each heading, the second writes them.

const (
	pageW, pageH, margin = 210.0, 297.0, 20.0
	textW                = pageW - 2*margin
	family               = "go"
)

// tocEntry is a heading the table of contents lists.
type tocEntry struct {
	text  string
	level int
	page  int
}

type pdfWriter struct {
	f     *fpdf.Fpdf
	r     *Report
	toc   []tocEntry // this pass's headings, in order
	pages []int      // the first pass's pages, for the second
	links []int
}

// PDF writes the report as a PDF.
func PDF(w io.Writer, r *Report) error {
	first := &pdfWriter{r: r}
	if _, err := first.render(); err != nil {
		return err
	}
	second := &pdfWriter{r: r}
	for _, e := range first.toc {
		second.pages = append(second.pages, e.page)
	}
	b, err := second.render()
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}

func (p *pdfWriter) render() ([]byte, error) {
	l := p.r.L
	f := fpdf.New("P", "mm", "A4", "")
	p.f = f
	f.SetMargins(margin, margin, margin)
	f.SetAutoPageBreak(true, margin)
	f.AddUTF8FontFromBytes(family, "", goregular.TTF)
	f.AddUTF8FontFromBytes(family, "B", gobold.TTF)
	f.AddUTF8FontFromBytes(family, "I", goitalic.TTF)
	f.SetTitle(p.r.Title+" · "+p.r.Symbol, true)
	f.SetSubject(p.r.Programme.Text, true)
	f.SetCreator("Bitácora", true)
	f.SetLang(p.r.Lang)
	// The same bytes for the same report: no creation time from the clock.
	f.SetCreationDate(time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC))
	f.SetCatalogSort(true)
	f.AliasNbPages("{nb}")
	f.SetFooterFunc(func() {
		if f.PageNo() == 1 {
			return
		}
		f.SetY(-15)
		f.SetFont(family, "", 8)
		f.CellFormat(0, 10, p.r.Symbol+" · "+l.T("followup_page_of", "Page", f.PageNo(), "Total", "{nb}"), "", 0, "C", false, 0, "")
	})
	// The internal links of the table of contents, one per heading.
	for range p.pages {
		p.links = append(p.links, f.AddLink())
	}

	// The cover.
	f.AddPage()
	f.SetY(60)
	f.SetFont(family, "", 11)
	f.MultiCell(textW, 6, p.r.Symbol, "", "L", false)
	f.Ln(4)
	f.SetFont(family, "B", 22)
	p.bookmarkHere(p.r.Title, 0, false)
	f.MultiCell(textW, 10, p.r.Title, "", "L", false)
	f.Ln(4)
	f.SetFont(family, "", 13)
	f.MultiCell(textW, 7, p.r.Programme.Text, "", "L", false)
	f.Ln(8)
	f.SetFont(family, "", 11)
	f.MultiCell(textW, 6, l.T("followup_period")+": "+p.r.Period, "", "L", false)
	f.MultiCell(textW, 6, l.T("followup_date")+": "+p.r.Date, "", "L", false)

	// The table of contents: the pages the first pass found.
	f.AddPage()
	p.heading(l.T("followup_contents"), 1, false)
	f.SetFont(family, "", 11)
	titles := p.tocTitles()
	for i, t := range titles {
		page := ""
		if i < len(p.pages) {
			page = strconv.Itoa(p.pages[i+1])
		}
		link := 0
		if i+1 < len(p.links) {
			link = p.links[i+1]
		}
		indent := 0.0
		if t.level > 1 {
			indent = 6
		}
		f.SetX(margin + indent)
		f.CellFormat(textW-indent-15, 7, t.text, "", 0, "L", false, link, "")
		f.CellFormat(15, 7, page, "", 1, "R", false, link, "")
	}

	// The summary.
	f.AddPage()
	s := p.r.Summary
	p.heading(l.T("followup_summary"), 1, true)
	p.para(l.T("followup_summary_text", "Reported", s.Reported, "Total", s.Total, "Percent", s.Percent))
	var rows [][]string
	for _, c := range s.ByStatus {
		rows = append(rows, []string{c.Label, strconv.Itoa(c.N)})
	}
	p.table(l.T("followup_by_status"), []string{l.T("report_status"), l.T("followup_activities")}, []float64{110, 40}, rows)
	rows = nil
	for _, a := range s.Areas {
		rows = append(rows, []string{a.Name, strconv.Itoa(a.Total), strconv.Itoa(a.Reported), strconv.Itoa(a.Percent) + " %"})
	}
	head := []string{l.T("followup_area"), l.T("followup_activities"), l.T("followup_reported"), l.T("followup_completion")}
	p.table(l.T("followup_by_area"), head, []float64{70, 30, 35, 35}, rows)
	rows = nil
	for _, a := range s.Parties {
		rows = append(rows, []string{a.Name, strconv.Itoa(a.Total), strconv.Itoa(a.Reported), strconv.Itoa(a.Percent) + " %"})
	}
	head[0], head[1] = l.T("followup_party"), l.T("followup_leads")
	p.table(l.T("followup_by_party"), head, []float64{85, 25, 30, 30}, rows)
	p.sub(l.T("followup_overdue"))
	if len(s.Overdue) > 0 {
		p.para(l.T("followup_overdue_text", "Period", s.LastClosed) + " " + strings.Join(s.Overdue, ", "))
	} else {
		p.para(l.T("followup_overdue_none"))
	}

	// Area by area, each on a new page.
	for _, a := range p.r.Areas {
		f.AddPage()
		p.heading(l.T("followup_area_n", "Number", a.Number)+". "+a.Title.Text, 1, true)
		for _, o := range a.Objectives {
			p.heading(l.T("objective_heading", "Number", o.Number), 2, false)
			f.SetFont(family, "I", 10)
			f.MultiCell(textW, 5, o.Text.Text, "", "L", false)
			f.Ln(2)
			for _, act := range o.Activities {
				p.activity(act)
			}
		}
		if len(a.Indicators) > 0 {
			p.heading(l.T("followup_indicators"), 2, false)
			for _, ind := range a.Indicators {
				w := textW / float64(max(1, len(ind.Header)))
				var widths []float64
				for range ind.Header {
					widths = append(widths, w)
				}
				p.sub(ind.Name)
				p.lineChart(ind)
				p.table("", ind.Header, widths, ind.Rows)
			}
		}
	}

	// The annex.
	f.AddPage()
	p.heading(l.T("followup_annex"), 1, true)
	if len(p.r.Annex) == 0 {
		p.para(l.T("followup_annex_none"))
	}
	for _, v := range p.r.Annex {
		p.sub(l.T("followup_version", "Version", v.Version, "Date", v.Date))
		if v.Title != "" {
			p.para(v.Title)
		}
		for _, reason := range v.Reasons {
			p.para("• " + reason)
		}
	}

	var b bytes.Buffer
	if err := f.Output(&b); err != nil {
		return nil, fmt.Errorf("followup: pdf: %w", err)
	}
	return b.Bytes(), nil
}

// tocTitles are the headings the table of contents lists, in the order
// the document writes them (the cover's title first, not listed).
func (p *pdfWriter) tocTitles() []tocEntry {
	l := p.r.L
	list := []tocEntry{{text: l.T("followup_summary"), level: 1}}
	for _, a := range p.r.Areas {
		list = append(list, tocEntry{text: l.T("followup_area_n", "Number", a.Number) + ". " + a.Title.Text, level: 1})
	}
	return append(list, tocEntry{text: l.T("followup_annex"), level: 1})
}

// bookmarkHere bookmarks the current position; a listed heading also
// takes its place in the table of contents and its link's target.
func (p *pdfWriter) bookmarkHere(text string, level int, listed bool) {
	p.f.Bookmark(text, level, -1)
	if listed || len(p.toc) == 0 {
		i := len(p.toc)
		p.toc = append(p.toc, tocEntry{text: text, level: level, page: p.f.PageNo()})
		if i < len(p.links) {
			p.f.SetLink(p.links[i], p.f.GetY(), p.f.PageNo())
		}
	}
}

func (p *pdfWriter) heading(text string, level int, listed bool) {
	f := p.f
	if level == 1 {
		f.SetFont(family, "B", 16)
	} else {
		f.SetFont(family, "B", 13)
	}
	if f.GetY() > 250 {
		f.AddPage()
	}
	// The table of contents' own heading is bookmarked, not listed.
	if listed {
		p.bookmarkHere(text, level, true)
	} else {
		f.Bookmark(text, level, -1)
	}
	f.MultiCell(textW, 8, text, "", "L", false)
	f.Ln(2)
}

func (p *pdfWriter) sub(text string) {
	p.f.SetFont(family, "B", 11)
	p.f.Ln(2)
	p.f.MultiCell(textW, 6, text, "", "L", false)
}

func (p *pdfWriter) para(text string) {
	p.f.SetFont(family, "", 10)
	p.f.MultiCell(textW, 5, text, "", "L", false)
	p.f.Ln(1)
}

func (p *pdfWriter) field(label, value string) {
	if value == "" {
		return
	}
	f := p.f
	f.SetFont(family, "B", 9.5)
	f.MultiCell(textW, 5, label, "", "L", false)
	f.SetFont(family, "", 9.5)
	f.SetX(margin + 4)
	f.MultiCell(textW-4, 5, value, "", "L", false)
}

func (p *pdfWriter) activity(a Activity) {
	f, l := p.f, p.r.L
	if f.GetY() > 240 {
		f.AddPage()
	}
	f.Ln(2)
	text := l.T("activity_heading", "Code", a.Code) + " · " + a.Status
	f.SetFont(family, "B", 11)
	f.Bookmark(text, 3, -1)
	f.MultiCell(textW, 6, text, "", "L", false)
	f.SetFont(family, "", 10)
	f.MultiCell(textW, 5, a.Text.Text, "", "L", false)
	p.field(l.T("followup_responsible"), strings.Join(a.Responsible, "; "))
	p.field(l.T("followup_co_responsible"), strings.Join(a.CoResponsible, "; "))
	status := a.Status
	if a.Period != "" {
		status += " (" + a.Period + ")"
	}
	p.field(l.T("report_status"), status)
	p.field(l.T("report_completion"), a.Completion)
	p.field(l.T("followup_narrative"), plain(a.Narrative))
	var cs []string
	for _, c := range a.Contributions {
		cs = append(cs, c.Party+": "+c.Text)
	}
	p.field(l.T("followup_contributions"), strings.Join(cs, "\n"))
	var ev []string
	for _, k := range a.Links {
		if k.Title != "" {
			ev = append(ev, k.Title+" — "+k.URL)
		} else {
			ev = append(ev, k.URL)
		}
	}
	ev = append(ev, a.Files...)
	p.field(l.T("followup_evidence"), strings.Join(ev, "\n"))
	for _, op := range a.Operations {
		lines := []string{op.Title.Text + " (" + op.Identifier + ")"}
		for _, x := range []struct{ key, v string }{
			{"operation_org", op.Org}, {"operation_countries", op.Countries}, {"operation_dates", op.Dates},
			{"operation_status", op.Status}, {"operation_budget", op.Budget}, {"operation_disbursed", op.Disbursed},
		} {
			if x.v != "" {
				lines = append(lines, l.T(x.key)+": "+x.v)
			}
		}
		lines = append(lines, op.Href)
		p.field(l.T("operations_heading"), strings.Join(lines, "\n"))
	}
}

// table writes a captioned table with a header row.
func (p *pdfWriter) table(caption string, head []string, widths []float64, rows [][]string) {
	f := p.f
	if caption != "" {
		p.sub(caption)
	}
	f.SetFont(family, "B", 9)
	for i, h := range head {
		f.CellFormat(widths[i], 6, h, "1", 0, "L", false, 0, "")
	}
	f.Ln(-1)
	f.SetFont(family, "", 9)
	for _, row := range rows {
		for i, c := range row {
			if i < len(widths) {
				// A long name is cut to its cell rather than run over the next.
				for f.GetStringWidth(c) > widths[i]-2 && len(c) > 4 {
					c = string([]rune(c)[:len([]rune(c))-4]) + "…"
				}
				f.CellFormat(widths[i], 6, c, "1", 0, "L", false, 0, "")
			}
		}
		f.Ln(-1)
	}
	f.Ln(2)
}

var (
	blockEnd = regexp.MustCompile(`</(p|li|h[1-6]|blockquote|pre)>|<br ?/?>`)
	listItem = regexp.MustCompile(`<li>`)
	tag      = regexp.MustCompile(`<[^>]+>`)
)

// plain is a Markdown narrative as plain text, for the PDF.
func plain(md string) string {
	if md == "" {
		return ""
	}
	var b bytes.Buffer
	if err := markdown.Convert([]byte(md), &b); err != nil {
		return md
	}
	s := blockEnd.ReplaceAllString(b.String(), "\n")
	s = listItem.ReplaceAllString(s, "• ")
	s = html.UnescapeString(tag.ReplaceAllString(s, ""))
	return strings.TrimSpace(regexp.MustCompile(`\n{2,}`).ReplaceAllString(s, "\n"))
}

// lineChart draws an indicator's regional values as the HTML page's SVG
// does: a line over the years on a scale from zero, the baseline and
// target as labelled points, the unit above the axis. The table that
// follows gives the same values; the summary says them in words.
func (p *pdfWriter) lineChart(ind Indicator) {
	if len(ind.Points) == 0 {
		if ind.Summary != "" {
			p.para(ind.Summary)
		}
		return
	}
	f := p.f
	const w, h, left, bottom = textW, 55.0, 14.0, 8.0
	if _, y := f.GetXY(); y+h+12 > pageH-margin {
		f.AddPage()
	}
	x0, y0 := f.GetX()+left, f.GetY()+4
	pw, ph := w-left-4, h-bottom-4
	minYear, maxYear := ind.Points[0].Year, ind.Points[0].Year
	top := 0.0
	for _, pt := range append(append([]chart.Point{}, ind.Points...), markPoints(ind.Marks)...) {
		minYear, maxYear = min(minYear, pt.Year), max(maxYear, pt.Year)
		top = max(top, pt.Value)
	}
	if top <= 0 {
		top = 1
	}
	step := niceStep(top / 4)
	top = math.Ceil(top/step) * step
	xOf := func(year int) float64 {
		if maxYear == minYear {
			return x0 + pw/2
		}
		return x0 + pw*float64(year-minYear)/float64(maxYear-minYear)
	}
	yOf := func(v float64) float64 { return y0 + ph - ph*v/top }

	f.SetFont(family, "", 7)
	f.SetTextColor(80, 80, 80)
	f.SetDrawColor(200, 200, 200)
	f.SetLineWidth(0.2)
	for v := 0.0; v <= top+step/2; v += step {
		y := yOf(v)
		f.Line(x0, y, x0+pw, y)
		label := p.r.L.DecimalText(strconv.FormatFloat(v, 'f', -1, 64))
		f.Text(x0-2-f.GetStringWidth(label), y+1, label)
	}
	if ind.Unit != "" {
		f.Text(x0, y0-1.5, ind.Unit)
	}
	for _, year := range []int{minYear, maxYear} {
		label := strconv.Itoa(year)
		f.Text(xOf(year)-f.GetStringWidth(label)/2, y0+ph+4, label)
	}
	f.SetDrawColor(0, 90, 160)
	f.SetLineWidth(0.6)
	for i := 1; i < len(ind.Points); i++ {
		a, b := ind.Points[i-1], ind.Points[i]
		f.Line(xOf(a.Year), yOf(a.Value), xOf(b.Year), yOf(b.Value))
	}
	f.SetFillColor(0, 90, 160)
	for _, pt := range ind.Points {
		f.Circle(xOf(pt.Year), yOf(pt.Value), 0.7, "F")
	}
	f.SetFillColor(180, 60, 0)
	f.SetTextColor(180, 60, 0)
	for _, m := range ind.Marks {
		x, y := xOf(m.Year), yOf(m.Value)
		f.Rect(x-1, y-1, 2, 2, "F")
		lw := f.GetStringWidth(m.Label)
		lx := min(x+2, x0+pw-lw)
		f.Text(lx, y-2, m.Label)
	}
	f.SetTextColor(0, 0, 0)
	f.SetDrawColor(0, 0, 0)
	f.SetLineWidth(0.2)
	f.SetY(y0 + h)
	if ind.Summary != "" {
		p.para(ind.Summary)
	}
}

func markPoints(ms []chart.Mark) []chart.Point {
	var out []chart.Point
	for _, m := range ms {
		out = append(out, m.Point)
	}
	return out
}

// niceStep rounds a step of a scale up to 1, 2 or 5 times a power of ten.
func niceStep(s float64) float64 {
	if s <= 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(s)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*p >= s {
			return m * p
		}
	}
	return 10 * p
}
