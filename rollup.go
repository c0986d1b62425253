package bitacora

import "math"

// Progress is the follow-up of a programme on a given day: where each
// activity stands by its accepted reports, rolled up by objective, area,
// party and for the whole programme. Rollup computes it; the dashboard
// shows it and the API serves it.
//
// An activity without an accepted report is not reported: it counts in
// Total and under StatusNotReported, never as zero progress.
type Progress struct {
	Programme string `json:"programme"`
	// Today is the day the progress is computed for (YYYY-MM-DD): it
	// decides which periods are closed.
	Today   string   `json:"today"`
	Periods []Period `json:"periods"`
	// LastClosed is the key of the last period whose deadline has passed,
	// or "" when none has.
	LastClosed string `json:"last_closed"`
	Tally
	Areas []AreaProgress `json:"areas"`
	// Parties holds every party named by an activity, in the order the
	// programme first names them.
	Parties    []PartyProgress    `json:"parties"`
	Activities []ActivityProgress `json:"activities"`
	// Overdue holds the codes of the activities with no accepted report
	// for the last closed period, in programme order.
	Overdue []string `json:"overdue"`
}

// Tally rolls up a set of activities.
type Tally struct {
	Total    int `json:"total"`
	Reported int `json:"reported"` // activities with an accepted report
	// Completion is the weighted mean completion level of the reported
	// activities, from 0 (not started) to 3 (complete). It is 0 when none
	// is reported: read Reported first.
	Completion float64 `json:"completion"`
	// Percent is Completion as a whole percentage of complete.
	Percent int `json:"percent"`
	// ByStatus counts the activities by their latest status. Every status
	// of TallyStatuses has an entry, not_reported included.
	ByStatus map[Status]int `json:"by_status"`
	// Share is ByStatus as fractions of Total (all 0 when Total is 0).
	Share map[Status]float64 `json:"share"`
}

// AreaProgress is the rollup of an area and of its objectives.
type AreaProgress struct {
	Number int `json:"number"`
	Tally
	Objectives []ObjectiveProgress `json:"objectives"`
}

// ObjectiveProgress is the rollup of an objective's activities.
type ObjectiveProgress struct {
	Number int `json:"number"`
	Tally
	Activities []string `json:"activities"` // codes
}

// PartyProgress is the rollup of the activities a party leads (as
// responsible) and, apart, of those it supports (as co-responsible).
type PartyProgress struct {
	Party    string `json:"party"` // its id
	Leads    Tally  `json:"leads"`
	Supports Tally  `json:"supports"`
}

// ActivityProgress is where one activity stands.
type ActivityProgress struct {
	Code          string   `json:"code"`
	Area          int      `json:"area"`
	Objective     int      `json:"objective"`
	Responsible   []string `json:"responsible"`
	CoResponsible []string `json:"co_responsible"`
	Weight        float64  `json:"weight"`
	// Status and Completion are those of the accepted report of the
	// latest period that has one (Period); Status is not_reported and
	// Completion "" when no period has.
	Status     Status     `json:"status"`
	Completion Completion `json:"completion"`
	Period     string     `json:"period"`
	// ByPeriod holds one entry per period of Progress.Periods, in order.
	ByPeriod []PeriodStatus `json:"by_period"`
	// Overdue: no accepted report for the last closed period.
	Overdue bool `json:"overdue"`
}

// Reported reports whether the activity has an accepted report.
func (a *ActivityProgress) Reported() bool { return a.Status != StatusNotReported }

// PeriodStatus is what an activity's accepted report for a period says,
// or not_reported.
type PeriodStatus struct {
	Period     string     `json:"period"`
	Status     Status     `json:"status"`
	Completion Completion `json:"completion"`
}

// TallyStatuses lists the statuses a tally counts, in display order: those
// a report may give, then not reported.
var TallyStatuses = append(append([]Status{}, Statuses...), StatusNotReported)

