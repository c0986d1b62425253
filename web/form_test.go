package web_test

import (
	"bytes"
	"context"
	"encoding/json"
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

// An internal error inside a form (here the database fails the write the
// form makes) is a 500, logged once at ERROR with the request id: not a
// 422 "Internal error." that nobody hears of.
func TestInternalErrorInAFormIsA500Logged(t *testing.T) {
	seedtest.Each(t, func(t *testing.T, b storetest.Backend) {
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
		ts := httptest.NewServer(srv.Handler())
		t.Cleanup(ts.Close)
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
