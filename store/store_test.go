package store_test

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/store"
	"github.com/elac/bitacora/store/storetest"
)

func open(t *testing.T, b storetest.Backend) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), b.DSN)
	if err != nil {
		t.Fatalf("open %s: %v", b.Name, err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// sampleDoc is a small programme that exercises every table: preamble,
// parties with countries, aliases and a parent, components, both roles,
// notes and warnings.
func sampleDoc(slug string) *bitacora.Document {
	src := func(l int) bitacora.Source { return bitacora.Lines(l, l) }
	return &bitacora.Document{
		Programme: bitacora.Programme{
			Slug: slug, Symbol: "LC/TS.2099/1", Title: "PROGRAMA DE PRUEBA, 2099-2100", Agenda: "Agenda (eLAC2100)",
			Language: "es", StartYear: 2099, EndYear: 2100, Adopted: "2099-07-13", Place: "Santiago", Issued: "2099-08-24",
			Distribution: "LIMITADA", JobNumber: "99-00001", SourceName: "test.txt", Source: bitacora.Lines(1, 30),
			Preamble: []bitacora.Paragraph{{Text: "Un mandato.", Source: src(3)}},
		},
		Parties: []bitacora.Party{
			{ID: "grupo-de-trabajo-sobre-acceso", Name: "Grupo de Trabajo sobre Acceso", Kind: bitacora.KindWorkingGroup,
				Countries: []string{"Paraguay"}, CountryCodes: []string{"PY"}, Aliases: []string{}, Source: src(6)},
			{ID: "isoc", Name: "Internet Society", Acronym: "ISOC", Kind: bitacora.KindOrganisation,
				Countries: []string{}, CountryCodes: []string{}, Aliases: []string{"Internet Society (ISOC)"}, Source: src(6)},
			{ID: "red-gealc", Name: "Red de Gobierno Electrónico", Acronym: "Red GEALC", Kind: bitacora.KindNetwork,
				Countries: []string{"Panamá"}, CountryCodes: []string{"PA"}, Aliases: []string{}, Source: src(9)},
			{ID: "paises-integrantes-de-la-red-gealc", Name: "Países integrantes de la Red GEALC", Kind: bitacora.KindCountryGroup,
				Countries: []string{}, CountryCodes: []string{}, Parent: "red-gealc",
				Aliases: []string{"Países que componen la Red GEALC", "Estados de la Red GEALC"}, Source: src(9)},
		},
		Areas: []bitacora.Area{
			{Number: 1, Title: "INFRAESTRUCTURA", Source: bitacora.Lines(5, 7), Objectives: []bitacora.Objective{
				{Number: 1, Text: "Fomentar.", Source: bitacora.Lines(6, 7), Activities: []bitacora.Activity{
					{Code: "1.1", Text: "Identificar.", Components: []string{"Panel", "Taller"},
						Responsible: []string{"grupo-de-trabajo-sobre-acceso"}, CoResponsible: []string{"isoc"}, Notes: []string{}, Source: src(6)},
					{Code: "1.2", Text: "Proponer.", Components: []string{},
						Responsible: []string{"grupo-de-trabajo-sobre-acceso"}, CoResponsible: []string{}, Notes: []string{}, Source: src(7)},
				}},
			}},
			{Number: 2, Title: "GOBIERNO", Source: bitacora.Lines(8, 12), Objectives: []bitacora.Objective{
				{Number: 2, Text: "Establecer.", Source: bitacora.Lines(9, 9), Activities: []bitacora.Activity{
					{Code: "2.1", Text: "Identificar sectores.", Components: []string{},
						Responsible: []string{"red-gealc"}, CoResponsible: []string{"paises-integrantes-de-la-red-gealc", "isoc"},
						Notes: []string{"Rotará."}, Source: src(9)},
				}},
				{Number: 3, Text: "Sin actividades.", Source: bitacora.Lines(10, 10), Activities: []bitacora.Activity{}},
			}},
		},
		Notes:    []bitacora.Note{{Mark: "a", Text: "Rotará.", Area: 2, Source: src(12)}},
		Warnings: []bitacora.Warning{{Line: 7, Message: "a warning"}},
	}
}

func TestMigrate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		db := open(t, b)
		have, want, err := db.SchemaVersion(ctx)
		if err != nil || have != want || want < 1 {
			t.Fatalf("schema version = %d, %d, %v; want the newest", have, want, err)
		}
		db.Close()
		// Opening again finds nothing to do.
		db = open(t, b)
		if again, _, _ := db.SchemaVersion(ctx); again != have {
			t.Fatalf("second open moved the schema from %d to %d", have, again)
		}
	})
}