// Rollup computes a programme's progress on the day today (YYYY-MM-DD)
// from its periods and its accepted reports (the latest accepted version
// for each activity and period, as store.AcceptedReports gives them).
//
// Weights give activities, by code, their weight in the mean completion;
// an activity without one weighs 1. A weight must be a positive finite
// number. Reports that are not accepted, or name a period or activity the
// programme does not have, or give a status or completion a report may not
// give, are left out.
func Rollup(doc *Document, periods []Period, reports []Report, weights map[string]float64, today string) (*Progress, error) {
	standings := make([]Standing, 0, len(reports))
	for i := range reports {
		if reports[i].State == StateAccepted {
			standings = append(standings, reports[i].Standing())
		}
	}
	return RollupStandings(doc, periods, standings, weights, today)
}

// Standing is what the public follow-up keeps of an accepted report: where
// its activity stood in its period, and no more (the narrative, links and
// files are read from the store when a report is shown). A published
// programme holds one per activity and period reported, so it is small.
type Standing struct {
	Activity   string     `json:"activity"`
	Period     string     `json:"period"`
	Version    int        `json:"version"`
	Status     Status     `json:"status"`
	Completion Completion `json:"completion"`
}

// Standing returns what the follow-up keeps of the report.
func (r *Report) Standing() Standing {
	return Standing{Activity: r.Activity, Period: r.Period, Version: r.Version, Status: r.Status, Completion: r.Completion}
}

// RollupStandings is Rollup from the standings of accepted reports.
func RollupStandings(doc *Document, periods []Period, reports []Standing, weights map[string]float64, today string) (*Progress, error) {
	if doc == nil {
		return nil, Errorf(EINVALID, "rollup: no document").WithKey("error_rollup_no_document")
	}
	if !ValidDate(today) {
		return nil, Errorf(EINVALID, "rollup: %q is not a date (YYYY-MM-DD)", today).WithKey("error_rollup_date", "Date", today)
	}
	for code, w := range weights {
		if !(w > 0) || math.IsInf(w, 0) {
			return nil, Errorf(EINVALID, "rollup: the weight of activity %s must be a positive number, not %v", code, w).WithKey("error_rollup_weight", "Activity", code)
		}
	}
	p := &Progress{Programme: doc.Programme.Slug, Today: today, Periods: append([]Period{}, periods...),
		Areas: []AreaProgress{}, Parties: []PartyProgress{}, Activities: []ActivityProgress{}, Overdue: []string{}}
	periodIndex := make(map[string]int, len(periods))
	lastClosed := -1
	for i, pd := range periods {
		periodIndex[pd.Key] = i
		if pd.Closed(today) {
			lastClosed = i
		}
	}
	if lastClosed >= 0 {
		p.LastClosed = periods[lastClosed].Key
	}

	// The accepted report of each activity and period; of two for the same
	// pair, the later version.
	accepted := map[string][]*Standing{}
	for _, a := range doc.Areas {
		for _, o := range a.Objectives {
			for _, act := range o.Activities {
				accepted[act.Code] = nil
			}
		}
	}
	for i := range reports {
		r := &reports[i]
		pi, okPeriod := periodIndex[r.Period]
		byPeriod, okActivity := accepted[r.Activity]
		if !okPeriod || !okActivity || !r.Status.Valid() || r.Completion.Level() < 0 {
			continue
		}
		if byPeriod == nil {
			byPeriod = make([]*Standing, len(periods))
			accepted[r.Activity] = byPeriod
		}
		if prev := byPeriod[pi]; prev == nil || r.Version > prev.Version {
			byPeriod[pi] = r
		}
	}

	// Activities first, so that every group below can point into them.
	for _, a := range doc.Areas {
		for _, o := range a.Objectives {
			for _, act := range o.Activities {
				p.Activities = append(p.Activities, activityProgress(a.Number, o.Number, &act, periods, accepted[act.Code], weights, lastClosed))
			}
		}
	}

	var all []*ActivityProgress
	i := 0
	leads, supports := map[string][]*ActivityProgress{}, map[string][]*ActivityProgress{}
	var partyOrder []string
	named := func(id string) {
		if leads[id] == nil && supports[id] == nil {
			partyOrder = append(partyOrder, id)
		}
	}
	for _, a := range doc.Areas {
		ap := AreaProgress{Number: a.Number, Objectives: []ObjectiveProgress{}}
		var inArea []*ActivityProgress
		for _, o := range a.Objectives {
			op := ObjectiveProgress{Number: o.Number, Activities: []string{}}
			var inObjective []*ActivityProgress
			for range o.Activities {
				act := &p.Activities[i]
				i++
				op.Activities = append(op.Activities, act.Code)
				inObjective = append(inObjective, act)
				for _, id := range act.Responsible {
					named(id)
					leads[id] = append(leads[id], act)
				}
				for _, id := range act.CoResponsible {
					named(id)
					supports[id] = append(supports[id], act)
				}
				if act.Overdue {
					p.Overdue = append(p.Overdue, act.Code)
				}
			}
			op.Tally = tally(inObjective)
			ap.Objectives = append(ap.Objectives, op)
			inArea = append(inArea, inObjective...)
		}
		ap.Tally = tally(inArea)
		p.Areas = append(p.Areas, ap)
		all = append(all, inArea...)
	}
	p.Tally = tally(all)
	for _, id := range partyOrder {
		p.Parties = append(p.Parties, PartyProgress{Party: id, Leads: tally(leads[id]), Supports: tally(supports[id])})
	}
	return p, nil
}

