package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
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
