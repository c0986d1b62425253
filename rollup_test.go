package bitacora_test

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/elac/bitacora"
)

// rollupDoc is a small programme: area 1 has objectives 1 (1.1, 1.2) and 2
// (2.1); area 2 has objective 3 (3.1, 3.2) and objective 4, which has no
// activities. Party a leads 1.1 and 1.2, b leads 2.1 and 3.1 and supports
// 1.1, c leads 3.2 and supports 3.1.
func rollupDoc() *bitacora.Document {
	act := func(code string, lead []string, co ...string) bitacora.Activity {
		return bitacora.Activity{Code: code, Responsible: lead, CoResponsible: co}
	}
	return &bitacora.Document{
		Programme: bitacora.Programme{Slug: "p"},
		Parties:   []bitacora.Party{{ID: "a"}, {ID: "b"}, {ID: "c"}, {ID: "d"}},
		Areas: []bitacora.Area{
			{Number: 1, Objectives: []bitacora.Objective{
				{Number: 1, Activities: []bitacora.Activity{act("1.1", []string{"a"}, "b"), act("1.2", []string{"a"})}},
				{Number: 2, Activities: []bitacora.Activity{act("2.1", []string{"b"})}},
			}},
			{Number: 2, Objectives: []bitacora.Objective{
				{Number: 3, Activities: []bitacora.Activity{act("3.1", []string{"b"}, "c"), act("3.2", []string{"c"})}},
				{Number: 4},
			}},
		},
	}
}

// rollupPeriods are 2019-H1 (due 2019-08-14) and 2019-H2 (due 2020-02-14).
func rollupPeriods(t *testing.T) []bitacora.Period {
	ps, err := bitacora.HalfYears("2019-H1", "2019-H2")
	if err != nil || len(ps) != 2 || ps[0].Deadline != "2019-08-14" || ps[1].Deadline != "2020-02-14" {
		t.Fatalf("HalfYears: %v %v", ps, err)
	}
	return ps
}

// accepted is an accepted report, version 1.
func accepted(code, period string, s bitacora.Status, c bitacora.Completion) bitacora.Report {
	return bitacora.Report{Programme: "p", Activity: code, Period: period, Version: 1, State: bitacora.StateAccepted,
		ReportContent: bitacora.ReportContent{Status: s, Completion: c}}
}

const (
	notReported = bitacora.StatusNotReported
	underWay    = bitacora.StatusUnderWay
	completed   = bitacora.StatusCompleted
	notStarted  = bitacora.StatusNotStarted
	delayed     = bitacora.StatusDelayed
)

