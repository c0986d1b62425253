package store_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/store"
	"github.com/elac/bitacora/store/storetest"
)

// bulkProgramme stores a programme of areas × 100 activities with ten
// half-year periods (2096-H1 to 2100-H2), and returns one import row per
// activity and period, in file order: areas × 1,000 rows.
func bulkProgramme(tb testing.TB, ctx context.Context, db *store.DB, slug string, areas int) []bitacora.ReportImport {
	tb.Helper()
	doc := sampleDoc(slug)
	doc.Areas = doc.Areas[:0]
	for a := 1; a <= areas; a++ {
		o := bitacora.Objective{Number: a, Text: "Objetivo.", Source: bitacora.Lines(a, a)}
		for n := 1; n <= 100; n++ {
			o.Activities = append(o.Activities, bitacora.Activity{Code: fmt.Sprintf("%d.%d", a, n), Text: "Hacer.",
				Components: []string{}, Responsible: []string{"isoc"}, CoResponsible: []string{}, Notes: []string{}, Source: bitacora.Lines(a, a)})
		}
		doc.Areas = append(doc.Areas, bitacora.Area{Number: a, Title: "ÁREA", Source: bitacora.Lines(a, a), Objectives: []bitacora.Objective{o}})
	}
	doc.Notes = []bitacora.Note{}
	if err := db.ImportProgramme(ctx, doc, ""); err != nil {
		tb.Fatal(err)
	}
	ps, err := bitacora.HalfYears("2096-H1", "2100-H2")
	if err != nil {
		tb.Fatal(err)
	}
	if err := db.SetPeriods(ctx, slug, ps); err != nil {
		tb.Fatal(err)
	}
	var rows []bitacora.ReportImport
	for a := 1; a <= areas; a++ {
		for n := 1; n <= 100; n++ {
			for i, p := range ps {
				state := []bitacora.ReviewState{bitacora.StateAccepted, bitacora.StateSubmitted, bitacora.StateDraft}[i%3]
				rows = append(rows, bitacora.ReportImport{Line: len(rows) + 2, Activity: fmt.Sprintf("%d.%d", a, n), Period: p.Key, State: state,
					Content: bitacora.ReportContent{Status: bitacora.StatusUnderWay, Completion: bitacora.CompletionLimited,
						Narrative: fmt.Sprintf("Avance de %d.%d en %s.", a, n, p.Key)}, HasNarrative: true})
			}
		}
	}
	return rows
}

// A 10,000-row import whose last row is wrong stores nothing: no report,
// no version, no change record, no new generation; and the same file
// without the fault goes in whole, every row a version of its own.
func TestImportReportsBulkIsAllOrNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := bitacora.WithActor(context.Background(), bitacora.Actor{UserID: 3, Name: "sec"})
		db := open(t, b)
		rows := bulkProgramme(t, ctx, db, "p", 10)
		if len(rows) != bitacora.MaxReportImport {
			t.Fatalf("%d rows; want %d", len(rows), bitacora.MaxReportImport)
		}
		// One report already there, with the Bureau.
		k := bitacora.ReportKey{Programme: "p", Activity: "1.1", Period: "2096-H1"}
		r, err := db.SaveReport(ctx, k, 0, content(bitacora.StatusUnderWay), nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Submit(ctx, k, r.Version, nil); err != nil {
			t.Fatal(err)
		}
		gen, _ := db.Generation(ctx)
		seq, hash, _ := db.AuditHead(ctx)

		bad := append([]bitacora.ReportImport(nil), rows...)
		last := &bad[len(bad)-1]
		last.Content.Links, last.HasLinks = []bitacora.Link{{URL: "ftp://example.org"}}, true
		n, err := db.ImportReports(ctx, "p", bad)
		want := fmt.Sprintf("line %d (activity 10.100, period 2100-H2): invalid links[0]", bitacora.MaxReportImport+1)
		if n != 0 || bitacora.ErrorCode(err) != bitacora.EINVALID || bitacora.ErrorMessage(err) != want {
			t.Fatalf("bad last row: %d, %v; want 0 and %q", n, err, want)
		}
		if acc, _ := db.AcceptedReports(ctx, "p"); len(acc) != 0 {
			t.Errorf("a failed import left %d accepted reports", len(acc))
		}
		if vs, _ := db.ReportVersions(ctx, k); len(vs) != 2 {
			t.Errorf("a failed import left %d versions of %v; want 2", len(vs), k)
		}
		if _, err := db.Report(ctx, bitacora.ReportKey{Programme: "p", Activity: "5.50", Period: "2098-H1"}); bitacora.ErrorCode(err) != bitacora.ENOTFOUND {
			t.Errorf("a failed import created a report: %v", err)
		}
		if g, _ := db.Generation(ctx); g != gen {
			t.Errorf("generation %d after a failed import; %d before", g, gen)
		}
		if s, h, _ := db.AuditHead(ctx); s != seq || h != hash {
			t.Errorf("change record at %d %s after a failed import; %d %s before", s, h, seq, hash)
		}

		if n, err := db.ImportReports(ctx, "p", rows); n != len(rows) || err != nil {
			t.Fatalf("good rows: %d, %v", n, err)
		}
		if s, _, _ := db.AuditHead(ctx); s != seq+int64(len(rows)) {
			t.Errorf("change record at %d; want %d, one entry a row", s, seq+int64(len(rows)))
		}
		if acc, _ := db.AcceptedReports(ctx, "p"); len(acc) != 4*1000 { // periods 0, 3, 6, 9 of each activity
			t.Errorf("%d accepted reports; want 4,000", len(acc))
		}
		if vs, _ := db.ReportVersions(ctx, k); len(vs) != 3 || vs[0].State != bitacora.StateAccepted || len(vs[0].Events) != 1 {
			t.Errorf("versions of %v = %+v", k, vs)
		}
		if _, err := db.VerifyAudit(ctx); err != nil {
			t.Error(err)
		}
	})
}

