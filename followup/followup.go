// Package followup makes the follow-up report the Bureau takes to the
// Ministerial Conference: for a programme and a period (or the whole
// cycle), a cover, a summary (the rollup by area and party, counts by
// status, the overdue activities), every activity by area and objective
// with its parties, latest accepted status and completion, narrative,
// contributions, evidence and the partners' IATI operations linked to it,
// and an annex of the revisions approved in the period with their
// reasons. One Report, in the reader's language, is written as an HTML
// page (HTML) and as a PDF made by the server (PDF).
package followup

import (
	"context"
	"github.com/elac/bitacora/chart"
	"strconv"
	"strings"
	"time"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/iatiread"
	"github.com/elac/bitacora/locale"
	"github.com/elac/bitacora/published"
	"github.com/elac/bitacora/store"
)

// Input is what a report is made from: a programme as published, and what
// the store keeps beside it.
type Input struct {
	Doc          *bitacora.Document
	Translations map[string]string // store.TranslationKey → text
	Parties      map[string]*bitacora.Party
	Periods      []bitacora.Period
	Weights      map[string]float64
	Reports      []bitacora.Report // the latest accepted version of each report
	Operations   map[string][]bitacora.Operation
	Versions     []bitacora.Version
	Cover        bitacora.FollowUpCover
	// Indicators gives the indicators of an area with their charts; nil
	// shows no indicator section.
	Indicators func(area int, l *locale.Localizer) []Indicator
	// Display writes a title set in capitals as the site's pages do
	// (web.DisplayTitle); nil: as a sentence.
	Display func(doc *bitacora.Document, title string) string
}

// Indicator is an indicator of an area as the report shows it: a name, a
// chart as SVG (for the HTML page) and its data table (for both).
type Indicator struct {
	Code, Name, Unit string
	SVG              string // a server-drawn chart, trusted markup
	// Points and Marks are what the chart draws, for the PDF to draw
	// them too: the source's regional values, the baseline and target.
	Points  []chart.Point
	Marks   []chart.Mark
	Summary string // the chart's text summary for screen readers
	Rows    [][]string
	Header  []string
}

// Load reads a programme's input from the published snapshot and the
// store.
func Load(ctx context.Context, db *store.DB, snap *published.Snapshot, slug string) (*Input, error) {
	doc := snap.Docs[slug]
	if doc == nil {
		return nil, bitacora.Errorf(bitacora.ENOTFOUND, "no programme %q", slug).WithKey("error_no_programme", "Programme", slug)
	}
	in := &Input{Doc: doc, Translations: snap.Translations[slug], Parties: snap.PartyByID,
		Periods: snap.Periods[slug], Weights: snap.Weights[slug]}
	var err error
	if in.Reports, err = db.AcceptedReports(ctx, slug); err != nil {
		return nil, err
	}
	if in.Operations, err = db.Operations(ctx, slug); err != nil {
		return nil, err
	}
	if in.Versions, err = db.Versions(ctx, slug); err != nil {
		return nil, err
	}
	if in.Cover, err = db.FollowUpCover(ctx, slug); err != nil {
		return nil, err
	}
	if in.Indicators, err = loadIndicators(ctx, db, doc); err != nil {
		return nil, err
	}
	return in, nil
}

// Report is the follow-up report in one language, every text ready to
// show.
type Report struct {
	Lang        string
	DocLang     string // the programme's own language: its texts untranslated are in it
	Slug        string
	Symbol      string
	Programme   Text
	Title       string
	Date        string
	Period      string // "Second half of 2019", or the whole cycle's words
	PeriodKey   string // "" for the whole cycle
	Summary     Summary
	Areas       []Area
	Annex       []Revision
	L           *locale.Localizer
	Statuses    []string // every status name, in order (the tests look for each)
	ActivityURL func(code string) string
}

// Text is a text of the programme in the report's language, or as
// written with its own language.
type Text struct {
	Text string
	Lang string // "" when it is in the report's language
}