func TestRefusesNewerSchema(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		db := open(t, b)
		if _, err := db.SQL().ExecContext(ctx, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future.sql', CURRENT_TIMESTAMP)"); err != nil {
			t.Fatal(err)
		}
		db.Close()
		_, err := store.Open(ctx, b.DSN)
		if bitacora.ErrorCode(err) != bitacora.EUNSUPPORTED || !strings.Contains(err.Error(), "999") {
			t.Fatalf("open of a newer database: %v; want %s naming version 999", err, bitacora.EUNSUPPORTED)
		}
	})
}

func TestImportRoundTrip(t *testing.T) {
	store.Migrated.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		db := open(t, b)
		want := sampleDoc("prueba")
		if err := db.ImportProgramme(ctx, want, "the text"); err != nil {
			t.Fatal(err)
		}
		got, err := db.Document(ctx, "prueba")
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("stored document differs:\n got %+v\nwant %+v", got, want)
		}
		text, err := db.SourceText(ctx, "prueba")
		if err != nil || text != "the text" {
			t.Errorf("source text = %q, %v", text, err)
		}
		list, err := db.Programmes(ctx)
		if err != nil || len(list) != 1 || list[0].Activities != 3 || list[0].Objectives != 3 || list[0].Areas != 2 {
			t.Errorf("programmes = %+v, %v", list, err)
		}
	})
}

func TestImportIsAllOrNothing(t *testing.T) {
	store.Migrated.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		db := open(t, b)

		dup := sampleDoc("dup")
		dup.Areas[1].Objectives[0].Activities[0].Code = "1.1"
		err := db.ImportProgramme(ctx, dup, "")
		if bitacora.ErrorCode(err) != bitacora.EINVALID || !strings.Contains(err.Error(), "line 9") {
			t.Fatalf("duplicate code: %v; want %s naming line 9", err, bitacora.EINVALID)
		}

		// Two parties that the register reads as one fail deep inside the
		// transaction, after the programme row and other parties are written.
		twice := sampleDoc("twice")
		twice.Parties = append(twice.Parties, bitacora.Party{ID: "isoc-bis", Name: "INTERNET SOCIETY", Kind: bitacora.KindOrganisation,
			Countries: []string{}, CountryCodes: []string{}, Aliases: []string{}})
		if err := db.ImportProgramme(ctx, twice, ""); err == nil {
			t.Fatal("import of a programme naming one party twice succeeded")
		}
		if n, _ := db.CountProgrammes(ctx); n != 0 {
			t.Fatalf("%d programmes stored after failed imports; want 0", n)
		}
		if parties, _ := db.Parties(ctx); len(parties) != 0 {
			t.Fatalf("%d parties stored after failed imports; want 0", len(parties))
		}
		// And the database still takes a good import.
		if err := db.ImportProgramme(ctx, sampleDoc("good"), ""); err != nil {
			t.Fatal(err)
		}
	})
}

func TestImportTwiceConflicts(t *testing.T) {
	store.Migrated.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		db := open(t, b)
		// Instances starting together race to import; one wins.
		var wg sync.WaitGroup
		errs := make([]error, 4)
		for i := range errs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs[i] = db.ImportProgramme(ctx, sampleDoc("race"), "")
			}()
		}
		wg.Wait()
		ok := 0
		for _, err := range errs {
			switch bitacora.ErrorCode(err) {
			case "":
				ok++
			case bitacora.ECONFLICT:
			default:
				t.Errorf("concurrent import: %v", err)
			}
		}
		if ok != 1 {
			t.Fatalf("%d concurrent imports succeeded; want 1 (%v)", ok, errs)
		}
	})
}

