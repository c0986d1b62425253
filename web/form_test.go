package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/seed"
	"github.com/elac/bitacora/seed/seedtest"
	"github.com/elac/bitacora/store"
	"github.com/elac/bitacora/store/storetest"
	"github.com/elac/bitacora/web"
)

// logBuffer collects a server's JSON log lines.
type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

// records returns the log lines at level.
func (l *logBuffer) records(t *testing.T, level string) []map[string]any {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(l.b.String()), "\n") {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("log line %q: %v", line, err)
		}
		if rec["level"] == level {
			out = append(out, rec)
		}
	}
	return out
}

// newLoggedServer is newServer with the server's log, as JSON lines, kept
// for the test to read.
func newLoggedServer(t *testing.T, b storetest.Backend) (*httptest.Server, *store.DB, *logBuffer) {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, b.DSN)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := seed.LoadIfEmpty(ctx, db); err != nil {
		t.Fatal(err)
	}
	logs := &logBuffer{}
	srv, err := web.New(db, slog.New(slog.NewJSONHandler(logs, nil)), web.Options{Version: "test", Refresh: 10 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(checkAPI(t, srv.Handler()))
	t.Cleanup(ts.Close)
	return ts, db, logs
}

// An internal error inside a form (here the database fails the write the
// form makes) is a 500, logged once at ERROR with the request id: not a
// 422 "Internal error." that nobody hears of.
func TestInternalErrorInAFormIsA500Logged(t *testing.T) {
	t.Parallel()
	seedtest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		ts, db, logs := newLoggedServer(t, b)
		makeUser(t, db, "admin@example.org", bitacora.RoleAdmin)
		admin := newBrowser(t, ts)
		admin.login("admin@example.org")

		// A form error is still the form, 422, and no ERROR.
		if resp, _ := admin.post("/es/admin/users", url.Values{"email": {"not an address"}, "name": {"Ana"}, "lang": {"es"}}); resp.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("a bad address: %d; want 422", resp.StatusCode)
		}
		if errs := logs.records(t, "ERROR"); len(errs) != 0 {
			t.Fatalf("a form error logged at ERROR: %v", errs)
		}

		// Every invitation now fails inside the store, after the form was
		// read and checked: a fault of ours, not of the admin.
		if _, err := db.SQL().ExecContext(ctx, "DROP TABLE password_links"); err != nil {
			t.Fatal(err)
		}
		resp, body := admin.post("/es/admin/users", url.Values{"email": {"ana@example.org"}, "name": {"Ana"}, "lang": {"es"}})
		if resp.StatusCode != http.StatusInternalServerError || strings.Contains(body, "Internal error.") {
			t.Errorf("an internal error in the form: %d; want 500 and the error page", resp.StatusCode)
		}
		id := resp.Header.Get("X-Request-Id")
		errs := logs.records(t, "ERROR")
		if len(errs) != 1 || errs[0]["request_id"] != id || id == "" || !strings.Contains(errs[0]["err"].(string), "password_links") {
			t.Errorf("ERROR lines %v; want one with request_id %q and the store's error", errs, id)
		}
		if _, err := db.UserByEmail(ctx, "ana@example.org"); bitacora.ErrorCode(err) != bitacora.ENOTFOUND {
			t.Errorf("the failed invitation stored a user: %v", err)
		}
	})
}

