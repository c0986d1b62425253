package web_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/programmedoc"
	"github.com/elac/bitacora/seed"
	"github.com/elac/bitacora/seed/seedtest"
	"github.com/elac/bitacora/store"
	"github.com/elac/bitacora/store/storetest"
	"github.com/elac/bitacora/web"
)

// importSecond imports a second cycle, eLAC2024, beside eLAC2020.
func importSecond(t *testing.T, db *store.DB) {
	t.Helper()
	next := seedtest.NextCycle(seed.ELAC2020)
	doc, err := programmedoc.Parse([]byte(next), programmedoc.Options{SourceName: "LC/TS.2022/12"})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.ImportProgramme(context.Background(), doc, next); err != nil {
		t.Fatal(err)
	}
}

// acceptReport writes, submits and accepts a report on an activity of the
// programme in its first period, straight through the store.
func acceptReport(t *testing.T, db *store.DB, slug, code string, status bitacora.Status) {
	t.Helper()
	ctx := bitacora.WithActor(context.Background(), bitacora.Actor{Name: "test"})
	ps, err := db.Periods(ctx, slug)
	if err != nil || len(ps) == 0 {
		t.Fatalf("periods: %v %v", ps, err)
	}
	k := bitacora.ReportKey{Programme: slug, Activity: code, Period: ps[0].Key}
	base := 0
	if cur, err := db.Report(ctx, k); err == nil {
		base = cur.Version
	}
	r, err := db.SaveReport(ctx, k, base, bitacora.ReportContent{Status: status, Completion: bitacora.CompletionSubstantial, Narrative: "Hecho."}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if r, err = db.Submit(ctx, k, r.Version, nil); err != nil {
		t.Fatal(err)
	}
	if _, err = db.Review(ctx, k, r.Version, true, "", nil); err != nil {
		t.Fatal(err)
	}
}

// A write changes what it touched only: the public sees an accepted report
// at once (the server learns of its own process's writes without waiting
// for its periodic check), and the other programme's published state —
// its data and its rendered pages — is the same value as before.
func TestWriteReloadsOnlyWhatItTouched(t *testing.T) {
	t.Parallel()
	seedtest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		db, err := store.Open(ctx, b.DSN)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		importSecond(t, db)
		// An hour between periodic checks: only the change counter can
		// make the server see a write within this test.
		srv, err := web.New(db, slog.New(slog.NewTextHandler(io.Discard, nil)), web.Options{Version: "test", Refresh: time.Hour})
		if err != nil {
			t.Fatal(err)
		}
		ts := httptest.NewServer(checkAPI(t, srv.Handler()))
		t.Cleanup(ts.Close)
		for _, path := range []string{"/es/elac2020/activities/1.1", "/es/elac2024/activities/1.1", "/es/elac2024"} {
			if resp, body := get(t, ts, "GET", path); resp.StatusCode != 200 || strings.Contains(string(body), "Completada") {
				t.Fatalf("%s: %d, or a report completed before any is written", path, resp.StatusCode)
			}
		}
		before2020, before2024 := web.Published(srv, "elac2020"), web.Published(srv, "elac2024")
		cached := web.CachedPages(srv)

		acceptReport(t, db, "elac2020", "1.1", bitacora.StatusCompleted)

		_, body := get(t, ts, "GET", "/es/elac2020/activities/1.1")
		if !strings.Contains(string(body), "Completada") {
			t.Error("the activity page does not show the report accepted a moment ago")
		}
		if web.Published(srv, "elac2024") != before2024 {
			t.Error("a report on eLAC2020 made eLAC2024's published state anew")
		}
		if web.Published(srv, "elac2020") == before2020 {
			t.Error("eLAC2020's published state is the one from before its report")
		}
		// eLAC2024's two pages are still cached; eLAC2020's one was
		// dropped and rendered again; the site's own pages (none here)
		// dropped.
		if got := web.CachedPages(srv); got != cached {
			t.Errorf("cached pages = %d after the write and one read; want %d (eLAC2024's kept, eLAC2020's page rendered again)", got, cached)
		}
		// The programme and the API count the new report.
		_, api := get(t, ts, "GET", "/api/v1/programmes/elac2020/progress")
		if !strings.Contains(string(api), `"completed": 1`) {
			t.Errorf("progress after the report: %s", truncateBody(api))
		}
		_, api = get(t, ts, "GET", "/api/v1/programmes/elac2024/progress")
		if strings.Contains(string(api), `"completed": 1`) {
			t.Error("eLAC2024's progress counts eLAC2020's report")
		}

		// A new draft of the accepted report changes nothing the public
		// sees: the published state, pages and all, stays.
		accepted := web.Published(srv, "elac2020")
		wctx := bitacora.WithActor(ctx, bitacora.Actor{Name: "test"})
		ps, _ := db.Periods(wctx, "elac2020")
		k := bitacora.ReportKey{Programme: "elac2020", Activity: "1.1", Period: ps[0].Key}
		cur, err := db.Report(wctx, k)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.SaveReport(wctx, k, cur.Version, bitacora.ReportContent{Status: bitacora.StatusDelayed, Completion: bitacora.CompletionLimited, Narrative: "Un borrador."}, nil); err != nil {
			t.Fatal(err)
		}
		if web.Published(srv, "elac2020") != accepted {
			t.Error("a draft made eLAC2020's published state anew")
		}
		if _, body := get(t, ts, "GET", "/es/elac2020/activities/1.1"); !strings.Contains(string(body), "Completada") || strings.Contains(string(body), "Retrasada") {
			t.Error("the activity page does not show the accepted version only")
		}
	})
}