// Summary is the rollup.
type Summary struct {
	Total, Reported, Percent int
	ByStatus                 []Count
	Areas                    []Row
	Parties                  []Row
	Overdue                  []string // "1.3 — text"
	LastClosed               string
}

// Count is a number of activities in a status.
type Count struct {
	Label string
	N     int
}

// Row is a line of a summary table.
type Row struct {
	Name                     string
	Total, Reported, Percent int
}

// Area is an action area with its objectives.
type Area struct {
	Number     int
	Title      Text
	Objectives []Objective
	Indicators []Indicator
}

// Objective is an objective with its activities.
type Objective struct {
	Number     int
	Text       Text
	Activities []Activity
}

// Activity is an activity as the report shows it.
type Activity struct {
	Code                       string
	Text                       Text
	Responsible, CoResponsible []string
	Status, Completion         string
	Period                     string // of the report shown, in words; "" when none
	Narrative                  string // Markdown, as its authors wrote it
	Contributions              []Contribution
	Links                      []bitacora.Link
	Files                      []string
	Operations                 []Operation
}

// Contribution is a co-responsible party's contribution.
type Contribution struct{ Party, Text string }

// Operation is a linked IATI operation, in the report's language.
type Operation struct {
	Identifier, Href string
	Title            Text
	Org              string
	Countries        string
	Dates            string
	Status           string
	Budget           string
	Disbursed        string
}

// Revision is an approved version of the programme, with its reasons.
type Revision struct {
	Version int
	Date    string
	Title   string
	Reasons []string
}

