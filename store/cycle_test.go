package store_test

import (
	"context"
	"testing"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/store"
	"github.com/elac/bitacora/store/storetest"
)

// ReportStates reads where reports stand, narrowed by programme, state,
// period and the parties that lead or co-lead their activities.
func TestReportStates(t *testing.T) {
	store.Migrated.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := bitacora.WithActor(context.Background(), bitacora.Actor{UserID: 2, Name: "focal"})
		db := open(t, b)
		for _, slug := range []string{"p", "q"} {
			if err := db.ImportProgramme(ctx, sampleDoc(slug), ""); err != nil {
				t.Fatal(err)
			}
		}
		key := func(slug, code, period string) bitacora.ReportKey {
			return bitacora.ReportKey{Programme: slug, Activity: code, Period: period}
		}
		// p 1.1 2100-H1 submitted; p 2.1 2100-H1 returned; p 1.2 2099-H2
		// draft; q 1.1 2100-H1 submitted.
		submit := func(k bitacora.ReportKey) *bitacora.Report {
			r, err := db.SaveReport(ctx, k, 0, content(bitacora.StatusUnderWay), nil)
			if err == nil {
				r, err = db.Submit(ctx, k, r.Version, nil)
			}
			if err != nil {
				t.Fatal(err)
			}
			return r
		}
		submit(key("p", "1.1", "2100-H1"))
		submit(key("q", "1.1", "2100-H1"))
		r := submit(key("p", "2.1", "2100-H1"))
		if _, err := db.Review(ctx, key("p", "2.1", "2100-H1"), r.Version, false, "Falta el detalle.", nil); err != nil {
			t.Fatal(err)
		}
		if _, err := db.SaveReport(ctx, key("p", "1.2", "2099-H2"), 0, content(bitacora.StatusDelayed), nil); err != nil {
			t.Fatal(err)
		}
		names := func(list []bitacora.ReportState) []string {
			var out []string
			for _, rs := range list {
				out = append(out, rs.Key.Programme+" "+rs.Key.Activity+" "+rs.Key.Period+" "+string(rs.State))
			}
			return out
		}
		for _, tc := range []struct {
			name string
			f    store.ReportStateFilter
			want []string
		}{
			{"all of p", store.ReportStateFilter{Programme: "p"}, []string{"p 1.1 2100-H1 submitted", "p 1.2 2099-H2 draft", "p 2.1 2100-H1 returned"}},
			{"submitted, everywhere", store.ReportStateFilter{State: bitacora.StateSubmitted}, []string{"p 1.1 2100-H1 submitted", "q 1.1 2100-H1 submitted"}},
			{"one period", store.ReportStateFilter{Programme: "p", Period: "2099-H2"}, []string{"p 1.2 2099-H2 draft"}},
			{"isoc co-leads 1.1 and 2.1", store.ReportStateFilter{Programme: "p", Parties: []string{"isoc"}}, []string{"p 1.1 2100-H1 submitted", "p 2.1 2100-H1 returned"}},
			{"two parties, both programmes", store.ReportStateFilter{Parties: []string{"red-gealc", "grupo-de-trabajo-sobre-acceso"}},
				[]string{"p 1.1 2100-H1 submitted", "p 1.2 2099-H2 draft", "p 2.1 2100-H1 returned", "q 1.1 2100-H1 submitted"}},
			{"no parties", store.ReportStateFilter{Parties: []string{}}, nil},
		} {
			list, err := db.ReportStates(ctx, tc.f)
			if err != nil {
				t.Fatal(err)
			}
			if got := names(list); !equal(got, tc.want) {
				t.Errorf("%s: %q; want %q", tc.name, got, tc.want)
			}
		}
		list, _ := db.ReportStates(ctx, store.ReportStateFilter{Programme: "p", State: bitacora.StateReturned})
		if len(list) != 1 || list[0].ReviewComment != "Falta el detalle." || list[0].SubmittedAt == "" || list[0].Version != 3 {
			t.Errorf("the returned report: %+v", list)
		}
	})
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
