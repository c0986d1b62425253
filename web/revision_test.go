package web_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/programmedoc"
	"github.com/elac/bitacora/seed"
	"github.com/elac/bitacora/seed/seedtest"
	"github.com/elac/bitacora/store"
	"github.com/elac/bitacora/store/storetest"
)

// The Bureau drafts, explains and approves a revision that gives 1.4 to
// another party and adds 1.6, through the pages; version 1 still reads as
// imported; the diff shows both changes with their reasons; approving twice
// is a 409.
func TestRevisionThroughThePages(t *testing.T) {
	t.Parallel()
	seedtest.Each(t, func(t *testing.T, backend storetest.Backend) {
		ts, db := newServer(t, backend)
		makeUser(t, db, "mesa@example.org", bitacora.RoleBureau)
		b := newBrowser(t, ts)
		b.login("mesa@example.org")
		resp, _ := b.post("/es/elac2020/revisions", url.Values{"title": {"Revisión de 2019"}})
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("create: %d", resp.StatusCode)
		}
		draft := resp.Header.Get("Location")
		add := func(form url.Values) (int, string) {
			_, page := b.get(draft + "?" + url.Values{"op": {form.Get("op")}, "activity": {form.Get("activity")}}.Encode())
			m := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(page)
			form.Set("version", m[1])
			resp, body := b.post(draft+"/changes", form)
			return resp.StatusCode, body
		}
		// One form per kind of change: a kind that edits something starts
		// from it (1.4's parties, by name), and parties are typed by name,
		// acronym or alias, never by id.
		if resp, page := b.get(draft + "?op=set_parties&activity=1.4"); resp.StatusCode != 200 ||
			!strings.Contains(page, `name="responsible" type="text" list="register" autocomplete="off" value="`) || strings.Contains(page, `name="area"`) {
			t.Errorf("the form to set 1.4's parties: %d", resp.StatusCode)
		}
		if code, body := add(url.Values{"op": {"set_parties"}, "activity": {"1.5"}, "responsible": {"CEPAL"}, "reason": {""}}); code != http.StatusUnprocessableEntity ||
			!strings.Contains(body, "Este dato es obligatorio") {
			t.Errorf("a change without a reason: %d", code)
		}
		if code, body := add(url.Values{"op": {"set_parties"}, "activity": {"1.4"}, "responsible": {"Nadie Conocido"}, "reason": {"x"}}); code != http.StatusUnprocessableEntity ||
			!strings.Contains(body, "Ningún participante del registro se llama «Nadie Conocido»") || !strings.Contains(body, `value="Nadie Conocido"`) {
			t.Errorf("a party the register does not know: %d", code)
		}
		if code, _ := add(url.Values{"op": {"set_parties"}, "activity": {"1.4"}, "responsible": {"cepal ", ""}, "co_responsible": {"", ""}, "reason": {"CEPAL conduce el estudio 5G."}}); code != http.StatusSeeOther {
			t.Fatalf("add set_parties: %d", code)
		}
		if code, _ := add(url.Values{"op": {"add_activity"}, "objective": {"1"}, "code": {"1.6"}, "text": {"Observatorio regional de la banda ancha"},
			"responsible": {"CEPAL"}, "co_responsible": {"ASIET", ""}, "reason": {"Acordado en la reunión de la Mesa de 2019."}}); code != http.StatusSeeOther {
			t.Fatalf("add add_activity: %d", code)
		}
		cepal, err := db.Party(context.Background(), "cepal")
		if err != nil {
			t.Fatal(err)
		}
		if _, page := b.get(draft); !strings.Contains(page, "Responsable: "+cepal.Party.Name) || strings.Contains(page, "Responsable: cepal") {
			t.Error("the draft does not list its parties by name")
		}
		// Approval waits for the drafters to send the draft to the Bureau.
		_, page := b.get(draft)
		version := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(page)[1]
		makeUser(t, db, "mesa2@example.org", bitacora.RoleBureau)
		b2 := newBrowser(t, ts)
		b2.login("mesa2@example.org")
		if resp, _ := b2.post(draft+"/approve", url.Values{"version": {version}, "approved_on": {"2019-11-20"}}); resp.StatusCode != http.StatusConflict {
			t.Errorf("approving a draft never sent: %d; want 409", resp.StatusCode)
		}
		if resp, _ := b.post(draft+"/propose", url.Values{"version": {version}}); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("propose: %d", resp.StatusCode)
		}
		if code, _ := add(url.Values{"op": {"retire_activity"}, "activity": {"1.1"}, "reason": {"x"}}); code != http.StatusConflict {
			t.Errorf("a change to a revision with the Bureau: %d; want 409", code)
		}
		// The public does not see drafts.
		public := newBrowser(t, ts)
		if resp, _ := public.get(draft); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("the public reads a draft: %d", resp.StatusCode)
		}
		_, page = b.get(draft)
		version = regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(page)[1]
		// Whoever drafted it may not approve it (separation of duties):
		// another member of the Bureau does.
		if resp, _ := b.post(draft+"/approve", url.Values{"version": {version}, "approved_on": {"2019-11-20"}}); resp.StatusCode != http.StatusForbidden {
			t.Errorf("the drafter approves: %d; want 403", resp.StatusCode)
		}
		resp, _ = b2.post(draft+"/approve", url.Values{"version": {version}, "approved_on": {"2019-11-20"}})
		if resp.StatusCode != http.StatusSeeOther || !strings.Contains(resp.Header.Get("Location"), "from=1&to=2") {
			t.Fatalf("approve: %d %s", resp.StatusCode, resp.Header.Get("Location"))
		}
		if resp, _ := b2.post(draft+"/approve", url.Values{"version": {version}, "approved_on": {"2019-11-20"}}); resp.StatusCode != http.StatusConflict {
			t.Errorf("approving twice: %d; want 409", resp.StatusCode)
		}
		_, diff := public.get("/es/elac2020/diff?from=1&to=2")
		for _, want := range []string{"Actividad 1.4", "responsables cambiados", "CEPAL conduce el estudio 5G.",
			"Actividad 1.6", "añadida", "Acordado en la reunión de la Mesa de 2019."} {
			if !strings.Contains(diff, want) {
				t.Errorf("the diff page lacks %q", want)
			}
		}
		_, v1 := public.get("/es/elac2020/v/1")
		if strings.Contains(v1, "Observatorio regional") || !strings.Contains(v1, "versión 1") {
			t.Error("version 1 changed")
		}
		_, v2 := public.get("/es/elac2020/activities/1.6")
		if !strings.Contains(v2, "Observatorio regional de la banda ancha") {
			t.Error("the new activity 1.6 is not on the site")
		}
		_, versions := public.get("/es/elac2020/versions")
		if !strings.Contains(versions, "20 de noviembre de 2019") || !strings.Contains(versions, "CEPAL conduce el estudio 5G.") {
			t.Error("the versions page lacks the revision's date or reasons")
		}
		resp, body := public.get("/api/v1/programmes/elac2020/diff?from=1&to=2")
		if resp.StatusCode != 200 || !strings.Contains(body, `"reassigned"`) || !strings.Contains(body, `"added"`) {
			t.Errorf("diff JSON: %d", resp.StatusCode)
		}
		if n, err := db.VerifyAudit(context.Background()); err != nil || n < 5 {
			t.Errorf("audit: %d %v", n, err)
		}
	})
}