// Build makes the report in l's language for period (a key of the
// programme's periods, or "" for the whole cycle), as on the day today.
func Build(in *Input, period string, l *locale.Localizer, today string) (*Report, error) {
	doc := in.Doc
	slug := doc.Programme.Slug
	periods := in.Periods
	var from, to string
	if period != "" {
		i := -1
		for j, p := range periods {
			if p.Key == period {
				i = j
			}
		}
		if i < 0 {
			return nil, bitacora.Errorf(bitacora.EINVALID, "programme %s has no period %q", slug, period).WithKey("error_no_period", "Programme", slug, "Period", period)
		}
		periods = periods[:i+1]
		from, to = in.Periods[i].StartsOn, in.Periods[i].EndsOn
	}
	keep := map[string]bool{}
	for _, p := range periods {
		keep[p.Key] = true
	}
	var standings []bitacora.Standing
	latest := map[string]*bitacora.Report{} // by activity: the latest period's
	order := map[string]int{}
	for i, p := range periods {
		order[p.Key] = i
	}
	for i := range in.Reports {
		rep := &in.Reports[i]
		if !keep[rep.Period] || rep.State != bitacora.StateAccepted {
			continue
		}
		standings = append(standings, rep.Standing())
		if cur := latest[rep.Activity]; cur == nil || order[rep.Period] > order[cur.Period] {
			latest[rep.Activity] = rep
		}
	}
	prog, err := bitacora.RollupStandings(doc, periods, standings, in.Weights, today)
	if err != nil {
		return nil, err
	}
	r := &Report{Lang: l.Lang, DocLang: doc.Programme.Language, Slug: slug, Symbol: doc.Programme.Symbol, L: l, PeriodKey: period}
	tr := func(subject, field, original string) Text {
		if t, ok := in.Translations[store.TranslationKey(subject, field, l.Lang)]; ok && t != "" {
			return Text{Text: t}
		}
		if doc.Programme.Language == l.Lang {
			return Text{Text: original}
		}
		return Text{Text: original, Lang: doc.Programme.Language}
	}
	display := in.Display
	if display == nil {
		display = func(_ *bitacora.Document, s string) string { return sentence(s) }
	}
	r.Programme = tr("programme", "title", display(doc, doc.Programme.Title))
	r.Title = in.Cover.Title(l.Lang)
	if r.Title == "" {
		r.Title = l.T("followup_default_title", "Programme", agendaName(doc))
	}
	r.Date = in.Cover.Date
	if r.Date == "" {
		r.Date = today
	}
	r.Date = l.Date(r.Date)
	if period != "" {
		p := periods[len(periods)-1]
		r.Period = l.Period(p.Key, p.StartsOn, p.EndsOn)
	} else {
		r.Period = l.T("followup_whole_cycle")
	}
	for _, st := range bitacora.TallyStatuses {
		r.Statuses = append(r.Statuses, l.T("status_"+string(st)))
	}
	party := func(id string) string {
		if p := in.Parties[id]; p != nil {
			return p.Name
		}
		for _, p := range doc.Parties {
			if p.ID == id {
				return p.Name
			}
		}
		return id
	}

	// The summary.
	s := &r.Summary
	s.Total, s.Reported, s.Percent = prog.Total, prog.Reported, prog.Percent
	for _, st := range bitacora.TallyStatuses {
		s.ByStatus = append(s.ByStatus, Count{Label: l.T("status_" + string(st)), N: prog.ByStatus[st]})
	}
	for _, a := range prog.Areas {
		s.Areas = append(s.Areas, Row{Name: l.T("followup_area_n", "Number", a.Number), Total: a.Total, Reported: a.Reported, Percent: a.Percent})
	}
	for _, p := range prog.Parties {
		if p.Leads.Total == 0 {
			continue
		}
		s.Parties = append(s.Parties, Row{Name: party(p.Party), Total: p.Leads.Total, Reported: p.Leads.Reported, Percent: p.Leads.Percent})
	}
	if prog.LastClosed != "" {
		for _, p := range periods {
			if p.Key == prog.LastClosed {
				s.LastClosed = l.Period(p.Key, p.StartsOn, p.EndsOn)
			}
		}
	}
	text := map[string]string{}
	for _, ar := range doc.Areas {
		for _, o := range ar.Objectives {
			for _, a := range o.Activities {
				text[a.Code] = a.Text
			}
		}
	}
	for _, code := range prog.Overdue {
		s.Overdue = append(s.Overdue, code)
	}
	byCode := map[string]*bitacora.ActivityProgress{}
	for i := range prog.Activities {
		byCode[prog.Activities[i].Code] = &prog.Activities[i]
	}

	// Area by area.
	for _, ar := range doc.Areas {
		area := Area{Number: ar.Number, Title: tr("area:"+strconv.Itoa(ar.Number), "title", display(doc, ar.Title))}
		for _, o := range ar.Objectives {
			obj := Objective{Number: o.Number, Text: tr("objective:"+strconv.Itoa(o.Number), "text", o.Text)}
			for _, a := range o.Activities {
				act := Activity{Code: a.Code, Text: tr("activity:"+a.Code, "text", a.Text)}
				for _, id := range a.Responsible {
					act.Responsible = append(act.Responsible, party(id))
				}
				for _, id := range a.CoResponsible {
					act.CoResponsible = append(act.CoResponsible, party(id))
				}
				act.Status = l.T("status_" + string(bitacora.StatusNotReported))
				if p := byCode[a.Code]; p != nil && p.Reported() {
					act.Status, act.Completion = l.T("status_"+string(p.Status)), l.T("completion_"+string(p.Completion))
				}
				if rep := latest[a.Code]; rep != nil {
					for _, p := range periods {
						if p.Key == rep.Period {
							act.Period = l.Period(p.Key, p.StartsOn, p.EndsOn)
						}
					}
					act.Narrative = rep.Narrative
					act.Links = rep.Links
					for _, f := range rep.Files {
						act.Files = append(act.Files, f.Name)
					}
					for _, c := range rep.Contributions {
						act.Contributions = append(act.Contributions, Contribution{Party: party(c.PartyID), Text: c.Text})
					}
				}
				for _, op := range in.Operations[a.Code] {
					act.Operations = append(act.Operations, OperationView(op, l))
				}
				obj.Activities = append(obj.Activities, act)
			}
			area.Objectives = append(area.Objectives, obj)
		}
		if in.Indicators != nil {
			area.Indicators = in.Indicators(ar.Number, l)
		}
		r.Areas = append(r.Areas, area)
	}

	// The annex: versions approved in the period (after the one adopted).
	for _, v := range in.Versions {
		if v.Number <= 1 {
			continue
		}
		if from != "" && (v.ApprovedOn < from || v.ApprovedOn > to) {
			continue
		}
		r.Annex = append(r.Annex, Revision{Version: v.Number, Date: l.Date(v.ApprovedOn), Title: v.Title, Reasons: v.Reasons})
	}
	return r, nil
}

