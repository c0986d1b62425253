package web_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/elac/bitacora/seed/seedtest"
	"github.com/elac/bitacora/store/storetest"
	"github.com/elac/bitacora/web"
)

// The page cache keys a page by the parameters it reads, normalised:
// unknown parameters make no entry and are not shown, known ones in
// another order or escaping hit the same entry, and the entries with a
// query are bounded (issue 10, item 3).
//
// The keys are the server's, whatever the database: one run, on SQLite.
func TestPageCacheKeysOnlyWhatThePageReads(t *testing.T) {
	t.Parallel()
	seedtest.On(t, "sqlite", func(t *testing.T, b storetest.Backend) {
		ts, _, srv := newSite(t, b)
		etag := func(path string) string {
			t.Helper()
			resp, body := get(t, ts, "GET", path)
			if resp.StatusCode != 200 {
				t.Fatalf("GET %s = %d\n%s", path, resp.StatusCode, body)
			}
			if strings.Contains(string(body), "evil") {
				t.Fatalf("GET %s: the page shows an unknown parameter", path)
			}
			return resp.Header.Get("Etag")
		}

		// A page first asked with unknown parameters is the plain page:
		// its language links do not carry them to the next visitor.
		before := web.CachedPages(srv)
		first := etag("/es/elac2020/activities/1.2?utm_source=evil&x=%3Cevil%3E")
		if got := web.CachedPages(srv); got != before+1 {
			t.Fatalf("first visit made %d entries; want 1", got-before)
		}
		pages := []string{"/es/elac2020/activities/1.2", "/en/elac2020", "/es/parties", "/es/elac2020/dashboard", "/es/search"}
		plain := map[string]string{}
		for _, p := range pages {
			plain[p] = etag(p)
		}
		if plain["/es/elac2020/activities/1.2"] != first {
			t.Error("the page asked with unknown parameters differs from the plain one")
		}
		warm := web.CachedPages(srv)
		rng := rand.New(rand.NewPCG(3, 4))
		for i := range 100 {
			p := pages[i%len(pages)]
			q := fmt.Sprintf("?k%d=v%d&evil%d=%d", rng.IntN(1<<30), rng.IntN(1<<30), i, rng.IntN(1<<30))
			if got := etag(p + q); got != plain[p] {
				t.Fatalf("%s%s is not the same page as %s", p, q, p)
			}
		}
		if got := web.CachedPages(srv); got != warm {
			t.Fatalf("100 requests with unknown parameters made %d cache entries; want none", got-warm)
		}

		// Known parameters: one entry whatever their order and escaping.
		for _, set := range [][]string{
			{"/es/elac2020/dashboard?area=1&period=2019-H1", "/es/elac2020/dashboard?period=2019%2DH1&area=1", "/es/elac2020/dashboard?utm_source=evil&area=%31&period=2019-H1"},
			{"/es/search?q=g%C3%A9nero", "/es/search?q=g%c3%a9nero+", "/es/search?q=+g%C3%A9nero&page=evil"},
		} {
			n := web.CachedPages(srv)
			want := etag(set[0])
			for _, p := range set[1:] {
				if got := etag(p); got != want {
					t.Errorf("%s is not the same page as %s", p, set[0])
				}
			}
			if got := web.CachedPages(srv); got != n+1 {
				t.Errorf("%v made %d cache entries; want 1", set, got-n)
			}
		}

		// Many values of a known parameter: served, kept up to the bound.
		n := web.CachedPages(srv)
		for i := range web.MaxCachedQueried + 100 {
			resp, body := get(t, ts, "GET", fmt.Sprintf("/es/search?q=acceso+%d", i))
			if resp.StatusCode != 200 || !strings.Contains(string(body), fmt.Sprintf("acceso %d", i)) {
				t.Fatalf("search %d = %d, or its page lacks its query", i, resp.StatusCode)
			}
		}
		if got := web.CachedPages(srv); got-n > web.MaxCachedQueried || got-n < web.MaxCachedQueried-10 {
			t.Errorf("%d searches made %d entries; the bound is %d", web.MaxCachedQueried+100, got-n, web.MaxCachedQueried)
		}
		// Pages without a query are still kept over that bound.
		n = web.CachedPages(srv)
		etag("/pt/elac2020")
		if got := web.CachedPages(srv); got != n+1 {
			t.Errorf("a plain page after the query bound made %d entries; want 1", got-n)
		}
	})
}
