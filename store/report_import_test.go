package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/reportcsv"
	"github.com/elac/bitacora/store"
	"github.com/elac/bitacora/store/storetest"
)

// parseFile reads a CSV file against the stored programme, as the import
// page does.
func parseFile(t *testing.T, db *store.DB, slug, file string) []bitacora.ReportImport {
	t.Helper()
	ctx := context.Background()
	doc, err := db.Document(ctx, slug)
	if err != nil {
		t.Fatal(err)
	}
	ps, err := db.Periods(ctx, slug)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := reportcsv.Parse(strings.NewReader(file), doc, ps)
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// The secretariat's import: every row a new version, whatever the report's
// state, in one transaction.
func TestImportReports(t *testing.T) {
	store.Migrated.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := bitacora.WithActor(context.Background(), bitacora.Actor{UserID: 3, Name: "sec"})
		db := open(t, b)
		if err := db.ImportProgramme(ctx, sampleDoc("p"), ""); err != nil {
			t.Fatal(err)
		}
		// A report with the Bureau, with events and links the file cannot
		// give: the import replaces it and keeps them.
		k := bitacora.ReportKey{Programme: "p", Activity: "1.1", Period: "2100-H1"}
		r, err := db.SaveReport(ctx, k, 0, content(bitacora.StatusUnderWay), nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err = db.Submit(ctx, k, r.Version, nil); err != nil {
			t.Fatal(err)
		}
		gen, _ := db.Generation(ctx)
		seq, _, _ := db.AuditHead(ctx)

		rows := parseFile(t, db, "p", "\uFEFFactividad;periodo;estado;avance;narrativa;estado_revision\r\n"+
			"1.1;2100-H1;completada;completo;Se terminó.;aceptado\r\n"+
			"1.2;2100-H1;en curso;limitado;Va.;accepted\r\n"+
			"1.2;2100-H2;retrasada;limitado;;draft\r\n"+
			"2.1;2099-H2;suspendida;no iniciado;;\r\n")
		n, err := db.ImportReports(ctx, "p", rows)
		if err != nil || n != 4 {
			t.Fatalf("import: %d, %v", n, err)
		}

		acc, err := db.AcceptedReports(ctx, "p")
		if err != nil || len(acc) != 2 {
			t.Fatalf("accepted = %+v, %v", acc, err)
		}
		got := map[string]bitacora.Report{}
		for _, a := range acc {
			got[a.Activity+"/"+a.Period] = a
		}
		if a := got["1.1/2100-H1"]; a.Status != bitacora.StatusCompleted || a.Completion != bitacora.CompletionComplete ||
			a.Narrative != "Se terminó." || len(a.Links) != 1 || len(a.Events) != 1 || a.Version != 3 || a.AcceptedAt == "" {
			t.Errorf("1.1 accepted = %+v", a)
		}
		if a := got["1.2/2100-H1"]; a.Status != bitacora.StatusUnderWay || a.Version != 1 {
			t.Errorf("1.2 accepted = %+v", a)
		}
		vs, err := db.ReportVersions(ctx, k)
		if err != nil || len(vs) != 3 || vs[1].State != bitacora.StateSubmitted || vs[1].Status != bitacora.StatusUnderWay {
			t.Errorf("versions of 1.1 = %+v, %v", vs, err)
		}
		if r, err := db.Report(ctx, bitacora.ReportKey{Programme: "p", Activity: "1.2", Period: "2100-H2"}); err != nil ||
			r.State != bitacora.StateDraft || r.Status != bitacora.StatusDelayed {
			t.Errorf("draft = %+v, %v", r, err)
		}
		if r, err := db.Report(ctx, bitacora.ReportKey{Programme: "p", Activity: "2.1", Period: "2099-H2"}); err != nil ||
			r.State != bitacora.StateSubmitted || r.SubmittedAt == "" {
			t.Errorf("submitted = %+v, %v", r, err)
		}
		if g, _ := db.Generation(ctx); g <= gen {
			t.Errorf("generation %d after the import; %d before", g, gen)
		}
		if s, _, _ := db.AuditHead(ctx); s != seq+4 {
			t.Errorf("change record at %d; want %d", s, seq+4)
		}
		h, err := db.History(ctx, store.ActivitySubject("p", "1.1"))
		if err != nil || len(h) == 0 || h[0].Action != "report.import" || h[0].Actor == "" {
			t.Errorf("history = %+v, %v", h, err)
		}
		if _, err := db.VerifyAudit(ctx); err != nil {
			t.Error(err)
		}
	})
}

