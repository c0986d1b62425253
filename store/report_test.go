package store_test

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/store"
	"github.com/elac/bitacora/store/storetest"
)

func TestDefaultPeriods(t *testing.T) {
	store.Migrated.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		db := open(t, b)
		doc := sampleDoc("p") // 2099-2100, adopted 2099-07-13
		if err := db.ImportProgramme(ctx, doc, ""); err != nil {
			t.Fatal(err)
		}
		ps, err := db.Periods(ctx, "p")
		if err != nil {
			t.Fatal(err)
		}
		var keys []string
		for _, p := range ps {
			keys = append(keys, p.Key)
		}
		if !reflect.DeepEqual(keys, []string{"2099-H2", "2100-H1", "2100-H2"}) || ps[0].StartsOn != "2099-07-01" ||
			ps[0].EndsOn != "2099-12-31" || ps[0].Deadline != "2100-02-14" {
			t.Fatalf("periods = %+v", ps)
		}
		// The secretariat changes them; a period with reports cannot go.
		ctx = bitacora.WithActor(ctx, bitacora.Actor{UserID: 1, Name: "sec"})
		if _, err := db.SaveReport(ctx, bitacora.ReportKey{Programme: "p", Activity: "1.1", Period: "2100-H1"}, 0, content(bitacora.StatusUnderWay), nil); err != nil {
			t.Fatal(err)
		}
		if err := db.SetPeriods(ctx, "p", ps[:1]); bitacora.ErrorCode(err) != bitacora.ECONFLICT {
			t.Errorf("removing a period with reports: %v", err)
		}
		bad := append([]bitacora.Period{}, ps...)
		bad[1].StartsOn = "2099-12-01" // overlaps
		if err := db.SetPeriods(ctx, "p", bad); bitacora.ErrorCode(err) != bitacora.EINVALID {
			t.Errorf("overlapping periods: %v", err)
		}
		ps[2].Deadline = "2101-03-31"
		if err := db.SetPeriods(ctx, "p", ps); err != nil {
			t.Fatal(err)
		}
		if got, _ := db.Periods(ctx, "p"); got[2].Deadline != "2101-03-31" {
			t.Errorf("deadline not changed: %+v", got[2])
		}
	})
}

func content(s bitacora.Status) bitacora.ReportContent {
	return bitacora.ReportContent{Status: s, Completion: bitacora.CompletionLimited, Narrative: "Se avanzó.",
		Links:  []bitacora.Link{{URL: "https://example.org/informe", Title: "Informe"}},
		Events: []bitacora.Event{{Date: "2100-03-01", Place: "Santiago", Participants: "12 países"}}}
}

// The review path, every version kept, the public seeing accepted versions
// only, and stale edits refused with the current version.
func TestReportReview(t *testing.T) {
	store.Migrated.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := bitacora.WithActor(context.Background(), bitacora.Actor{UserID: 2, Name: "focal"})
		db := open(t, b)
		if err := db.ImportProgramme(ctx, sampleDoc("p"), ""); err != nil {
			t.Fatal(err)
		}
		k := bitacora.ReportKey{Programme: "p", Activity: "1.1", Period: "2100-H1"}
		r, err := db.SaveReport(ctx, k, 0, content(bitacora.StatusUnderWay), nil)
		if err != nil || r.Version != 1 || r.State != bitacora.StateDraft {
			t.Fatalf("save: %+v %v", r, err)
		}
		if _, err := db.SaveReport(ctx, k, 0, content(bitacora.StatusDelayed), nil); !isConflict(err, 1) {
			t.Fatalf("a second create from version 0: %v; want a conflict at version 1", err)
		}
		if r, err = db.AddFile(ctx, k, r.Version, "informe.pdf", "application/pdf", []byte("%PDF-1.4 x"), nil); err != nil || len(r.Files) != 1 {
			t.Fatalf("file: %+v %v", r, err)
		}
		if r, err = db.Submit(ctx, k, r.Version, nil); err != nil || r.State != bitacora.StateSubmitted {
			t.Fatalf("submit: %v", err)
		}
		if _, err := db.SaveReport(ctx, k, r.Version, content(bitacora.StatusDelayed), nil); bitacora.ErrorCode(err) != bitacora.ECONFLICT {
			t.Errorf("edit under review: %v", err)
		}
		if _, err := db.Review(ctx, k, r.Version, false, "", nil); bitacora.ErrorCode(err) != bitacora.EINVALID {
			t.Errorf("return without a comment: %v", err)
		}
		if r, err = db.Review(ctx, k, r.Version, false, "Add the workshop's participants.", nil); err != nil || r.State != bitacora.StateReturned {
			t.Fatalf("return: %v", err)
		}
		if acc, _ := db.AcceptedReports(ctx, "p"); len(acc) != 0 {
			t.Fatalf("the public sees a report never accepted: %+v", acc)
		}
		c := content(bitacora.StatusCompleted)
		c.Completion = bitacora.CompletionComplete
		if r, err = db.SaveReport(ctx, k, r.Version, c, nil); err != nil {
			t.Fatal(err)
		}
		if r, err = db.Submit(ctx, k, r.Version, nil); err != nil {
			t.Fatal(err)
		}
		if r, err = db.Review(ctx, k, r.Version, true, "", nil); err != nil || r.State != bitacora.StateAccepted {
			t.Fatalf("accept: %v", err)
		}
		if _, err := db.Review(ctx, k, r.Version, true, "", nil); bitacora.ErrorCode(err) != bitacora.ECONFLICT {
			t.Errorf("accepting twice: %v", err)
		}
		// A new draft after acceptance: the public still sees the accepted one.
		if _, err = db.SaveReport(ctx, k, r.Version, content(bitacora.StatusDelayed), nil); err != nil {
			t.Fatal(err)
		}
		acc, err := db.AcceptedReports(ctx, "p")
		if err != nil || len(acc) != 1 || acc[0].Status != bitacora.StatusCompleted || acc[0].Version != 7 || len(acc[0].Files) != 1 {
			t.Fatalf("accepted = %+v, %v", acc, err)
		}
		vs, err := db.ReportVersions(ctx, k)
		if err != nil || len(vs) != 8 || vs[0].Version != 8 || vs[7].Version != 1 {
			t.Fatalf("versions: %d, %v", len(vs), err)
		}
		f, data, public, err := fileData(ctx, db, acc[0].Files[0].ID)
		if err != nil || !public || string(data) != "%PDF-1.4 x" || f.Name != "informe.pdf" {
			t.Errorf("file: %+v public=%v %v", f, public, err)
		}
		// Unknown activity or period: field errors.
		for _, bad := range []bitacora.ReportKey{{Programme: "p", Activity: "9.9", Period: "2100-H1"}, {Programme: "p", Activity: "1.1", Period: "1999-H1"}} {
			var fe *bitacora.InvalidFields
			if _, err := db.SaveReport(ctx, bad, 0, content(bitacora.StatusUnderWay), nil); !errors.As(err, &fe) {
				t.Errorf("report on %+v: %v", bad, err)
			}
		}
		// Invalid content: field errors, nothing stored.
		badc := content("finished")
		badc.Links = []bitacora.Link{{URL: "javascript:alert(1)"}}
		k2 := bitacora.ReportKey{Programme: "p", Activity: "1.2", Period: "2100-H1"}
		var fe *bitacora.InvalidFields
		if _, err := db.SaveReport(ctx, k2, 0, badc, nil); !errors.As(err, &fe) || fe.Fields["status"] == "" || fe.Fields["links[0]"] == "" {
			t.Errorf("invalid content: %v", err)
		}
		if _, err := db.Report(ctx, k2); bitacora.ErrorCode(err) != bitacora.ENOTFOUND {
			t.Errorf("an invalid report was stored: %v", err)
		}
		if _, err := db.VerifyAudit(ctx); err != nil {
			t.Error(err)
		}
	})
}

