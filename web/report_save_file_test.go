package web_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"github.com/elac/bitacora/seed/seedtest"
	"github.com/elac/bitacora/store/storetest"
)

// The report form's text and its file are one change: when the file's
// write fails (here the database refuses it, as a crash between two
// writes would lose it), the text is not saved either, and the report
// keeps the version it had. Found while writing the crash driver's check
// that no version holds a form's text without its file
// (internal/crashtest): the form saved the text, then the file, in two
// transactions.
func TestReportFormTextAndFileAreOneChange(t *testing.T) {
	t.Parallel()
	seedtest.Each(t, func(t *testing.T, backend storetest.Backend) {
		ts, db := newServer(t, backend)
		ctx := context.Background()
		u := makeUser(t, db, "uno@mtic.example")
		if _, err := db.AddMembership(ctx, u.ID, "grupo-de-trabajo-sobre-acceso-e-infraestructura-digital", "2018-01-01", ""); err != nil {
			t.Fatal(err)
		}
		b := newBrowser(t, ts)
		b.login("uno@mtic.example")
		path := "/es/elac2020/activities/1.2/reports/2019-H1"
		form := func(version, narrative string) url.Values {
			return url.Values{"version": {version}, "status": {"under_way"}, "completion": {"limited"}, "narrative": {narrative}}
		}
		if resp, body := b.postMultipart(path, form("0", "Primera versión."), "", nil); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("first save: %d %s", resp.StatusCode, body)
		}
		// From now on the database refuses every new file.
		refuse := map[string][]string{
			"sqlite": {`CREATE TRIGGER refuse_files BEFORE INSERT ON report_files BEGIN SELECT RAISE(ABORT, 'disk full'); END`},
			"postgres": {`CREATE FUNCTION refuse_files() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'disk full'; END $$`,
				`CREATE TRIGGER refuse_files BEFORE INSERT ON report_files FOR EACH ROW EXECUTE FUNCTION refuse_files()`},
		}
		for _, q := range refuse[backend.Name] {
			if _, err := db.SQL().ExecContext(ctx, q); err != nil {
				t.Fatal(err)
			}
		}
		resp, _ := b.postMultipart(path, form("1", "Segunda versión, con su archivo."), "acta.pdf", []byte("%PDF-1.4\n% acta\n%%EOF\n"))
		if resp.StatusCode != http.StatusInternalServerError {
			t.Errorf("a save whose file the database refused: %d; want 500", resp.StatusCode)
		}
		rep, err := db.Report(ctx, reportKey("1.2", "2019-H1"))
		if err != nil {
			t.Fatal(err)
		}
		if rep.Version != 1 || rep.Narrative != "Primera versión." || len(rep.Files) != 0 {
			t.Errorf("the text was kept without its file: version %d, %q, %d files", rep.Version, rep.Narrative, len(rep.Files))
		}
		versions, err := db.ReportVersions(ctx, reportKey("1.2", "2019-H1"))
		if err != nil || len(versions) != 1 {
			t.Errorf("%d versions kept (%v); want 1", len(versions), err)
		}
	})
}
