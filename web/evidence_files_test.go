package web_test

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/seed/seedtest"
	"github.com/elac/bitacora/store"
	"github.com/elac/bitacora/store/storetest"
)

// postFile sends a multipart form with an upload in the named field.
func (b *browser) postFile(path string, fields url.Values, field, fileName string, file []byte) (*http.Response, string) {
	b.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fields.Set("csrf", b.csrf)
	for k, vs := range fields {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	if fileName != "" {
		fw, _ := mw.CreateFormFile(field, fileName)
		fw.Write(file)
	}
	mw.Close()
	req, _ := http.NewRequest("POST", b.ts.URL+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return b.do(req)
}

const (
	evidenceParty  = "grupo-de-trabajo-sobre-acceso-e-infraestructura-digital" // responsible for 1.2
	evidenceReport = "/es/elac2020/activities/1.2/reports/2019-H1"
)

func pdfOf(text string) []byte { return []byte("%PDF-1.4\n% " + text + "\n%%EOF\n") }

// focalOf1_2 signs in a new focal point of activity 1.2's responsible party.
func focalOf1_2(t *testing.T, db *store.DB, b *browser, email string) *bitacora.User {
	t.Helper()
	u := makeUser(t, db, email)
	if _, err := db.AddMembership(context.Background(), u.ID, evidenceParty, "2018-01-01", ""); err != nil {
		t.Fatal(err)
	}
	b.login(email)
	return u
}

func countAudit(t *testing.T, db *store.DB, action string) int {
	t.Helper()
	var n int
	if err := db.SQL().QueryRowContext(context.Background(), `SELECT COUNT(*) FROM audit_log WHERE action = '`+action+`'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// In a draft, a focal point of the responsible party removes a file or
// replaces it; the bytes of a file no accepted version listed are gone
// and its address serves nothing. A file whose content the draft holds
// already is refused, nothing saved. Another party's focal point and the
// public are refused, the file untouched. Every change is in the change
// record.
func TestEvidenceFilesInADraft(t *testing.T) {
	t.Parallel()
	seedtest.Each(t, func(t *testing.T, backend storetest.Backend) {
		ts, db := newServer(t, backend)
		ctx := context.Background()
		focal := newBrowser(t, ts)
		focalOf1_2(t, db, focal, "uno@mtic.example")
		other := newBrowser(t, ts)
		o := makeUser(t, db, "otra@example.org")
		if _, err := db.AddMembership(ctx, o.ID, "cepal", "2018-01-01", ""); err != nil {
			t.Fatal(err)
		}
		other.login("otra@example.org")
		anon := newBrowser(t, ts)
		k := reportKey("1.2", "2019-H1")
		form := func(version string) url.Values {
			return url.Values{"version": {version}, "status": {"under_way"}, "completion": {"limited"}, "narrative": {"Avance."}}
		}
		if resp, body := focal.postMultipart(evidenceReport, form("0"), "acta.pdf", pdfOf("acta")); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("save with a file: %d %s", resp.StatusCode, body)
		}
		rep, err := db.Report(ctx, k)
		if err != nil || len(rep.Files) != 1 {
			t.Fatalf("after the first upload: %+v %v", rep, err)
		}
		first := rep.Files[0].ID

		// The same content again, under another name: refused, nothing saved.
		resp, body := focal.postMultipart(evidenceReport, form(itoa(int64(rep.Version))), "acta-copia.pdf", pdfOf("acta"))
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "ya está adjunto") {
			t.Errorf("a duplicate upload: %d; want 422 saying so", resp.StatusCode)
		}
		if again, _ := db.Report(ctx, k); again.Version != rep.Version || len(again.Files) != 1 {
			t.Errorf("after the duplicate: version %d, %d files; want %d, 1", again.Version, len(again.Files), rep.Version)
		}
		// The store refuses it too, whoever asks.
		if _, err := db.AddFile(ctx, k, rep.Version, "otra.pdf", "application/pdf", pdfOf("acta"), nil); bitacora.ErrorCode(err) != bitacora.EINVALID {
			t.Errorf("AddFile of a duplicate: %v; want invalid", err)
		}

		// The page offers a remove button for the file, and a replace form.
		_, body = focal.get(evidenceReport)
		removePath := "/es/elac2020/activities/1.2/reports/2019-H1/files/" + itoa(first) + "/remove"
		if !strings.Contains(body, `action="`+removePath+`"`) || !strings.Contains(body, `name="replacement"`) {
			t.Errorf("the draft's page has no remove or replace form")
		}

		// Refused: another party's focal point, the public.
		if resp, _ := other.post(removePath, url.Values{"version": {itoa(int64(rep.Version))}}); resp.StatusCode != http.StatusForbidden {
			t.Errorf("another party's focal point removes: %d; want 403", resp.StatusCode)
		}
		if resp, _ := other.postFile("/es/elac2020/activities/1.2/reports/2019-H1/files/replace",
			url.Values{"version": {itoa(int64(rep.Version))}, "file_id": {itoa(first)}}, "replacement", "b.pdf", pdfOf("b")); resp.StatusCode != http.StatusForbidden {
			t.Errorf("another party's focal point replaces: %d; want 403", resp.StatusCode)
		}
		if resp, _ := anon.post(removePath, url.Values{"version": {itoa(int64(rep.Version))}}); resp.StatusCode < 300 || resp.StatusCode == http.StatusSeeOther && !strings.Contains(resp.Header.Get("Location"), "login") {
			t.Errorf("the public removes: %d %s", resp.StatusCode, resp.Header.Get("Location"))
		}
		if still, _ := db.Report(ctx, k); still.Version != rep.Version || len(still.Files) != 1 {
			t.Fatalf("after the refused attempts: version %d, %d files", still.Version, len(still.Files))
		}

		// Replace: one change, the new file in the old one's place.
		resp, body = focal.postFile("/es/elac2020/activities/1.2/reports/2019-H1/files/replace",
			url.Values{"version": {itoa(int64(rep.Version))}, "file_id": {itoa(first)}}, "replacement", "acta-firmada.pdf", pdfOf("acta firmada"))
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("replace: %d %s", resp.StatusCode, body)
		}
		rep, _ = db.Report(ctx, k)
		if len(rep.Files) != 1 || rep.Files[0].Name != "acta-firmada.pdf" || rep.Files[0].ID == first {
			t.Fatalf("after the replacement: %+v", rep.Files)
		}
		second := rep.Files[0].ID
		if resp, _ := focal.get("/es/files/" + itoa(first)); resp.StatusCode != http.StatusNotFound {
			t.Errorf("the replaced file is served: %d", resp.StatusCode)
		}
		var n int
		if err := db.SQL().QueryRowContext(ctx, `SELECT COUNT(*) FROM report_files WHERE id = `+itoa(first)).Scan(&n); err != nil || n != 0 {
			t.Errorf("the replaced file's row is kept (%d, %v): a draft's file never published goes whole", n, err)
		}

		// Remove.
		if resp, body := focal.post("/es/elac2020/activities/1.2/reports/2019-H1/files/"+itoa(second)+"/remove", url.Values{"version": {itoa(int64(rep.Version))}}); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("remove: %d %s", resp.StatusCode, body)
		}
		rep, _ = db.Report(ctx, k)
		if len(rep.Files) != 0 {
			t.Errorf("after the removal: %+v", rep.Files)
		}
		_, body = focal.get(evidenceReport)
		if strings.Contains(body, "acta-firmada.pdf") || !strings.Contains(body, "Archivo quitado del borrador.") {
			t.Errorf("the page after the removal lists the file or says nothing: %v %v", strings.Contains(body, "acta-firmada.pdf"), strings.Contains(body, "Archivo quitado del borrador."))
		}
		if resp, _ := focal.get("/es/files/" + itoa(second)); resp.StatusCode != http.StatusNotFound {
			t.Errorf("the removed file is served: %d", resp.StatusCode)
		}
		if got := countAudit(t, db, bitacora.ActionReportFileRemove); got != 2 {
			t.Errorf("%d report.file_remove entries; want 2 (the replacement and the removal)", got)
		}
	})
}
