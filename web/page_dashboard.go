package web

import (
	"bytes"
	"html/template"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/internal/safecsv"
	"github.com/elac/bitacora/locale"
	"github.com/elac/bitacora/param"
	"github.com/elac/bitacora/published"
)

// The follow-up dashboard of a programme (issue #6): where every activity
// stands by its accepted reports, period by period; progress by area and
// by party; the reports overdue. Filters come as a GET form, so that the
// page works without JavaScript and every view has its URL — and its CSV.

// filterQuery is the filter as a query string, "" when it filters nothing.
func filterQuery(f bitacora.ProgressFilter) string {
	q := param.ProgressQuery(f)
	if len(q) == 0 {
		return ""
	}
	return "?" + q.Encode()
}

type statusCell struct {
	Status bitacora.Status // its class
	Text   string
	Href   string // the accepted report the cell summarises; "" when none
}

type matrixRow struct {
	Code, Href, Responsible, Completion string
	Latest                              statusCell
	Cells                               []statusCell
}

type statusCount struct {
	Text, Share string
	Count       int
}

// progressCell is a tally as a table cell says it.
type progressCell struct {
	Reported   string // "3 of 10"
	Completion string // "67 %", or "no reports"
}

// progressRow is one row of a progress table, and one bar of its chart:
// the progress of an area, or of what a party leads (and, apart, of what
// it supports).
type progressRow struct {
	Prefix             string // "Action area 1.", in the page's language
	Label              text   // the area's title or the party's name
	Href               string
	Progress, Supports progressCell
	// The bar: its length is the mean completion of the reported
	// activities, its text says it and how many are reported.
	Percent, BarWidth, LabelY, BarY, ValueY int
	BarValue                                string
}

// barChart is a horizontal bar chart, drawn on the server as inline SVG:
// each bar has its value as text beside it, and a table with the same data
// follows it.
type barChart struct {
	Title                         string // what it shows, for screen readers and as a tooltip
	Width, Height, BarMax, ValueX int
	Rows                          []progressRow
}

// Chart geometry, in SVG user units: a label line above each bar.
const (
	chartWidth    = 480
	chartRow      = 44
	chartBarMax   = 300
	chartBarTop   = 21
	chartLabelTop = 15
	chartLabelMax = 70 // characters that fit on a label line
)

// clip cuts s to at most n characters, marking the cut.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return strings.TrimSpace(string(r[:max(n-1, 0)])) + "…"
}

func newBarChart(title string, rows []progressRow) barChart {
	rows = append([]progressRow{}, rows...)
	for i := range rows {
		top := i * chartRow
		r := &rows[i]
		// A label longer than the chart is wide is cut: the table under
		// the chart has it whole.
		r.Label.Text = clip(r.Label.Text, chartLabelMax-len([]rune(r.Prefix)))
		r.LabelY, r.BarY = top+chartLabelTop, top+chartBarTop
		r.BarWidth = chartBarMax * r.Percent / 100
		r.ValueY = r.BarY + 11
	}
	return barChart{Title: title, Width: chartWidth, Height: len(rows)*chartRow + 4, BarMax: chartBarMax, ValueX: chartBarMax + 10, Rows: rows}
}

type overdueRow struct {
	Code, Href, Responsible string
}

type dashboardPage struct {
	page
	// Indicators are the programme's, beside its activities' progress:
	// the source's latest regional value and the regional target.
	Indicators      []dashboardIndicator
	IndicatorsHref  string
	LangAttr        template.HTMLAttr // of the programme's texts
	Action, CSVHref string
	Filters         []fieldView
	Reported        string
	Completion      string
	Statuses        []statusCount
	Periods         []bitacora.Period
	Rows            []matrixRow
	AreaChart       barChart
	AreaRows        []progressRow
	PartyChart      barChart
	PartyRows       []progressRow
	LastClosed      *bitacora.Period
	Overdue         []overdueRow
	OverdueMore     string // when the list is cut
	Pager           *pager // when the table has several pages
}

// pager leads through the pages of a long page.
type pager struct {
	Label, Info, Prev, Next string
}

// newPager is the pager of page n of pages, href giving each page's
// address.
func newPager(label, info string, n, pages int, href func(page int) string) *pager {
	p := &pager{Label: label, Info: info}
	if n > 1 {
		p.Prev = href(n - 1)
	}
	if n < pages {
		p.Next = href(n + 1)
	}
	return p
}

