package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/seed/seedtest"
	"github.com/elac/bitacora/store/storetest"
)

// sendJSON sends body as it is (not marshalled) with a bearer token and a
// language, and returns the status and the decoded error, if any.
func sendJSON(t *testing.T, b *browser, method, path, token, lang, body string) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest(method, b.ts.URL+path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept-Language", lang)
	resp, out := b.do(req)
	var v struct {
		Error map[string]any `json:"error"`
	}
	json.Unmarshal([]byte(out), &v)
	return resp.StatusCode, v.Error
}

// A focal point's script that sends links as strings, a misspelt field,
// broken JSON or nothing at all gets a 400 in the API's error shape that
// says where and what was expected, in the reader's language, never Go's
// "cannot unmarshal string into Go struct field" (issue 15).
func TestBadJSONIsSaidInPlainWords(t *testing.T) {
	t.Parallel()
	seedtest.Each(t, func(t *testing.T, backend storetest.Backend) {
		ts, db := newServer(t, backend)
		focal := makeUser(t, db, "focal@example.org")
		if _, err := db.AddMembership(context.Background(), focal.ID, lead11, "2018-01-01", ""); err != nil {
			t.Fatal(err)
		}
		tok := token(t, db, focal, bitacora.ScopeWrite)
		b := newBrowser(t, ts)
		const path = "/api/v1/programmes/elac2020/activities/1.1/reports/2019-H1"
		for _, tc := range []struct {
			lang, body, want string
		}{
			{"en", `{"version": 0, "status": "on_track", "links": ["https://www.cepal.org"]}`,
				"links[0]: expected an object with the fields url, title, found a string in quotes."},
			{"es", `{"version": 0, "links": ["https://www.cepal.org"]}`,
				"links[0]: se esperaba un objeto con los campos url, title y se encontró un texto entre comillas."},
			{"en", `{"version": "0"}`, "version: expected a whole number, found a string in quotes."},
			{"en", `{"version": 0, "events": [{"date": 20190301}]}`, "events[0].date: expected a date YYYY-MM-DD, found a number."},
			{"en", `{"version": 0, "narative": "typo"}`, "narative is not a field of this request; its fields are: completion, components, events, links, narrative, status, version."},
			{"fr", "{\n  \"version\": 0,\n  \"links\": [}\n}", "Le JSON n’est pas valide à la ligne 3, colonne 13."},
			{"en", `{"version": 0, "links": [`, "The JSON ends too early, at line 1, column 26: a closing bracket, brace or quote is missing."},
			{"pt", ``, "O corpo da solicitação está vazio: envie um objeto JSON."},
		} {
			code, e := sendJSON(t, b, "PUT", path, tok, tc.lang, tc.body)
			if code != http.StatusBadRequest || e["code"] != bitacora.EINVALID || e["message"] != tc.want {
				t.Errorf("%s %q: %d %v; want 400 invalid %q", tc.lang, tc.body, code, e, tc.want)
			}
		}
		// The same body, well formed, is saved.
		code, e := sendJSON(t, b, "PUT", path, tok, "en", `{"version": 0, "status": "under_way", "completion": "limited", "links": [{"url": "https://www.cepal.org", "title": "CEPAL"}]}`)
		if code != http.StatusOK {
			t.Errorf("well-formed save: %d %v", code, e)
		}
	})
}