// BenchmarkImportReports imports 10,000 rows (1,000 activities × 10
// periods) in one call: "create" into a programme with no reports,
// "update" over the same reports again, every row a new version. It
// reports rows/s. SQLite always; PostgreSQL when BITACORA_TEST_POSTGRES
// is set.
//
//	go test ./store -run '^$' -bench BenchmarkImportReports -benchtime 3x
func BenchmarkImportReports(b *testing.B) {
	backends := []storetest.Backend{{Name: "sqlite"}}
	if os.Getenv("BITACORA_TEST_POSTGRES") != "" {
		backends = append(backends, storetest.Backend{Name: "postgres"})
	}
	for _, be := range backends {
		dsn := func(b *testing.B) string {
			if be.Name == "postgres" {
				return storetest.NewPostgres(b)
			}
			return filepath.Join(b.TempDir(), "bitacora.db")
		}
		ctx := bitacora.WithActor(context.Background(), bitacora.Actor{UserID: 3, Name: "sec"})
		setup := func(b *testing.B) (*store.DB, []bitacora.ReportImport) {
			db, err := store.Open(ctx, dsn(b))
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(func() { db.Close() })
			return db, bulkProgramme(b, ctx, db, "p", 10)
		}
		importAll := func(b *testing.B, db *store.DB, rows []bitacora.ReportImport) {
			if n, err := db.ImportReports(ctx, "p", rows); err != nil || n != len(rows) {
				b.Fatalf("import: %d, %v", n, err)
			}
		}
		b.Run(be.Name+"/create", func(b *testing.B) {
			total := 0
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				db, rows := setup(b)
				b.StartTimer()
				importAll(b, db, rows)
				total += len(rows)
			}
			b.ReportMetric(float64(total)/b.Elapsed().Seconds(), "rows/s")
		})
		b.Run(be.Name+"/update", func(b *testing.B) {
			db, rows := setup(b)
			importAll(b, db, rows)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				importAll(b, db, rows)
			}
			b.ReportMetric(float64(b.N*len(rows))/b.Elapsed().Seconds(), "rows/s")
		})
	}
}

// An import's round trips do not grow with its rows: importing 2,000 rows
// sends (almost) as many statements as importing 1,000, a few more for
// the extra batches, where one statement a row or more would add
// thousands. Both fresh and over existing reports.
func TestImportReportsRoundTrips(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := bitacora.WithActor(context.Background(), bitacora.Actor{UserID: 3, Name: "sec"})
		db, statements, err := store.OpenCounting(ctx, b.DSN)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		rows := bulkProgramme(t, ctx, db, "p", 3)
		cost := func(rows []bitacora.ReportImport) int64 {
			before := statements.N()
			if n, err := db.ImportReports(ctx, "p", rows); n != len(rows) || err != nil {
				t.Fatalf("import: %d, %v", n, err)
			}
			return statements.N() - before
		}
		small, large := rows[:1000], rows[1000:3000]
		for _, round := range []string{"new reports", "existing reports"} {
			s, l := cost(small), cost(large)
			t.Logf("%s: %d statements for 1,000 rows, %d for 2,000", round, s, l)
			if s == 0 || l-s > 20 {
				t.Errorf("%s: %d statements for 1,000 rows, %d for 2,000; want at most 20 more", round, s, l)
			}
		}
	})
}