// A programme of 1,000 activities would make a dashboard of 1,000 rows and
// as many overdue ones: the table shows dashboardRows at a time (every one
// of eLAC2020's 53), and the overdue list as many, the rest in the CSV.
const dashboardRows = 100

// dashboard shows the follow-up of a programme.
func (s *Server) dashboard(w http.ResponseWriter, r *http.Request) error {
	snap, doc, err := s.programmeDoc(r)
	if err != nil {
		return err
	}
	f, err := param.ProgressFilter(r, doc, snap.Periods[doc.Programme.Slug])
	if err != nil {
		return err
	}
	n, err := param.Page(r)
	if err != nil {
		return err
	}
	q := param.ProgressQuery(f)
	if n > 1 {
		q.Set("page", strconv.Itoa(n))
	}
	day := published.Today()
	return s.serveCached(w, r, snap, q, day, "text/html; charset=utf-8", func(r *http.Request) ([]byte, error) {
		p, err := snap.Progress(doc, f, day)
		if err != nil {
			return nil, err
		}
		if pages := max(1, (len(p.Activities)+dashboardRows-1)/dashboardRows); n > pages {
			return nil, bitacora.Errorf(bitacora.ENOTFOUND, "the dashboard has %d pages", pages).WithKey("error_no_page", "Count", pages)
		}
		v := viewer{l: s.localizer(r), snap: snap, doc: doc}
		data := v.dashboard(s.newPage(r, v.l.T("dashboard_title")), f, p, n)
		data.IndicatorsHref = localURL(v.l.Lang, "/"+doc.Programme.Slug+"/indicators")
		if data.Indicators, err = s.dashboardIndicators(r, v.l, doc.Programme.Slug); err != nil {
			return nil, err
		}
		return s.render("dashboard", data)
	})
}

// dashboard lays out the follow-up: the summary, the n-th page of the
// activities' table, the areas, the parties and what is overdue.
func (v viewer) dashboard(pg page, f bitacora.ProgressFilter, p *bitacora.Progress, n int) dashboardPage {
	l := v.l
	base := v.programmePath() + "/dashboard"
	data := dashboardPage{page: pg, LangAttr: v.langAttr(), Periods: p.Periods, Action: v.url(base),
		CSVHref: v.url(base+".csv") + filterQuery(f)}
	data.Description = l.T("dashboard_intro")
	data.Crumbs = v.crumbs(crumb{Text: l.T("dashboard_title")})
	data.Filters = v.filterFields(f)
	data.Reported, data.Completion = v.summary(p.Tally)
	for _, st := range bitacora.TallyStatuses {
		data.Statuses = append(data.Statuses, statusCount{Text: statusText(l, st), Count: p.ByStatus[st],
			Share: v.percent(int(p.Share[st]*100 + 0.5))})
	}
	from, to := (n-1)*dashboardRows, min(n*dashboardRows, len(p.Activities))
	for i := from; i < to; i++ {
		a := &p.Activities[i]
		row := matrixRow{Code: a.Code, Href: v.url(v.programmePath() + "/activities/" + a.Code),
			Responsible: v.partyNames(a.Responsible), Latest: statusCell{Status: a.Status, Text: statusText(l, a.Status)},
			Completion: completionText(l, a.Completion)}
		// A reported cell leads to the report it summarises.
		reportHref := func(period string) string {
			return v.url(v.programmePath() + "/activities/" + a.Code + "/reports/" + period)
		}
		if a.Reported() && a.Period != "" {
			row.Latest.Href = reportHref(a.Period)
		}
		for _, ps := range a.ByPeriod {
			c := statusCell{Status: ps.Status, Text: statusText(l, ps.Status)}
			if ps.Status != bitacora.StatusNotReported {
				c.Href = reportHref(ps.Period)
			}
			row.Cells = append(row.Cells, c)
		}
		data.Rows = append(data.Rows, row)
	}
	if pages := (len(p.Activities) + dashboardRows - 1) / dashboardRows; pages > 1 {
		info := l.T("pager_info", "From", l.Number(from+1), "To", l.Number(to), "Total", l.Number(len(p.Activities)))
		data.Pager = newPager(l.T("pager_label"), info, n, pages, func(page int) string {
			q := param.ProgressQuery(f)
			if page > 1 {
				q.Set("page", strconv.Itoa(page))
			}
			if len(q) == 0 {
				return v.url(base) + "#matrix"
			}
			return v.url(base) + "?" + q.Encode() + "#matrix"
		})
	}
	overdue := 0
	for i := range p.Activities {
		a := &p.Activities[i]
		if !a.Overdue {
			continue
		}
		if overdue++; overdue <= dashboardRows {
			data.Overdue = append(data.Overdue, overdueRow{Code: a.Code, Href: v.url(v.programmePath() + "/activities/" + a.Code),
				Responsible: v.partyNames(a.Responsible)})
		}
	}
	if overdue > dashboardRows {
		data.OverdueMore = l.N("overdue_more", overdue-dashboardRows)
	}
	for i := range p.Periods {
		if p.Periods[i].Key == p.LastClosed {
			data.LastClosed = &p.Periods[i]
		}
	}
	for _, a := range p.Areas {
		row := v.progressRow(a.Tally)
		row.Prefix = l.T("area_heading", "Number", a.Number)
		if area := v.area(a.Number); area != nil {
			row.Label = v.areaTitle(area)
		}
		row.Href = v.url(v.programmePath() + "/areas/" + strconv.Itoa(a.Number))
		data.AreaRows = append(data.AreaRows, row)
	}
	data.AreaChart = newBarChart(l.T("chart_areas_title"), data.AreaRows)
	var leaders []progressRow
	for _, pp := range p.Parties {
		row := v.progressRow(pp.Leads)
		row.Label, row.Href = text{Text: v.partyNames([]string{pp.Party}), Lang: v.langAttr()}, v.party(pp.Party).Href
		row.Supports = v.progressRow(pp.Supports).Progress
		data.PartyRows = append(data.PartyRows, row)
		if pp.Leads.Total > 0 {
			leaders = append(leaders, row)
		}
	}
	data.PartyChart = newBarChart(l.T("chart_parties_title"), leaders)
	return data
}

