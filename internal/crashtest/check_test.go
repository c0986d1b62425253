package crashtest

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/seed/seedtest"
	"github.com/elac/bitacora/store"
	"github.com/elac/bitacora/store/storetest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	storetest.RemoveTemplates()
	os.Exit(code)
}

// The checks find what they look for: a report written whole passes, and
// each way of breaking what one change writes together is named.
func TestHalfWrittenFindsWhatWasTornApart(t *testing.T) {
	for _, tc := range []struct {
		name, tear, want string
	}{
		{"whole", "", ""},
		{"a file without its row", `DELETE FROM report_files`, "lists files"},
		{"a file without its bytes", `DELETE FROM report_file_chunks`, "holds 0 bytes"},
		{"a file's chunks out of step", `UPDATE report_file_chunks SET data = X'00'`, "hashing"},
		{"a version lost", `DELETE FROM report_versions WHERE version = 3`, "keeps 2 versions"},
		{"the form's text without its file", `UPDATE report_versions SET snapshot_json = REPLACE(snapshot_json, '"files":[{', '"files":[],"x":[{') WHERE version = 3`, "kept without its file"},
		{"a version without its entry", `UPDATE audit_log SET after_json = REPLACE(after_json, '"version":3', '"version":30')`, "has no entry in the change record"},
		{"an approval without its version", `UPDATE revisions SET state = 'approved', approved_version = 9`, "approved as version 9"},
		{"the head behind", `UPDATE audit_head SET seq = seq - 1`, "head is at"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			seedtest.On(t, "sqlite", func(t *testing.T, b storetest.Backend) {
				ctx := context.Background()
				db, err := store.Open(ctx, b.DSN)
				if err != nil {
					t.Fatal(err)
				}
				defer db.Close()
				fx, err := makeFixture(ctx, db)
				if err != nil {
					t.Fatal(err)
				}
				actx := bitacora.WithActor(ctx, bitacora.Actor{Name: "test"})
				k := fx.reports[0]
				text := "Informe guardado con archivo 1"
				rep, err := db.SaveReport(actx, k, 0, bitacora.ReportContent{Status: bitacora.StatusUnderWay, Completion: bitacora.CompletionLimited, Narrative: "Primero"}, nil)
				if err == nil {
					rep, err = db.SaveReport(actx, k, rep.Version, bitacora.ReportContent{Status: bitacora.StatusUnderWay, Completion: bitacora.CompletionLimited, Narrative: text}, nil)
				}
				if err == nil {
					_, err = db.AddFile(actx, k, rep.Version, "evidencia.pdf", "application/pdf", formFile(text), nil)
				}
				if err != nil {
					t.Fatal(err)
				}
				if _, err := db.CreateRevision(actx, fx.slug, "Revisión", []bitacora.Change{}); err != nil && tc.name == "an approval without its version" {
					t.Fatal(err)
				}
				if tc.tear != "" {
					if _, err := db.SQL().ExecContext(ctx, tc.tear); err != nil {
						t.Fatal(err)
					}
				}
				got, err := halfWritten(ctx, db)
				if err != nil {
					t.Fatal(err)
				}
				if tc.want == "" && len(got) != 0 || tc.want != "" && (len(got) == 0 || !strings.Contains(strings.Join(got, "\n"), tc.want)) {
					t.Errorf("found %q, want %q", got, tc.want)
				}
			})
		})
	}
}