// A new cycle is imported beside eLAC2020: the site home lists both, and
// the site and the API serve each.
func TestSecondProgramme(t *testing.T) {
	t.Parallel()
	seedtest.Each(t, func(t *testing.T, backend storetest.Backend) {
		ts, db := newServer(t, backend)
		next := seedtest.NextCycle(seed.ELAC2020)
		doc, err := programmedoc.Parse([]byte(next), programmedoc.Options{SourceName: "LC/TS.2022/12"})
		if err != nil {
			t.Fatal(err)
		}
		if doc.Programme.Slug != "elac2024" {
			t.Fatalf("slug %q", doc.Programme.Slug)
		}
		if err := db.ImportProgramme(context.Background(), doc, next); err != nil {
			t.Fatal(err)
		}
		b := newBrowser(t, ts)
		time.Sleep(30 * time.Millisecond) // past the refresh interval
		_, home := b.get("/es/")
		if !strings.Contains(home, `href="/es/elac2020"`) || !strings.Contains(home, `href="/es/elac2024"`) {
			t.Error("the site home does not list both programmes")
		}
		if resp, body := b.get("/es/elac2024/activities/1.1"); resp.StatusCode != 200 || !strings.Contains(body, "LC/TS.2022/12") {
			t.Errorf("the new programme's activity page: %d", resp.StatusCode)
		}
		_, list := b.get("/api/v1/programmes")
		if strings.Count(list, `"slug"`) != 2 {
			t.Errorf("the API lists %d programmes", strings.Count(list, `"slug"`))
		}
		// ISOC is one party of the register, with activities in both.
		_, isoc := b.get("/es/parties/isoc")
		if !strings.Contains(isoc, "LC/TS.2018/60") || !strings.Contains(isoc, "LC/TS.2022/12") {
			t.Error("the party page does not show both programmes")
		}
	})
}