// Public reads of the API are open to pages of any origin; nothing that
// carries an account's credentials is, and Allow-Credentials is never
// sent (issue 15).
func TestPublicAPIIsOpenToOtherOrigins(t *testing.T) {
	t.Parallel()
	seedtest.Each(t, func(t *testing.T, backend storetest.Backend) {
		ts, db := newServer(t, backend)
		u := makeUser(t, db, "reader@example.org")
		tok := token(t, db, u, bitacora.ScopeWrite)
		signedIn := newBrowser(t, ts)
		signedIn.login("reader@example.org")
		do := func(b *browser, method, path string, header map[string]string) *http.Response {
			t.Helper()
			req, _ := http.NewRequest(method, ts.URL+path, nil)
			req.Header.Set("Origin", "https://data.example.net")
			for k, v := range header {
				req.Header.Set(k, v)
			}
			var resp *http.Response
			if b != nil {
				resp, _ = b.do(req)
			} else {
				r, err := ts.Client().Do(req)
				if err != nil {
					t.Fatal(err)
				}
				r.Body.Close()
				resp = r
			}
			if resp.Header.Get("Access-Control-Allow-Credentials") != "" {
				t.Errorf("%s %s: Access-Control-Allow-Credentials sent", method, path)
			}
			return resp
		}
		open := func(resp *http.Response) bool { return resp.Header.Get("Access-Control-Allow-Origin") == "*" }
		for _, path := range []string{"/api/v1/", "/api/v1/programmes", "/api/v1/programmes/elac2020/activities/1.1", "/api/v1/openapi.json", "/api/v1/programmes/nothing"} {
			if resp := do(nil, "GET", path, nil); !open(resp) {
				t.Errorf("anonymous GET %s: %d, Access-Control-Allow-Origin %q", path, resp.StatusCode, resp.Header.Get("Access-Control-Allow-Origin"))
			}
		}
		if resp := do(nil, "HEAD", "/api/v1/parties", nil); !open(resp) {
			t.Errorf("anonymous HEAD: not open")
		}
		// A preflight for a read is answered; one for a write, or for a
		// read with a token, is not.
		pre := do(nil, "OPTIONS", "/api/v1/programmes/elac2020", map[string]string{"Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "if-none-match"})
		if pre.StatusCode != http.StatusNoContent || !open(pre) || !strings.Contains(pre.Header.Get("Access-Control-Allow-Methods"), "GET") {
			t.Errorf("preflight of a read: %d %v", pre.StatusCode, pre.Header)
		}
		for _, h := range []map[string]string{
			{"Access-Control-Request-Method": "PUT"},
			{"Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "authorization"},
		} {
			if resp := do(nil, "OPTIONS", "/api/v1/programmes/elac2020/periods", h); open(resp) || resp.StatusCode == http.StatusNoContent {
				t.Errorf("preflight %v: %d, open %v", h, resp.StatusCode, open(resp))
			}
		}
		// Credentials close it: a token, the session cookie.
		if resp := do(nil, "GET", "/api/v1/me", map[string]string{"Authorization": "Bearer " + tok}); resp.StatusCode != 200 || open(resp) {
			t.Errorf("GET with a token: %d, open %v", resp.StatusCode, open(resp))
		}
		if resp := do(nil, "GET", "/api/v1/programmes", map[string]string{"Authorization": "Bearer " + tok}); open(resp) {
			t.Errorf("public GET with a token: open")
		}
		if resp := do(signedIn, "GET", "/api/v1/programmes", nil); resp.StatusCode != 200 || open(resp) {
			t.Errorf("GET with the session cookie: %d, open %v", resp.StatusCode, open(resp))
		}
		if resp := do(nil, "PUT", "/api/v1/programmes/elac2020/weights", map[string]string{"Authorization": "Bearer " + tok}); open(resp) {
			t.Errorf("a write: open")
		}
		// Pages are not the API's business.
		if resp := do(nil, "GET", "/es/parties", nil); resp.StatusCode != 200 || open(resp) {
			t.Errorf("a page: %d, open %v", resp.StatusCode, open(resp))
		}
	})
}

// /api/v1/ (a 404 before issue 15) says where to start: the description,
// the API page and the programmes; the description is served with an
// ETag and a 304 for a client that has it.
func TestAPIIndexAndDescription(t *testing.T) {
	t.Parallel()
	seedtest.Each(t, func(t *testing.T, backend storetest.Backend) {
		ts, _ := newServer(t, backend)
		resp, body := get(t, ts, "GET", "/api/v1/")
		var index struct {
			OpenAPI, Documentation string
			Programmes             []struct{ Slug, Title, Href string }
		}
		if err := json.Unmarshal(body, &index); resp.StatusCode != 200 || err != nil {
			t.Fatalf("/api/v1/: %d %v %s", resp.StatusCode, err, body)
		}
		if index.OpenAPI != "/api/v1/openapi.json" || index.Documentation != "/en/api" || len(index.Programmes) == 0 || index.Programmes[0].Href != "/api/v1/programmes/elac2020" {
			t.Errorf("index: %+v", index)
		}
		for _, link := range []string{index.OpenAPI, index.Documentation, index.Programmes[0].Href} {
			if resp, _ := get(t, ts, "GET", link); resp.StatusCode != 200 {
				t.Errorf("the index links %s: %d", link, resp.StatusCode)
			}
		}
		resp, body = get(t, ts, "GET", "/api/v1/openapi.json")
		var doc struct {
			OpenAPI string         `json:"openapi"`
			Paths   map[string]any `json:"paths"`
		}
		if err := json.Unmarshal(body, &doc); err != nil || doc.OpenAPI != "3.1.0" || doc.Paths["/api/v1/programmes/{slug}/activities/{code}/reports/{period}"] == nil {
			t.Errorf("openapi.json: %v %s…", err, body[:min(len(body), 200)])
		}
		if !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") || resp.Header.Get("ETag") == "" {
			t.Errorf("openapi.json headers: %v", resp.Header)
		}
		req, _ := http.NewRequest("GET", ts.URL+"/api/v1/openapi.json", nil)
		req.Header.Set("If-None-Match", resp.Header.Get("ETag"))
		again, err := ts.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		again.Body.Close()
		if again.StatusCode != http.StatusNotModified {
			t.Errorf("openapi.json with its ETag: %d; want 304", again.StatusCode)
		}
	})
}