// Summary is the Tally of RollupStandings without the rest: what the
// programme's page says in two sentences, computed in one pass and a few
// allocations, so that the page rendered again after an acceptance costs
// little. reports are standings of accepted reports (any order); weights
// as for Rollup, which Summary does not check.
func Summary(doc *Document, periods []Period, reports []Standing, weights map[string]float64) Tally {
	periodIndex := make(map[string]int, len(periods))
	for i, pd := range periods {
		periodIndex[pd.Key] = i
	}
	type latest struct {
		period int
		st     *Standing
	}
	byActivity := map[string]latest{}
	for i := range reports {
		r := &reports[i]
		pi, ok := periodIndex[r.Period]
		if !ok || !r.Status.Valid() || r.Completion.Level() < 0 {
			continue
		}
		if prev, seen := byActivity[r.Activity]; !seen || pi > prev.period || pi == prev.period && r.Version > prev.st.Version {
			byActivity[r.Activity] = latest{pi, r}
		}
	}
	var acts []ActivityProgress
	for _, a := range doc.Areas {
		for _, o := range a.Objectives {
			for _, act := range o.Activities {
				ap := ActivityProgress{Status: StatusNotReported, Weight: 1}
				if w, ok := weights[act.Code]; ok {
					ap.Weight = w
				}
				if l, ok := byActivity[act.Code]; ok {
					ap.Status, ap.Completion = l.st.Status, l.st.Completion
				}
				acts = append(acts, ap)
			}
		}
	}
	ptrs := make([]*ActivityProgress, len(acts))
	for i := range acts {
		ptrs[i] = &acts[i]
	}
	return tally(ptrs)
}

func activityProgress(area, objective int, act *Activity, periods []Period, byPeriod []*Standing, weights map[string]float64, lastClosed int) ActivityProgress {
	ap := ActivityProgress{Code: act.Code, Area: area, Objective: objective, Weight: 1,
		Responsible: nonNil(act.Responsible), CoResponsible: nonNil(act.CoResponsible),
		Status: StatusNotReported, ByPeriod: make([]PeriodStatus, len(periods))}
	if w, ok := weights[act.Code]; ok {
		ap.Weight = w
	}
	for i, pd := range periods {
		ps := PeriodStatus{Period: pd.Key, Status: StatusNotReported}
		if byPeriod != nil && byPeriod[i] != nil {
			r := byPeriod[i]
			ps.Status, ps.Completion = r.Status, r.Completion
			// Periods run in order: the last one reported is the latest.
			ap.Status, ap.Completion, ap.Period = r.Status, r.Completion, pd.Key
		}
		ap.ByPeriod[i] = ps
	}
	ap.Overdue = lastClosed >= 0 && ap.ByPeriod[lastClosed].Status == StatusNotReported
	return ap
}

