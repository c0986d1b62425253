package store_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/store"
	"github.com/elac/bitacora/store/storetest"
)

// registerSite is a database holding sampleDoc("reg") as the secretariat
// finds it, and a context acting as the secretariat.
func registerSite(t *testing.T, b storetest.Backend) (context.Context, *store.DB) {
	t.Helper()
	ctx := bitacora.WithActor(context.Background(), bitacora.Actor{UserID: 7, Name: "sec"})
	db := open(t, b)
	if err := db.ImportProgramme(ctx, sampleDoc("reg"), "text"); err != nil {
		t.Fatal(err)
	}
	return ctx, db
}

func auditHead(t *testing.T, db *store.DB) int64 {
	t.Helper()
	seq, _, err := db.AuditHead(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return seq
}

// lastEntry is the newest entry about subject.
func lastEntry(t *testing.T, db *store.DB, subject string) bitacora.AuditEntry {
	t.Helper()
	h, err := db.History(context.Background(), subject)
	if err != nil || len(h) == 0 {
		t.Fatalf("history of %s: %v %v", subject, h, err)
	}
	return h[0]
}

// A party renamed keeps its id (its URL), the approved version keeps the
// name it had, and its former name still finds it.
func TestRegisterRenameKeepsIDAndVersions(t *testing.T) {
	store.Migrated.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx, db := registerSite(t, b)
		gens, _ := db.Generations(ctx)
		edit := bitacora.PartyEdit{Name: "Sociedad de Internet", Acronym: "ISOC", Kind: bitacora.KindOrganisation}
		if err := db.UpdateParty(ctx, "isoc", edit); err != nil {
			t.Fatal(err)
		}
		p, err := db.Party(ctx, "isoc")
		if err != nil || p.Party.Name != "Sociedad de Internet" {
			t.Fatalf("isoc after the rename: %+v %v", p, err)
		}
		v, err := db.VersionDocument(ctx, "reg", 1)
		if err != nil {
			t.Fatal(err)
		}
		if old := v.Document.Party("isoc"); old == nil || old.Name != "Internet Society" {
			t.Errorf("version 1 names isoc %+v; want the name it was approved with", old)
		}
		ids, unknown, err := db.ResolveParties(ctx, []bitacora.Party{{ID: "x", Name: "Internet Society"}, {ID: "y", Name: "sociedad de internet"}})
		if err != nil || len(unknown) > 0 || ids["x"] != "isoc" || ids["y"] != "isoc" {
			t.Errorf("the former and the new name resolve to %v (unknown %v, %v); want isoc", ids, unknown, err)
		}
		if e := lastEntry(t, db, store.PartySubject("isoc")); e.Action != bitacora.ActionPartyUpdate {
			t.Errorf("last entry about isoc: %s; want %s", e.Action, bitacora.ActionPartyUpdate)
		}
		if after, _ := db.Generations(ctx); after.Register <= gens.Register {
			t.Errorf("the register's generation stayed at %d: the published register would not show the rename", after.Register)
		}
		// A name another party is written as is refused, and writes
		// nothing.
		head := auditHead(t, db)
		var fe *bitacora.InvalidFields
		err = db.UpdateParty(ctx, "isoc", bitacora.PartyEdit{Name: "Red de Gobierno Electrónico", Kind: bitacora.KindOrganisation})
		if !errors.As(err, &fe) || fe.Fields["name"] != "register_error_name_taken" {
			t.Errorf("renaming isoc as red-gealc's name: %v", err)
		}
		err = db.UpdateParty(ctx, "red-gealc", bitacora.PartyEdit{Name: "Red GEALC", Kind: bitacora.KindNetwork, Parent: "paises-integrantes-de-la-red-gealc"})
		if !errors.As(err, &fe) || fe.Fields["parent"] != "register_error_parent_cycle" {
			t.Errorf("red-gealc under its own child: %v", err)
		}
		if got := auditHead(t, db); got != head {
			t.Errorf("refused changes wrote %d entries", got-head)
		}
	})
}