// progressRow is a tally as a table row and a bar.
func (v viewer) progressRow(t bitacora.Tally) progressRow {
	reported := v.l.T("reported_of", "Reported", v.l.Number(t.Reported), "Total", v.l.Number(t.Total))
	row := progressRow{Progress: progressCell{Reported: reported, Completion: v.l.T("progress_none")}}
	switch {
	case t.Total == 0:
		// Nothing to report on (a party that supports nothing).
		row.Progress = progressCell{Reported: "—", Completion: "—"}
	case t.Reported > 0:
		row.Percent = t.Percent
		row.Progress.Completion = v.percent(t.Percent)
	}
	row.BarValue = row.Progress.Completion + " (" + reported + ")"
	return row
}

// summary says how much is reported and how far it got, in words.
func (v viewer) summary(t bitacora.Tally) (reported, completion string) {
	if t.Reported == 0 {
		return v.l.T("followup_none"), ""
	}
	return v.l.T("dashboard_reported", "Reported", v.l.Number(t.Reported), "Total", v.l.Number(t.Total)),
		v.l.T("dashboard_completion", "Percent", v.percent(t.Percent))
}

func (v viewer) percent(n int) string { return v.l.T("percent", "Value", v.l.Number(n)) }

func (v viewer) area(n int) *bitacora.Area {
	for i := range v.doc.Areas {
		if v.doc.Areas[i].Number == n {
			return &v.doc.Areas[i]
		}
	}
	return nil
}

// partyNames names parties briefly, for a table cell: the acronym when
// there is one.
func (v viewer) partyNames(ids []string) string {
	names := make([]string, len(ids))
	for i, id := range ids {
		names[i] = id
		if p := v.doc.Party(id); p != nil {
			names[i] = p.Name
			if p.Acronym != "" {
				names[i] = p.Acronym
			}
		}
	}
	return strings.Join(names, "; ")
}

