package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/seed/seedtest"
	"github.com/elac/bitacora/store"
	"github.com/elac/bitacora/store/storetest"
)

// A signed-out visit to a report that is not public leads to sign in and
// back, never to a 404; every such report of an existing activity and
// period is answered alike, draft or none, so that the public learns
// nothing of drafts. What does not exist stays a 404.
func TestSignedOutReportLeadsToSignInAndBack(t *testing.T) {
	seedtest.Each(t, func(t *testing.T, backend storetest.Backend) {
		ts, db := newServer(t, backend)
		ctx := bitacora.WithActor(context.Background(), bitacora.Actor{Name: "test"})
		focal := makeUser(t, db, "focal@mtic.example")
		if _, err := db.AddMembership(ctx, focal.ID, "grupo-de-trabajo-sobre-acceso-e-infraestructura-digital", "2018-01-01", ""); err != nil {
			t.Fatal(err)
		}
		draft := reportKey("1.1", "2019-H1")
		rep, err := db.SaveReport(ctx, draft, 0, bitacora.ReportContent{Status: bitacora.StatusUnderWay,
			Completion: bitacora.CompletionLimited, Narrative: "Borrador todavía privado."}, nil)
		if err != nil {
			t.Fatal(err)
		}
		rep, err = db.AddFile(ctx, draft, rep.Version, "borrador.pdf", "application/pdf", []byte("%PDF-1.4\n%%EOF\n"), nil)
		if err != nil {
			t.Fatal(err)
		}
		acceptOn(t, db, reportKey("1.2", "2019-H1"), "")

		public := newBrowser(t, ts)
		toSignIn := func(path string) string {
			t.Helper()
			resp, body := public.get(path)
			loc := resp.Header.Get("Location")
			if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/es/login?next=") {
				t.Fatalf("signed out, GET %s = %d %q; want a 303 to sign in\n%s", path, resp.StatusCode, loc, body)
			}
			next, _ := url.ParseQuery(strings.TrimPrefix(loc, "/es/login?"))
			if next.Get("next") != path {
				t.Errorf("GET %s sends to sign in with next=%q", path, next.Get("next"))
			}
			return loc
		}
		draftPath := "/es/elac2020/activities/1.1/reports/2019-H1"
		toSignIn(draftPath)
		toSignIn("/es/elac2020/activities/1.1/reports/2019-H2") // nothing written: the same answer
		toSignIn("/es/elac2020/activities/1.3/reports/2020-H1?x=1")
		toSignIn("/es/files/" + itoa(rep.Files[0].ID)) // evidence of a draft
		toSignIn("/es/files/999999")                   // a number that is no file: the same answer
		for path, want := range map[string]int{
			"/es/elac2020/activities/1.2/reports/2019-H1":  200, // accepted: public
			"/es/elac2020/activities/99.9/reports/2019-H1": 404,
			"/es/elac2020/activities/1.1/reports/1999-H1":  404,
			"/es/nope/activities/1.1/reports/2019-H1":      404,
		} {
			if resp, _ := public.get(path); resp.StatusCode != want {
				t.Errorf("signed out, GET %s = %d; want %d", path, resp.StatusCode, want)
			}
		}
		// The API keeps its answers: no redirects there.
		if resp, _ := public.get("/api/v1/programmes/elac2020/activities/1.1/reports/2019-H1"); resp.StatusCode != http.StatusNotFound {
			t.Errorf("API, signed out: %d; want 404", resp.StatusCode)
		}

		// Signing in from there lands back on the report, which shows the
		// draft.
		loc := toSignIn(draftPath)
		resp, page := public.get(loc)
		if resp.StatusCode != 200 || !strings.Contains(page, `name="next" value="`+draftPath+`"`) {
			t.Fatalf("the sign-in page does not carry next: %d", resp.StatusCode)
		}
		resp, _ = public.post("/es/login", url.Values{"email": {"focal@mtic.example"}, "password": {testPassword}, "next": {draftPath}})
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != draftPath {
			t.Fatalf("after signing in: %d → %q; want back to %s", resp.StatusCode, resp.Header.Get("Location"), draftPath)
		}
		if resp, page := public.get(draftPath); resp.StatusCode != 200 || !strings.Contains(page, "Borrador todavía privado.") {
			t.Errorf("signed in, the report: %d", resp.StatusCode)
		}
	})
}

// acceptOn writes a report on k and has it accepted, straight through
// the store (test set-up).
func acceptOn(t *testing.T, db *store.DB, k bitacora.ReportKey, narrative string) *bitacora.Report {
	t.Helper()
	ctx := bitacora.WithActor(context.Background(), bitacora.Actor{Name: "test"})
	base := 0
	if cur, err := db.Report(ctx, k); err == nil {
		base = cur.Version
	}
	r, err := db.SaveReport(ctx, k, base, bitacora.ReportContent{Status: bitacora.StatusUnderWay, Completion: bitacora.CompletionLimited, Narrative: narrative}, nil)
	if err == nil {
		r, err = db.Submit(ctx, k, r.Version, nil)
	}
	if err == nil {
		r, err = db.Review(ctx, k, r.Version, true, "", nil)
	}
	if err != nil {
		t.Fatal(err)
	}
	return r
}
