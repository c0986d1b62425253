// Package iati writes a programme as an IATI 2.03 activity file: one
// iati-activity per activity, its responsible and co-responsible parties as
// participating organisations, its latest accepted status as the activity
// status, and the programme's period as its planned dates.
package iati

import (
	"encoding/xml"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/elac/bitacora"
)

// Version is the IATI standard version written.
const Version = "2.03"

// ReportingOrg names who publishes the file. Ref should be the publisher's
// registered IATI organisation identifier; activity identifiers are
// prefixed with it.
type ReportingOrg struct {
	Ref  string
	Type string // IATI OrganisationType code, e.g. 40 (multilateral)
	Name string
	// Provisional says that Ref is no registered identifier: the file
	// says so in a comment, and so does the open data page.
	Provisional bool
}

// DefaultReportingOrg is used until a deployment names its own: "XX" is no
// registration agency, so the identifiers are valid in form but not
// registered, and marked provisional.
var DefaultReportingOrg = ReportingOrg{Ref: "XX-BITACORA", Type: "40", Name: "Bitácora", Provisional: true}

// Publisher returns the reporting organisation of a deployment: its
// registered IATI organisation identifier (such as XM-DAC-41122) and name,
// or, without an identifier, DefaultReportingOrg under that name.
func Publisher(ref, name string) ReportingOrg {
	if name == "" {
		name = DefaultReportingOrg.Name
	}
	if ref == "" {
		o := DefaultReportingOrg
		o.Name = name
		return o
	}
	return ReportingOrg{Ref: ref, Type: DefaultReportingOrg.Type, Name: name}
}

// provisionalNote is the comment a file with provisional identifiers
// carries at its top, so that nobody takes them for registered ones.
const provisionalNote = " The identifiers in this file are provisional: %s is not a registered IATI organisation identifier, and the publisher has not set one (BITACORA_IATI_PUBLISHER). Do not use them to link or deduplicate activities. "

// Status codes from the IATI ActivityStatus codelist.
const (
	statusPipeline       = "1"
	statusImplementation = "2"
	statusFinalisation   = "3"
	statusCancelled      = "5"
	statusSuspended      = "6"
)

// ActivityStatus maps a report status to the IATI ActivityStatus code. An
// activity without an accepted report is in the pipeline (identification)
// until a report says otherwise: IATI has no "unknown", and claiming
// implementation would say more than anyone has reported.
func ActivityStatus(s bitacora.Status) string {
	switch s {
	case bitacora.StatusNotStarted, bitacora.StatusNotReported:
		return statusPipeline
	case bitacora.StatusCompleted:
		return statusFinalisation
	case bitacora.StatusCancelled:
		return statusCancelled
	case bitacora.StatusSuspended:
		return statusSuspended
	default: // under way, delayed, not reported
		return statusImplementation
	}
}

// Organisation roles from the IATI OrganisationRole codelist.
const (
	roleAccountable  = "2" // the responsible party
	roleImplementing = "4" // the co-responsible parties
)

type narrative struct {
	Lang string `xml:"xml:lang,attr,omitempty"`
	Text string `xml:",chardata"`
}

type textElement struct {
	Narratives []narrative `xml:"narrative"`
}

type org struct {
	Ref        string      `xml:"ref,attr,omitempty"`
	Type       string      `xml:"type,attr,omitempty"`
	Role       string      `xml:"role,attr,omitempty"`
	Narratives []narrative `xml:"narrative"`
}

type description struct {
	Type       string      `xml:"type,attr"`
	Narratives []narrative `xml:"narrative"`
}

type code struct {
	Code string `xml:"code,attr"`
}

type date struct {
	Type    string `xml:"type,attr"`
	ISODate string `xml:"iso-date,attr"`
}

type activity struct {
	XMLName       xml.Name      `xml:"iati-activity"`
	LastUpdated   string        `xml:"last-updated-datetime,attr"`
	Lang          string        `xml:"xml:lang,attr"`
	Identifier    string        `xml:"iati-identifier"`
	ReportingOrg  org           `xml:"reporting-org"`
	Title         textElement   `xml:"title"`
	Descriptions  []description `xml:"description"`
	Participating []org         `xml:"participating-org"`
	Status        code          `xml:"activity-status"`
	Dates         []date        `xml:"activity-date"`
	Results       []result      `xml:"result"`
}

