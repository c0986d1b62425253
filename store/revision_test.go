package store_test

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/programmedoc"
	"github.com/elac/bitacora/seed"
	"github.com/elac/bitacora/store"
	"github.com/elac/bitacora/store/storetest"
)

func ptr(s string) *string { return &s }

// The path: the Bureau drafts, explains and approves a revision that
// gives activity 1.4 to another party and adds an activity 1.6; version 1
// still reads exactly as imported; the diff shows both changes with their
// reasons; a report filed on 1.4 before the revision is still on 1.4 after.
func TestRevisionKeepsVersionsAndIdentities(t *testing.T) {
	store.Migrated.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := bitacora.WithActor(context.Background(), bitacora.Actor{UserID: 9, Name: "bureau"})
		db := open(t, b)
		imported, err := programmedoc.Parse(seed.ELAC2020, programmedoc.Options{Slug: "elac2020", SourceName: "LC/TS.2018/60"})
		if err != nil {
			t.Fatal(err)
		}
		if err := db.ImportProgramme(ctx, imported, string(seed.ELAC2020)); err != nil {
			t.Fatal(err)
		}
		k := bitacora.ReportKey{Programme: "elac2020", Activity: "1.4", Period: "2019-H1"}
		r, err := db.SaveReport(ctx, k, 0, content(bitacora.StatusUnderWay), nil)
		if err != nil {
			t.Fatal(err)
		}
		r, _ = db.Submit(ctx, k, r.Version, nil)
		if _, err := db.Review(ctx, k, r.Version, true, "", nil); err != nil {
			t.Fatal(err)
		}

		changes := []bitacora.Change{
			{Op: bitacora.OpSetParties, Activity: "1.4", Responsible: []string{"cepal"}, Reason: "CEPAL leads the 5G study from 2019."},
			{Op: bitacora.OpAddActivity, Objective: 1, Code: "1.6", Text: ptr("Observatorio regional de la banda ancha"),
				Responsible: []string{"cepal"}, CoResponsible: bitacora.PartyList("asiet"), Reason: "Agreed at the 2019 Bureau meeting."},
		}
		rev, err := db.CreateRevision(ctx, "elac2020", "Revisión 2019", changes)
		if err != nil {
			t.Fatal(err)
		}
		// Drafts are checked as they are written.
		bad := append([]bitacora.Change{}, changes...)
		bad = append(bad, bitacora.Change{Op: bitacora.OpSetParties, Activity: "1.5", Responsible: []string{}, Reason: "x"})
		var fe *bitacora.InvalidFields
		if _, err := db.UpdateRevision(ctx, "elac2020", rev.ID, rev.Version, rev.Title, bad); !errors.As(err, &fe) {
			t.Errorf("a revision leaving 1.5 without a responsible party: %v", err)
		}
		dup := append([]bitacora.Change{}, changes...)
		dup = append(dup, bitacora.Change{Op: bitacora.OpAddActivity, Objective: 1, Code: "1.6", Text: ptr("otra"), Responsible: []string{"cepal"}, Reason: "x"})
		if _, err := db.UpdateRevision(ctx, "elac2020", rev.ID, rev.Version, rev.Title, dup); !errors.As(err, &fe) {
			t.Errorf("a revision with a duplicate code: %v", err)
		}
		if _, err := db.ApproveRevision(ctx, "elac2020", rev.ID, rev.Version, "2019-11-20", nil); bitacora.ErrorCode(err) != bitacora.ECONFLICT {
			t.Errorf("approval of a draft never sent to the Bureau: %v", err)
		}
		proposed := propose(t, db, "elac2020", rev)
		if _, err := db.UpdateRevision(ctx, "elac2020", rev.ID, proposed, rev.Title, changes); bitacora.ErrorCode(err) != bitacora.ECONFLICT {
			t.Errorf("an edit of a revision with the Bureau: %v", err)
		}
		if _, err := db.ApproveRevision(ctx, "elac2020", rev.ID, proposed+1, "2019-11-20", nil); bitacora.ErrorCode(err) != bitacora.ECONFLICT {
			t.Errorf("approval based on a stale draft: %v", err)
		}
		n, err := db.ApproveRevision(ctx, "elac2020", rev.ID, proposed, "2019-11-20", nil)
		if err != nil || n != 2 {
			t.Fatalf("approve: %d %v", n, err)
		}
		if _, err := db.ApproveRevision(ctx, "elac2020", rev.ID, proposed, "2019-11-20", nil); bitacora.ErrorCode(err) != bitacora.ECONFLICT {
			t.Errorf("approving twice: %v", err)
		}

		v1, err := db.VersionDocument(ctx, "elac2020", 1)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(v1.Document, imported) {
			t.Error("version 1 does not read exactly as imported")
		}
		cur, err := db.Document(ctx, "elac2020")
		if err != nil {
			t.Fatal(err)
		}
		if a := cur.Activity("1.4"); a == nil || !reflect.DeepEqual(a.Responsible, []string{"cepal"}) {
			t.Errorf("1.4 now: %+v", a)
		}
		if a := cur.Activity("1.6"); a == nil || a.Text != "Observatorio regional de la banda ancha" || !reflect.DeepEqual(a.CoResponsible, []string{"asiet"}) {
			t.Errorf("1.6 now: %+v", a)
		}
		v2, err := db.VersionDocument(ctx, "elac2020", 2)
		if err != nil || !reflect.DeepEqual(v2.Document, cur) {
			t.Fatalf("version 2 is not the current programme: %v", err)
		}
		if v1.Identities["1.4"] != v2.Identities["1.4"] || v2.Identities["1.6"] == "" {
			t.Errorf("identities: v1 %s, v2 %s / %s", v1.Identities["1.4"], v2.Identities["1.4"], v2.Identities["1.6"])
		}
		d := bitacora.DiffDocuments(v1.Document, v2.Document, v1.Identities, v2.Identities)
		kinds := map[string][]string{}
		for _, a := range d.Activities {
			kinds[a.Code] = a.Kinds
		}
		if !reflect.DeepEqual(kinds, map[string][]string{"1.4": {"reassigned"}, "1.6": {"added"}}) {
			t.Errorf("diff: %v", kinds)
		}
		vs, err := db.Versions(ctx, "elac2020")
		if err != nil || len(vs) != 2 || vs[1].ApprovedOn != "2019-11-20" || len(vs[1].Reasons) != 2 || vs[0].ApprovedOn != "2018-07-13" {
			t.Fatalf("versions: %+v %v", vs, err)
		}
		// The report filed on 1.4 before the revision is still on 1.4.
		acc, err := db.AcceptedReports(ctx, "elac2020")
		if err != nil || len(acc) != 1 || acc[0].Activity != "1.4" {
			t.Fatalf("reports after the revision: %+v %v", acc, err)
		}
		if got, err := db.Report(ctx, k); err != nil || got.Version != r.Version+1 {
			t.Errorf("the report on 1.4: %+v %v", got, err)
		}
		if _, err := db.VerifyAudit(ctx); err != nil {
			t.Error(err)
		}
	})
}