// propose sends rev to the Bureau through the store and returns the
// version to approve.
func propose(t *testing.T, db *store.DB, slug string, rev *bitacora.Revision) int {
	t.Helper()
	p, err := db.ProposeRevision(context.Background(), slug, rev.ID, rev.Version)
	if err != nil {
		t.Fatalf("propose revision %d: %v", rev.ID, err)
	}
	return p.Version
}

// The secretariat uploads a new edition of the document in the site: it
// becomes a draft whose changes say how each activity was matched; an
// edition naming a party the register lacks is refused with the name and
// its line and a link to the register; the same document again makes no
// draft. The drafter sends the draft to the Bureau, which sends it back
// with a comment the drafter then reads on the draft.
func TestEditionUploadedFromTheSite(t *testing.T) {
	t.Parallel()
	seedtest.Each(t, func(t *testing.T, backend storetest.Backend) {
		ts, db := newServer(t, backend)
		makeUser(t, db, "sec@example.org", bitacora.RoleSecretariat)
		makeUser(t, db, "mesa@example.org", bitacora.RoleBureau)
		sec := newBrowser(t, ts)
		sec.login("sec@example.org")
		edition := strings.Replace(string(seed.ELAC2020), "\t1.5. Investigar alternativas viables de redes de acceso local y comunitario\t\tAsociación para el Progreso de las Comunicaciones (APC) e ISOC",
			"\t1.5. Investigar alternativas viables de redes de acceso local y comunitario\t\tAsociación para el Progreso de las Comunicaciones (APC) e ISOC\n\t1.6. Crear un observatorio regional de la banda ancha\tCEPAL\tISOC", 1)
		edition = strings.Replace(edition, "LC/TS.2018/60", "LC/TS.2019/99", 1)

		unknown := strings.Replace(edition, "\tCEPAL\tISOC", "\tCEPAL\tFundación Nueva (FN)", 1)
		resp, body := sec.upload("/es/elac2020/revisions/edition", "edicion.txt", []byte(unknown))
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "“Fundación Nueva” (") ||
			!strings.Contains(body, `href="/es/admin/parties"`) {
			t.Errorf("an edition naming an unknown party: %d", resp.StatusCode)
		}
		if resp, body := sec.upload("/es/elac2020/revisions/edition", "", nil); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Este dato es obligatorio") {
			t.Errorf("no file: %d", resp.StatusCode)
		}
		if resp, body := sec.upload("/es/elac2020/revisions/edition", "mismo.txt", seed.ELAC2020); resp.StatusCode != 200 || !strings.Contains(body, "«mismo.txt» dice lo mismo que el programa") {
			t.Errorf("the same document: %d", resp.StatusCode)
		}
		if revs, _ := db.Revisions(context.Background(), "elac2020"); len(revs) != 0 {
			t.Fatalf("refused uploads made %d revisions", len(revs))
		}

		// eLAC2020's text leaves the reader warnings: they are shown by
		// line, with the way to the draft.
		doc, err := programmedoc.Parse([]byte(edition), programmedoc.Options{SourceName: "edicion.txt"})
		if err != nil || len(doc.Warnings) == 0 {
			t.Fatalf("the edition reads with no warning: %v", err)
		}
		resp, body = sec.upload("/es/elac2020/revisions/edition", "edicion.txt", []byte(edition))
		m := regexp.MustCompile(`<a href="(/es/elac2020/revisions/\d+)">Abrir el borrador</a>`).FindStringSubmatch(body)
		if resp.StatusCode != 200 || m == nil || !strings.Contains(body, "Línea "+strconv.Itoa(doc.Warnings[0].Line)+": "+html.EscapeString(doc.Warnings[0].Message)) {
			t.Fatalf("upload the edition: %d, link to the draft %v", resp.StatusCode, m)
		}
		draft := m[1]
		_, page := sec.get(draft)
		if !strings.Contains(page, "Edition LC/TS.2019/99") || !strings.Contains(page, "Crear un observatorio regional de la banda ancha") ||
			!strings.Contains(page, "LC/TS.2019/99") || strings.Count(page, "<li><strong>") != 3 {
			t.Errorf("the draft of the edition does not show its three changes with how they were matched")
		}
		version := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(page)[1]
		if resp, _ := sec.post(draft+"/propose", url.Values{"version": {version}}); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("propose: %d", resp.StatusCode)
		}
		// A secretariat member may not send it back or approve it.
		if resp, _ := sec.post(draft+"/return", url.Values{"version": {strconv.Itoa(mustAtoi(version) + 1)}, "comment": {"x"}}); resp.StatusCode != http.StatusForbidden {
			t.Errorf("the secretariat sends a revision back: %d; want 403", resp.StatusCode)
		}
		mesa := newBrowser(t, ts)
		mesa.login("mesa@example.org")
		_, page = mesa.get(draft)
		if !strings.Contains(page, "Enviada a la Mesa Directiva") || !strings.Contains(page, draft+"/approve") || !strings.Contains(page, draft+"/return") {
			t.Error("the Bureau is not shown the proposed revision's approval and return forms")
		}
		version = regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(page)[1]
		if resp, body := mesa.post(draft+"/return", url.Values{"version": {version}, "comment": {""}}); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `id="e-comment"`) {
			t.Errorf("a return without a comment: %d", resp.StatusCode)
		}
		if resp, _ := mesa.post(draft+"/return", url.Values{"version": {version}, "comment": {"Falta explicar el cambio de 2.1."}}); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("return: %d", resp.StatusCode)
		}
		if _, page := sec.get(draft); !strings.Contains(page, "Falta explicar el cambio de 2.1.") || !strings.Contains(page, draft+"/propose") {
			t.Error("the drafter does not read the Bureau's comment on a draft they may send again")
		}
		if n, err := db.VerifyAudit(context.Background()); err != nil || n < 3 {
			t.Errorf("audit: %d %v", n, err)
		}
	})
}