// Several instances on one PostgreSQL database: a change made through one
// shows on another at once, announced by the database (LISTEN/NOTIFY),
// not found by the other's periodic check (an hour apart here).
func TestOtherInstanceHearsOfChanges(t *testing.T) {
	t.Parallel()
	b := seedtest.Template.Postgres(t)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	writer, err := store.Open(ctx, b.DSN)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { writer.Close() })
	reader, err := store.Open(ctx, b.DSN)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { reader.Close() })
	srv, err := web.New(reader, slog.New(slog.NewTextHandler(io.Discard, nil)), web.Options{Version: "test", Refresh: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(checkAPI(t, srv.Handler()))
	t.Cleanup(ts.Close)
	if _, body := get(t, ts, "GET", "/es/elac2020/activities/2.1"); strings.Contains(string(body), "Completada") {
		t.Fatal("the report is there before it is written")
	}
	before := reader.Changes()
	reader.Watch(ctx, slog.New(slog.NewTextHandler(io.Discard, nil)))
	// Listening has begun when the watcher counts its first change.
	for deadline := time.Now().Add(10 * time.Second); reader.Changes() == before; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the watcher never connected")
		}
	}

	acceptReport(t, writer, "elac2020", "2.1", bitacora.StatusCompleted)

	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if _, body := get(t, ts, "GET", "/es/elac2020/activities/2.1"); strings.Contains(string(body), "Completada") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the other instance never showed the change")
		}
	}
}

func truncateBody(b []byte) string {
	if len(b) > 300 {
		return string(b[:300]) + "…"
	}
	return string(b)
}