// Renumbering keeps an activity (and its reports); retiring takes it out
// of the current programme but not out of version 1.
func TestRevisionRenumberAndRetire(t *testing.T) {
	store.Migrated.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		db := open(t, b)
		if err := db.ImportProgramme(ctx, sampleDoc("p"), ""); err != nil {
			t.Fatal(err)
		}
		k := bitacora.ReportKey{Programme: "p", Activity: "1.2", Period: "2100-H1"}
		if _, err := db.SaveReport(ctx, k, 0, content(bitacora.StatusDelayed), nil); err != nil {
			t.Fatal(err)
		}
		rev, err := db.CreateRevision(ctx, "p", "Renumbering", []bitacora.Change{
			{Op: bitacora.OpRetireActivity, Activity: "1.1", Reason: "Done elsewhere."},
			{Op: bitacora.OpEditActivity, Activity: "1.2", Code: "1.1", Reason: "Renumbered."},
			{Op: bitacora.OpAddActivity, Objective: 1, Code: "1.2", Text: ptr("Nueva."), Responsible: []string{"isoc"}, Reason: "New."},
		})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.ApproveRevision(ctx, "p", rev.ID, propose(t, db, "p", rev), "2100-01-15", nil); err != nil {
			t.Fatal(err)
		}
		cur, _ := db.Document(ctx, "p")
		if a := cur.Activity("1.1"); a == nil || a.Text != "Proponer." {
			t.Fatalf("1.1 is now %+v; want the old 1.2", a)
		}
		if a := cur.Activity("1.2"); a == nil || a.Text != "Nueva." {
			t.Fatalf("1.2 is now %+v; want the new one", a)
		}
		// The report follows its activity to its new code.
		if rep, err := db.Report(ctx, bitacora.ReportKey{Programme: "p", Activity: "1.1", Period: "2100-H1"}); err != nil || rep.Status != bitacora.StatusDelayed {
			t.Errorf("the report did not follow its activity: %+v %v", rep, err)
		}
		if _, err := db.Report(ctx, k); bitacora.ErrorCode(err) != bitacora.ENOTFOUND {
			t.Errorf("the new 1.2 inherited a report: %v", err)
		}
		v1, _ := db.VersionDocument(ctx, "p", 1)
		if a := v1.Document.Activity("1.1"); a == nil || a.Text != "Identificar." {
			t.Errorf("version 1 lost the retired activity: %+v", a)
		}
		if list, _ := db.Programmes(ctx); list[0].Activities != 3 {
			t.Errorf("activities counted: %d", list[0].Activities)
		}
	})
}

// propose sends rev to the Bureau and returns the version to approve.
func propose(t *testing.T, db *store.DB, slug string, rev *bitacora.Revision) int {
	t.Helper()
	p, err := db.ProposeRevision(context.Background(), slug, rev.ID, rev.Version)
	if err != nil {
		t.Fatalf("propose revision %d: %v", rev.ID, err)
	}
	if p.State != bitacora.RevisionProposed {
		t.Fatalf("revision %d proposed is %q", rev.ID, p.State)
	}
	return p.Version
}