func isConflict(err error, version int) bool {
	var c *bitacora.Conflict
	return errors.As(err, &c) && c.Current.Version == version && bitacora.ErrorCode(err) == bitacora.ECONFLICT
}

// Two people saving from the same version: one wins, the other gets the
// winner's version back; nothing is overwritten.
func TestConcurrentReportEdits(t *testing.T) {
	store.Migrated.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		db := open(t, b)
		if err := db.ImportProgramme(ctx, sampleDoc("p"), ""); err != nil {
			t.Fatal(err)
		}
		k := bitacora.ReportKey{Programme: "p", Activity: "2.1", Period: "2099-H2"}
		r, err := db.SaveReport(ctx, k, 0, content(bitacora.StatusUnderWay), nil)
		if err != nil {
			t.Fatal(err)
		}
		errs := make(chan error, 4)
		for _, s := range []bitacora.Status{bitacora.StatusDelayed, bitacora.StatusCompleted, bitacora.StatusSuspended, bitacora.StatusCancelled} {
			go func() {
				_, err := db.SaveReport(ctx, k, r.Version, content(s), nil)
				errs <- err
			}()
		}
		ok, conflicts := 0, 0
		for range 4 {
			switch err := <-errs; {
			case err == nil:
				ok++
			case isConflict(err, 2):
				conflicts++
			default:
				t.Errorf("concurrent save: %v", err)
			}
		}
		if ok != 1 || conflicts != 3 {
			t.Fatalf("%d saves won and %d conflicted; want 1 and 3", ok, conflicts)
		}
	})
}

func TestOnlySavingCreatesAReport(t *testing.T) {
	store.Migrated.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		db := open(t, b)
		if err := db.ImportProgramme(ctx, sampleDoc("p"), ""); err != nil {
			t.Fatal(err)
		}
		k := bitacora.ReportKey{Programme: "p", Activity: "1.1", Period: "2100-H1"}
		if _, err := db.Submit(ctx, k, 0, nil); bitacora.ErrorCode(err) != bitacora.ENOTFOUND {
			t.Errorf("submit of no report: %v", err)
		}
		if _, err := db.Review(ctx, k, 0, true, "", nil); bitacora.ErrorCode(err) != bitacora.ENOTFOUND {
			t.Errorf("review of no report: %v", err)
		}
		if _, err := db.Report(ctx, k); bitacora.ErrorCode(err) != bitacora.ENOTFOUND {
			t.Errorf("a report was created: %v", err)
		}
	})
}

func TestWeights(t *testing.T) {
	store.Migrated.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		db := open(t, b)
		if err := db.ImportProgramme(ctx, sampleDoc("p"), ""); err != nil {
			t.Fatal(err)
		}
		if err := db.SetWeights(ctx, "p", map[string]float64{"1.1": 3, "2.1": 0.5}); err != nil {
			t.Fatal(err)
		}
		got, err := db.Weights(ctx, "p")
		if err != nil || !reflect.DeepEqual(got, map[string]float64{"1.1": 3, "2.1": 0.5}) {
			t.Fatalf("weights = %v, %v", got, err)
		}
		var fe *bitacora.InvalidFields
		if err := db.SetWeights(ctx, "p", map[string]float64{"1.1": -1, "9.9": 1}); !errors.As(err, &fe) || fe.Fields["weights.1.1"] == "" || fe.Fields["weights.9.9"] == "" {
			t.Errorf("bad weights: %v", err)
		}
		if got, _ := db.Weights(ctx, "p"); got["1.1"] != 3 {
			t.Error("a refused change altered the weights")
		}
	})
}
