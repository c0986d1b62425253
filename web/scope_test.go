package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/seed/seedtest"
	"github.com/elac/bitacora/store"
	"github.com/elac/bitacora/store/storetest"
	"github.com/elac/bitacora/web"
)

// The lead of activity 1.1 in eLAC2020, and a co-responsible party of it.
const (
	lead11 = "grupo-de-trabajo-sobre-acceso-e-infraestructura-digital"
	co11   = "isoc"
)

// apiCall sends a JSON request with a bearer token and returns the status
// and the body.
func apiCall(t *testing.T, b *browser, method, path, token string, in any) (int, string) {
	t.Helper()
	var body []byte
	if in != nil {
		body, _ = json.Marshal(in)
	}
	req, _ := http.NewRequest(method, b.ts.URL+path, bytes.NewReader(body))
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, out := b.do(req)
	return resp.StatusCode, out
}

func token(t *testing.T, db *store.DB, u *bitacora.User, scope bitacora.TokenScope) string {
	t.Helper()
	tok, err := db.CreateToken(context.Background(), u.ID, "script", scope)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// Every write route of the API, taken from the route table at run time,
// refuses a read-scope token with a 403, even one whose user holds every
// role and speaks for the parties of the activity; the same user's
// write-scope token is not refused for its scope. A route added later is
// covered without a line here.
func TestReadTokenNeverWritesThroughTheAPI(t *testing.T) {
	t.Parallel()
	seedtest.Each(t, func(t *testing.T, backend storetest.Backend) {
		ts, db, srv := newSite(t, backend)
		ctx := context.Background()
		all := makeUser(t, db, "todo@example.org", bitacora.RoleAdmin, bitacora.RoleSecretariat, bitacora.RoleBureau)
		for _, party := range []string{lead11, co11} {
			if _, err := db.AddMembership(ctx, all.ID, party, "2018-01-01", ""); err != nil {
				t.Fatal(err)
			}
		}
		read, write := token(t, db, all, bitacora.ScopeRead), token(t, db, all, bitacora.ScopeWrite)
		b := newBrowser(t, ts)
		for _, w := range apiWrites(t, srv) {
			in := map[string]any{"version": 1, "party": co11, "text": "x", "decision": "accept", "subject": "activity:1.1",
				"field": "text", "lang": "en", "title": "x"}
			// The refusal names the scope, in the API's default language
			// (no Accept-Language: Spanish, as every status).
			const scopeRefused = "permiso de escritura"
			if code, body := apiCall(t, b, w.method, w.path, read, in); code != http.StatusForbidden || !strings.Contains(body, scopeRefused) {
				t.Errorf("%s %s with a read-scope token: %d %s; want 403 for its scope", w.method, w.path, code, body)
			}
			if code, body := apiCall(t, b, w.method, w.path, write, in); code == http.StatusUnauthorized || strings.Contains(body, scopeRefused) {
				t.Errorf("%s %s with a write-scope token: %d %s; the scope should not refuse it", w.method, w.path, code, body)
			}
		}
	})
}

// The case found: a focal point's read-scope token sent an accepted report
// back to draft with a contribution. Now it is refused and the report stays
// as it was; and that focal point's read token reads their own party's
// draft (reading needs read scope only).
func TestReadTokenReadsButDoesNotContribute(t *testing.T) {
	t.Parallel()
	seedtest.Each(t, func(t *testing.T, backend storetest.Backend) {
		ts, db := newServer(t, backend)
		ctx := bitacora.WithActor(context.Background(), bitacora.Actor{Name: "test"})
		co := makeUser(t, db, "focal@isoc.example")
		lead := makeUser(t, db, "focal@mtic.example")
		if _, err := db.AddMembership(ctx, co.ID, co11, "2018-01-01", ""); err != nil {
			t.Fatal(err)
		}
		if _, err := db.AddMembership(ctx, lead.ID, lead11, "2018-01-01", ""); err != nil {
			t.Fatal(err)
		}
		accepted := reportKey("1.1", "2019-H1")
		rep, err := db.SaveReport(ctx, accepted, 0, bitacora.ReportContent{Status: bitacora.StatusUnderWay, Completion: bitacora.CompletionLimited, Narrative: "Avance."}, nil)
		if err == nil {
			rep, err = db.Submit(ctx, accepted, rep.Version, nil)
		}
		if err == nil {
			rep, err = db.Review(ctx, accepted, rep.Version, true, "", nil)
		}
		if err != nil {
			t.Fatal(err)
		}
		b := newBrowser(t, ts)
		base := "/api/v1/programmes/elac2020/activities/1.1/reports/"
		code, body := apiCall(t, b, "POST", base+"2019-H1/contribution", token(t, db, co, bitacora.ScopeRead),
			map[string]any{"version": rep.Version, "party": co11, "text": "Aporte."})
		if code != http.StatusForbidden {
			t.Errorf("contribution with a read-scope token: %d %s; want 403", code, body)
		}
		if now, err := db.Report(ctx, accepted); err != nil || now.State != bitacora.StateAccepted || now.Version != rep.Version {
			t.Errorf("the refused contribution changed the report: %+v %v", now, err)
		}
		// The same contribution with write scope goes through.
		if code, body := apiCall(t, b, "POST", base+"2019-H1/contribution", token(t, db, co, bitacora.ScopeWrite),
			map[string]any{"version": rep.Version, "party": co11, "text": "Aporte."}); code != http.StatusOK {
			t.Errorf("contribution with a write-scope token: %d %s", code, body)
		}
		// Not for a party the caller does not speak for, even one of the
		// activity's.
		if code, _ := apiCall(t, b, "POST", base+"2019-H1/contribution", token(t, db, co, bitacora.ScopeWrite),
			map[string]any{"version": rep.Version + 1, "party": lead11, "text": "x"}); code != http.StatusForbidden {
			t.Errorf("contribution for another party: %d; want 403", code)
		}

		draft := reportKey("1.1", "2019-H2")
		if _, err := db.SaveReport(ctx, draft, 0, bitacora.ReportContent{Status: bitacora.StatusUnderWay, Completion: bitacora.CompletionLimited, Narrative: "Borrador."}, nil); err != nil {
			t.Fatal(err)
		}
		for who, u := range map[string]*bitacora.User{"lead": lead, "co-responsible": co} {
			code, body := apiCall(t, b, "GET", base+"2019-H2", token(t, db, u, bitacora.ScopeRead), nil)
			var out struct {
				Current *bitacora.Report `json:"current"`
			}
			json.Unmarshal([]byte(body), &out)
			if code != http.StatusOK || out.Current == nil || out.Current.Narrative != "Borrador." {
				t.Errorf("the %s focal point's read-scope token reads the draft: %d %s; want 200 with current", who, code, body)
			}
		}
		// The public does not.
		if code, _ := apiCall(t, b, "GET", base+"2019-H2", "", nil); code != http.StatusNotFound {
			t.Errorf("the public reads a draft: %d; want 404", code)
		}
	})
}

// apiWrite is one write of the API with its path filled in for activity
// 1.1 of eLAC2020, 2019-H1.
type apiWrite struct{ method, path string }

// apiWrites lists the API's writes (any method but GET and HEAD) from the
// route table at run time, so that a route added later is covered too; it
// fails t if there are fewer than 10, the sign of a table read wrong.
func apiWrites(t testing.TB, srv *web.Server) []apiWrite {
	t.Helper()
	fill := strings.NewReplacer("{slug}", "elac2020", "{code}", "1.1", "{period}", "2019-H1", "{id}", "1", "{version}", "1")
	var writes []apiWrite
	for _, rt := range srv.Routes() {
		if strings.HasPrefix(rt.Pattern, "/api/") && rt.Method != http.MethodGet && rt.Method != http.MethodHead {
			writes = append(writes, apiWrite{rt.Method, fill.Replace(rt.Pattern)})
		}
	}
	if len(writes) < 10 {
		t.Fatalf("the route table has %d API write routes; want 10 at least", len(writes))
	}
	return writes
}
