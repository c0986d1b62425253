package web_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/elac/bitacora/locale"
	"github.com/elac/bitacora/seed/seedtest"
)

// pageTypes is one URL of every kind of public page, with something each
// must show.
var pageTypes = []struct {
	name, path string
	contains   []string
}{
	{"site home", "/", []string{"elac2020"}},
	{"programme", "/elac2020", []string{"LC/TS.2018/60", "/elac2020/areas/7"}},
	{"whole programme", "/elac2020/full", []string{"30.1", "Rotará de acuerdo con la presidencia de la Red GEALC"}},
	{"area", "/elac2020/areas/4", []string{"10.1", "14.2", "Red GEALC", "Países integrantes de la Red GEALC"}},
	{"objective", "/elac2020/objectives/28", []string{"privacidad"}},
	{"activity", "/elac2020/activities/1.3", []string{"Informe anual del estado de la banda ancha", "/parties/cepal", "#L31"}},
	{"parties", "/parties", []string{"Internet Society", "/parties/red-gealc"}},
	{"party", "/parties/isoc", []string{"1.1", "1.5", "2.1", "3.1"}},
	{"search", "/search?q=politica", []string{"<mark>"}},
	{"API", "/api", []string{"/api/v1/openapi.json", "/api/v1/programmes/{slug}/activities/{code}/reports/{period}", "curl ", "/elac2020/data"}},
	{"dashboard", "/elac2020/dashboard", []string{"<svg", `role="img"`, `<th scope="row"><a href="/`, "/elac2020/dashboard.csv", "2020-H2"}},
	{"source", "/elac2020/source", []string{`id="L29"`, "ÁREA DE ACCIÓN 1"}},
	{"versions", "/elac2020/versions", []string{"/elac2020/v/1"}},
	{"version", "/elac2020/v/1", []string{"30.1"}},
	{"diff", "/elac2020/diff?from=1&to=1", []string{"/api/v1/programmes/elac2020/diff?from=1&amp;to=1"}},
	{"follow-up report", "/elac2020/followup?period=2019-H2", []string{`id="act-30.1"`, "/elac2020/followup.pdf?period=2019-H2", `id="annex"`}},
	{"open data", "/elac2020/data", []string{"/elac2020/data/activities.xlsx", "/api/v1/programmes/elac2020/iati.xml", "/elac2020/data/datapackage.json"}},
	{"site open data", "/data", []string{"/elac2020/data", "/catalog.jsonld"}},
	{"not found", "/elac2020/activities/99.9", []string{`name="q"`}},
}

func fetchPage(t *testing.T, ts *httptest.Server, path string, header map[string]string) (*http.Response, []byte) {
	t.Helper()
	req, _ := http.NewRequest("GET", ts.URL+path, nil)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := ts.Client().Transport.RoundTrip(req) // no transparent gunzip
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp, body
}

// Every page type renders in every language with no missing string, in
// that language, with the language switch, and links that stay in it.
func TestEveryPageInEveryLanguage(t *testing.T) {
	t.Parallel()
	ts, _ := newServer(t, seedtest.SQLite(t))
	for _, pt := range pageTypes {
		for _, lang := range locale.Supported {
			path := "/" + lang + pt.path
			resp, body := fetchPage(t, ts, path, nil)
			want := 200
			if pt.name == "not found" {
				want = 404
			}
			if resp.StatusCode != want {
				t.Errorf("%s: %d; want %d", path, resp.StatusCode, want)
				continue
			}
			html := string(body)
			if strings.Contains(html, "⟦") {
				t.Errorf("%s: missing message %s", path, regexp.MustCompile(`⟦[^⟧]*⟧`).FindString(html))
			}
			if !strings.Contains(html, `<html lang="`+lang+`">`) {
				t.Errorf("%s: page not marked lang=%s", path, lang)
			}
			for _, other := range locale.Supported {
				if !strings.Contains(html, `hreflang="`+other+`"`) {
					t.Errorf("%s: no switch to %s", path, other)
				}
			}
			for _, s := range pt.contains {
				if !strings.Contains(html, s) {
					t.Errorf("%s: lacks %q", path, s)
				}
			}
			// Spanish content on a page in another language says so.
			if lang != "es" && pt.name == "activity" && !strings.Contains(html, `lang="es"`) {
				t.Errorf("%s: Spanish content not marked lang=\"es\"", path)
			}
			for _, href := range regexp.MustCompile(`href="(/[^"]*)"`).FindAllStringSubmatch(html, -1) {
				h := href[1]
				// The open data files are the same in every language, as
				// the API's answers are.
				neutral := regexp.MustCompile(`^/([a-z0-9-]+/data/[a-z_]+|catalog)\.(csv|json|xlsx|jsonld)$`).MatchString(h)
				if !strings.HasPrefix(h, "/"+lang+"/") && !strings.HasPrefix(h, "/api/") && !strings.HasPrefix(h, "/static/") &&
					!regexp.MustCompile(`^/(es|en|pt|fr)/`).MatchString(h) && !neutral {
					t.Errorf("%s: link %s leaves the language", path, h)
				}
			}
		}
	}
}

func TestLanguageFromAcceptLanguage(t *testing.T) {
	t.Parallel()
	ts, _ := newServer(t, seedtest.SQLite(t))
	for header, want := range map[string]string{"": "es", "en-GB,en;q=0.9": "en", "pt-BR": "pt", "fr-HT": "fr", "de": "es"} {
		resp, body := fetchPage(t, ts, "/elac2020/activities/1.1", map[string]string{"Accept-Language": header})
		if !bytes.Contains(body, []byte(`<html lang="`+want+`">`)) {
			t.Errorf("Accept-Language %q: page not in %s", header, want)
		}
		if !strings.Contains(resp.Header.Get("Vary"), "Accept-Language") {
			t.Errorf("negotiated page does not vary on Accept-Language")
		}
	}
	// A prefixed URL wins over the header and does not vary on it.
	resp, body := fetchPage(t, ts, "/fr/elac2020/activities/1.1", map[string]string{"Accept-Language": "en"})
	if !bytes.Contains(body, []byte(`<html lang="fr">`)) || strings.Contains(resp.Header.Get("Vary"), "Accept-Language") {
		t.Errorf("/fr/ page: lang or Vary wrong (%s)", resp.Header.Get("Vary"))
	}
}