// One error path for both faces: a write that fails inside the store,
// after the policy allowed it (here every change fails to reach the audit
// log, while every read still works), is a 500 logged once at ERROR with its request id — from the
// report's form, from a workflow step on its page, and from the JSON API
// — and never a field error, an alert on the form, or a 4xx.
func TestInternalErrorInAWriteIsA500LoggedOnce(t *testing.T) {
	t.Parallel()
	seedtest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		ts, db, logs := newLoggedServer(t, b)
		focal := makeUser(t, db, "focal@mtic.example")
		if _, err := db.AddMembership(ctx, focal.ID, "grupo-de-trabajo-sobre-acceso-e-infraestructura-digital", "2018-01-01", ""); err != nil {
			t.Fatal(err)
		}
		browser := newBrowser(t, ts)
		browser.login("focal@mtic.example")
		token := mintToken(t, browser, "write")
		page := "/es/elac2020/activities/1.2/reports/2019-H1"
		form := url.Values{"version": {"0"}, "status": {"under_way"}, "completion": {"limited"}, "narrative": {"Primera versión."}}
		if resp, body := browser.postMultipart(page, form, "", nil); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("a draft before the fault: %d\n%s", resp.StatusCode, body)
		}
		// The published read model has read the draft's generation.
		if resp, body := browser.get("/es/elac2020/activities/1.2"); resp.StatusCode != http.StatusOK {
			t.Fatalf("the activity's page: %d\n%s", resp.StatusCode, body)
		}
		if errs := logs.records(t, "ERROR"); len(errs) != 0 {
			t.Fatalf("ERROR lines before the fault: %v", errs)
		}

		// Every change now fails in the store, inside the service's
		// transaction, as it writes its audit entry: a fault of ours, not
		// of the user. Reads do not touch the audit log: a page that
		// showed the error on the form could still be rendered.
		if _, err := db.SQL().ExecContext(ctx, "ALTER TABLE audit_log RENAME TO audit_log_gone"); err != nil {
			t.Fatal(err)
		}
		form.Set("version", "1")
		form.Set("narrative", "Segunda versión.")
		apiSave, _ := http.NewRequest("PUT", ts.URL+"/api/v1/programmes/elac2020/activities/1.2/reports/2019-H1",
			strings.NewReader(`{"version": 1, "status": "under_way", "completion": "limited", "narrative": "Por la API."}`))
		apiSave.Header.Set("Authorization", "Bearer "+token)
		apiSave.Header.Set("Content-Type", "application/json")
		for _, tc := range []struct {
			name string
			send func() (*http.Response, string)
		}{
			{"the report's form", func() (*http.Response, string) { return browser.postMultipart(page, form, "", nil) }},
			{"the submit step", func() (*http.Response, string) { return browser.post(page+"/submit", url.Values{"version": {"1"}}) }},
			{"the API", func() (*http.Response, string) { return browser.do(apiSave) }},
		} {
			before := len(logs.records(t, "ERROR"))
			resp, body := tc.send()
			id := resp.Header.Get("X-Request-Id")
			if resp.StatusCode != http.StatusInternalServerError {
				t.Errorf("%s: %d; want 500\n%s", tc.name, resp.StatusCode, body)
			}
			for _, shown := range []string{"Internal error.", "Revise los datos marcados.", "audit_log", `name="narrative"`, `"fields"`} {
				if strings.Contains(body, shown) {
					t.Errorf("%s: the answer shows %q\n%s", tc.name, shown, body)
				}
			}
			if strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
				var out struct {
					Error struct{ Code string } `json:"error"`
				}
				if err := json.Unmarshal([]byte(body), &out); err != nil || out.Error.Code != "internal" {
					t.Errorf("%s: the API's error %q, %v; want code internal", tc.name, body, err)
				}
			}
			errs := logs.records(t, "ERROR")[before:]
			logged := 0
			for _, rec := range errs {
				if rec["request_id"] == id {
					logged++
				}
			}
			if id == "" || len(errs) != 1 || logged != 1 || !strings.Contains(fmt.Sprint(errs[0]["err"]), "audit_log") {
				t.Errorf("%s: ERROR lines %v; want one, with request_id %q and the store's error", tc.name, errs, id)
			}
		}
		rep, err := db.Report(ctx, reportKey("1.2", "2019-H1"))
		if err != nil || rep.Version != 1 || rep.Narrative != "Primera versión." || rep.State != bitacora.StateDraft {
			t.Errorf("after the failed writes the report is %+v, %v; want the first draft as it was", rep, err)
		}
	})
}