func TestPartyRegisterAcrossProgrammes(t *testing.T) {
	store.Migrated.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		db := open(t, b)
		if err := db.ImportProgramme(ctx, sampleDoc("first"), ""); err != nil {
			t.Fatal(err)
		}
		// A later cycle writes ISOC differently, gives it another local id,
		// and has a party of its own whose id the register already uses.
		next := sampleDoc("second")
		next.Programme.StartYear = 2101
		next.Parties[1].ID, next.Parties[1].Name, next.Parties[1].Aliases = "internet-society", "Internet Society", []string{"La Internet Society"}
		next.Parties[0].ID, next.Parties[0].Name = "isoc", "Grupo Nuevo"
		next.Parties[0].Countries, next.Parties[0].CountryCodes = []string{"Chile"}, []string{"CL"}
		for ai := range next.Areas {
			for oi := range next.Areas[ai].Objectives {
				for ti := range next.Areas[ai].Objectives[oi].Activities {
					act := &next.Areas[ai].Objectives[oi].Activities[ti]
					act.Responsible = rename(act.Responsible, map[string]string{"grupo-de-trabajo-sobre-acceso": "isoc"})
					act.CoResponsible = rename(act.CoResponsible, map[string]string{"isoc": "internet-society"})
				}
			}
		}
		// Rename after the loop: the responsible "isoc" above means Grupo Nuevo.
		if err := db.ImportProgramme(ctx, next, ""); err != nil {
			t.Fatal(err)
		}
		d, err := db.Party(ctx, "isoc")
		if err != nil {
			t.Fatal(err)
		}
		if d.Party.Name != "Internet Society" || !contains(d.Party.Aliases, "La Internet Society") {
			t.Errorf("isoc = %+v; want one party with both programmes' aliases", d.Party)
		}
		var progs []string
		for _, r := range d.Roles {
			progs = append(progs, r.Programme+":"+r.ActivityCode+":"+string(r.Role))
		}
		want := []string{"second:1.1:co_responsible", "second:2.1:co_responsible", "first:1.1:co_responsible", "first:2.1:co_responsible"}
		if !reflect.DeepEqual(progs, want) {
			t.Errorf("isoc roles = %v; want %v", progs, want)
		}
		doc, err := db.Document(ctx, "second")
		if err != nil {
			t.Fatal(err)
		}
		if act := doc.Activity("1.1"); act.Responsible[0] != "isoc-2" || act.CoResponsible[0] != "isoc" {
			t.Errorf("second 1.1 = %v / %v; want the new group as isoc-2 and ISOC as isoc", act.Responsible, act.CoResponsible)
		}
		g, err := db.Party(ctx, "isoc-2")
		if err != nil || g.Party.Name != "Grupo Nuevo" || !reflect.DeepEqual(g.Party.Countries, []string{"Chile"}) {
			t.Errorf("isoc-2 = %+v, %v", g, err)
		}
		gealc, err := db.Party(ctx, "red-gealc")
		if err != nil || len(gealc.Children) != 1 || gealc.Children[0].ID != "paises-integrantes-de-la-red-gealc" {
			t.Errorf("red-gealc children = %+v, %v", gealc, err)
		}
	})
}

func TestNotFound(t *testing.T) {
	store.Migrated.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		db := open(t, b)
		if err := db.ImportProgramme(ctx, sampleDoc("p"), ""); err != nil {
			t.Fatal(err)
		}
		for name, err := range map[string]error{
			"programme": second(db.Document(ctx, "nope")),
			"activity":  second(db.Activity(ctx, "p", "9.9")),
			"party":     second(db.Party(ctx, "nope")),
			"source":    second(db.SourceText(ctx, "nope")),
		} {
			if bitacora.ErrorCode(err) != bitacora.ENOTFOUND {
				t.Errorf("%s: %v; want %s", name, err, bitacora.ENOTFOUND)
			}
		}
		d, err := db.Activity(ctx, "p", "2.1")
		if err != nil || d.Area.Number != 2 || d.Objective.Number != 2 || len(d.Parties) != 3 {
			t.Errorf("activity 2.1 = %+v, %v", d, err)
		}
	})
}

func TestOpenErrors(t *testing.T) {
	ctx := context.Background()
	file := t.TempDir() + "/plain-file"
	if err := writeFile(file); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ dsn, code, mention string }{
		{file + "/sub/bitacora.db", bitacora.EUNAVAILABLE, "cannot create folder"},
		{"postgres://user:secret@127.0.0.1:1/db?connect_timeout=2", bitacora.EUNAVAILABLE, "cannot reach"},
		{"postgres://%zz", bitacora.EINVALID, "not a valid"},
	} {
		_, err := store.Open(ctx, tc.dsn)
		if bitacora.ErrorCode(err) != tc.code || !strings.Contains(err.Error(), tc.mention) {
			t.Errorf("Open(%q) = %v; want %s mentioning %q", tc.dsn, err, tc.code, tc.mention)
		}
		if err != nil && strings.Contains(err.Error(), "secret") {
			t.Errorf("Open(%q) leaks the password: %v", tc.dsn, err)
		}
	}
}

func second[T any](_ T, err error) error { return err }