func TestRollup(t *testing.T) {
	type tallyWant struct {
		total, reported int
		completion      float64
		percent         int
		byStatus        map[bitacora.Status]int // the others must be 0
	}
	for _, tc := range []struct {
		name     string
		reports  []bitacora.Report
		weights  map[string]float64
		today    string
		status   map[string]bitacora.Status // latest status by activity code
		program  tallyWant
		areas    []tallyWant
		overdue  []string
		closed   string
		parties  map[string][2]tallyWant // leads, supports
		byPeriod map[string][]bitacora.Status
	}{
		{
			name:    "nothing reported: everything not reported, completion 0 and never NaN",
			today:   "2019-01-01",
			status:  map[string]bitacora.Status{"1.1": notReported, "3.2": notReported},
			program: tallyWant{5, 0, 0, 0, map[bitacora.Status]int{notReported: 5}},
			areas:   []tallyWant{{3, 0, 0, 0, map[bitacora.Status]int{notReported: 3}}, {2, 0, 0, 0, map[bitacora.Status]int{notReported: 2}}},
			overdue: []string{},
		},
		{
			name:    "not reported is not zero: one complete activity makes the mean complete",
			reports: []bitacora.Report{accepted("1.1", "2019-H1", completed, bitacora.CompletionComplete)},
			today:   "2019-01-01",
			status:  map[string]bitacora.Status{"1.1": completed, "1.2": notReported},
			program: tallyWant{5, 1, 3, 100, map[bitacora.Status]int{completed: 1, notReported: 4}},
			areas:   []tallyWant{{3, 1, 3, 100, map[bitacora.Status]int{completed: 1, notReported: 2}}, {2, 0, 0, 0, map[bitacora.Status]int{notReported: 2}}},
			overdue: []string{},
			parties: map[string][2]tallyWant{
				"a": {{2, 1, 3, 100, map[bitacora.Status]int{completed: 1, notReported: 1}}, {0, 0, 0, 0, nil}},
				"b": {{2, 0, 0, 0, map[bitacora.Status]int{notReported: 2}}, {1, 1, 3, 100, map[bitacora.Status]int{completed: 1}}},
				"c": {{1, 0, 0, 0, map[bitacora.Status]int{notReported: 1}}, {1, 0, 0, 0, map[bitacora.Status]int{notReported: 1}}},
			},
		},
		{
			name: "the latest period with an accepted report gives the status",
			reports: []bitacora.Report{
				accepted("1.1", "2019-H2", completed, bitacora.CompletionComplete),
				accepted("1.1", "2019-H1", underWay, bitacora.CompletionLimited),
				accepted("2.1", "2019-H1", delayed, bitacora.CompletionLimited),
			},
			today:    "2019-01-01",
			status:   map[string]bitacora.Status{"1.1": completed, "2.1": delayed},
			program:  tallyWant{5, 2, 2, 67, map[bitacora.Status]int{completed: 1, delayed: 1, notReported: 3}},
			byPeriod: map[string][]bitacora.Status{"1.1": {underWay, completed}, "2.1": {delayed, notReported}, "3.2": {notReported, notReported}},
			overdue:  []string{},
		},
		{
			name: "unweighted mean over the reported",
			reports: []bitacora.Report{
				accepted("1.1", "2019-H1", completed, bitacora.CompletionComplete),
				accepted("1.2", "2019-H1", notStarted, bitacora.CompletionNotStarted),
			},
			today:   "2019-01-01",
			program: tallyWant{5, 2, 1.5, 50, map[bitacora.Status]int{completed: 1, notStarted: 1, notReported: 3}},
			overdue: []string{},
		},
		{
			name: "weights: 1.1 weighs 3, 1.2 (missing) 1, 3.1 (unreported) does not count",
			reports: []bitacora.Report{
				accepted("1.1", "2019-H1", completed, bitacora.CompletionComplete),
				accepted("1.2", "2019-H1", notStarted, bitacora.CompletionNotStarted),
			},
			weights: map[string]float64{"1.1": 3, "3.1": 10, "9.9": 2},
			today:   "2019-01-01",
			program: tallyWant{5, 2, 2.25, 75, map[bitacora.Status]int{completed: 1, notStarted: 1, notReported: 3}},
			areas:   []tallyWant{{3, 2, 2.25, 75, map[bitacora.Status]int{completed: 1, notStarted: 1, notReported: 1}}, {2, 0, 0, 0, map[bitacora.Status]int{notReported: 2}}},
			overdue: []string{},
		},
		{
			name:    "overdue: no period closed until the day after the deadline",
			reports: []bitacora.Report{accepted("1.1", "2019-H1", underWay, bitacora.CompletionLimited)},
			today:   "2019-08-14",
			overdue: []string{},
			closed:  "",
		},
		{
			name:    "overdue: the activities without a report for the last closed period",
			reports: []bitacora.Report{accepted("1.1", "2019-H1", underWay, bitacora.CompletionLimited), accepted("3.1", "2019-H2", underWay, bitacora.CompletionLimited)},
			today:   "2019-08-15",
			overdue: []string{"1.2", "2.1", "3.1", "3.2"},
			closed:  "2019-H1",
		},
		{
			name:    "overdue: a report for an earlier period does not count",
			reports: []bitacora.Report{accepted("1.1", "2019-H1", underWay, bitacora.CompletionLimited), accepted("3.1", "2019-H2", underWay, bitacora.CompletionLimited)},
			today:   "2020-03-01",
			overdue: []string{"1.1", "1.2", "2.1", "3.2"},
			closed:  "2019-H2",
			status:  map[string]bitacora.Status{"1.1": underWay, "3.1": underWay},
		},
		{
			name: "left out: not accepted, unknown period or activity, invalid status; of two versions the later",
			reports: []bitacora.Report{
				{Activity: "1.1", Period: "2019-H1", Version: 3, State: bitacora.StateSubmitted, ReportContent: bitacora.ReportContent{Status: completed, Completion: bitacora.CompletionComplete}},
				accepted("1.2", "2030-H1", completed, bitacora.CompletionComplete),
				accepted("9.9", "2019-H1", completed, bitacora.CompletionComplete),
				accepted("2.1", "2019-H1", "finished", bitacora.CompletionComplete),
				accepted("3.1", "2019-H1", underWay, "most"),
				accepted("3.2", "2019-H1", underWay, bitacora.CompletionLimited),
				func() bitacora.Report {
					r := accepted("3.2", "2019-H1", completed, bitacora.CompletionSubstantial)
					r.Version = 2
					return r
				}(),
				accepted("3.2", "2019-H1", delayed, bitacora.CompletionNotStarted),
			},
			today:   "2019-01-01",
			status:  map[string]bitacora.Status{"1.1": notReported, "1.2": notReported, "2.1": notReported, "3.1": notReported, "3.2": completed},
			program: tallyWant{5, 1, 2, 67, map[bitacora.Status]int{completed: 1, notReported: 4}},
			overdue: []string{},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := bitacora.Rollup(rollupDoc(), rollupPeriods(t), tc.reports, tc.weights, tc.today)
			if err != nil {
				t.Fatal(err)
			}
			checkTally := func(what string, got bitacora.Tally, want tallyWant) {
				t.Helper()
				if got.Total != want.total || got.Reported != want.reported || math.Abs(got.Completion-want.completion) > 1e-9 || got.Percent != want.percent {
					t.Errorf("%s: total %d, reported %d, completion %v, percent %d; want %d, %d, %v, %d", what,
						got.Total, got.Reported, got.Completion, got.Percent, want.total, want.reported, want.completion, want.percent)
				}
				if len(got.ByStatus) != len(bitacora.TallyStatuses) || len(got.Share) != len(bitacora.TallyStatuses) {
					t.Errorf("%s: by status %v, share %v; want an entry for every status", what, got.ByStatus, got.Share)
				}
				sum := 0
				for _, s := range bitacora.TallyStatuses {
					sum += got.ByStatus[s]
					if got.ByStatus[s] != want.byStatus[s] {
						t.Errorf("%s: %d %s; want %d", what, got.ByStatus[s], s, want.byStatus[s])
					}
					if wantShare := float64(want.byStatus[s]) / float64(max(want.total, 1)); math.Abs(got.Share[s]-wantShare) > 1e-9 {
						t.Errorf("%s: share of %s %v; want %v", what, s, got.Share[s], wantShare)
					}
				}
				if sum != got.Total {
					t.Errorf("%s: statuses add up to %d of %d", what, sum, got.Total)
				}
			}
			if tc.program.byStatus != nil {
				checkTally("programme", p.Tally, tc.program)
			}
			for i, want := range tc.areas {
				checkTally("area "+strconv.Itoa(p.Areas[i].Number), p.Areas[i].Tally, want)
			}
			for id, want := range tc.parties {
				var got *bitacora.PartyProgress
				for i := range p.Parties {
					if p.Parties[i].Party == id {
						got = &p.Parties[i]
					}
				}
				if got == nil {
					t.Fatalf("no party %s in %v", id, p.Parties)
				}
				checkTally("party "+id+" leads", got.Leads, want[0])
				checkTally("party "+id+" supports", got.Supports, want[1])
			}
			byCode := map[string]bitacora.ActivityProgress{}
			for _, a := range p.Activities {
				byCode[a.Code] = a
			}
			for code, want := range tc.status {
				if got := byCode[code].Status; got != want {
					t.Errorf("%s: status %s; want %s", code, got, want)
				}
			}
			for code, want := range tc.byPeriod {
				var got []bitacora.Status
				for _, ps := range byCode[code].ByPeriod {
					got = append(got, ps.Status)
				}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("%s by period: %v; want %v", code, got, want)
				}
			}
			if !reflect.DeepEqual(p.Overdue, tc.overdue) {
				t.Errorf("overdue %v; want %v", p.Overdue, tc.overdue)
			}
			if p.LastClosed != tc.closed {
				t.Errorf("last closed %q; want %q", p.LastClosed, tc.closed)
			}
			for _, a := range p.Activities {
				if want := contains(tc.overdue, a.Code); a.Overdue != want {
					t.Errorf("%s: overdue %v; want %v", a.Code, a.Overdue, want)
				}
			}
		})
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// The shape of the rollup: groups in programme order, parties in the order
// first named, an objective without activities tallied as empty.
func TestRollupShape(t *testing.T) {
	p, err := bitacora.Rollup(rollupDoc(), rollupPeriods(t), nil, nil, "2019-01-01")
	if err != nil {
		t.Fatal(err)
	}
	var codes, parties []string
	for _, a := range p.Activities {
		codes = append(codes, a.Code)
	}
	for _, pp := range p.Parties {
		parties = append(parties, pp.Party)
	}
	if want := []string{"1.1", "1.2", "2.1", "3.1", "3.2"}; !reflect.DeepEqual(codes, want) {
		t.Errorf("activities %v; want %v", codes, want)
	}
	if want := []string{"a", "b", "c"}; !reflect.DeepEqual(parties, want) {
		t.Errorf("parties %v; want %v (d names no activity)", parties, want)
	}
	if len(p.Areas) != 2 || len(p.Areas[1].Objectives) != 2 {
		t.Fatalf("areas %+v", p.Areas)
	}
	if o := p.Areas[1].Objectives[1]; o.Number != 4 || o.Total != 0 || len(o.Activities) != 0 || o.Completion != 0 {
		t.Errorf("empty objective: %+v", o)
	}
	if o := p.Areas[0].Objectives[0]; !reflect.DeepEqual(o.Activities, []string{"1.1", "1.2"}) {
		t.Errorf("objective 1 activities %v", o.Activities)
	}
	if a := p.Activities[0]; a.Area != 1 || a.Objective != 1 || a.Weight != 1 || a.Period != "" || a.Completion != "" || len(a.ByPeriod) != 2 {
		t.Errorf("activity 1.1: %+v", a)
	}
}

