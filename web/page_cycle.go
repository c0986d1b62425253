package web

import (
	"net/http"
	"net/url"
	"time"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/store"
)

type stageCount struct {
	Label string
	Count int
}

type cyclePeriodRow struct {
	Key, Label, Deadline, Href string
	Current                    bool
	Stages                     []stageCount
}

type cycleMissing struct{ Code, Href string }

type cyclePartyRow struct {
	Name       partyLink
	Activities int
	Stages     []stageCount
	Missing    []cycleMissing
}

type cyclePage struct {
	page
	Stages  []string // the stages' labels, the tables' columns
	Periods []cyclePeriodRow
	Period  string // the period shown by party: its key
	// PeriodLabel is that period as people say it.
	PeriodLabel string
	Parties     []cyclePartyRow
	Action      string
	Options     []fieldView
	// Reminders are the reminders of deadlines queued, by period and
	// state of their messages; Outbox links the whole outbox.
	Reminders []store.ReminderCount
	Outbox    string
	TimeZone  string
}

// cycle shows the secretariat the reporting cycle of a programme: for
// each period, how many activities stand at each stage; for one period
// (?period=, else the one due next), the same by responsible party, with
// the activities each has not reported on. The reminders sent and the
// outbox (the mail of the cycle) have their place at the end of the page.
func (s *Server) cycle(w http.ResponseWriter, r *http.Request) error {
	snap, doc, err := s.programmeDoc(r)
	if err != nil {
		return err
	}
	slug := doc.Programme.Slug
	periods := snap.Periods[slug]
	period := r.URL.Query().Get("period")
	if period != "" {
		if err := (bitacora.ProgressFilter{Period: period}).Validate(doc, periods); err != nil {
			return err
		}
	}
	states, err := s.store.ReportStates(r.Context(), store.ReportStateFilter{Programme: slug})
	if err != nil {
		return err
	}
	tally := bitacora.Cycle(doc, periods, states)
	deadlines, err := s.store.Deadlines(r.Context(), slug)
	if err != nil {
		return err
	}
	reminders, err := s.store.ReminderCounts(r.Context(), slug)
	if err != nil {
		return err
	}
	now := time.Now()
	if period == "" {
		period = currentPeriod(periods, now, deadlines.TimeZone)
	}

	l := s.localizer(r)
	v := viewer{l: l, snap: snap, doc: doc}
	data := cyclePage{page: s.newPage(r, l.T("cycle_title")), Period: period, Action: v.url(v.programmePath() + "/cycle"),
		Reminders: reminders, TimeZone: deadlines.TimeZone.String(), Outbox: localURL(l.Lang, "/admin/outbox")}
	data.Crumbs = v.crumbs(crumb{Text: data.Title})
	for _, st := range bitacora.Stages {
		data.Stages = append(data.Stages, l.T("stage_"+string(st)))
	}
	counts := func(m map[bitacora.ReviewState]int) []stageCount {
		out := make([]stageCount, len(bitacora.Stages))
		for i, st := range bitacora.Stages {
			out[i] = stageCount{Label: data.Stages[i], Count: m[st]}
		}
		return out
	}
	opts := []option{}
	for _, t := range tally {
		data.Periods = append(data.Periods, cyclePeriodRow{Key: t.Period.Key, Label: periodText(l, t.Period), Deadline: l.Date(t.Period.Deadline), Current: t.Period.Key == period,
			Href: data.Action + "?period=" + url.QueryEscape(t.Period.Key), Stages: counts(t.Stages)})
		opts = append(opts, option{Value: t.Period.Key, Label: periodText(l, t.Period), Selected: t.Period.Key == period})
		if t.Period.Key != period {
			continue
		}
		data.PeriodLabel = periodText(l, t.Period)
		for _, pt := range t.Parties {
			row := cyclePartyRow{Name: v.party(pt.PartyID), Activities: pt.Activity, Stages: counts(pt.Stages)}
			for _, code := range pt.Missing {
				row.Missing = append(row.Missing, cycleMissing{Code: code, Href: v.url(v.programmePath() + "/activities/" + code + "/reports/" + period)})
			}
			data.Parties = append(data.Parties, row)
		}
	}
	data.Options = []fieldView{newSelect(l, nil, "period", "report_period", opts)}
	return s.writePrivate(w, "cycle", data)
}

// currentPeriod is the period the cycle is at: the first whose reports
// are not yet due, else the last.
func currentPeriod(periods []bitacora.Period, now time.Time, loc *time.Location) string {
	for _, p := range periods {
		if now.Before(bitacora.Due(p, loc)) {
			return p.Key
		}
	}
	if len(periods) == 0 {
		return ""
	}
	return periods[len(periods)-1].Key
}