func rename(ids []string, m map[string]string) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		if n, ok := m[id]; ok {
			out[i] = n
		} else {
			out[i] = id
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestTranslations(t *testing.T) {
	store.Migrated.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		db := open(t, b)
		if err := db.ImportProgramme(ctx, sampleDoc("p"), ""); err != nil {
			t.Fatal(err)
		}
		gen, _ := db.Generation(ctx)
		if err := db.SetTranslation(ctx, "p", "activity:1.1", "text", "en", "Identify."); err != nil {
			t.Fatal(err)
		}
		if err := db.SetTranslation(ctx, "p", "activity:1.1", "text", "en", "Identify and analyse."); err != nil {
			t.Fatal(err)
		}
		got, err := db.Translations(ctx, "p")
		if err != nil || len(got) != 1 || got[store.TranslationKey("activity:1.1", "text", "en")] != "Identify and analyse." {
			t.Fatalf("translations = %v, %v", got, err)
		}
		if after, _ := db.Generation(ctx); after <= gen {
			t.Error("a translation did not change the generation: caches would not see it")
		}
		if err := db.SetTranslation(ctx, "p", "activity:1.1", "text", "en", ""); err != nil {
			t.Fatal(err)
		}
		if got, _ := db.Translations(ctx, "p"); len(got) != 0 {
			t.Errorf("empty text did not remove the translation: %v", got)
		}
		for _, bad := range [][4]string{{"activity:x", "text", "en", "a"}, {"activity:1.1", "colour", "en", "a"}, {"activity:1.1", "text", "english", "a"}} {
			if err := db.SetTranslation(ctx, "p", bad[0], bad[1], bad[2], bad[3]); bitacora.ErrorCode(err) != bitacora.EINVALID {
				t.Errorf("SetTranslation%v = %v; want %s", bad, err, bitacora.EINVALID)
			}
		}
		if err := db.SetTranslation(ctx, "nope", "programme", "title", "en", "x"); bitacora.ErrorCode(err) != bitacora.ENOTFOUND {
			t.Errorf("translation of an unknown programme: %v", err)
		}
	})
}

// A translation names something the programme has, in a language of the
// site, and keeps which wording it translated: once a revision changes the
// original, it is of an earlier wording.
func TestTranslationTargetsAndWording(t *testing.T) {
	store.Migrated.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := bitacora.WithActor(context.Background(), bitacora.Actor{Name: "test"})
		db := open(t, b)
		if err := db.ImportProgramme(ctx, sampleDoc("p"), ""); err != nil {
			t.Fatal(err)
		}
		for _, bad := range [][3]string{{"activity:99.9", "text", "en"}, {"component:1.1:99", "text", "en"}, {"objective:99", "text", "en"}, {"area:99", "title", "en"}} {
			if err := db.SetTranslation(ctx, "p", bad[0], bad[1], bad[2], "x"); bitacora.ErrorCode(err) != bitacora.ENOTFOUND {
				t.Errorf("SetTranslation%v = %v; want %s", bad, err, bitacora.ENOTFOUND)
			}
		}
		for _, bad := range [][4]string{{"activity:1.1", "text", "de", "lang"}, {"activity:1.1", "text", "xx", "lang"}, {"activity:1.1", "title", "en", "field"}, {"area:1", "text", "en", "field"}} {
			err := db.SetTranslation(ctx, "p", bad[0], bad[1], bad[2], "x")
			var fe *bitacora.InvalidFields
			if !errors.As(err, &fe) || fe.Fields[bad[3]] == "" {
				t.Errorf("SetTranslation%v = %v; want an invalid %s", bad[:3], err, bad[3])
			}
		}
		for _, tr := range [][3]string{{"activity:1.1", "text", "en"}, {"activity:1.2", "text", "en"}} {
			if err := db.SetTranslation(ctx, "p", tr[0], tr[1], tr[2], "Translated."); err != nil {
				t.Fatal(err)
			}
		}
		stale := func() map[string]bool {
			doc, err := db.Document(ctx, "p")
			if err != nil {
				t.Fatal(err)
			}
			list, err := db.TranslationList(ctx, "p")
			if err != nil || len(list) != 2 {
				t.Fatalf("translations = %v, %v", list, err)
			}
			out := map[string]bool{}
			for _, tr := range list {
				original, err := bitacora.TranslatableText(doc, tr.Subject, tr.Field)
				if err != nil {
					t.Fatal(err)
				}
				out[tr.Subject] = tr.Stale(original)
			}
			return out
		}
		if got := stale(); got["activity:1.1"] || got["activity:1.2"] {
			t.Fatalf("fresh translations marked stale: %v", got)
		}
		text := "A new wording of the activity"
		rev, err := db.CreateRevision(ctx, "p", "Rewording", []bitacora.Change{{Op: bitacora.OpEditActivity, Activity: "1.1", Text: &text, Reason: "Clearer."}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.ApproveRevision(ctx, "p", rev.ID, propose(t, db, "p", rev), "2019-11-20", nil); err != nil {
			t.Fatal(err)
		}
		if got := stale(); !got["activity:1.1"] || got["activity:1.2"] {
			t.Errorf("after a revision of 1.1: stale = %v; want 1.1 only", got)
		}
		// Translating again translates the new wording.
		if err := db.SetTranslation(ctx, "p", "activity:1.1", "text", "en", "New."); err != nil {
			t.Fatal(err)
		}
		if got := stale(); got["activity:1.1"] {
			t.Errorf("a translation of the current wording is stale: %v", got)
		}
	})
}