func TestRollupOfAnEmptyProgramme(t *testing.T) {
	for name, doc := range map[string]*bitacora.Document{
		"no areas":      {Programme: bitacora.Programme{Slug: "empty"}},
		"no activities": {Programme: bitacora.Programme{Slug: "empty"}, Areas: []bitacora.Area{{Number: 1, Objectives: []bitacora.Objective{{Number: 1}}}}},
	} {
		for _, periods := range [][]bitacora.Period{nil, rollupPeriods(t)} {
			p, err := bitacora.Rollup(doc, periods, []bitacora.Report{accepted("1.1", "2019-H1", completed, bitacora.CompletionComplete)}, nil, "2030-01-01")
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if p.Total != 0 || p.Reported != 0 || p.Completion != 0 || p.Percent != 0 || len(p.Overdue) != 0 || len(p.Parties) != 0 {
				t.Errorf("%s: %+v", name, p)
			}
			if p.Share[notReported] != 0 || p.ByStatus[notReported] != 0 {
				t.Errorf("%s: shares %v", name, p.Share)
			}
			// The API serves it: it must marshal (NaN would not), with
			// empty lists rather than null.
			b, err := json.Marshal(p)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if strings.Contains(string(b), "null") {
				t.Errorf("%s: JSON has null: %s", name, b)
			}
		}
	}
}