// One bad row and nothing is stored; the error names its line.
func TestImportReportsIsAllOrNothing(t *testing.T) {
	store.Migrated.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := bitacora.WithActor(context.Background(), bitacora.Actor{UserID: 3, Name: "sec"})
		db := open(t, b)
		if err := db.ImportProgramme(ctx, sampleDoc("p"), ""); err != nil {
			t.Fatal(err)
		}
		k := bitacora.ReportKey{Programme: "p", Activity: "1.1", Period: "2100-H1"}
		if _, err := db.SaveReport(ctx, k, 0, content(bitacora.StatusUnderWay), nil); err != nil {
			t.Fatal(err)
		}
		good := parseFile(t, db, "p", "activity,period,status,completion,state\n"+
			"1.1,2100-H1,completed,complete,accepted\n1.2,2100-H1,under_way,limited,accepted\n2.1,2100-H1,delayed,limited,draft\n")
		gen, _ := db.Generation(ctx)
		seq, _, _ := db.AuditHead(ctx)
		for name, tc := range map[string]struct {
			change func(rows []bitacora.ReportImport)
			want   string
		}{
			"invalid content": {func(rows []bitacora.ReportImport) {
				rows[2].Content.Links, rows[2].HasLinks = []bitacora.Link{{URL: "ftp://example.org"}}, true
			}, "line 4 (activity 2.1, period 2100-H1): invalid links[0]"},
			"unknown activity": {func(rows []bitacora.ReportImport) { rows[2].Activity = "9.9" }, "line 4 (activity 9.9, period 2100-H1): invalid activity"},
			"unknown period":   {func(rows []bitacora.ReportImport) { rows[2].Period = "2101-H1" }, "line 4 (activity 2.1, period 2101-H1): invalid period"},
			"repeated row":     {func(rows []bitacora.ReportImport) { rows[2].Activity = "1.1" }, "line 4: activity 1.1 for 2100-H1 is already on line 2"},
			"review state":     {func(rows []bitacora.ReportImport) { rows[2].State = bitacora.StateReturned }, "line 4 (activity 2.1, period 2100-H1): invalid state"},
		} {
			rows := append([]bitacora.ReportImport(nil), good...)
			tc.change(rows)
			n, err := db.ImportReports(ctx, "p", rows)
			if n != 0 || bitacora.ErrorCode(err) != bitacora.EINVALID || bitacora.ErrorMessage(err) != tc.want {
				t.Errorf("%s: %d, %v; want 0 and %q", name, n, err, tc.want)
			}
		}
		if acc, _ := db.AcceptedReports(ctx, "p"); len(acc) != 0 {
			t.Errorf("a failed import left accepted reports: %+v", acc)
		}
		if vs, _ := db.ReportVersions(ctx, k); len(vs) != 1 {
			t.Errorf("a failed import left %d versions of 1.1; want 1", len(vs))
		}
		if _, err := db.Report(ctx, bitacora.ReportKey{Programme: "p", Activity: "1.2", Period: "2100-H1"}); bitacora.ErrorCode(err) != bitacora.ENOTFOUND {
			t.Errorf("a failed import created a report: %v", err)
		}
		if g, _ := db.Generation(ctx); g != gen {
			t.Errorf("generation %d after failed imports; %d before", g, gen)
		}
		if s, _, _ := db.AuditHead(ctx); s != seq {
			t.Errorf("change record at %d after failed imports; %d before", s, seq)
		}
		if _, err := db.ImportReports(ctx, "nope", good); bitacora.ErrorCode(err) != bitacora.ENOTFOUND {
			t.Errorf("import into no programme: %v", err)
		}
		// The same rows, right, go in whole.
		if n, err := db.ImportReports(ctx, "p", good); n != 3 || err != nil {
			t.Errorf("good rows: %d, %v", n, err)
		}
	})
}
