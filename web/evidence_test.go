package web_test

import (
	"archive/zip"
	"bytes"
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/seed/seedtest"
	"github.com/elac/bitacora/store/storetest"
	"github.com/elac/bitacora/web"
)

// odf is an OpenDocument file whose mimetype entry says mimetype.
func odf(t *testing.T, mimetype string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, f := range [][2]string{{"mimetype", mimetype}, {"content.xml", "<office:document-content/>"}} {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: f[0], Method: zip.Store})
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(f[1]))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// An OpenDocument file does not choose its own type: only the types of the
// closed list are taken from its mimetype entry.
func TestOpenDocumentTypeFromAClosedList(t *testing.T) {
	t.Parallel()
	for mimetype, want := range map[string]string{
		"application/vnd.oasis.opendocument.text":        "application/vnd.oasis.opendocument.text",
		"application/vnd.oasis.opendocument.spreadsheet": "application/vnd.oasis.opendocument.spreadsheet",
		"text/html": "",
		"application/vnd.oasis.opendocument.text/../text/html": "",
		"application/vnd.oasis.opendocument.text\r\nX-A: b":    "",
		"application/vnd.oasis.opendocument.html":              "",
		"application/vnd.oasis.opendocument.text; charset=x":   "",
	} {
		got, ok := web.SniffEvidence(odf(t, mimetype))
		if ok != (want != "") || (ok && got != want) {
			t.Errorf("mimetype %q: %q, %v; want %q", mimetype, got, ok, want)
		}
		if ok && !bitacora.EvidenceType(got) {
			t.Errorf("mimetype %q: %q is not on the list", mimetype, got)
		}
	}
}

// Through the report form: an OpenDocument file naming a type off the list
// is refused and nothing is stored; a good one is served with its type,
// nosniff and as an attachment; and a file stored with another type (as
// before the list was closed) is served as application/octet-stream.
func TestEvidenceIsServedSafely(t *testing.T) {
	t.Parallel()
	seedtest.Each(t, func(t *testing.T, backend storetest.Backend) {
		ts, db := newServer(t, backend)
		ctx := context.Background()
		u := makeUser(t, db, "uno@mtic.example")
		if _, err := db.AddMembership(ctx, u.ID, "grupo-de-trabajo-sobre-acceso-e-infraestructura-digital", "2018-01-01", ""); err != nil {
			t.Fatal(err)
		}
		focal := newBrowser(t, ts)
		focal.login("uno@mtic.example")
		path := "/es/elac2020/activities/1.2/reports/2019-H1"
		form := func(version string) url.Values {
			return url.Values{"version": {version}, "status": {"under_way"}, "completion": {"limited"}, "narrative": {"Avance."}}
		}
		if resp, body := focal.postMultipart(path, form("0"), "", nil); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("first save: %d %s", resp.StatusCode, body)
		}
		resp, body := focal.postMultipart(path, form("1"), "informe.odt", odf(t, "application/vnd.oasis.opendocument.text/../text/html"))
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Adjunte un PDF") {
			t.Errorf("an OpenDocument file naming its own type: %d; want 422", resp.StatusCode)
		}
		rep, err := db.Report(ctx, reportKey("1.2", "2019-H1"))
		if err != nil || rep.Version != 1 || len(rep.Files) != 0 {
			t.Fatalf("after the refused upload: %+v %v", rep, err)
		}
		if resp, body := focal.postMultipart(path, form("1"), "informe.odt", odf(t, "application/vnd.oasis.opendocument.text")); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("a good OpenDocument file: %d %s", resp.StatusCode, body)
		}
		if rep, err = db.Report(ctx, reportKey("1.2", "2019-H1")); err != nil || len(rep.Files) != 1 {
			t.Fatalf("after the good upload: %+v %v", rep, err)
		}
		id := itoa(rep.Files[0].ID)
		check := func(wantType string) {
			t.Helper()
			resp, _ := focal.get("/es/files/" + id)
			h := resp.Header
			if resp.StatusCode != 200 || h.Get("Content-Type") != wantType || h.Get("X-Content-Type-Options") != "nosniff" ||
				h.Get("Content-Disposition") != `attachment; filename=informe.odt` || !strings.Contains(h.Get("Content-Security-Policy"), "sandbox") {
				t.Errorf("GET /files/%s: %d %v; want %s, nosniff, attachment", id, resp.StatusCode, h, wantType)
			}
		}
		check("application/vnd.oasis.opendocument.text")
		// The store refuses a type off the list whoever the caller.
		_, err = db.AddFile(bitacora.WithActor(ctx, bitacora.Actor{UserID: u.ID, Name: u.Email}), reportKey("1.2", "2019-H1"), rep.Version, "x.html", "text/html", []byte("<script>"), nil)
		if bitacora.ErrorCode(err) != bitacora.EINVALID {
			t.Errorf("AddFile text/html: %v; want invalid", err)
		}
		// A file stored before the list was closed.
		if _, err := db.SQL().ExecContext(ctx, `UPDATE report_files SET content_type = 'text/html'`); err != nil {
			t.Fatal(err)
		}
		check("application/octet-stream")
		if rep, _ := db.Report(ctx, reportKey("1.2", "2019-H1")); rep.Files[0].ContentType != "application/octet-stream" {
			t.Errorf("the report lists the file as %q", rep.Files[0].ContentType)
		}
	})
}
