package store_test

import (
	"context"
	"os"
	"testing"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/iatiread"
	"github.com/elac/bitacora/store"
	"github.com/elac/bitacora/store/storetest"
)

// The secretariat links a partner's IATI file to activities: all or
// nothing, kept as the file said it, refreshed by linking again, taken
// off by unlinking; each step in the change record and a new generation
// of the programme's plan, so that its public pages are built again.
func TestOperations(t *testing.T) {
	store.Migrated.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := bitacora.WithActor(context.Background(), bitacora.Actor{UserID: 3, Name: "sec"})
		db := open(t, b)
		if err := db.ImportProgramme(ctx, sampleDoc("p"), ""); err != nil {
			t.Fatal(err)
		}
		raw, err := os.ReadFile("../iatiread/testdata/caf-2.03-extension.xml")
		if err != nil {
			t.Fatal(err)
		}
		acts, err := iatiread.Parse(raw)
		if err != nil {
			t.Fatal(err)
		}
		gens := func() int64 {
			g, err := db.Generations(ctx)
			if err != nil {
				t.Fatal(err)
			}
			return g.Programmes["p"].Plan
		}
		head := func() int64 {
			seq, _, err := db.AuditHead(ctx)
			if err != nil {
				t.Fatal(err)
			}
			return seq
		}

		// An unknown activity refuses the whole file: nothing is linked.
		before := head()
		err = db.LinkOperations(ctx, "p", "caf.xml", []bitacora.OperationLink{{Activity: "1.1", IATI: acts[0]}, {Activity: "9.9", IATI: acts[1]}})
		if bitacora.ErrorCode(err) != bitacora.EINVALID {
			t.Fatalf("link to an unknown activity: %v", err)
		}
		if ops, _ := db.Operations(ctx, "p"); len(ops) != 0 || head() != before {
			t.Fatalf("a refused link left %d operations and %d entries", len(ops), head()-before)
		}

		plan := gens()
		if err := db.LinkOperations(ctx, "p", "caf.xml", []bitacora.OperationLink{{Activity: "1.1", IATI: acts[0]}, {Activity: "1.2", IATI: acts[1]}}); err != nil {
			t.Fatal(err)
		}
		if gens() <= plan {
			t.Error("linking did not take a generation of the plan")
		}
		if head() != before+2 {
			t.Errorf("linking two operations wrote %d entries", head()-before)
		}
		ops, err := db.Operations(ctx, "p")
		if err != nil {
			t.Fatal(err)
		}
		got := ops["1.1"]
		if len(got) != 1 || got[0].IATI.Identifier != acts[0].Identifier || got[0].Source != "caf.xml" ||
			len(got[0].IATI.Disbursed) != 2 || got[0].IATI.Disbursed[1] != (iatiread.Amount{Currency: "USD", Value: "20000000.25"}) {
			t.Fatalf("operations of 1.1 = %+v", got)
		}

		// Linking again refreshes: still one row.
		acts[0].Status = "3"
		if err := db.LinkOperations(ctx, "p", "caf-2020.xml", []bitacora.OperationLink{{Activity: "1.1", IATI: acts[0]}}); err != nil {
			t.Fatal(err)
		}
		ops, _ = db.Operations(ctx, "p")
		if len(ops["1.1"]) != 1 || ops["1.1"][0].IATI.Status != "3" || ops["1.1"][0].Source != "caf-2020.xml" {
			t.Errorf("after linking again: %+v", ops["1.1"])
		}

		if err := db.UnlinkOperation(ctx, "p", "1.1", acts[0].Identifier); err != nil {
			t.Fatal(err)
		}
		if err := db.UnlinkOperation(ctx, "p", "1.1", acts[0].Identifier); bitacora.ErrorCode(err) != bitacora.ENOTFOUND {
			t.Errorf("unlinking twice: %v", err)
		}
		ops, _ = db.Operations(ctx, "p")
		if len(ops["1.1"]) != 0 || len(ops["1.2"]) != 1 {
			t.Errorf("after unlinking: %+v", ops)
		}
		hist, err := db.History(ctx, store.ActivitySubject("p", "1.1"))
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, e := range hist {
			actions = append(actions, e.Action)
		}
		if len(actions) < 3 || actions[0] != bitacora.ActionOperationUnlink || actions[1] != bitacora.ActionOperationLink {
			t.Errorf("the activity's history: %v", actions)
		}

		// The cover: set, read back, unchanged writes nothing.
		c := bitacora.FollowUpCover{Titles: map[string]string{"es": "Informe de seguimiento 2019", "en": "Follow-up report 2019"}, Date: "2020-04-22"}
		if err := db.SetFollowUpCover(ctx, "p", c); err != nil {
			t.Fatal(err)
		}
		n := head()
		if err := db.SetFollowUpCover(ctx, "p", c); err != nil || head() != n {
			t.Errorf("setting the same cover again: %v, %d entries", err, head()-n)
		}
		if got, err := db.FollowUpCover(ctx, "p"); err != nil || got.Date != c.Date || got.Title("en") != "Follow-up report 2019" {
			t.Errorf("cover = %+v, %v", got, err)
		}
	})
}
