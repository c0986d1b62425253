package web_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/elac/bitacora/seed/seedtest"
	"github.com/elac/bitacora/store/storetest"
	"github.com/elac/bitacora/web"
)

// scrape reads /metrics with the metrics token.
func scrape(t *testing.T, ts *httptest.Server, token string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", ts.URL+"/metrics", nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

var labelValue = regexp.MustCompile(`(\w+)="((?:[^"\\]|\\.)*)"`)

// labels returns the values each label takes in the metric's series.
func labels(scrape, metric string) map[string]map[string]bool {
	out := map[string]map[string]bool{}
	for _, line := range strings.Split(scrape, "\n") {
		rest, ok := strings.CutPrefix(line, metric+"{")
		if !ok {
			continue
		}
		for _, m := range labelValue.FindAllStringSubmatch(rest[:strings.Index(rest, "}")], -1) {
			if out[m[1]] == nil {
				out[m[1]] = map[string]bool{}
			}
			out[m[1]][m[2]] = true
		}
	}
	return out
}

// Requests with invented methods and paths make no new series: every label
// value comes from a closed set (issue 10, item 2).
//
// The labels are the server's, whatever the database: one run, on SQLite.
func TestMetricsLabelsAreAClosedSet(t *testing.T) {
	t.Parallel()
	seedtest.On(t, "sqlite", func(t *testing.T, b storetest.Backend) {
		ts, _, srv := newSiteWith(t, b, web.Options{MetricsToken: "scrape-me"})
		paths := []string{"/", "/api/v1/programmes", "/no/such/page", "/es/elac2020/activities/1.1"}
		rng := rand.New(rand.NewPCG(1, 2))
		for i := range 200 { // 200 invented methods, half on invented paths: an open label set would make hundreds of series
			method := fmt.Sprintf("M%dX%d", i, rng.IntN(1<<30))
			path := paths[i%len(paths)] + fmt.Sprintf("/x%d", rng.IntN(1<<30))
			if i%2 == 0 {
				path = paths[i%len(paths)]
			}
			req, _ := http.NewRequest(method, ts.URL+path, nil)
			resp, err := ts.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
		}
		status, body := scrape(t, ts, "scrape-me")
		if status != 200 {
			t.Fatalf("/metrics with the token = %d", status)
		}
		requests := labels(body, "bitacora_http_requests_total")
		if len(requests["method"]) == 0 {
			t.Fatal("no bitacora_http_requests_total series")
		}
		standard := map[string]bool{"GET": true, "HEAD": true, "POST": true, "PUT": true, "PATCH": true,
			"DELETE": true, "OPTIONS": true, "CONNECT": true, "TRACE": true}
		for m := range requests["method"] {
			if !standard[m] && m != "other" {
				t.Errorf("method label %q is neither a standard method nor \"other\"", m)
			}
		}
		if !requests["method"]["other"] {
			t.Error("the invented methods were not counted as \"other\"")
		}
		routes := map[string]bool{"unmatched": true}
		for _, rt := range srv.Routes() {
			routes[rt.Method+" "+rt.Pattern] = true
		}
		for _, name := range []string{"bitacora_http_requests_total", "bitacora_http_request_duration_seconds_bucket"} {
			for r := range labels(body, name)["route"] {
				if !routes[r] {
					t.Errorf("%s: route label %q is not a pattern of the route table", name, r)
				}
			}
		}
		for s := range requests["status"] {
			if !regexp.MustCompile(`^[1-5][0-9][0-9]$`).MatchString(s) {
				t.Errorf("status label %q", s)
			}
		}
		if n := strings.Count(body, "\nbitacora_http_requests_total{"); n > 40 {
			t.Errorf("%d request series after 200 invented requests; the label set is not closed", n)
		}
	})
}

// /metrics shows admin activity and failed sign-ins: the main listener
// serves it only when configured to (issue 10, item 2).
func TestMetricsAccess(t *testing.T) {
	t.Parallel()
	seedtest.Each(t, func(t *testing.T, b storetest.Backend) {
		_, db, _ := newSite(t, b)
		for _, tc := range []struct {
			name   string
			opts   web.Options
			token  string
			status int
		}{
			{"not configured", web.Options{}, "", http.StatusNotFound},
			{"not configured, any token", web.Options{}, "guess", http.StatusNotFound},
			{"token, none sent", web.Options{MetricsToken: "s3cret"}, "", http.StatusUnauthorized},
			{"token, wrong one", web.Options{MetricsToken: "s3cret"}, "s3cre", http.StatusUnauthorized},
			{"token, right one", web.Options{MetricsToken: "s3cret"}, "s3cret", http.StatusOK},
			{"public", web.Options{MetricsPublic: true}, "", http.StatusOK},
		} {
			srv, err := web.New(db, slog.New(slog.NewTextHandler(io.Discard, nil)), tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			ts := httptest.NewServer(checkAPI(t, srv.Handler()))
			defer ts.Close()
			status, body := scrape(t, ts, tc.token)
			if status != tc.status {
				t.Errorf("%s: /metrics = %d; want %d", tc.name, status, tc.status)
			}
			if leaked := strings.Contains(body, "go_goroutines"); leaked != (tc.status == 200) {
				t.Errorf("%s: body shows the metrics: %v", tc.name, leaked)
			}
			// The handler for a listener of its own serves them always.
			rec := httptest.NewRecorder()
			srv.MetricsHandler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
			if rec.Code != 200 || !strings.Contains(rec.Body.String(), "go_goroutines") {
				t.Errorf("%s: MetricsHandler /metrics = %d", tc.name, rec.Code)
			}
		}
	})
}

// The request log at info holds changes, errors and slow requests; quick
// successful reads go to debug.
func TestRequestLogLevels(t *testing.T) {
	t.Parallel()
	_, db := newServer(t, seedtest.SQLite(t))
	for _, level := range []slog.Level{slog.LevelInfo, slog.LevelDebug} {
		var buf syncBuf
		srv, err := web.New(db, slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: level})), web.Options{Version: "test"})
		if err != nil {
			t.Fatal(err)
		}
		site := httptest.NewServer(checkAPI(t, srv.Handler()))
		for _, path := range []string{"/es/elac2020", "/es/no/such/page", "/api/v1/programmes/elac2020"} {
			resp, err := site.Client().Get(site.URL + path)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
		}
		resp, err := site.Client().Post(site.URL+"/login", "application/x-www-form-urlencoded", strings.NewReader("email=x"))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		site.Close()
		logged := map[string]bool{}
		for _, line := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
			var rec map[string]any
			if json.Unmarshal([]byte(line), &rec) == nil && rec["msg"] == "request" {
				logged[rec["method"].(string)+" "+rec["path"].(string)] = true
			}
		}
		want := map[string]bool{"GET /es/no/such/page": true, "POST /login": true}
		if level == slog.LevelDebug {
			want["GET /es/elac2020"], want["GET /api/v1/programmes/elac2020"] = true, true
		}
		if !maps.Equal(logged, want) {
			t.Errorf("at %v the request lines are %v; want %v", level, logged, want)
		}
	}
}

// syncBuf is a bytes.Buffer safe for concurrent handlers.
type syncBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuf) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuf) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
