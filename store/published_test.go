package store_test

import (
	"context"
	"testing"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/store"
	"github.com/elac/bitacora/store/storetest"
)

// Every write says what it changed: the part of its programme (and of no
// other), the register, and the reports it wrote, so that a reader
// reloads that and nothing else.
func TestGenerationsSayWhatChanged(t *testing.T) {
	store.Migrated.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := bitacora.WithActor(context.Background(), bitacora.Actor{UserID: 2, Name: "focal"})
		db := open(t, b)
		for _, slug := range []string{"p", "q"} {
			if err := db.ImportProgramme(ctx, sampleDoc(slug), ""); err != nil {
				t.Fatal(err)
			}
		}
		gens := func() store.Generations {
			t.Helper()
			g, err := db.Generations(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if n, err := db.Generation(ctx); err != nil || n != g.N {
				t.Fatalf("Generation = %d, %v; Generations.N = %d", n, err, g.N)
			}
			return g
		}
		// step runs a write and checks that it changed exactly the parts
		// want of programme p, q's none, and the register if register.
		step := func(what string, want store.Part, register bool, write func() error) int64 {
			t.Helper()
			before := gens()
			changed := db.Changed()
			if err := write(); err != nil {
				t.Fatalf("%s: %v", what, err)
			}
			select {
			case <-changed: // who waits for changes is woken
			default:
				t.Errorf("%s: Changed was not closed by the write", what)
			}
			after := gens()
			if after.N <= before.N {
				t.Fatalf("%s: generation %d → %d", what, before.N, after.N)
			}
			if got := after.Programmes["p"].Changed(before.N); got != want {
				t.Errorf("%s: changed parts of p = %b; want %b", what, got, want)
			}
			if got := after.Programmes["q"].Changed(before.N); got != 0 {
				t.Errorf("%s: changed parts of q = %b; want none", what, got)
			}
			if got := after.Register > before.N; got != register {
				t.Errorf("%s: register changed = %v; want %v", what, got, register)
			}
			return before.N
		}

		k := bitacora.ReportKey{Programme: "p", Activity: "1.1", Period: "2100-H1"}
		var version int
		since := step("first draft", store.PartReports, false, func() error {
			r, err := db.SaveReport(ctx, k, 0, content(bitacora.StatusUnderWay), nil)
			if r != nil {
				version = r.Version
			}
			return err
		})
		if list, err := db.AcceptedStandingsSince(ctx, "p", since); err != nil || len(list) != 0 {
			t.Errorf("a draft: accepted since = %v, %v; want none", list, err)
		}
		step("submit", store.PartReports, false, func() error {
			r, err := db.Submit(ctx, k, version, nil)
			if r != nil {
				version = r.Version
			}
			return err
		})
		since = step("accept", store.PartReports, false, func() error {
			r, err := db.Review(ctx, k, version, true, "", nil)
			if r != nil {
				version = r.Version
			}
			return err
		})
		accepted, err := db.AcceptedReport(ctx, k)
		if err != nil || accepted == nil || accepted.Version != version {
			t.Fatalf("accepted version = %+v, %v; want version %d", accepted, err, version)
		}
		standings, err := db.AcceptedStandingsSince(ctx, "p", since)
		if want := accepted.Standing(); err != nil || len(standings) != 1 || standings[0] != want {
			t.Errorf("standings since the acceptance = %+v, %v; want %+v", standings, err, want)
		}
		// A report written before since is not read again.
		k2 := bitacora.ReportKey{Programme: "p", Activity: "1.2", Period: "2100-H1"}
		since = step("another draft", store.PartReports, false, func() error {
			_, err := db.SaveReport(ctx, k2, 0, content(bitacora.StatusUnderWay), nil)
			return err
		})
		if list, err := db.AcceptedStandingsSince(ctx, "p", since); err != nil || len(list) != 0 {
			t.Errorf("after a draft of 1.2: accepted since = %+v, %v; want none (1.1 was written before)", list, err)
		}
		if all, err := db.AcceptedReports(ctx, "p"); err != nil || len(all) != 1 {
			t.Errorf("all accepted = %d, %v; want 1", len(all), err)
		}
		if rep, err := db.AcceptedReport(ctx, k); err != nil || rep == nil || rep.Version != version || rep.State != bitacora.StateAccepted {
			t.Errorf("AcceptedReport(1.1) = %+v, %v; want version %d, accepted", rep, err, version)
		}
		if rep, err := db.AcceptedReport(ctx, k2); err != nil || rep != nil {
			t.Errorf("AcceptedReport of a draft = %+v, %v; want none", rep, err)
		}

		step("weights", store.PartPlan, false, func() error {
			return db.SetWeights(ctx, "p", map[string]float64{"1.1": 2})
		})
		step("translation", store.PartTexts, false, func() error {
			return db.SetTranslation(ctx, "p", "activity:1.1", "text", "en", "Identify.")
		})
		ps, err := db.Periods(ctx, "p")
		if err != nil {
			t.Fatal(err)
		}
		step("periods", store.PartPlan, false, func() error { return db.SetPeriods(ctx, "p", ps) })
		u, _, err := db.CreateUser(ctx, "focal@example.org", "Focal", "es", nil)
		if err != nil {
			t.Fatal(err)
		}
		step("membership", 0, true, func() error {
			_, err := db.AddMembership(ctx, u.ID, "isoc", "2099-01-01", "")
			return err
		})
	})
}

// Changes moves for the writes the public may see, not for every
// transaction: a read in a transaction, or a write that took no
// generation (a session), leaves it be, so that readers do not check the
// database again for nothing.
func TestChangesMoveOnPublishedWritesOnly(t *testing.T) {
	store.Migrated.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := bitacora.WithActor(context.Background(), bitacora.Actor{UserID: 2, Name: "focal"})
		db := open(t, b)
		if err := db.ImportProgramme(ctx, sampleDoc("p"), ""); err != nil {
			t.Fatal(err)
		}
		before := db.Changes()
		if _, err := db.VersionDocument(ctx, "p", 1); err != nil { // a read inside a transaction
			t.Fatal(err)
		}
		if got := db.Changes(); got != before {
			t.Errorf("Changes moved %d → %d without a published write", before, got)
		}
		k := bitacora.ReportKey{Programme: "p", Activity: "1.1", Period: "2100-H1"}
		if _, err := db.SaveReport(ctx, k, 0, content(bitacora.StatusUnderWay), nil); err != nil {
			t.Fatal(err)
		}
		if got := db.Changes(); got == before {
			t.Error("Changes did not move after a report was saved")
		}
	})
}
