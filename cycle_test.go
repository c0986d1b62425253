package bitacora_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/elac/bitacora"
)

// A deadline falls at the end of its day: on the day itself no days are
// left but the report is not late; the next day it is a day overdue.
func TestDueAndDaysLeft(t *testing.T) {
	p := bitacora.Period{Key: "2019-H1", StartsOn: "2019-01-01", EndsOn: "2019-06-30", Deadline: "2019-08-14"}
	due := bitacora.Due(p, nil)
	if want := time.Date(2019, 8, 15, 0, 0, 0, 0, time.UTC); !due.Equal(want) {
		t.Fatalf("Due = %v; want %v", due, want)
	}
	santiago := time.FixedZone("CLT", -4*3600)
	if got := bitacora.Due(p, santiago); !got.Equal(time.Date(2019, 8, 15, 4, 0, 0, 0, time.UTC)) {
		t.Errorf("Due in Santiago = %v", got.UTC())
	}
	for now, want := range map[string]int{
		"2019-08-01T09:00:00Z": 13,
		"2019-08-13T10:00:00Z": 1,
		"2019-08-14T10:00:00Z": 0,
		"2019-08-14T23:59:00Z": 0,
		"2019-08-15T00:00:00Z": -1,
		"2019-08-20T12:00:00Z": -6,
	} {
		n, _ := time.Parse(time.RFC3339, now)
		if got := bitacora.DaysLeft(due, n); got != want {
			t.Errorf("DaysLeft at %s = %d; want %d", now, got, want)
		}
	}
	if bitacora.Due(bitacora.Period{Deadline: "soon"}, nil) != (time.Time{}) {
		t.Error("an unreadable deadline has a due time")
	}
	now, _ := time.Parse(time.RFC3339, "2019-08-20T12:00:00Z")
	if got := bitacora.DaysSince("2019-08-17T11:00:00.000000Z", now); got != 3 {
		t.Errorf("DaysSince = %d; want 3", got)
	}
}

// The cycle counts every activity once per period, and once per party
// that leads it; an activity has reported once its report is with the
// Bureau or was accepted, not while it is returned or a first draft.
func TestCycle(t *testing.T) {
	doc := &bitacora.Document{Areas: []bitacora.Area{{Number: 1, Objectives: []bitacora.Objective{{Number: 1, Activities: []bitacora.Activity{
		{Code: "1.1", Responsible: []string{"a"}},
		{Code: "1.2", Responsible: []string{"a", "b"}},
		{Code: "1.3", Responsible: []string{"b"}},
		{Code: "1.4", Responsible: []string{"b"}},
	}}}}}}
	periods := []bitacora.Period{{Key: "P1"}, {Key: "P2"}}
	st := func(code, period string, s bitacora.ReviewState, accepted string) bitacora.ReportState {
		return bitacora.ReportState{Key: bitacora.ReportKey{Activity: code, Period: period}, State: s, AcceptedAt: accepted}
	}
	tally := bitacora.Cycle(doc, periods, []bitacora.ReportState{
		st("1.1", "P1", bitacora.StateSubmitted, ""),
		st("1.2", "P1", bitacora.StateReturned, ""),
		st("1.3", "P1", bitacora.StateDraft, "2019-01-01T00:00:00.000000Z"), // a new draft of an accepted report
		st("1.4", "P2", bitacora.StateAccepted, "2019-01-01T00:00:00.000000Z"),
		st("9.9", "P1", bitacora.StateAccepted, ""), // an activity the programme no longer has
	})
	if len(tally) != 2 {
		t.Fatalf("%d periods", len(tally))
	}
	p1 := tally[0]
	if want := map[bitacora.ReviewState]int{bitacora.StateSubmitted: 1, bitacora.StateReturned: 1, bitacora.StateDraft: 1, bitacora.StateNotStarted: 1}; !reflect.DeepEqual(p1.Stages, want) {
		t.Errorf("P1 stages = %v; want %v", p1.Stages, want)
	}
	if len(p1.Parties) != 2 || p1.Parties[0].PartyID != "a" || p1.Parties[0].Activity != 2 || !reflect.DeepEqual(p1.Parties[0].Missing, []string{"1.2"}) ||
		p1.Parties[1].PartyID != "b" || p1.Parties[1].Activity != 3 || !reflect.DeepEqual(p1.Parties[1].Missing, []string{"1.2", "1.4"}) {
		t.Errorf("P1 parties = %+v", p1.Parties)
	}
	if p2 := tally[1]; p2.Stages[bitacora.StateNotStarted] != 3 || p2.Stages[bitacora.StateAccepted] != 1 || !reflect.DeepEqual(p2.Parties[1].Missing, []string{"1.2", "1.3"}) {
		t.Errorf("P2 = %+v", p2)
	}
}