func TestConditionalAndCompressed(t *testing.T) {
	t.Parallel()
	ts, _ := newServer(t, seedtest.SQLite(t))
	resp, plain := fetchPage(t, ts, "/es/elac2020/activities/1.1", nil)
	etag := resp.Header.Get("ETag")
	if etag == "" || resp.Header.Get("Cache-Control") == "" {
		t.Fatalf("no ETag or Cache-Control: %v", resp.Header)
	}
	resp, _ = fetchPage(t, ts, "/es/elac2020/activities/1.1", map[string]string{"If-None-Match": etag})
	if resp.StatusCode != http.StatusNotModified {
		t.Fatalf("repeat visit = %d; want 304", resp.StatusCode)
	}
	resp, gz := fetchPage(t, ts, "/es/elac2020/activities/1.1", map[string]string{"Accept-Encoding": "gzip"})
	if resp.Header.Get("Content-Encoding") != "gzip" {
		t.Fatal("no gzip")
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		t.Fatal(err)
	}
	unzipped, _ := io.ReadAll(zr)
	if !bytes.Equal(unzipped, plain) {
		t.Fatal("gzip body differs from the plain one")
	}
}

// The weight budget: a page's HTML and CSS (there is no JavaScript)
// together stay under 30 KB compressed.
func TestWeightBudget(t *testing.T) {
	t.Parallel()
	ts, _ := newServer(t, seedtest.SQLite(t))
	const budget = 30 * 1024
	gzipHeader := map[string]string{"Accept-Encoding": "gzip"}
	for _, pt := range pageTypes {
		_, html := fetchPage(t, ts, "/es"+pt.path, gzipHeader)
		plain, _ := fetchPage(t, ts, "/es"+pt.path, nil)
		_ = plain
		total := len(html)
		zr, err := gzip.NewReader(bytes.NewReader(html))
		if err != nil {
			t.Fatalf("%s: %v", pt.path, err)
		}
		doc, _ := io.ReadAll(zr)
		for _, m := range regexp.MustCompile(`<(?:link rel="stylesheet"|script)[^>]*(?:href|src)="([^"]+)"`).FindAllSubmatch(doc, -1) {
			_, asset := fetchPage(t, ts, string(m[1]), gzipHeader)
			total += len(asset)
		}
		if total > budget {
			t.Errorf("%s weighs %d bytes compressed; the budget is %d", pt.path, total, budget)
		}
		t.Logf("%-16s %6d bytes compressed", pt.name, total)
	}
}

func TestBadRequestsAreNever500(t *testing.T) {
	t.Parallel()
	ts, _ := newServer(t, seedtest.SQLite(t))
	for path, want := range map[string]int{
		"/es/search?q=" + strings.Repeat("a", 201):      400,
		"/es/search?q=" + strings.Repeat("%C3%A1", 300): 400,
		"/es/search?q=%zz":                              400,
		"/es/search?" + strings.Repeat("x=1&", 1000):    400,
		"/es/elac2020/areas/99":                         404,
		"/es/elac2020/areas/uno":                        400,
		"/es/elac2020/objectives/123456":                400,
		"/es/parties/NOT_A_PARTY":                       400,
		"/es/nope":                                      404,
		"/xx/elac2020":                                  404,
		"/static/site.css":                              404,
		"/es/search?q=%00%01":                           200,
	} {
		resp, body := fetchPage(t, ts, path, nil)
		if resp.StatusCode != want {
			t.Errorf("%s = %d; want %d", truncate(path), resp.StatusCode, want)
		}
		if want >= 400 && !bytes.Contains(body, []byte(`name="q"`)) && !strings.HasPrefix(path, "/static") {
			t.Errorf("%s: error page without a search box", truncate(path))
		}
	}
}

func truncate(s string) string {
	if len(s) > 60 {
		return s[:60] + "…"
	}
	return s
}

// A translation by the secretariat shows in its language, unmarked; what is
// not translated stays in the original, marked lang="es".
func TestTranslatedFieldsShowInTheirLanguage(t *testing.T) {
	t.Parallel()
	ts, db := newServer(t, seedtest.SQLite(t))
	ctx := context.Background()
	if err := db.SetTranslation(ctx, "elac2020", "activity:1.3", "text", "en",
		"Foster regional dialogue and cooperation to promote broadband infrastructure policies"); err != nil {
		t.Fatal(err)
	}
	time.Sleep(50 * time.Millisecond) // past the server's refresh interval
	_, en := fetchPage(t, ts, "/en/elac2020/activities/1.3", nil)
	if !bytes.Contains(en, []byte(`<p class="lead">Foster regional dialogue`)) {
		t.Error("the English translation is not shown, or is marked as another language")
	}
	if !bytes.Contains(en, []byte(`<li lang="es">Informe anual del estado de la banda ancha`)) {
		t.Error("the untranslated component is not marked lang=\"es\"")
	}
	_, es := fetchPage(t, ts, "/es/elac2020/activities/1.3", nil)
	if bytes.Contains(es, []byte("Foster")) || !bytes.Contains(es, []byte("Favorecer el diálogo")) {
		t.Error("the Spanish page does not show the original text")
	}
}