// filterFields are the dashboard's filters, as select fields.
func (v viewer) filterFields(f bitacora.ProgressFilter) []fieldView {
	l := v.l
	areas := []option{{Value: "", Label: l.T("filter_all_areas"), Selected: f.Area == 0}}
	for i := range v.doc.Areas {
		a := &v.doc.Areas[i]
		areas = append(areas, option{Value: strconv.Itoa(a.Number), Label: l.T("area_heading", "Number", a.Number) + " " + v.areaTitle(a).Text,
			Selected: f.Area == a.Number})
	}
	parties := []option{}
	seen := map[string]bool{}
	for _, a := range v.doc.Areas {
		for _, o := range a.Objectives {
			for _, act := range o.Activities {
				for _, id := range append(append([]string{}, act.Responsible...), act.CoResponsible...) {
					if !seen[id] {
						seen[id] = true
						link := v.party(id)
						label := link.Name
						if link.Acronym != "" {
							label += " (" + link.Acronym + ")"
						}
						parties = append(parties, option{Value: id, Label: label, Selected: f.Party == id})
					}
				}
			}
		}
	}
	sort.SliceStable(parties, func(i, j int) bool { return collateKey(parties[i].Label) < collateKey(parties[j].Label) })
	parties = append([]option{{Value: "", Label: l.T("filter_all_parties"), Selected: f.Party == ""}}, parties...)
	periods := []option{{Value: "", Label: l.T("filter_all_periods"), Selected: f.Period == ""}}
	for _, p := range v.snap.Periods[v.doc.Programme.Slug] {
		periods = append(periods, option{Value: p.Key, Label: periodText(v.l, p), Selected: f.Period == p.Key})
	}
	return []fieldView{
		newSelect(l, nil, "area", "table_area", areas),
		newSelect(l, nil, "party", "label_party", parties),
		newSelect(l, nil, "period", "filter_period", periods),
	}
}

func statusText(l *locale.Localizer, s bitacora.Status) string { return l.T("status_" + string(s)) }

func completionText(l *locale.Localizer, c bitacora.Completion) string {
	if c == "" {
		return "—"
	}
	return l.T("completion_" + string(c))
}

// dashboardCSV is the dashboard's data as CSV, with the same filters: a
// header row, then one row per activity with its latest status and
// completion and its status in each period shown. Values are codes
// (under_way, substantial, not_reported), the same in every language;
// every cell is written by safecsv, so that no name or period key is read
// as a formula.
func (s *Server) dashboardCSV(w http.ResponseWriter, r *http.Request) error {
	snap, doc, err := s.programmeDoc(r)
	if err != nil {
		return err
	}
	f, err := param.ProgressFilter(r, doc, snap.Periods[doc.Programme.Slug])
	if err != nil {
		return err
	}
	day := published.Today()
	w.Header().Set("Content-Disposition", `attachment; filename="`+doc.Programme.Slug+`-dashboard.csv"`)
	return s.serveCached(w, r, snap, param.ProgressQuery(f), day, "text/csv; charset=utf-8", func(r *http.Request) ([]byte, error) {
		p, err := snap.Progress(doc, f, day)
		if err != nil {
			return nil, err
		}
		return progressCSV(doc, p)
	})
}

func progressCSV(doc *bitacora.Document, p *bitacora.Progress) ([]byte, error) {
	var b bytes.Buffer
	cw := safecsv.NewWriter(&b, ',')
	header := []string{"code", "area", "objective", "responsible", "status", "completion"}
	for _, pd := range p.Periods {
		header = append(header, pd.Key)
	}
	cw.Write(header)
	for _, a := range p.Activities {
		names := make([]string, len(a.Responsible))
		for i, id := range a.Responsible {
			names[i] = id
			if party := doc.Party(id); party != nil {
				names[i] = party.Name
			}
		}
		row := []string{a.Code, strconv.Itoa(a.Area), strconv.Itoa(a.Objective), strings.Join(names, "; "), string(a.Status), string(a.Completion)}
		for _, ps := range a.ByPeriod {
			row = append(row, string(ps.Status))
		}
		cw.Write(row)
	}
	cw.Flush()
	return b.Bytes(), cw.Error()
}

type dashboardIndicator struct {
	indicatorLink
	Latest, Target string
}

// dashboardIndicators are the indicators that measure the programme, each
// with the source's latest regional value and the programme's regional
// target.
func (s *Server) dashboardIndicators(r *http.Request, l *locale.Localizer, slug string) ([]dashboardIndicator, error) {
	list, err := s.store.Indicators(r.Context())
	if err != nil {
		return nil, err
	}
	var out []dashboardIndicator
	for _, i := range list {
		if !i.MeasuresProgramme(slug) {
			continue
		}
		d := dashboardIndicator{indicatorLink: s.indicatorLinkFor(l, i)}
		series, err := s.store.Series(r.Context(), i.Code)
		if err != nil {
			return nil, err
		}
		if n := len(series.Regional); n > 0 {
			o := series.Regional[n-1]
			d.Latest = l.T("indicator_target_short", "Value", numberText(l, string(o.Value)), "Year", o.Year)
		}
		if g, ok := i.Goal(slug, ""); ok && g.Target != nil {
			d.Target = l.T("indicator_target_short", "Value", numberText(l, string(g.Target.Value)), "Year", g.Target.Year)
		}
		out = append(out, d)
	}
	return out, nil
}