// result is an activity's result: the indicators that measure it (or its
// objective), with the programme's regional baseline, its target and the
// source's regional values as actual periods.
type result struct {
	Type       string      `xml:"type,attr"`
	Title      textElement `xml:"title"`
	Indicators []indicator `xml:"indicator"`
}

type indicator struct {
	Measure     string         `xml:"measure,attr"`
	Ascending   string         `xml:"ascending,attr"`
	Title       textElement    `xml:"title"`
	Description *textElement   `xml:"description,omitempty"`
	Reference   *reference     `xml:"reference,omitempty"`
	Baseline    *baseline      `xml:"baseline,omitempty"`
	Periods     []resultPeriod `xml:"period"`
}

type reference struct {
	Vocabulary string `xml:"vocabulary,attr"`
	Code       string `xml:"code,attr"`
}

type baseline struct {
	Year    int    `xml:"year,attr"`
	ISODate string `xml:"iso-date,attr"`
	Value   string `xml:"value,attr"`
}

type isoDate struct {
	ISODate string `xml:"iso-date,attr"`
}

type periodValue struct {
	Value string `xml:"value,attr"`
}

type resultPeriod struct {
	Start  isoDate       `xml:"period-start"`
	End    isoDate       `xml:"period-end"`
	Target []periodValue `xml:"target"`
	Actual []periodValue `xml:"actual"`
}

// Result types and indicator measures of the IATI codelists.
const (
	resultOutcome  = "2" // ResultType: outcome
	measureUnit    = "1" // IndicatorMeasure: unit
	measurePercent = "2" // IndicatorMeasure: percentage
	// vocabularyReporting is IndicatorVocabulary 99: the reporting
	// organisation's own (the indicator's code).
	vocabularyReporting = "99"
)

// results are the activity's results: one outcome holding every
// indicator linked to the activity, or to its objective with no activity
// named, for the programme.
func results(slug string, objective int, activityCode string, series []bitacora.Series, lang string) []result {
	var inds []indicator
	for _, s := range series {
		i := s.Indicator
		linked := false
		for _, m := range i.Measures {
			if m.Programme == slug && m.Objective == objective && (m.Activity == "" || m.Activity == activityCode) {
				linked = true
			}
		}
		if !linked {
			continue
		}
		ind := indicator{Measure: measureUnit, Ascending: "1", Title: textElement{[]narrative{{Text: i.NameIn(lang)}}},
			Reference: &reference{Vocabulary: vocabularyReporting, Code: i.Code}}
		if u := strings.ToLower(i.Unit); strings.Contains(u, "percent") || strings.Contains(u, "porcentaje") || u == "%" {
			ind.Measure = measurePercent
		}
		if i.Direction == bitacora.LowerIsBetter {
			ind.Ascending = "0"
		}
		if d := i.DefinitionIn(lang); d != "" {
			ind.Description = &textElement{[]narrative{{Text: d}}}
		}
		goal, _ := i.Goal(slug, "")
		if goal.Baseline != nil {
			ind.Baseline = &baseline{Year: goal.Baseline.Year, ISODate: fmt.Sprintf("%d-01-01", goal.Baseline.Year), Value: string(goal.Baseline.Value)}
		}
		byYear := map[int]*resultPeriod{}
		var years []int
		period := func(y int) *resultPeriod {
			if p, ok := byYear[y]; ok {
				return p
			}
			p := &resultPeriod{Start: isoDate{fmt.Sprintf("%d-01-01", y)}, End: isoDate{fmt.Sprintf("%d-12-31", y)}}
			byYear[y] = p
			years = append(years, y)
			return p
		}
		for _, o := range s.Regional {
			p := period(o.Year)
			p.Actual = append(p.Actual, periodValue{string(o.Value)})
		}
		if goal.Target != nil {
			p := period(goal.Target.Year)
			p.Target = append(p.Target, periodValue{string(goal.Target.Value)})
		}
		slices.Sort(years)
		for _, y := range years {
			ind.Periods = append(ind.Periods, *byYear[y])
		}
		inds = append(inds, ind)
	}
	if len(inds) == 0 {
		return nil
	}
	title := map[string]string{"es": "Indicadores", "pt": "Indicadores", "fr": "Indicateurs"}[lang]
	if title == "" {
		title = "Indicators"
	}
	return []result{{Type: resultOutcome, Title: textElement{[]narrative{{Text: title}}}, Indicators: inds}}
}

