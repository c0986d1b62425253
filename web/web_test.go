package web_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/elac/bitacora/programmedoc"
	"github.com/elac/bitacora/seed"
	"github.com/elac/bitacora/seed/seedtest"
	"github.com/elac/bitacora/store"
	"github.com/elac/bitacora/store/storetest"
	"github.com/elac/bitacora/web"
)

// newServer returns a test server over a database holding eLAC2020: b is
// either a copy of the seeded template (seedtest.Each, seedtest.SQLite),
// or a new empty database, which the server's first-start path seeds.
func newServer(t *testing.T, b storetest.Backend) (*httptest.Server, *store.DB) {
	t.Helper()
	ts, db, _ := newSite(t, b)
	return ts, db
}

func newSite(t testing.TB, b storetest.Backend) (*httptest.Server, *store.DB, *web.Server) {
	t.Helper()
	return newSiteWith(t, b, web.Options{})
}

// newSiteWith is newSite with options.
func newSiteWith(t testing.TB, b storetest.Backend, opts web.Options) (*httptest.Server, *store.DB, *web.Server) {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, b.DSN)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	// The first start imports eLAC2020 into an empty database; a copy of
	// the seeded template already holds it, and a start finds it there.
	if loaded, err := seed.LoadIfEmpty(ctx, db); err != nil || loaded != (b.Template == "") {
		t.Fatalf("seed into %s database: loaded %v, %v", map[bool]string{true: "an empty", false: "a seeded"}[b.Template == ""], loaded, err)
	}
	ts, srv := serve(t, db, opts)
	return ts, db, srv
}

// serve starts a test server over db (Version and Refresh are set here).
func serve(t testing.TB, db *store.DB, opts web.Options) (*httptest.Server, *web.Server) {
	t.Helper()
	opts.Version, opts.Refresh = "test", 10*time.Millisecond
	srv, err := web.New(db, slog.New(slog.NewTextHandler(io.Discard, nil)), opts)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(checkAPI(t, srv.Handler()))
	t.Cleanup(ts.Close)
	return ts, srv
}

func get(t *testing.T, ts *httptest.Server, method, path string) (*http.Response, []byte) {
	t.Helper()
	req, _ := http.NewRequest(method, ts.URL+path, nil)
	resp, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp, body
}

func TestRoutes(t *testing.T) {
	t.Parallel()
	seedtest.Each(t, func(t *testing.T, b storetest.Backend) {
		ts, _ := newServer(t, b)
		for _, tc := range []struct {
			method, path string
			status       int
			contentType  string
			contains     []string
		}{
			{"GET", "/healthz", 200, "text/plain", []string{"ok"}},
			{"GET", "/readyz", 200, "text/plain", []string{"ready"}},
			{"GET", "/api/v1/programmes", 200, "application/json", []string{`"slug": "elac2020"`, `"symbol": "LC/TS.2018/60"`}},
			{"GET", "/api/v1/programmes/elac2020/activities/1.1", 200, "application/json",
				[]string{`"code": "1.1"`, `"Grupo de Trabajo sobre Acceso e Infraestructura Digital"`, `"isoc"`, `"a4ai"`}},
			{"GET", "/api/v1/programmes/elac2020/activities/10.2", 200, "application/json",
				[]string{`"red-gealc"`, "Rotará de acuerdo con la presidencia de la Red GEALC"}},
			{"GET", "/api/v1/parties", 200, "application/json", []string{`"id": "isoc"`, `"id": "cepal"`}},
			{"GET", "/api/v1/programmes/elac2020/iati.xml", 200, "application/xml", []string{`<iati-activities version="2.03"`, "XX-BITACORA-elac2020-30.1"}},
			{"GET", "/api/v1/programmes/elac2020/progress?area=1", 200, "application/json", []string{`"not_reported"`, `"total": 7`}},
			{"GET", "/api/v1/programmes/elac2020/progress?area=99", 400, "application/json", []string{`"code": "invalid"`}},
			{"GET", "/api/v1/parties/isoc", 200, "application/json", []string{`"activity_code": "1.1"`, `"role": "co_responsible"`}},
			{"GET", "/api/v1/programmes/nope", 404, "application/json", []string{`"code": "not_found"`}},
			{"GET", "/api/v1/programmes/elac2020/activities/99.9", 404, "application/json", []string{`"code": "not_found"`}},
			{"GET", "/api/v1/parties/nobody", 404, "application/json", []string{`"code": "not_found"`}},
			{"GET", "/api/v1/programmes/Not_A_Slug!", 400, "application/json", []string{`"code": "invalid"`}},
			{"GET", "/api/v1/programmes/elac2020/activities/uno", 400, "application/json", []string{`"code": "invalid"`}},
			{"GET", "/api/v1/nothing/here", 404, "application/json", []string{`"code": "not_found"`}},
			{"POST", "/api/v1/programmes", 405, "application/json", []string{"method_not_allowed"}},
			{"GET", "/", 200, "text/html", []string{"Programa de actividades de cooperación regional", `href="/es/elac2020"`, `lang="es"`}},
			{"GET", "/no/such/page/here", 404, "text/html", []string{"Página no encontrada", `name="q"`}},
		} {
			resp, body := get(t, ts, tc.method, tc.path)
			if resp.StatusCode != tc.status {
				t.Errorf("%s %s = %d; want %d\n%s", tc.method, tc.path, resp.StatusCode, tc.status, body)
				continue
			}
			if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, tc.contentType) {
				t.Errorf("%s %s: Content-Type %q; want %s", tc.method, tc.path, ct, tc.contentType)
			}
			for _, s := range tc.contains {
				if !bytes.Contains(body, []byte(s)) {
					t.Errorf("%s %s: body lacks %q", tc.method, tc.path, s)
				}
			}
			for _, h := range []string{"Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "X-Frame-Options", "Permissions-Policy"} {
				if resp.Header.Get(h) == "" {
					t.Errorf("%s %s: no %s header", tc.method, tc.path, h)
				}
			}
			if resp.Header.Get("X-Request-Id") == "" {
				t.Errorf("%s %s: no X-Request-Id", tc.method, tc.path)
			}
		}
	})
}

