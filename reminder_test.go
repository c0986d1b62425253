package bitacora_test

import (
	"slices"
	"testing"
	"time"

	"github.com/elac/bitacora"
)

// A report is due by the end of its deadline day where the programme is:
// in Santiago, 14 August 2019 ends at 04:00 UTC on the 15th (UTC−4 in
// winter), and 14 February 2020 at 03:00 UTC (UTC−3 in summer).
func TestDueAtTheEndOfTheDayInTheProgrammesTimeZone(t *testing.T) {
	loc, err := bitacora.LoadTimeZone("")
	if err != nil {
		t.Fatal(err)
	}
	for deadline, want := range map[string]string{
		"2019-08-14": "2019-08-15T04:00:00Z",
		"2020-02-14": "2020-02-15T03:00:00Z",
	} {
		due := bitacora.Due(bitacora.Period{Deadline: deadline}, loc)
		if got := due.UTC().Format(time.RFC3339); got != want {
			t.Errorf("Due(%s) = %s; want %s", deadline, got, want)
		}
	}
	// At 02:00 UTC on the 15th it is still the 14th in Santiago.
	if got := bitacora.Today(time.Date(2019, 8, 15, 2, 0, 0, 0, time.UTC), loc); got != "2019-08-14" {
		t.Errorf("Today = %s; want the 14th", got)
	}
	for _, bad := range []string{"Mars/Olympus", "Local", "../etc"} {
		if _, err := bitacora.LoadTimeZone(bad); bitacora.ErrorCode(err) != bitacora.EINVALID {
			t.Errorf("LoadTimeZone(%q) = %v; want invalid", bad, err)
		}
	}
}

// The reminder due on a day: the nearest reminder day not yet passed (so
// one missed is sent late, and an earlier one skipped once a later one
// applies), or overdue within the window.
func TestReminderOffset(t *testing.T) {
	days := []int{14, 3}
	for _, tc := range []struct {
		today, want string
		ok          bool
	}{
		{"2019-07-30", "", false},       // 15 days left
		{"2019-07-31", "14", true},      // 14
		{"2019-08-05", "14", true},      // 9: the 14-day one, late
		{"2019-08-11", "3", true},       // 3
		{"2019-08-14", "3", true},       // the day itself
		{"2019-08-15", "overdue", true}, // a day late
		{"2019-09-13", "overdue", true}, // 30 days late
		{"2019-09-14", "overdue", false},
		{"2021-01-01", "overdue", false}, // long closed: nothing
	} {
		got, ok, err := bitacora.ReminderOffset("2019-08-14", tc.today, days)
		if err != nil || ok != tc.ok || (ok && got != tc.want) {
			t.Errorf("on %s: %q, %v, %v; want %q, %v", tc.today, got, ok, err, tc.want, tc.ok)
		}
	}
}

func TestParseReminderDays(t *testing.T) {
	got, err := bitacora.ParseReminderDays(" 3, 14,3 ,,30")
	if err != nil || !slices.Equal(got, []int{30, 14, 3}) {
		t.Errorf("= %v, %v; want 30, 14, 3", got, err)
	}
	if s := bitacora.FormatReminderDays(got); s != "30, 14, 3" {
		t.Errorf("Format = %q", s)
	}
	for _, bad := range []string{"14, x", "-1", "400", "3.5"} {
		if _, err := bitacora.ParseReminderDays(bad); bitacora.ErrorCode(err) != bitacora.EINVALID {
			t.Errorf("%q: %v; want invalid", bad, err)
		}
	}
}

// Reminders go for reports not submitted only, to each focal point of the
// responsible parties once, and a report extended counts its own deadline.
func TestDueReportsReminders(t *testing.T) {
	ana := bitacora.Recipient{UserID: 1, Email: "ana@example.org", Lang: "es"}
	bo := bitacora.Recipient{UserID: 2, Email: "bo@example.org", Lang: "en"}
	key := func(a string) bitacora.ReportKey {
		return bitacora.ReportKey{Programme: "p", Activity: a, Period: "2019-H1"}
	}
	d := bitacora.DueReports{Programme: "p", Days: []int{14, 3},
		FocalPoints: map[string][]bitacora.Recipient{"g1": {ana, bo}, "g2": {bo}},
		Reports: []bitacora.ReportDue{
			{Key: key("1.1"), Deadline: "2019-08-14", Responsible: []string{"g1", "g2"}},                                       // none written
			{Key: key("1.2"), Deadline: "2019-08-14", State: bitacora.StateDraft, Responsible: []string{"g2"}},                 // a draft
			{Key: key("1.3"), Deadline: "2019-08-14", State: bitacora.StateReturned, Responsible: []string{"g1"}},              // returned
			{Key: key("1.4"), Deadline: "2019-08-14", State: bitacora.StateSubmitted, Responsible: []string{"g1"}},             // submitted
			{Key: key("1.5"), Deadline: "2019-08-14", State: bitacora.StateDraft, Accepted: true, Responsible: []string{"g1"}}, // accepted once
			{Key: key("1.6"), Deadline: "2019-09-30", Extended: true, Responsible: []string{"g1"}},                             // extended
			{Key: key("1.7"), Deadline: "2019-08-14", Responsible: []string{"nobody"}},                                         // no focal point
		}}
	got, err := d.Reminders("2019-08-11")
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, r := range got {
		line := r.Report.Key.Activity + " " + r.Offset
		for _, p := range r.Recipients {
			line += " " + p.Email
		}
		lines = append(lines, line)
	}
	want := []string{"1.1 3 ana@example.org bo@example.org", "1.2 3 bo@example.org", "1.3 3 ana@example.org bo@example.org", "1.7 3"}
	if !slices.Equal(lines, want) {
		t.Errorf("reminders =\n%q\nwant\n%q", lines, want)
	}
	if k := bitacora.ReminderKey(2, key("1.1"), "3"); k != "reminder|user:2|p|1.1|2019-H1|3" {
		t.Errorf("ReminderKey = %q", k)
	}
}
