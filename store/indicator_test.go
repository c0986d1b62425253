package store_test

import (
	"testing"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/store"
	"github.com/elac/bitacora/store/storetest"
)

func broadband() bitacora.Indicator {
	return bitacora.Indicator{Code: "IT.NET.BBND.P2",
		Name:       map[string]string{"es": "Suscripciones a banda ancha fija", "en": "Fixed broadband subscriptions"},
		Definition: map[string]string{"es": "Por 100 habitantes."}, Unit: "por 100 habitantes", Source: "UIT",
		Citation: "UIT, World Telecommunication/ICT Indicators Database.", Direction: bitacora.HigherIsBetter,
		Measures: []bitacora.IndicatorLink{{Programme: "reg", Objective: 1}, {Programme: "reg", Objective: 1, Activity: "1.2"}},
		Goals: []bitacora.Goal{{Programme: "reg", Baseline: &bitacora.Mark{Value: "10.1", Year: 2015}, Target: &bitacora.Mark{Value: "20", Year: 2020}},
			{Programme: "reg", Country: "CHL", Target: &bitacora.Mark{Value: "25", Year: 2020}}}}
}

// An indicator keeps its definition, links and goals; an import replaces
// its observations whole, keeps a true zero as a value and a missing year
// as no row, keeps the digits as written, and writes one entry in the
// change record.
func TestIndicatorsRoundTrip(t *testing.T) {
	store.Migrated.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx, db := registerSite(t, b)
		if err := db.AddIndicator(ctx, broadband()); err != nil {
			t.Fatal(err)
		}
		if err := db.AddIndicator(ctx, broadband()); bitacora.ErrorCode(err) != bitacora.EINVALID {
			t.Errorf("the same code twice: %v; want a field error", err)
		}
		bad := broadband()
		bad.Code = "X"
		bad.Measures = []bitacora.IndicatorLink{{Programme: "reg", Objective: 2, Activity: "1.2"}}
		if err := db.AddIndicator(ctx, bad); bitacora.ErrorCode(err) != bitacora.EINVALID {
			t.Errorf("an activity outside the objective named: %v; want a field error", err)
		}
		got, err := db.Indicator(ctx, "IT.NET.BBND.P2")
		if err != nil {
			t.Fatal(err)
		}
		if got.NameIn("en") != "Fixed broadband subscriptions" || got.NameIn("fr") != "Suscripciones a banda ancha fija" || len(got.Measures) != 2 || len(got.Goals) != 2 {
			t.Errorf("indicator read back: %+v", got)
		}
		if g, ok := got.Goal("reg", "CHL"); !ok || g.Baseline != nil || g.Target == nil || g.Target.Value != "25" {
			t.Errorf("Chile's goal: %+v %v", g, ok)
		}
		before := auditHead(t, db)
		imp := bitacora.ObservationImport{Indicator: "IT.NET.BBND.P2", Programme: "reg", Source: "wb.csv", Observations: []bitacora.Observation{
			{Country: "CHL", Year: 2018, Value: "17.3456789012345678"},
			{Country: "HTI", Year: 2018, Value: "0"},
			{Country: "HTI", Year: 2020, Value: "0.28", Flags: bitacora.Flags{Estimate: true}, Note: "UIT estimate"},
			{Aggregate: "LCN", AggregateName: "Latin America & Caribbean", Year: 2018, Value: "11.2"},
			{Aggregate: "LCN", AggregateName: "Latin America & Caribbean", Year: 2020, Value: "13.9"},
		}}
		if err := db.ImportObservations(ctx, imp); err != nil {
			t.Fatal(err)
		}
		if n := auditHead(t, db) - before; n != 1 {
			t.Errorf("an import wrote %d entries; want 1", n)
		}
		if e := lastEntry(t, db, store.IndicatorSubject("IT.NET.BBND.P2")); e.Action != bitacora.ActionIndicatorImport {
			t.Errorf("last entry: %s", e.Action)
		}
		s, err := db.Series(ctx, "IT.NET.BBND.P2")
		if err != nil {
			t.Fatal(err)
		}
		if len(s.Regional) != 2 || s.Regional[0].Year != 2018 || s.Regional[1].Value != "13.9" {
			t.Errorf("regional line: %+v", s.Regional)
		}
		if len(s.Latest) != 2 || s.Latest[0].Country != "CHL" || s.Latest[0].Value != "17.3456789012345678" ||
			s.Latest[1].Country != "HTI" || s.Latest[1].Year != 2020 || !s.Latest[1].Flags.Estimate || s.Latest[1].Note != "UIT estimate" {
			t.Errorf("latest values: %+v", s.Latest)
		}
		haiti, err := db.CountryObservations(ctx, "HTI")
		if err != nil {
			t.Fatal(err)
		}
		if obs := haiti["IT.NET.BBND.P2"]; len(obs) != 2 || obs[0].Value != "0" || obs[0].Year != 2018 || obs[1].Year != 2020 {
			t.Errorf("Haiti: a true zero in 2018, nothing in 2019, 0.28 in 2020; got %+v", obs)
		}
		// A second import replaces the first whole.
		imp.Observations = imp.Observations[:1]
		if err := db.ImportObservations(ctx, imp); err != nil {
			t.Fatal(err)
		}
		if all, _ := db.Observations(ctx, "IT.NET.BBND.P2"); len(all) != 1 {
			t.Errorf("after a second import: %+v; want the one observation it held", all)
		}
		// An import for a programme the indicator does not measure
		// changes nothing.
		imp.Programme = "nope"
		if err := db.ImportObservations(ctx, imp); bitacora.ErrorCode(err) != bitacora.ENOTFOUND {
			t.Errorf("import for an unknown programme: %v", err)
		}
		if err := db.ImportObservations(ctx, bitacora.ObservationImport{Indicator: "NONE"}); bitacora.ErrorCode(err) != bitacora.ENOTFOUND {
			t.Errorf("import for an unknown indicator: %v", err)
		}
		upd := broadband()
		upd.Goals = nil
		upd.Unit = "porcentaje"
		if err := db.UpdateIndicator(ctx, upd.Code, upd); err != nil {
			t.Fatal(err)
		}
		if got, _ := db.Indicator(ctx, upd.Code); got.Unit != "porcentaje" || len(got.Goals) != 0 {
			t.Errorf("after update: %+v", got)
		}
	})
}
