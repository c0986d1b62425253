package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/seed/seedtest"
	"github.com/elac/bitacora/store/storetest"
)

// The translation API answers 404 for something the programme does not
// have and 422 naming the field for a language the site does not speak or
// a field it does not know; a translation is found by a search in its
// language; once a revision rewords the original, the page says the
// translation is of an earlier wording and the secretariat's list of stale
// translations holds it.
func TestTranslationsCheckedSearchedAndMarkedStale(t *testing.T) {
	t.Parallel()
	seedtest.Each(t, func(t *testing.T, backend storetest.Backend) {
		ts, db := newServer(t, backend)
		ctx := bitacora.WithActor(context.Background(), bitacora.Actor{Name: "test"})
		sec := makeUser(t, db, "sec@example.org", bitacora.RoleSecretariat)
		token, err := db.CreateToken(ctx, sec.ID, "script", bitacora.ScopeWrite)
		if err != nil {
			t.Fatal(err)
		}
		call := func(method, path, body string) (int, map[string]any) {
			t.Helper()
			req, _ := http.NewRequest(method, ts.URL+path, strings.NewReader(body))
			req.Header.Set("Authorization", "Bearer "+token)
			resp, err := ts.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var out map[string]any
			json.NewDecoder(resp.Body).Decode(&out)
			return resp.StatusCode, out
		}
		const api = "/api/v1/programmes/elac2020/translations"
		for _, tc := range []struct {
			body   string
			status int
			field  string
		}{
			{`{"subject":"activity:99.9","field":"text","lang":"en","text":"x"}`, 404, ""},
			{`{"subject":"component:1.3:9","field":"text","lang":"en","text":"x"}`, 404, ""},
			{`{"subject":"activity:1.3","field":"text","lang":"de","text":"x"}`, 422, "lang"},
			{`{"subject":"activity:1.3","field":"text","lang":"english","text":"x"}`, 422, "lang"},
			{`{"subject":"activity:1.3","field":"title","lang":"en","text":"x"}`, 422, "field"},
			{`{"subject":"activity:1.3","field":"text","lang":"en","text":"x","colour":"red"}`, 422, "colour"},
		} {
			status, out := call("POST", api, tc.body)
			if status != tc.status {
				t.Errorf("POST %s = %d; want %d (%v)", tc.body, status, tc.status, out)
				continue
			}
			if tc.field != "" {
				e, _ := out["error"].(map[string]any)
				fields, _ := e["fields"].(map[string]any)
				if msg, _ := fields[tc.field].(string); msg == "" || strings.Contains(msg, "⟦") {
					t.Errorf("POST %s: 422 without a message for %q: %v", tc.body, tc.field, out)
				}
			}
		}
		if status, out := call("POST", api, `{"subject":"activity:1.3","field":"text","lang":"en","text":"Yearly report on broadband uptake"}`); status != 200 {
			t.Fatalf("a good translation: %d %v", status, out)
		}
		if status, out := call("GET", api+"?stale=1", ""); status != 200 || len(out["translations"].([]any)) != 0 {
			t.Errorf("stale translations before any revision: %d %v", status, out)
		}

		// A search in English finds the English text; one in Spanish does not.
		waitFor(t, ts, "/en/search?q=broadband", "/en/elac2020/activities/1.3")
		if _, es := fetchPage(t, ts, "/es/search?q=broadband", nil); strings.Contains(string(es), "/elac2020/activities/1.3") {
			t.Error("a search in Spanish finds the English translation")
		}

		// A revision rewords 1.3: the translation is of an earlier wording.
		note := "Translation of an earlier wording"
		if _, en := fetchPage(t, ts, "/en/elac2020/activities/1.3", nil); strings.Contains(string(en), note) {
			t.Fatal("a current translation is marked as of an earlier wording")
		}
		text := "Elaborar un informe anual sobre la adopción de la banda ancha"
		rev, err := db.CreateRevision(ctx, "elac2020", "Nueva redacción", []bitacora.Change{{Op: bitacora.OpEditActivity, Activity: "1.3", Text: &text, Reason: "Precisión."}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.ApproveRevision(ctx, "elac2020", rev.ID, propose(t, db, "elac2020", rev), "2019-11-20", nil); err != nil {
			t.Fatal(err)
		}
		waitFor(t, ts, "/en/elac2020/activities/1.3", note)
		if _, fr := fetchPage(t, ts, "/fr/elac2020/activities/1.3", nil); strings.Contains(string(fr), "antérieure") {
			t.Error("the French page, with no translation, says it shows one of an earlier wording")
		}
		status, out := call("GET", api+"?stale=1", "")
		list, _ := out["translations"].([]any)
		if status != 200 || len(list) != 1 {
			t.Fatalf("stale translations after the revision: %d %v", status, out)
		}
		row := list[0].(map[string]any)
		if row["subject"] != "activity:1.3" || row["lang"] != "en" || row["stale"] != true || row["original"] != text {
			t.Errorf("stale row = %v", row)
		}
	})
}

// waitFor fetches path until its body holds want: the server sees a change
// once its snapshot refreshes.
func waitFor(t *testing.T, ts *httptest.Server, path, want string) {
	t.Helper()
	for range 200 {
		if resp, body := fetchPage(t, ts, path, nil); resp.StatusCode == 200 && strings.Contains(string(body), want) {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("%s never shows %q", path, want)
}
