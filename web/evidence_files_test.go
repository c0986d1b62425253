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

// acceptDraft has the focal point submit the report and the Bureau
// member accept it.
func acceptDraft(t *testing.T, db *store.DB, focal, bureau *browser) {
	t.Helper()
	rep, err := db.Report(context.Background(), reportKey("1.2", "2019-H1"))
	if err != nil {
		t.Fatal(err)
	}
	if resp, body := focal.post(evidenceReport+"/submit", url.Values{"version": {itoa(int64(rep.Version))}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("submit: %d %s", resp.StatusCode, body)
	}
	if resp, body := bureau.post(evidenceReport+"/review", url.Values{"version": {itoa(int64(rep.Version + 1))}, "decision": {"accept"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("accept: %d %s", resp.StatusCode, body)
	}
}

// A file an accepted version published by mistake is taken down by the
// secretariat, with a reason: its address answers 410 Gone saying when,
// and the report page, the API, the feed and the change record no longer
// name it; the public history says a file was withdrawn. The report's
// authors and the Bureau may not take it down, and the reason is required.
func TestWithdrawAPublishedFile(t *testing.T) {
	t.Parallel()
	seedtest.Each(t, func(t *testing.T, backend storetest.Backend) {
		ts, db := newServer(t, backend)
		ctx := context.Background()
		focal, bureau, sec, anon := newBrowser(t, ts), newBrowser(t, ts), newBrowser(t, ts), newBrowser(t, ts)
		focalOf1_2(t, db, focal, "uno@mtic.example")
		makeUser(t, db, "mesa@example.org", bitacora.RoleBureau)
		bureau.login("mesa@example.org")
		makeUser(t, db, "sec@example.org", bitacora.RoleSecretariat)
		sec.login("sec@example.org")
		const secret = "lista-de-participantes-con-telefonos.pdf"
		form := url.Values{"version": {"0"}, "status": {"under_way"}, "completion": {"limited"}, "narrative": {"Avance."}}
		if resp, body := focal.postMultipart(evidenceReport, form, secret, pdfOf("datos personales")); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("save: %d %s", resp.StatusCode, body)
		}
		acceptDraft(t, db, focal, bureau)
		acc, err := db.AcceptedReport(ctx, reportKey("1.2", "2019-H1"))
		if err != nil || acc == nil || len(acc.Files) != 1 {
			t.Fatalf("accepted: %+v %v", acc, err)
		}
		id := itoa(acc.Files[0].ID)
		const apiPath = "/api/v1/programmes/elac2020/activities/1.2/reports/2019-H1"
		if resp, _ := anon.get("/es/files/" + id); resp.StatusCode != http.StatusOK {
			t.Fatalf("the published file: %d", resp.StatusCode)
		}
		if _, body := anon.get(apiPath); !strings.Contains(body, secret) {
			t.Fatalf("the API does not list the published file")
		}
		if _, body := anon.get(evidenceReport); !strings.Contains(body, secret) || strings.Contains(body, "files/withdraw") {
			t.Fatalf("the public page: no file, or a withdraw form")
		}

		withdraw := evidenceReport + "/files/withdraw"
		for who, b := range map[string]*browser{"the focal point": focal, "the Bureau": bureau} {
			if resp, _ := b.post(withdraw, url.Values{"file_id": {id}, "reason": {"Error."}}); resp.StatusCode != http.StatusForbidden {
				t.Errorf("%s withdraws: %d; want 403", who, resp.StatusCode)
			}
		}
		if resp, _ := anon.post(withdraw, url.Values{"file_id": {id}, "reason": {"Error."}}); resp.StatusCode == http.StatusSeeOther && !strings.Contains(resp.Header.Get("Location"), "login") {
			t.Errorf("the public withdraws: %d %s", resp.StatusCode, resp.Header.Get("Location"))
		}
		_, body := sec.get(evidenceReport)
		if !strings.Contains(body, `action="/es/elac2020/activities/1.2/reports/2019-H1/files/withdraw"`) {
			t.Fatalf("the secretariat's page has no withdraw form")
		}
		if resp, body := sec.post(withdraw, url.Values{"file_id": {id}, "reason": {" "}}); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `id="e-reason"`) {
			t.Errorf("a withdrawal without a reason: %d; want 422 at the reason", resp.StatusCode)
		}
		if resp, _ := anon.get("/es/files/" + id); resp.StatusCode != http.StatusOK {
			t.Fatalf("a refused withdrawal took the file: %d", resp.StatusCode)
		}
		if resp, body := sec.post(withdraw, url.Values{"file_id": {id}, "reason": {"Datos personales publicados por error."}}); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("withdraw: %d %s", resp.StatusCode, body)
		}

		for who, b := range map[string]*browser{"the public": anon, "the secretariat": sec, "the focal point": focal} {
			resp, body := b.get("/es/files/" + id)
			if resp.StatusCode != http.StatusGone || !strings.Contains(body, "fue retirado por la secretaría el") || strings.Contains(body, secret) {
				t.Errorf("%s GET /files/%s after the withdrawal: %d", who, id, resp.StatusCode)
			}
		}
		for who, b := range map[string]*browser{"the public": anon, "the Bureau": bureau, "the focal point": focal} {
			if _, body := b.get(evidenceReport); strings.Contains(body, secret) || strings.Contains(body, "/files/"+id) {
				t.Errorf("%s's report page still names or links the withdrawn file", who)
			}
			if _, body := b.get(apiPath); strings.Contains(body, secret) || strings.Contains(body, `"id":`+id+`,`) {
				t.Errorf("%s's API answer still lists the withdrawn file", who)
			}
		}
		if _, body := anon.get("/api/v1/programmes/elac2020/reports"); strings.Contains(body, secret) {
			t.Error("the API's list of reports still lists the withdrawn file")
		}
		if _, body := anon.get("/es/elac2020/activities/1.2/feed.atom"); strings.Contains(body, secret) || !strings.Contains(body, "2019-H1") {
			t.Error("the activity's feed names the withdrawn file, or lost the report")
		}
		_, body = anon.get("/es/elac2020/activities/1.2")
		if !strings.Contains(body, "Un archivo publicado fue retirado") || strings.Contains(body, secret) {
			t.Error("the activity's public history does not say a file was withdrawn, or names it")
		}
		// The change record keeps the withdrawal and its reason, never
		// the name; the bytes are gone.
		if got := countAudit(t, db, bitacora.ActionReportFileWithdraw); got != 1 {
			t.Errorf("%d report.file_withdraw entries; want 1", got)
		}
		var names int
		db.SQL().QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log WHERE before_json LIKE '%`+secret+`%' OR after_json LIKE '%`+secret+`%'`).Scan(&names)
		if names != 0 {
			t.Errorf("%d change record entries name the withdrawn file", names)
		}
		var name string
		var chunks int
		if err := db.SQL().QueryRowContext(ctx, `SELECT name, (SELECT COUNT(*) FROM report_file_chunks WHERE file_id = `+id+`) FROM report_files WHERE id = `+id).Scan(&name, &chunks); err != nil || name != "" || chunks != 0 {
			t.Errorf("the withdrawn file's row keeps %q and %d chunks of its bytes (%v)", name, chunks, err)
		}
		// A second withdrawal says it was done already.
		if resp, _ := sec.post(withdraw, url.Values{"file_id": {id}, "reason": {"Otra vez."}}); resp.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("a second withdrawal: %d; want 422", resp.StatusCode)
		}
	})
}

// The public report page lists the accepted versions with their dates;
// the whole trail (saved, submitted, returned with the Bureau's comment,
// accepted) is shown to the report's authors and the Bureau, never to the
// public, nor to a signed-in user with no part in the report.
func TestReportTrail(t *testing.T) {
	t.Parallel()
	seedtest.Each(t, func(t *testing.T, backend storetest.Backend) {
		ts, db := newServer(t, backend)
		focal, bureau, anon, stranger := newBrowser(t, ts), newBrowser(t, ts), newBrowser(t, ts), newBrowser(t, ts)
		focalOf1_2(t, db, focal, "uno@mtic.example")
		makeUser(t, db, "mesa@example.org", bitacora.RoleBureau)
		bureau.login("mesa@example.org")
		makeUser(t, db, "nadie@example.org")
		stranger.login("nadie@example.org")
		const comment = "Falta la lista de asistentes al taller."
		form := func(version string) url.Values {
			return url.Values{"version": {version}, "status": {"under_way"}, "completion": {"limited"}, "narrative": {"Avance."}}
		}
		if resp, body := focal.postMultipart(evidenceReport, form("0"), "", nil); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("save: %d %s", resp.StatusCode, body)
		}
		if resp, _ := focal.post(evidenceReport+"/submit", url.Values{"version": {"1"}}); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("submit: %d", resp.StatusCode)
		}
		if resp, _ := bureau.post(evidenceReport+"/review", url.Values{"version": {"2"}, "decision": {"return"}, "comment": {comment}}); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("return: %d", resp.StatusCode)
		}
		if resp, body := focal.postMultipart(evidenceReport, form("3"), "", nil); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("save again: %d %s", resp.StatusCode, body)
		}
		acceptDraft(t, db, focal, bureau) // versions 5 (submitted) and 6 (accepted)

		for who, b := range map[string]*browser{"the focal point": focal, "the Bureau": bureau} {
			_, body := b.get(evidenceReport)
			for _, want := range []string{"Historial del informe", "Guardado como borrador", "Enviado a la Mesa Directiva", "Devuelto por la Mesa Directiva", comment, "Aceptado por la Mesa Directiva"} {
				if !strings.Contains(body, want) {
					t.Errorf("%s's report page lacks %q", who, want)
				}
			}
		}
		for who, b := range map[string]*browser{"the public": anon, "a user with no part in it": stranger} {
			resp, body := b.get(evidenceReport)
			if resp.StatusCode != http.StatusOK || !strings.Contains(body, "Versiones aceptadas") || !strings.Contains(body, "Versión 6, aceptada el") {
				t.Errorf("%s's report page: %d, without the accepted versions", who, resp.StatusCode)
			}
			for _, leak := range []string{"Historial del informe", "Guardado como borrador", "Enviado a la Mesa", "Devuelto", comment, "Versión 4"} {
				if strings.Contains(body, leak) {
					t.Errorf("%s's report page shows %q", who, leak)
				}
			}
		}
		// A new draft after the acceptance stays out of the public trail.
		if resp, body := focal.postMultipart(evidenceReport, form("6"), "", nil); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("a new draft: %d %s", resp.StatusCode, body)
		}
		if _, body := anon.get(evidenceReport); strings.Contains(body, "Versión 7") || strings.Contains(body, "Guardado como borrador") {
			t.Error("the public sees the draft made after the acceptance")
		}
		if _, body := focal.get(evidenceReport); !strings.Contains(body, "versión 7") {
			t.Error("the focal point's trail lacks the new draft")
		}
	})
}

// A dashboard cell and a party page's status that summarise an accepted
// report link to it; a cell with nothing reported links nowhere.
func TestStatusesLinkToTheirReport(t *testing.T) {
	t.Parallel()
	seedtest.Each(t, func(t *testing.T, backend storetest.Backend) {
		ts, db := newServer(t, backend)
		ctx := context.Background()
		k := reportKey("1.2", "2019-H1")
		rep, err := db.SaveReport(ctx, k, 0, bitacora.ReportContent{Status: bitacora.StatusDelayed, Completion: bitacora.CompletionLimited, Narrative: "Avance."}, nil)
		if err == nil {
			rep, err = db.Submit(ctx, k, rep.Version, nil)
		}
		if err == nil {
			_, err = db.Review(ctx, k, rep.Version, true, "", nil)
		}
		if err != nil {
			t.Fatal(err)
		}
		anon := newBrowser(t, ts)
		link := `<a href="/es/elac2020/activities/1.2/reports/2019-H1">`
		_, body := anon.get("/es/elac2020/dashboard")
		if n := strings.Count(body, link); n != 2 {
			t.Errorf("the dashboard links the report %d times; want 2 (the latest status and the period's cell)", n)
		}
		if strings.Contains(body, "/activities/1.1/reports/") {
			t.Error("the dashboard links a report that does not exist")
		}
		_, body = anon.get("/es/parties/" + evidenceParty)
		if !strings.Contains(body, link) {
			t.Error("the party page's status does not link its report")
		}
	})
}

// Through the JSON API: a focal point's write token removes a file of a
// draft; a read-scope token and another party's focal point are refused;
// the secretariat withdraws a published file, and the Bureau may not.
func TestEvidenceFilesThroughTheAPI(t *testing.T) {
	t.Parallel()
	seedtest.Each(t, func(t *testing.T, backend storetest.Backend) {
		ts, db := newServer(t, backend)
		ctx := context.Background()
		b := newBrowser(t, ts)
		focal := makeUser(t, db, "uno@mtic.example")
		if _, err := db.AddMembership(ctx, focal.ID, evidenceParty, "2018-01-01", ""); err != nil {
			t.Fatal(err)
		}
		other := makeUser(t, db, "otra@example.org")
		if _, err := db.AddMembership(ctx, other.ID, "cepal", "2018-01-01", ""); err != nil {
			t.Fatal(err)
		}
		sec := makeUser(t, db, "sec@example.org", bitacora.RoleSecretariat)
		bureau := makeUser(t, db, "mesa@example.org", bitacora.RoleBureau)
		k := reportKey("1.2", "2019-H1")
		rep, err := db.SaveReport(ctx, k, 0, bitacora.ReportContent{Status: bitacora.StatusUnderWay, Completion: bitacora.CompletionLimited}, nil)
		if err == nil {
			rep, err = db.AddFile(ctx, k, rep.Version, "uno.pdf", "application/pdf", pdfOf("uno"), nil)
		}
		if err == nil {
			rep, err = db.AddFile(ctx, k, rep.Version, "dos.pdf", "application/pdf", pdfOf("dos"), nil)
		}
		if err != nil {
			t.Fatal(err)
		}
		base := "/api/v1/programmes/elac2020/activities/1.2/reports/2019-H1/files/"
		one, two := itoa(rep.Files[0].ID), itoa(rep.Files[1].ID)
		in := map[string]int{"version": rep.Version}
		for who, tok := range map[string]string{"a read token": token(t, db, focal, bitacora.ScopeRead), "another party": token(t, db, other, bitacora.ScopeWrite)} {
			if code, body := apiCall(t, b, "POST", base+one+"/remove", tok, in); code != http.StatusForbidden {
				t.Errorf("%s removes: %d %s", who, code, body)
			}
		}
		if code, _ := apiCall(t, b, "POST", base+one+"/remove", "", in); code != http.StatusUnauthorized {
			t.Errorf("the public removes: %d", code)
		}
		code, body := apiCall(t, b, "POST", base+one+"/remove", token(t, db, focal, bitacora.ScopeWrite), in)
		if code != http.StatusOK || strings.Contains(body, "uno.pdf") || !strings.Contains(body, "dos.pdf") {
			t.Fatalf("the focal point removes: %d %s", code, body)
		}
		rep, _ = db.Report(ctx, k)
		if rep, err = db.Submit(ctx, k, rep.Version, nil); err == nil {
			_, err = db.Review(ctx, k, rep.Version, true, "", nil)
		}
		if err != nil {
			t.Fatal(err)
		}
		reason := map[string]string{"reason": "Publicado por error."}
		if code, _ := apiCall(t, b, "POST", base+two+"/withdraw", token(t, db, bureau, bitacora.ScopeWrite), reason); code != http.StatusForbidden {
			t.Errorf("the Bureau withdraws: %d", code)
		}
		code, body = apiCall(t, b, "POST", base+two+"/withdraw", token(t, db, sec, bitacora.ScopeWrite), reason)
		if code != http.StatusOK || strings.Contains(body, "dos.pdf") {
			t.Fatalf("the secretariat withdraws: %d %s", code, body)
		}
		if resp, _ := b.get("/es/files/" + two); resp.StatusCode != http.StatusGone {
			t.Errorf("the withdrawn file: %d; want 410", resp.StatusCode)
		}
	})
}

// A file the public version lists, removed from a new draft, stays
// public (and listed) until the next acceptance replaces that version;
// then it is gone.
func TestRemovedPublishedFileStaysUntilTheNextAcceptance(t *testing.T) {
	t.Parallel()
	seedtest.Each(t, func(t *testing.T, backend storetest.Backend) {
		ts, db := newServer(t, backend)
		ctx := context.Background()
		k := reportKey("1.2", "2019-H1")
		c := bitacora.ReportContent{Status: bitacora.StatusUnderWay, Completion: bitacora.CompletionLimited}
		accept := func(rep *bitacora.Report) *bitacora.Report {
			t.Helper()
			rep, err := db.Submit(ctx, k, rep.Version, nil)
			if err == nil {
				rep, err = db.Review(ctx, k, rep.Version, true, "", nil)
			}
			if err != nil {
				t.Fatal(err)
			}
			return rep
		}
		rep, err := db.SaveReport(ctx, k, 0, c, nil)
		if err == nil {
			rep, err = db.AddFile(ctx, k, rep.Version, "publicado.pdf", "application/pdf", pdfOf("publicado"), nil)
		}
		if err != nil {
			t.Fatal(err)
		}
		rep = accept(rep)
		id := rep.Files[0].ID
		if rep, err = db.RemoveFile(ctx, k, rep.Version, id, nil, nil); err != nil || len(rep.Files) != 0 {
			t.Fatalf("remove: %+v %v", rep, err)
		}
		anon := newBrowser(t, ts)
		if resp, _ := anon.get("/es/files/" + itoa(id)); resp.StatusCode != http.StatusOK {
			t.Errorf("the public version's file, removed from the draft: %d; want 200 until the next acceptance", resp.StatusCode)
		}
		if _, body := anon.get(evidenceReport); !strings.Contains(body, "publicado.pdf") {
			t.Error("the public version no longer lists its file")
		}
		accept(rep)
		if resp, _ := anon.get("/es/files/" + itoa(id)); resp.StatusCode == http.StatusOK {
			t.Errorf("the removed file is still served after the next acceptance")
		}
		var n int
		if err := db.SQL().QueryRowContext(ctx, `SELECT COUNT(*) FROM report_files WHERE id = `+itoa(id)).Scan(&n); err != nil || n != 0 {
			t.Errorf("the removed file's row outlives the next acceptance (%d, %v)", n, err)
		}
	})
}
