package store_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/store/storetest"
)

// What reminders are computed from: every activity and period with its
// report's state and deadline (its own once extended), and the focal
// points of the responsible parties on the day asked.
func TestDueReportsAndExtensions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := bitacora.WithActor(context.Background(), bitacora.Actor{UserID: 2, Name: "focal"})
		db := open(t, b)
		if err := db.ImportProgramme(ctx, sampleDoc("p"), ""); err != nil {
			t.Fatal(err)
		}
		ana, _, err := db.CreateUser(ctx, "ana@example.org", "Ana", "es", nil)
		if err != nil {
			t.Fatal(err)
		}
		bo, _, err := db.CreateUser(ctx, "bo@example.org", "Bo", "en", nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.AddMembership(ctx, ana.ID, "grupo-de-trabajo-sobre-acceso", "2100-01-01", ""); err != nil {
			t.Fatal(err)
		}
		if _, err := db.AddMembership(ctx, bo.ID, "red-gealc", "2099-01-01", "2100-03-01"); err != nil {
			t.Fatal(err)
		}
		k := bitacora.ReportKey{Programme: "p", Activity: "1.2", Period: "2100-H1"}
		r, err := db.SaveReport(ctx, k, 0, content(bitacora.StatusUnderWay), nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Submit(ctx, k, r.Version, nil); err != nil {
			t.Fatal(err)
		}
		ext := bitacora.ReportKey{Programme: "p", Activity: "1.1", Period: "2100-H1"}
		head, _, _ := db.AuditHead(ctx)
		if err := db.ExtendDeadline(ctx, ext, "2100-09-30"); err != nil {
			t.Fatal(err)
		}
		if after, _, _ := db.AuditHead(ctx); after != head+1 {
			t.Errorf("the extension wrote %d entries in the change record; want 1", after-head)
		}

		d, err := db.DueReports(ctx, "p", time.Date(2100, 8, 1, 16, 0, 0, 0, time.UTC))
		if err != nil {
			t.Fatal(err)
		}
		if d.TimeZone.String() != bitacora.DefaultTimeZone || !slices.Equal(d.Days, []int{14, 3}) || d.Today != "2100-08-01" {
			t.Errorf("settings = %s %v, day %s; want the defaults, on 2100-08-01 in Santiago", d.TimeZone, d.Days, d.Today)
		}
		// At 02:00 UTC on the 2nd it is still the 1st in Santiago.
		if late, err := db.DueReports(ctx, "p", time.Date(2100, 8, 2, 2, 0, 0, 0, time.UTC)); err != nil || late.Today != "2100-08-01" {
			t.Errorf("day judged at 02:00 UTC: %v %v; want the programme's day, 2100-08-01", late.Today, err)
		}
		if len(d.Reports) != 9 {
			t.Fatalf("%d reports due; want 3 activities × 3 periods", len(d.Reports))
		}
		for _, r := range d.Reports {
			switch {
			case r.Key == k:
				if r.State != bitacora.StateSubmitted || !r.Submitted() {
					t.Errorf("%v: state %q", r.Key, r.State)
				}
			case r.Key == ext:
				if r.Deadline != "2100-09-30" || !r.Extended {
					t.Errorf("%v: deadline %s, extended %v; want the extension", r.Key, r.Deadline, r.Extended)
				}
			case r.State != "" || r.Extended:
				t.Errorf("%v: state %q, extended %v; want nothing written", r.Key, r.State, r.Extended)
			}
			if r.Key.Activity == "2.1" && !slices.Equal(r.Responsible, []string{"red-gealc"}) {
				t.Errorf("2.1 responsible = %v", r.Responsible)
			}
		}
		if fp := d.FocalPoints["grupo-de-trabajo-sobre-acceso"]; len(fp) != 1 || fp[0].Email != "ana@example.org" || fp[0].Lang != "es" {
			t.Errorf("the working group's focal points = %+v; want Ana", fp)
		}
		if fp := d.FocalPoints["red-gealc"]; len(fp) != 0 {
			t.Errorf("Red GEALC's focal points on 2100-08-01 = %+v; want none (Bo's membership ended)", fp)
		}

		// An extension never shortens; an unknown activity or period is
		// the caller's mistake; "" goes back to the period's deadline.
		for _, tc := range []struct {
			k     bitacora.ReportKey
			day   string
			field string
		}{
			{ext, "2100-08-01", "deadline"},
			{bitacora.ReportKey{Programme: "p", Activity: "9.9", Period: "2100-H1"}, "2100-09-30", "activity"},
			{bitacora.ReportKey{Programme: "p", Activity: "1.1", Period: "1999-H1"}, "2100-09-30", "period"},
		} {
			err := db.ExtendDeadline(ctx, tc.k, tc.day)
			var fe *bitacora.InvalidFields
			if !errors.As(err, &fe) || fe.Fields[tc.field] == "" {
				t.Errorf("extend %v to %s: %v; want field %s invalid", tc.k, tc.day, err, tc.field)
			}
		}
		if err := db.ExtendDeadline(ctx, ext, ""); err != nil {
			t.Fatal(err)
		}
		d, _ = db.DueReports(ctx, "p", time.Date(2100, 8, 1, 16, 0, 0, 0, time.UTC))
		for _, r := range d.Reports {
			if r.Key == ext && (r.Extended || r.Deadline == "2100-09-30") {
				t.Error("the extension is still there after it was taken back")
			}
		}
	})
}

// The programme's time zone and reminder days are settings: kept, checked,
// and left as they were by a change to another setting.
func TestDeadlineSettings(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := bitacora.WithActor(context.Background(), bitacora.Actor{Name: "test"})
		db := open(t, b)
		if err := db.ImportProgramme(ctx, sampleDoc("p"), ""); err != nil {
			t.Fatal(err)
		}
		want := bitacora.ProgrammeSettings{TimeZone: "America/Port_of_Spain", ReminderDays: []int{21, 7, 1}}
		if err := db.SetProgrammeSettings(ctx, "p", want); err != nil {
			t.Fatal(err)
		}
		if err := db.SetProgrammeSettings(ctx, "p", bitacora.ProgrammeSettings{SingleMemberBureau: true}); err != nil {
			t.Fatal(err)
		}
		want.SingleMemberBureau = true
		if got, err := db.ProgrammeSettings(ctx, "p"); err != nil || !got.Equal(want) {
			t.Errorf("settings = %+v, %v; want %+v", got, err, want)
		}
		err := db.SetProgrammeSettings(ctx, "p", bitacora.ProgrammeSettings{TimeZone: "Atlantis/Capital"})
		var fe *bitacora.InvalidFields
		if !errors.As(err, &fe) || fe.Fields["time_zone"] == "" {
			t.Errorf("an unknown time zone: %v; want field time_zone invalid", err)
		}
	})
}
