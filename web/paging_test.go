package web_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"testing"

	"github.com/elac/bitacora/internal/synthetic"
	"github.com/elac/bitacora/programmedoc"
	"github.com/elac/bitacora/seed"
	"github.com/elac/bitacora/seed/seedtest"
	"github.com/elac/bitacora/store"
)

// bigProgramme serves eLAC2020 and a programme of 159 activities in 21
// areas (eLAC2020's tables three times).
func bigProgramme(t *testing.T) (*httptest.Server, *store.DB, string) {
	t.Helper()
	ts, db := newServer(t, seedtest.SQLite(t))
	text := seedtest.NextCycle(synthetic.Repeat(seed.ELAC2020, 3, 7, 30))
	doc, err := programmedoc.Parse([]byte(text), programmedoc.Options{SourceName: "big"})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.ImportProgramme(context.Background(), doc, text); err != nil {
		t.Fatal(err)
	}
	return ts, db, doc.Programme.Slug
}

// The whole programme of 159 activities comes in pages of whole areas of
// about 100 activities, the notes after the last; a version's page too;
// eLAC2020's is one page.
func TestFullProgrammePages(t *testing.T) {
	t.Parallel()
	ts, _, slug := bigProgramme(t)
	areas := func(body []byte) int { return bytes.Count(body, []byte(`<section class="area"`)) }
	_, first := get(t, ts, "GET", "/es/"+slug+"/full")
	_, second := get(t, ts, "GET", "/es/"+slug+"/full?page=2")
	n1, n2 := areas(first), areas(second)
	if n1 == 0 || n2 == 0 || n1+n2 != 21 {
		t.Fatalf("pages of %d and %d areas; want 21 in all on two pages", n1, n2)
	}
	for _, want := range []string{"Áreas de acción 1 a ", " de 21", `href="/es/` + slug + `/full?page=2" rel="next"`, `aria-label="Páginas del programa completo"`} {
		if !bytes.Contains(first, []byte(want)) {
			t.Errorf("page 1 lacks %q", want)
		}
	}
	if bytes.Contains(first, []byte(`id="notes"`)) || !bytes.Contains(second, []byte(`id="notes"`)) || !bytes.Contains(second, []byte(`href="/es/`+slug+`/full" rel="prev"`)) {
		t.Error("the notes are not after the last area, or page 2 does not lead back")
	}
	if resp, _ := get(t, ts, "GET", "/es/"+slug+"/full?page=3"); resp.StatusCode != 404 {
		t.Errorf("page 3: %d; want 404", resp.StatusCode)
	}
	if resp, body := get(t, ts, "GET", "/en/"+slug+"/v/1?page=2"); resp.StatusCode != 200 || areas(body) != n2 || !bytes.Contains(body, []byte("Action areas ")) {
		t.Errorf("version 1, page 2: %d, %d areas", resp.StatusCode, areas(body))
	}
	if _, small := get(t, ts, "GET", "/es/elac2020/full"); bytes.Contains(small, []byte(`class="pager"`)) || areas(small) != 7 {
		t.Error("eLAC2020's whole programme is paged or lacks an area")
	}
}

// A programme of 159 activities (eLAC2020's tables three times): its
// dashboard shows the activities 100 at a time, with links between the
// pages, and keeps the weight budget; eLAC2020's shows all 53 on one page.
func TestDashboardPages(t *testing.T) {
	t.Parallel()
	ts, db, slug := bigProgramme(t)
	rows := func(body []byte) int {
		return bytes.Count(body, []byte(`<tr><th scope="row"><a href="/es/`+slug+`/activities/`))
	}

	resp, first := get(t, ts, "GET", "/es/"+slug+"/dashboard")
	if resp.StatusCode != 200 || rows(first) != 100 {
		t.Fatalf("page 1: %d, %d rows; want 200, 100", resp.StatusCode, rows(first))
	}
	for _, want := range []string{"Actividades 1 a 100 de 159", `href="/es/` + slug + `/dashboard?page=2#matrix" rel="next"`, `aria-label="Páginas del cuadro de actividades"`} {
		if !bytes.Contains(first, []byte(want)) {
			t.Errorf("page 1 lacks %q", want)
		}
	}
	if bytes.Contains(first, []byte(`rel="prev"`)) {
		t.Error("page 1 links to a previous page")
	}
	_, second := get(t, ts, "GET", "/es/"+slug+"/dashboard?page=2")
	if rows(second) != 59 || !bytes.Contains(second, []byte("Actividades 101 a 159 de 159")) ||
		!bytes.Contains(second, []byte(`href="/es/`+slug+`/dashboard#matrix" rel="prev"`)) || bytes.Contains(second, []byte(`rel="next"`)) {
		t.Errorf("page 2: %d rows, or its pager is wrong", rows(second))
	}
	// A filter stays in the pager's links.
	ps, err := db.Periods(context.Background(), slug)
	if err != nil || len(ps) == 0 {
		t.Fatal(ps, err)
	}
	if _, body := get(t, ts, "GET", "/en/"+slug+"/dashboard?period="+ps[0].Key); !bytes.Contains(body, []byte(`dashboard?page=2&amp;period=`+ps[0].Key+`#matrix`)) {
		t.Error("the pager of a filtered dashboard drops the filter")
	}
	for path, status := range map[string]int{"?page=3": 404, "?page=0": 400, "?page=dos": 400, "?page=-1": 400} {
		if resp, _ := get(t, ts, "GET", "/es/"+slug+"/dashboard"+path); resp.StatusCode != status {
			t.Errorf("dashboard%s: %d; want %d", path, resp.StatusCode, status)
		}
	}
	if _, small := get(t, ts, "GET", "/es/elac2020/dashboard"); bytes.Contains(small, []byte(`class="pager"`)) || bytes.Count(small, []byte(`<tr><th scope="row"><a href="/es/elac2020/activities/`)) != 53 {
		t.Error("eLAC2020's dashboard is paged or does not show its 53 activities")
	}
	// The page keeps the weight budget of every page (TestWeightBudget).
	req, _ := http.NewRequest("GET", ts.URL+"/es/"+slug+"/dashboard", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	zresp, err := (&http.Client{Transport: &http.Transport{DisableCompression: true}}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	z, _ := io.ReadAll(zresp.Body)
	zresp.Body.Close()
	total := len(z)
	if css := regexp.MustCompile(`<link rel="stylesheet" href="([^"]+)"`).FindSubmatch(first); css != nil {
		creq, _ := http.NewRequest("GET", ts.URL+string(css[1]), nil)
		creq.Header.Set("Accept-Encoding", "gzip")
		cresp, err := (&http.Client{Transport: &http.Transport{DisableCompression: true}}).Do(creq)
		if err != nil {
			t.Fatal(err)
		}
		c, _ := io.ReadAll(cresp.Body)
		cresp.Body.Close()
		total += len(c)
	} else {
		t.Error("no stylesheet link")
	}
	if _, err := gzip.NewReader(bytes.NewReader(z)); err != nil || total > 30*1024 {
		t.Errorf("page 1 and its stylesheet weigh %d bytes compressed (%v); the budget is 30 KB", total, err)
	}
}