// The public API is served like the pages: bytes kept per snapshot, with
// an ETag (a 304 when the client has them), gzip, and a Vary that leaves
// the language out (the answer is the same in every language).
func TestAPIServedFromTheReadModel(t *testing.T) {
	t.Parallel()
	seedtest.Each(t, func(t *testing.T, b storetest.Backend) {
		ts, db, srv := newSite(t, b)
		for _, path := range []string{"/api/v1/programmes/elac2020", "/api/v1/programmes/elac2020/activities/1.1",
			"/api/v1/programmes/elac2020/progress?area=1", "/api/v1/parties/isoc", "/api/v1/programmes", "/api/v1/parties",
			"/api/v1/programmes/elac2020/periods", "/api/v1/programmes/elac2020/reports", "/api/v1/programmes/elac2020/weights",
			"/api/v1/programmes/elac2020/versions", "/api/v1/programmes/elac2020/versions/1"} {
			before := web.CachedPages(srv)
			resp, body := get(t, ts, "GET", path)
			etag := resp.Header.Get("ETag")
			if resp.StatusCode != 200 || etag == "" || resp.Header.Get("Vary") != "Accept-Encoding" || resp.Header.Get("Cache-Control") != "public, no-cache" {
				t.Errorf("%s: %d, ETag %q, Vary %q, Cache-Control %q", path, resp.StatusCode, etag, resp.Header.Get("Vary"), resp.Header.Get("Cache-Control"))
				continue
			}
			if got := web.CachedPages(srv); got != before+1 {
				t.Errorf("%s: %d cached responses after the first request; want %d", path, got, before+1)
			}
			// Another language, the same entry and bytes.
			req, _ := http.NewRequest("GET", ts.URL+path, nil)
			req.Header.Set("Accept-Language", "fr")
			again, err := ts.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			againBody, _ := io.ReadAll(again.Body)
			again.Body.Close()
			if again.Header.Get("ETag") != etag || !bytes.Equal(againBody, body) || web.CachedPages(srv) != before+1 {
				t.Errorf("%s: a second request in French made another answer", path)
			}
			req.Header.Set("If-None-Match", etag)
			if nm, err := ts.Client().Do(req); err != nil || nm.StatusCode != http.StatusNotModified {
				t.Errorf("%s with its ETag: %v %v; want 304", path, nm.StatusCode, err)
			} else {
				nm.Body.Close()
			}
		}
		// The programme is the parser's JSON of the stored document, byte
		// for byte, and gzip gives the same bytes.
		doc, err := db.Document(context.Background(), "elac2020")
		if err != nil {
			t.Fatal(err)
		}
		var want bytes.Buffer
		if err := programmedoc.WriteJSON(&want, doc); err != nil {
			t.Fatal(err)
		}
		req, _ := http.NewRequest("GET", ts.URL+"/api/v1/programmes/elac2020", nil)
		req.Header.Set("Accept-Encoding", "gzip")
		resp, err := (&http.Client{Transport: &http.Transport{DisableCompression: true}}).Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if resp.Header.Get("Content-Encoding") != "gzip" {
			t.Fatalf("Content-Encoding %q; want gzip", resp.Header.Get("Content-Encoding"))
		}
		zr, err := gzip.NewReader(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(zr)
		if !bytes.Equal(got, want.Bytes()) {
			t.Error("the programme's JSON is not the parser's, byte for byte")
		}
	})
}

// After a change, the server builds again what readers read since the
// change before (as serve runs it, with Follow): the first reader after
// an acceptance finds the programme's page and the activity's built, and
// they show the accepted report. What nobody read is not built.
func TestFollowRebuildsWhatWasRead(t *testing.T) {
	t.Parallel()
	seedtest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx, cancel := context.WithCancel(context.Background())
		t.Cleanup(cancel)
		db, err := store.Open(ctx, b.DSN)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		// An hour between periodic checks: only the change itself can
		// make the server rebuild within this test.
		srv, err := web.New(db, slog.New(slog.NewTextHandler(io.Discard, nil)), web.Options{Version: "test", Refresh: time.Hour})
		if err != nil {
			t.Fatal(err)
		}
		ts := httptest.NewServer(checkAPI(t, srv.Handler()))
		t.Cleanup(ts.Close)
		go srv.Follow(ctx)
		for _, path := range []string{"/es/elac2020", "/es/elac2020", "/en/elac2020/activities/1.1", "/api/v1/programmes/elac2020/progress"} {
			if resp, _ := get(t, ts, "GET", path); resp.StatusCode != 200 {
				t.Fatalf("%s: %d", path, resp.StatusCode)
			}
		}
		before := web.CurrentPublished(srv, "elac2020")

		acceptReport(t, db, "elac2020", "1.1", bitacora.StatusCompleted)

		want := []string{"*/api/v1/programmes/elac2020/progress", "en/en/elac2020/activities/1.1", "es/es/elac2020"}
		for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(10 * time.Millisecond) {
			var keys []string
			for _, k := range web.CachedKeys(srv, "elac2020") {
				k, _, _ = strings.Cut(k, "#") // the day, for the progress
				keys = append(keys, k)
			}
			if web.CurrentPublished(srv, "elac2020") != before && slices.Equal(keys, want) {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("after the acceptance, the programme's cache holds %q; want %q built before anyone asked", keys, want)
			}
		}
		if _, body := get(t, ts, "GET", "/en/elac2020/activities/1.1"); !strings.Contains(string(body), "Completed") {
			t.Error("the activity page built after the acceptance does not show the accepted report")
		}
		if _, body := get(t, ts, "GET", "/api/v1/programmes/elac2020/progress"); !strings.Contains(string(body), `"completed": 1`) {
			t.Errorf("the API answer built after the acceptance does not show the accepted report: %s", truncateBody(body))
		}
	})
}