// An administrator loads a new programme (the next cycle) from its
// document in the site; the reader's warnings are listed by line; the
// programme is served at once. Nobody else may.
func TestNewProgrammeUploadedFromTheSite(t *testing.T) {
	t.Parallel()
	seedtest.Each(t, func(t *testing.T, backend storetest.Backend) {
		ts, db := newServer(t, backend)
		makeUser(t, db, "admin@example.org", bitacora.RoleAdmin)
		makeUser(t, db, "sec@example.org", bitacora.RoleSecretariat)
		next := seedtest.NextCycle(seed.ELAC2020)
		sec := newBrowser(t, ts)
		sec.login("sec@example.org")
		if resp, _ := sec.upload("/es/admin/programmes", "elac2024.txt", []byte(next)); resp.StatusCode != http.StatusForbidden {
			t.Errorf("the secretariat loads a programme: %d; want 403", resp.StatusCode)
		}
		admin := newBrowser(t, ts)
		admin.login("admin@example.org")
		if resp, body := admin.upload("/es/admin/programmes", "nada.txt", []byte("no es un programa\n")); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `role="alert"`) {
			t.Errorf("a file that is no programme: %d", resp.StatusCode)
		}
		doc, err := programmedoc.Parse([]byte(next), programmedoc.Options{SourceName: "elac2024.txt"})
		if err != nil {
			t.Fatal(err)
		}
		resp, body := admin.upload("/es/admin/programmes", "elac2024.txt", []byte(next))
		if resp.StatusCode != 200 || !strings.Contains(body, `href="/es/elac2024"`) {
			t.Fatalf("load the next cycle: %d", resp.StatusCode)
		}
		if len(doc.Warnings) > 0 && !strings.Contains(body, "Línea "+strconv.Itoa(doc.Warnings[0].Line)+":") {
			t.Errorf("the reader's warnings are not listed by line")
		}
		time.Sleep(30 * time.Millisecond) // past the refresh interval
		if resp, _ := newBrowser(t, ts).get("/es/elac2024/activities/1.1"); resp.StatusCode != 200 {
			t.Errorf("the new programme's activity page: %d", resp.StatusCode)
		}
		if resp, body := admin.upload("/es/admin/programmes", "elac2024.txt", []byte(next)); resp.StatusCode == 200 && !strings.Contains(body, `role="alert"`) {
			t.Errorf("the same programme twice: %d", resp.StatusCode)
		}
	})
}

func mustAtoi(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		panic(err)
	}
	return n
}