// A party added by the register, with its names in languages, is found by
// a later import that writes it in any of them: the edition that names it
// is imported, and the activity is the register's party's.
func TestRegisterAddedPartyAndAliasesMatchImport(t *testing.T) {
	store.Migrated.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx, db := registerSite(t, b)
		p, err := db.AddParty(ctx, bitacora.PartyEdit{Name: "Comisión Económica para América Latina y el Caribe", Acronym: "CEPAL", Kind: bitacora.KindOrganisation})
		if err != nil {
			t.Fatal(err)
		}
		if p.ID != "cepal" {
			t.Fatalf("added party's id %q; want cepal (from its acronym)", p.ID)
		}
		names := []bitacora.PartyName{{Name: "ECLAC", Lang: "en"}, {Name: "CEPALC", Lang: "fr"}}
		if err := db.SetPartyNames(ctx, "cepal", names); err != nil {
			t.Fatal(err)
		}
		if e := lastEntry(t, db, store.PartySubject("cepal")); e.Action != bitacora.ActionPartyAliases {
			t.Errorf("last entry about cepal: %s", e.Action)
		}
		chairs := []bitacora.Chair{{Country: "Chile", Code: "CL", StartsOn: "2018-04-01", EndsOn: "2020-03-31"}, {Country: "Uruguay", StartsOn: "2020-04-01"}}
		if err := db.SetChairs(ctx, "cepal", chairs); err != nil {
			t.Fatal(err)
		}
		got, err := db.Party(ctx, "cepal")
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got.Party.Names, names) || !slices.Equal(got.Party.Chairs, chairs) {
			t.Errorf("cepal's names %v and chairs %v; want %v and %v", got.Party.Names, got.Party.Chairs, names, chairs)
		}
		// A name another party is written as is refused, and writes
		// nothing.
		head := auditHead(t, db)
		var fe *bitacora.InvalidFields
		if err := db.SetPartyNames(ctx, "cepal", []bitacora.PartyName{{Name: "ECLAC", Lang: "en"}, {Name: "Internet Society", Lang: "en"}}); !errors.As(err, &fe) || fe.Fields["alias_1"] != "register_error_name_taken" {
			t.Errorf("an alias that is isoc's: %v", err)
		}
		if _, err := db.AddParty(ctx, bitacora.PartyEdit{Name: "Otra", Acronym: "ISOC", Kind: bitacora.KindOrganisation}); !errors.As(err, &fe) || fe.Fields["acronym"] != "register_error_name_taken" {
			t.Errorf("a party written as ISOC: %v", err)
		}
		if got := auditHead(t, db); got != head {
			t.Errorf("refused changes wrote %d entries", got-head)
		}

		// The next edition writes it in English: it is CEPAL.
		doc := sampleDoc("reg2")
		doc.Programme.StartYear = 2101
		doc.Parties = append(doc.Parties, bitacora.Party{ID: "eclac", Name: "Economic Commission for Latin America and the Caribbean", Acronym: "ECLAC",
			Kind: bitacora.KindOrganisation, Countries: []string{}, CountryCodes: []string{}, Aliases: []string{}, Source: bitacora.Lines(6, 6)})
		doc.Areas[0].Objectives[0].Activities[1].Responsible = []string{"eclac"}
		if err := db.ImportProgramme(ctx, doc, "text"); err != nil {
			t.Fatal(err)
		}
		a, err := db.Activity(ctx, "reg2", "1.2")
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(a.Activity.Responsible, []string{"cepal"}) {
			t.Errorf("1.2 of the new edition is led by %v; want the register's cepal", a.Activity.Responsible)
		}
	})
}