// The API serves a programme in exactly the bytes `bitacora parse --format
// json` prints for its document. On an empty database, seeded by the
// server's own first-start path, not on a copy of the template.
func TestProgrammeJSONIsTheParsersJSON(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ts, _ := newServer(t, b)
		doc, err := programmedoc.Parse(seed.ELAC2020, programmedoc.Options{Slug: seed.ELAC2020Slug, SourceName: "LC/TS.2018/60"})
		if err != nil {
			t.Fatal(err)
		}
		var want bytes.Buffer
		if err := programmedoc.WriteJSON(&want, doc); err != nil {
			t.Fatal(err)
		}
		resp, body := get(t, ts, "GET", "/api/v1/programmes/elac2020")
		if resp.StatusCode != 200 || !bytes.Equal(body, want.Bytes()) {
			t.Fatalf("GET /api/v1/programmes/elac2020 (%d) differs from the parser's JSON (%d bytes vs %d)", resp.StatusCode, len(body), want.Len())
		}
	})
}

func TestMetricsCountRequestsByRoute(t *testing.T) {
	t.Parallel()
	seedtest.Each(t, func(t *testing.T, b storetest.Backend) {
		ts, _, _ := newSiteWith(t, b, web.Options{MetricsPublic: true})
		get(t, ts, "GET", "/api/v1/programmes/elac2020/activities/1.1")
		get(t, ts, "GET", "/api/v1/programmes/elac2020/activities/1.2")
		_, body := get(t, ts, "GET", "/metrics")
		for _, s := range []string{
			`bitacora_http_requests_total{method="GET",route="GET /api/v1/programmes/{slug}/activities/{code}",status="200"} 2`,
			`bitacora_http_request_duration_seconds_bucket{route="GET /api/v1/programmes/{slug}/activities/{code}"`,
			`go_sql_open_connections{db_name="` + b.Name + `"}`,
		} {
			if !bytes.Contains(body, []byte(s)) {
				t.Errorf("/metrics lacks %s", s)
			}
		}
	})
}

func TestReadyzFailsWithoutDatabase(t *testing.T) {
	t.Parallel()
	seedtest.Each(t, func(t *testing.T, b storetest.Backend) {
		ts, db := newServer(t, b)
		db.Close()
		resp, body := get(t, ts, "GET", "/readyz")
		if resp.StatusCode != http.StatusServiceUnavailable {
			t.Fatalf("/readyz with the database closed = %d %s; want 503", resp.StatusCode, body)
		}
		if resp, _ := get(t, ts, "GET", "/healthz"); resp.StatusCode != 200 {
			t.Fatalf("/healthz = %d; the process is up", resp.StatusCode)
		}
	})
}

func TestRequestIDIsKeptWhenSane(t *testing.T) {
	t.Parallel()
	ts, _ := newServer(t, seedtest.SQLite(t))
	for in, keep := range map[string]bool{"abc-123": true, "bad id with spaces": false, strings.Repeat("x", 65): false} {
		req, _ := http.NewRequest("GET", ts.URL+"/healthz", nil)
		req.Header.Set("X-Request-Id", in)
		resp, err := ts.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if got := resp.Header.Get("X-Request-Id"); (got == in) != keep || got == "" {
			t.Errorf("X-Request-Id %q came back as %q", in, got)
		}
	}
}