type activities struct {
	XMLName    xml.Name   `xml:"iati-activities"`
	Version    string     `xml:"version,attr"`
	Generated  string     `xml:"generated-datetime,attr"`
	Activities []activity `xml:"iati-activity"`
}

// Identifier returns an activity's IATI identifier: the reporting
// organisation's, the programme's slug and the activity's code.
func (o ReportingOrg) Identifier(slug, code string) string {
	return o.Ref + "-" + slug + "-" + code
}

// Write writes doc as IATI activities. latest gives each activity's latest
// accepted report, by code (absent: none); periods give the planned dates.
func Write(w io.Writer, doc *bitacora.Document, periods []bitacora.Period, latest map[string]bitacora.Report, o ReportingOrg, now time.Time) error {
	return WriteResults(w, doc, periods, latest, o, now, nil)
}

// WriteResults is Write with the indicators' series: each activity
// carries, as result/indicator, the indicators linked to it or to its
// objective, with baseline, target and actual periods.
func WriteResults(w io.Writer, doc *bitacora.Document, periods []bitacora.Period, latest map[string]bitacora.Report, o ReportingOrg, now time.Time, series []bitacora.Series) error {
	lang := doc.Programme.Language
	stamp := now.UTC().Format(time.RFC3339)
	out := activities{Version: Version, Generated: stamp}
	// The planned dates are the programme's: it starts with its first
	// reporting period (or its start year) and ends with its end year,
	// whatever periods have been opened so far.
	start, end := fmt.Sprintf("%d-01-01", doc.Programme.StartYear), fmt.Sprintf("%d-12-31", doc.Programme.EndYear)
	if len(periods) > 0 {
		start = periods[0].StartsOn
		if doc.Programme.EndYear == 0 {
			end = periods[len(periods)-1].EndsOn
		}
	}
	names := func(ids []string, role string) []org {
		var orgs []org
		for _, id := range ids {
			p := doc.Party(id)
			if p == nil {
				continue
			}
			name := p.Name
			if p.Acronym != "" && p.Acronym != p.Name {
				name += " (" + p.Acronym + ")"
			}
			if len(p.Countries) > 0 {
				name += " (" + strings.Join(p.Countries, ", ") + ")"
			}
			orgs = append(orgs, org{Role: role, Narratives: []narrative{{Text: name}}})
		}
		return orgs
	}
	for _, area := range doc.Areas {
		for _, obj := range area.Objectives {
			for _, a := range obj.Activities {
				act := activity{LastUpdated: stamp, Lang: lang, Identifier: o.Identifier(doc.Programme.Slug, a.Code),
					ReportingOrg: org{Ref: o.Ref, Type: o.Type, Narratives: []narrative{{Text: o.Name}}},
					Title:        textElement{[]narrative{{Text: a.Code + " " + a.Text}}}}
				general := a.Text
				if len(a.Components) > 0 {
					general += "\n– " + strings.Join(a.Components, "\n– ")
				}
				act.Descriptions = []description{
					{Type: "1", Narratives: []narrative{{Text: general}}},                                     // general
					{Type: "2", Narratives: []narrative{{Text: fmt.Sprintf("%d. %s", obj.Number, obj.Text)}}}, // objectives
				}
				act.Participating = append(names(a.Responsible, roleAccountable), names(a.CoResponsible, roleImplementing)...)
				if len(act.Participating) == 0 {
					// IATI asks for one participating organisation at least.
					act.Participating = []org{{Role: roleAccountable, Narratives: []narrative{{Text: o.Name}}}}
				}
				status := bitacora.StatusNotReported
				if r, ok := latest[a.Code]; ok {
					status = r.Status
				}
				act.Status = code{ActivityStatus(status)}
				act.Dates = []date{{Type: "1", ISODate: start}, {Type: "3", ISODate: end}} // planned start, planned end
				act.Results = results(doc.Programme.Slug, obj.Number, a.Code, series, lang)
				out.Activities = append(out.Activities, act)
			}
		}
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	if o.Provisional {
		if _, err := fmt.Fprintf(w, "<!--"+provisionalNote+"-->\n", strings.ReplaceAll(o.Ref, "--", "- -")); err != nil {
			return err
		}
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(out); err != nil {
		return fmt.Errorf("iati: %w", err)
	}
	_, err := io.WriteString(w, "\n")
	return err
}