// Merging a party into another moves its roles, its place in the
// programme, its focal points, its contributions and its names to the
// survivor; its id redirects; the approved version keeps it as it was; the
// merge is in the change record and takes the generations that make the
// published model show it.
func TestRegisterMerge(t *testing.T) {
	store.Migrated.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx, db := registerSite(t, b)
		survivor, err := db.AddParty(ctx, bitacora.PartyEdit{Name: "Sociedad de Internet", Acronym: "SI", Kind: bitacora.KindOrganisation})
		if err != nil {
			t.Fatal(err)
		}
		u, _, err := db.CreateUser(ctx, "focal@example.org", "Focal", "es", nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.AddMembership(ctx, u.ID, "isoc", "2019-01-01", ""); err != nil {
			t.Fatal(err)
		}
		k := bitacora.ReportKey{Programme: "reg", Activity: "1.1", Period: "2100-H1"}
		r, err := db.SaveReport(ctx, k, 0, content(bitacora.StatusUnderWay), nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Contribute(ctx, k, r.Version, "isoc", "Aporte de ISOC.", nil); err != nil {
			t.Fatal(err)
		}
		preview, err := db.MergePreview(ctx, survivor.ID, "isoc")
		if err != nil || preview.Roles != 2 || preview.Memberships != 1 || preview.Contributions != 1 || preview.Programmes != 1 {
			t.Errorf("merge preview %+v, %v; want 2 roles, 1 membership, 1 contribution, 1 programme", preview, err)
		}
		gens, _ := db.Generations(ctx)
		if err := db.MergeParties(ctx, survivor.ID, "isoc"); err != nil {
			t.Fatal(err)
		}

		doc, err := db.Document(ctx, "reg")
		if err != nil {
			t.Fatal(err)
		}
		if a := doc.Activity("1.1"); a == nil || !slices.Equal(a.CoResponsible, []string{survivor.ID}) {
			t.Errorf("1.1 after the merge: %+v; want %s co-responsible", a, survivor.ID)
		}
		if a := doc.Activity("2.1"); a == nil || !slices.Equal(a.CoResponsible, []string{"paises-integrantes-de-la-red-gealc", survivor.ID}) {
			t.Errorf("2.1 after the merge: %+v", a)
		}
		if doc.Party("isoc") != nil || doc.Party(survivor.ID) == nil {
			t.Errorf("the programme's parties after the merge: %v", doc.Parties)
		}
		if v, err := db.VersionDocument(ctx, "reg", 1); err != nil || v.Document.Party("isoc") == nil || v.Document.Party("isoc").Name != "Internet Society" ||
			!slices.Equal(v.Document.Activity("1.1").CoResponsible, []string{"isoc"}) {
			t.Errorf("version 1 after the merge: %v", err)
		}
		if got, err := db.User(ctx, u.ID); err != nil || len(got.Memberships) != 1 || got.Memberships[0].PartyID != survivor.ID {
			t.Errorf("the focal point's membership after the merge: %+v %v", got, err)
		}
		if rep, err := db.Report(ctx, k); err != nil || len(rep.Contributions) != 1 || rep.Contributions[0].PartyID != survivor.ID {
			t.Errorf("the contribution after the merge: %+v %v", rep, err)
		}
		if _, err := db.Party(ctx, "isoc"); bitacora.ErrorCode(err) != bitacora.ENOTFOUND {
			t.Errorf("the merged party is still in the register: %v", err)
		}
		if m, err := db.MergedParties(ctx); err != nil || m["isoc"] != survivor.ID {
			t.Errorf("merged parties %v %v; want isoc → %s", m, err, survivor.ID)
		}
		p, err := db.Party(ctx, survivor.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Party.Absorbed) != 1 || p.Party.Absorbed[0].ID != "isoc" || p.Party.Absorbed[0].Name != "Internet Society" || p.Party.Absorbed[0].On == "" {
			t.Errorf("the survivor's merge history: %+v", p.Party.Absorbed)
		}
		if len(p.Roles) != 2 {
			t.Errorf("the survivor's roles: %+v; want isoc's two", p.Roles)
		}
		ids, unknown, err := db.ResolveParties(ctx, []bitacora.Party{{ID: "x", Name: "Internet Society", Acronym: "ISOC", Aliases: []string{"Internet Society (ISOC)"}}})
		if err != nil || len(unknown) > 0 || ids["x"] != survivor.ID {
			t.Errorf("a later edition naming ISOC resolves to %v %v %v; want %s", ids, unknown, err, survivor.ID)
		}
		e := lastEntry(t, db, store.PartySubject(survivor.ID))
		if e.Action != bitacora.ActionPartyMerge {
			t.Errorf("last entry about the survivor: %s; want %s", e.Action, bitacora.ActionPartyMerge)
		}
		after, _ := db.Generations(ctx)
		if after.Register <= gens.Register || after.Programmes["reg"].Doc <= gens.Programmes["reg"].Doc {
			t.Errorf("generations after the merge %+v; before %+v: the register and the programme's document must move", after, gens)
		}
		if n, err := db.VerifyAudit(ctx); err != nil {
			t.Errorf("the change record after %d entries: %v", n, err)
		}

		// Refused: into itself, from or into a merged party. Nothing
		// written.
		head := auditHead(t, db)
		if err := db.MergeParties(ctx, survivor.ID, survivor.ID); !errors.Is(err, bitacora.ErrMergeSelf) {
			t.Errorf("merge into itself: %v", err)
		}
		if err := db.MergeParties(ctx, survivor.ID, "isoc"); !errors.Is(err, bitacora.ErrMergeMerged) {
			t.Errorf("merge of a merged party: %v", err)
		}
		if err := db.MergeParties(ctx, "isoc", "red-gealc"); !errors.Is(err, bitacora.ErrMergeMerged) {
			t.Errorf("merge into a merged party: %v", err)
		}
		if got := auditHead(t, db); got != head {
			t.Errorf("refused merges wrote %d entries", got-head)
		}
	})
}