func TestRollupJSON(t *testing.T) {
	p, err := bitacora.Rollup(rollupDoc(), rollupPeriods(t), []bitacora.Report{accepted("1.1", "2019-H1", underWay, bitacora.CompletionSubstantial)}, nil, "2019-09-01")
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{`"programme":"p"`, `"today":"2019-09-01"`, `"last_closed":"2019-H1"`, `"total":5`, `"reported":1`,
		`"completion":2`, `"percent":67`, `"by_status":{`, `"not_reported":4`, `"share":{`, `"areas":[{"number":1,"total":3`,
		`"objectives":[{"number":1`, `"parties":[{"party":"a","leads":{"total":2`, `"supports":{`, `"co_responsible":["b"]`,
		`"by_period":[{"period":"2019-H1","status":"under_way","completion":"substantial"}`, `"overdue":["1.2","2.1","3.1","3.2"]`} {
		if !strings.Contains(string(b), s) {
			t.Errorf("JSON lacks %s", s)
		}
	}
	if strings.Contains(string(b), "null") {
		t.Errorf("JSON has null: %s", b)
	}
}

func TestRollupRefuses(t *testing.T) {
	for name, tc := range map[string]struct {
		doc     *bitacora.Document
		weights map[string]float64
		today   string
	}{
		"no document":     {nil, nil, "2019-01-01"},
		"no day":          {rollupDoc(), nil, ""},
		"not a day":       {rollupDoc(), nil, "2019-13-01"},
		"zero weight":     {rollupDoc(), map[string]float64{"1.1": 0}, "2019-01-01"},
		"negative weight": {rollupDoc(), map[string]float64{"1.1": -1}, "2019-01-01"},
		"NaN weight":      {rollupDoc(), map[string]float64{"1.1": math.NaN()}, "2019-01-01"},
		"infinite weight": {rollupDoc(), map[string]float64{"1.1": math.Inf(1)}, "2019-01-01"},
	} {
		if _, err := bitacora.Rollup(tc.doc, nil, nil, tc.weights, tc.today); bitacora.ErrorCode(err) != bitacora.EINVALID {
			t.Errorf("%s: %v; want an invalid error", name, err)
		}
	}
}

