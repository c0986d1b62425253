package bitacora

import (
	"sort"
	"time"
)

// The reporting cycle as the people in it see it: what is due when, what
// waits for the Bureau, who has not reported. The work lists (a focal
// point's, the Bureau's queue, the secretariat's cycle view) all read
// ReportState and ask Due.

// ReportState is where one report stands, without its content.
type ReportState struct {
	Key           ReportKey
	State         ReviewState
	Version       int
	ReviewComment string // the Bureau's, when it returned the report
	UpdatedAt     string
	SubmittedAt   string // the last submission
	AcceptedAt    string // the last acceptance; kept while a new draft is written
}

// StateNotStarted is the stage of an activity and period with no report
// at all: not a ReviewState of a report, a stage of the cycle.
const StateNotStarted ReviewState = "not_started"

// Stages are where an activity's report on a period may stand, in the
// cycle's order.
var Stages = []ReviewState{StateNotStarted, StateDraft, StateSubmitted, StateReturned, StateAccepted}

// Stage is where the report stands in the cycle; StateNotStarted for nil.
func (rs *ReportState) Stage() ReviewState {
	if rs == nil {
		return StateNotStarted
	}
	return rs.State
}

// Reported reports whether the activity has reported on the period: its
// report is with the Bureau or was accepted (a new draft of an accepted
// report keeps it reported). A returned report is not: it waits on its
// authors.
func (rs *ReportState) Reported() bool {
	return rs != nil && (rs.State == StateSubmitted || rs.State == StateAccepted || rs.AcceptedAt != "")
}

// Due is the moment reports on the period fall due: the end of its
// deadline day in loc (UTC when nil), that is the start of the next day.
// Every page that shows a deadline, days left or overdue asks it, so that
// how a deadline is reckoned changes here only.
func Due(p Period, loc *time.Location) time.Time {
	if loc == nil {
		loc = time.UTC
	}
	d, err := time.ParseInLocation(time.DateOnly, p.Deadline, loc)
	if err != nil {
		return time.Time{}
	}
	return d.AddDate(0, 0, 1)
}

// DaysLeft is the whole days from now until due: 0 on the deadline day
// itself, negative once overdue (-1 on the first day after it).
func DaysLeft(due, now time.Time) int {
	if now.Before(due) {
		return int(due.Sub(now) / (24 * time.Hour))
	}
	return -int(now.Sub(due)/(24*time.Hour)) - 1
}

// DaysSince is the whole days from an instant written in AuditTimeFormat
// (a report's SubmittedAt) to now; 0 when it cannot be read.
func DaysSince(at string, now time.Time) int {
	t, err := time.Parse(AuditTimeFormat, at)
	if err != nil || now.Before(t) {
		return 0
	}
	return int(now.Sub(t).Hours() / 24)
}

// PeriodTally is one period of the cycle of a programme: how many of its
// activities stand at each stage, the same by responsible party, and
// which activities have not reported.
type PeriodTally struct {
	Period  Period
	Stages  map[ReviewState]int
	Parties []PartyTally // by party id
}

// PartyTally is one responsible party's part of a period: its activities
// by stage, and those it has not reported on.
type PartyTally struct {
	PartyID  string
	Stages   map[ReviewState]int
	Missing  []string // activity codes, in document order
	Activity int      // how many activities it leads
}

// Cycle tallies a programme's reporting cycle, period by period, from the
// states of its reports (any order; those of activities or periods the
// programme no longer has are left out). An activity led by several
// parties counts for each of them in the parties' tallies, once in the
// period's.
func Cycle(doc *Document, periods []Period, states []ReportState) []PeriodTally {
	type key struct{ code, period string }
	byKey := make(map[key]*ReportState, len(states))
	for i := range states {
		byKey[key{states[i].Key.Activity, states[i].Key.Period}] = &states[i]
	}
	out := make([]PeriodTally, 0, len(periods))
	for _, p := range periods {
		t := PeriodTally{Period: p, Stages: map[ReviewState]int{}}
		parties := map[string]*PartyTally{}
		for _, area := range doc.Areas {
			for _, o := range area.Objectives {
				for _, a := range o.Activities {
					rs := byKey[key{a.Code, p.Key}]
					stage := rs.Stage()
					t.Stages[stage]++
					for _, id := range a.Responsible {
						pt := parties[id]
						if pt == nil {
							pt = &PartyTally{PartyID: id, Stages: map[ReviewState]int{}}
							parties[id] = pt
						}
						pt.Activity++
						pt.Stages[stage]++
						if !rs.Reported() {
							pt.Missing = append(pt.Missing, a.Code)
						}
					}
				}
			}
		}
		for _, pt := range parties {
			t.Parties = append(t.Parties, *pt)
		}
		sort.Slice(t.Parties, func(i, j int) bool { return t.Parties[i].PartyID < t.Parties[j].PartyID })
		out = append(out, t)
	}
	return out
}
