package published

import (
	"time"

	"github.com/elac/bitacora"
)

// Today is the day that decides which reporting periods are closed.
func Today() string { return time.Now().UTC().Format(time.DateOnly) }

// Progress rolls up a programme's follow-up as the filter narrows it, on
// the day, with the weights the secretariat set (1 for the others).
func (snap *Snapshot) Progress(doc *bitacora.Document, f bitacora.ProgressFilter, day string) (*bitacora.Progress, error) {
	slug := doc.Programme.Slug
	fdoc, periods := f.Apply(doc, snap.Periods[slug])
	return bitacora.RollupStandings(fdoc, periods, snap.Standings(slug), snap.Weights[slug], day)
}

// Summary is the Tally of the programme's whole Progress, without the rest
// (bitacora.Summary).
func (snap *Snapshot) Summary(doc *bitacora.Document) bitacora.Tally {
	slug := doc.Programme.Slug
	return bitacora.Summary(doc, snap.Periods[slug], snap.Standings(slug), snap.Weights[slug])
}

// ReportPlace is where a report stands: an activity of a published
// programme and one of the programme's reporting periods.
type ReportPlace struct {
	Key      bitacora.ReportKey
	Doc      *bitacora.Document
	Activity *bitacora.Activity
	Period   bitacora.Period
}

// ReportPlace finds the activity code and the period key of a programme:
// ENOTFOUND when the programme has no such activity or period.
func (snap *Snapshot) ReportPlace(doc *bitacora.Document, code, period string) (ReportPlace, error) {
	t := ReportPlace{Key: bitacora.ReportKey{Programme: doc.Programme.Slug, Activity: code, Period: period}, Doc: doc, Activity: doc.Activity(code)}
	if t.Activity == nil {
		return t, bitacora.Errorf(bitacora.ENOTFOUND, "programme %s has no activity %q", doc.Programme.Slug, code).WithKey("error_no_activity", "Programme", doc.Programme.Slug, "Activity", code)
	}
	for _, p := range snap.Periods[doc.Programme.Slug] {
		if p.Key == period {
			t.Period = p
			return t, nil
		}
	}
	return t, bitacora.Errorf(bitacora.ENOTFOUND, "programme %s has no reporting period %q", doc.Programme.Slug, period).WithKey("error_no_period", "Programme", doc.Programme.Slug, "Period", period)
}
