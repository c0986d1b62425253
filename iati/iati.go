// Package iati writes a programme as an IATI 2.03 activity file: one
// iati-activity per activity, its responsible and co-responsible parties as
// participating organisations, its latest accepted status as the activity
// status, and the programme's period as its planned dates.
package iati

import (
	"encoding/xml"
	"fmt"
	"io"
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
}

// DefaultReportingOrg is used until a deployment names its own: "XX" is no
// registration agency, so the identifiers are valid in form but not
// registered.
var DefaultReportingOrg = ReportingOrg{Ref: "XX-BITACORA", Type: "40", Name: "Bitácora"}

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
				out.Activities = append(out.Activities, act)
			}
		}
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(out); err != nil {
		return fmt.Errorf("iati: %w", err)
	}
	_, err := io.WriteString(w, "\n")
	return err
}