// tally rolls up activities: counts by status over all of them, the mean
// completion over the reported ones only.
func tally(acts []*ActivityProgress) Tally {
	t := Tally{Total: len(acts), ByStatus: make(map[Status]int, len(TallyStatuses)), Share: make(map[Status]float64, len(TallyStatuses))}
	for _, s := range TallyStatuses {
		t.ByStatus[s] = 0
	}
	var weight, weighted float64
	for _, a := range acts {
		t.ByStatus[a.Status]++
		if a.Reported() {
			t.Reported++
			weight += a.Weight
			weighted += a.Weight * float64(a.Completion.Level())
		}
	}
	if weight > 0 {
		t.Completion = weighted / weight
		t.Percent = int(math.Round(t.Completion / 3 * 100))
	}
	for _, s := range TallyStatuses {
		t.Share[s] = 0
		if t.Total > 0 {
			t.Share[s] = float64(t.ByStatus[s]) / float64(t.Total)
		}
	}
	return t
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// ProgressFilter narrows a rollup to one area, to the activities one party
// leads or supports, and to the periods up to one: the follow-up as it
// stood then. Zero values filter nothing.
type ProgressFilter struct {
	Area   int
	Party  string
	Period string
}

// Validate checks that the filter names an area, a party and a period of
// the programme.
func (f ProgressFilter) Validate(doc *Document, periods []Period) error {
	if f.Area != 0 {
		found := false
		for _, a := range doc.Areas {
			found = found || a.Number == f.Area
		}
		if !found {
			return Errorf(EINVALID, "the programme has no area %d", f.Area).WithKey("error_filter_no_area", "Area", f.Area)
		}
	}
	if f.Party != "" && doc.Party(f.Party) == nil && !namesParty(doc, f.Party) {
		return Errorf(EINVALID, "no activity of the programme names the party %q", f.Party).WithKey("error_filter_no_party", "Party", f.Party)
	}
	if f.Period != "" {
		found := false
		for _, p := range periods {
			found = found || p.Key == f.Period
		}
		if !found {
			return Errorf(EINVALID, "the programme has no period %q", f.Period).WithKey("error_filter_no_period", "Period", f.Period)
		}
	}
	return nil
}

func namesParty(doc *Document, id string) bool {
	for _, a := range doc.Areas {
		for _, o := range a.Objectives {
			for _, act := range o.Activities {
				if act.leads(id) || act.supports(id) {
					return true
				}
			}
		}
	}
	return false
}

func (a *Activity) leads(id string) bool    { return contains(a.Responsible, id) }
func (a *Activity) supports(id string) bool { return contains(a.CoResponsible, id) }

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Apply returns the part of the programme and the periods the filter
// keeps, for Rollup. Filtered by party, objectives and areas left without
// activities go; filtered by area alone, the area stays whole.
func (f ProgressFilter) Apply(doc *Document, periods []Period) (*Document, []Period) {
	out := *doc
	out.Areas = []Area{}
	for _, a := range doc.Areas {
		if f.Area != 0 && a.Number != f.Area {
			continue
		}
		if f.Party != "" {
			na := a
			na.Objectives = []Objective{}
			for _, o := range a.Objectives {
				no := o
				no.Activities = []Activity{}
				for _, act := range o.Activities {
					if act.leads(f.Party) || act.supports(f.Party) {
						no.Activities = append(no.Activities, act)
					}
				}
				if len(no.Activities) > 0 {
					na.Objectives = append(na.Objectives, no)
				}
			}
			if len(na.Objectives) == 0 {
				continue
			}
			a = na
		}
		out.Areas = append(out.Areas, a)
	}
	if f.Period != "" {
		for i, p := range periods {
			if p.Key == f.Period {
				periods = periods[:i+1]
				break
			}
		}
	}
	return &out, periods
}