func TestProgressFilter(t *testing.T) {
	doc, periods := rollupDoc(), rollupPeriods(t)
	for _, tc := range []struct {
		filter     bitacora.ProgressFilter
		valid      bool
		activities []string
		areas      []int
		periods    int
	}{
		{bitacora.ProgressFilter{}, true, []string{"1.1", "1.2", "2.1", "3.1", "3.2"}, []int{1, 2}, 2},
		{bitacora.ProgressFilter{Area: 2}, true, []string{"3.1", "3.2"}, []int{2}, 2},
		{bitacora.ProgressFilter{Party: "b"}, true, []string{"1.1", "2.1", "3.1"}, []int{1, 2}, 2},
		{bitacora.ProgressFilter{Party: "c", Area: 1}, true, []string{}, []int{}, 2},
		{bitacora.ProgressFilter{Party: "d"}, true, []string{}, []int{}, 2},
		{bitacora.ProgressFilter{Period: "2019-H1"}, true, []string{"1.1", "1.2", "2.1", "3.1", "3.2"}, []int{1, 2}, 1},
		{bitacora.ProgressFilter{Area: 3}, false, nil, nil, 0},
		{bitacora.ProgressFilter{Party: "z"}, false, nil, nil, 0},
		{bitacora.ProgressFilter{Period: "2020-H1"}, false, nil, nil, 0},
	} {
		err := tc.filter.Validate(doc, periods)
		if (err == nil) != tc.valid || (err != nil && bitacora.ErrorCode(err) != bitacora.EINVALID) {
			t.Errorf("%+v: Validate = %v; want valid %v", tc.filter, err, tc.valid)
			continue
		}
		if !tc.valid {
			continue
		}
		fdoc, fperiods := tc.filter.Apply(doc, periods)
		p, err := bitacora.Rollup(fdoc, fperiods, nil, nil, "2019-01-01")
		if err != nil {
			t.Fatal(err)
		}
		codes, areas := []string{}, []int{}
		for _, a := range p.Activities {
			codes = append(codes, a.Code)
		}
		for _, a := range p.Areas {
			areas = append(areas, a.Number)
		}
		if !reflect.DeepEqual(codes, tc.activities) || !reflect.DeepEqual(areas, tc.areas) || len(p.Periods) != tc.periods {
			t.Errorf("%+v: activities %v, areas %v, %d periods; want %v, %v, %d", tc.filter, codes, areas, len(p.Periods), tc.activities, tc.areas, tc.periods)
		}
	}
	// Apply leaves the programme as it was.
	if doc.CountActivities() != 5 || len(periods) != 2 {
		t.Error("Apply changed its inputs")
	}
}

// Summary is RollupStandings' Tally, whatever the standings: random ones
// over eLAC2020-like activities, periods and weights, some of them of
// periods or activities the programme lacks, with invalid statuses, or
// repeated with another version.
func TestSummaryIsTheRollupsTally(t *testing.T) {
	doc, periods := rollupDoc(), rollupPeriods(t)
	var codes []string
	for _, a := range doc.Areas {
		for _, o := range a.Objectives {
			for _, act := range o.Activities {
				codes = append(codes, act.Code)
			}
		}
	}
	codes = append(codes, "99.9")
	keys := []string{"1999-H1"}
	for _, p := range periods {
		keys = append(keys, p.Key)
	}
	statuses := append(append([]bitacora.Status{}, bitacora.Statuses...), "bogus")
	completions := append(append([]bitacora.Completion{}, bitacora.Completions...), "")
	rng := rand.New(rand.NewPCG(1, 2))
	for round := range 200 {
		var standings []bitacora.Standing
		for range rng.IntN(12) {
			standings = append(standings, bitacora.Standing{Activity: codes[rng.IntN(len(codes))], Period: keys[rng.IntN(len(keys))],
				Version: 1 + rng.IntN(5), Status: statuses[rng.IntN(len(statuses))], Completion: completions[rng.IntN(len(completions))]})
		}
		weights := map[string]float64{}
		if round%2 == 1 {
			weights[codes[0]] = 2.5
		}
		p, err := bitacora.RollupStandings(doc, periods, standings, weights, "2030-01-01")
		if err != nil {
			t.Fatal(err)
		}
		if got := bitacora.Summary(doc, periods, standings, weights); !reflect.DeepEqual(got, p.Tally) {
			t.Fatalf("round %d: Summary = %+v; Rollup's Tally = %+v\n%+v", round, got, p.Tally, standings)
		}
	}
}