// agendaName is the agenda's short name, "eLAC2020" from "Agenda Digital
// para América Latina y el Caribe (eLAC2020)", else the document's symbol.
func agendaName(doc *bitacora.Document) string {
	a := doc.Programme.Agenda
	if i, j := strings.LastIndex(a, "("), strings.LastIndex(a, ")"); i >= 0 && j > i+1 {
		return a[i+1 : j]
	}
	return doc.Programme.Symbol
}

// sentence writes a title set in capitals ("ACCESO E INFRAESTRUCTURA
// DIGITAL") as a sentence, as the site's pages do.
func sentence(s string) string {
	if s == "" || strings.ToUpper(s) != s || strings.ToLower(s) == s {
		return s
	}
	low := []rune(strings.ToLower(s))
	low[0] = []rune(strings.ToUpper(string(low[0])))[0]
	return string(low)
}

// OperationView says a linked operation in l's language: its title in
// that language (or another the file has), who reports it, where, when,
// its status, and its budget and disbursements by currency.
func OperationView(op bitacora.Operation, l *locale.Localizer) Operation {
	a := op.IATI
	v := Operation{Identifier: a.Identifier, Href: bitacora.DPortalURL(a.Identifier)}
	title, lang := a.Title(l.Lang)
	if title == "" {
		title = a.Identifier
	}
	v.Title = Text{Text: title}
	if lang != "" && lang != l.Lang {
		v.Title.Lang = lang
	}
	org, _ := a.OrgName(l.Lang)
	switch {
	case org != "" && a.ReportingOrg.Ref != "":
		v.Org = org + " (" + a.ReportingOrg.Ref + ")"
	case org != "":
		v.Org = org
	default:
		v.Org = a.ReportingOrg.Ref
	}
	var cs []string
	for _, c := range a.Countries {
		name := l.Country(c.Code)
		if c.Percentage != "" {
			name += " (" + c.Percentage + " %)"
		}
		cs = append(cs, name)
	}
	v.Countries = strings.Join(cs, ", ")
	var ds []string
	for _, d := range []struct{ key, day string }{
		{"followup_date_planned_start", a.Dates.PlannedStart}, {"followup_date_actual_start", a.Dates.ActualStart},
		{"followup_date_planned_end", a.Dates.PlannedEnd}, {"followup_date_actual_end", a.Dates.ActualEnd},
	} {
		if d.day != "" {
			ds = append(ds, l.T(d.key, "Date", l.Date(d.day)))
		}
	}
	v.Dates = strings.Join(ds, " · ")
	if a.Status != "" {
		v.Status = l.T("iati_status_" + a.Status)
	}
	v.Budget = amounts(a.Budget, l)
	v.Disbursed = amounts(a.Disbursed, l)
	return v
}

func amounts(as []iatiread.Amount, l *locale.Localizer) string {
	var parts []string
	for _, a := range as {
		parts = append(parts, a.Currency+" "+l.Decimal(a.Value))
	}
	return strings.Join(parts, " · ")
}

// Today is the day a report is made on, in the programme's time zone
// when the caller knows it (UTC otherwise).
func Today(loc *time.Location) string {
	if loc == nil {
		loc = time.UTC
	}
	return time.Now().In(loc).Format(time.DateOnly)
}
