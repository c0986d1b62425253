package pagecache

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
)

// Serve builds a response once per key and serves it from memory after:
// with its ETag (304 on a match), gzip when asked, and the same entry for
// parameters it does not read or reads in another order.
func TestServeBuildsOnceAndRevalidates(t *testing.T) {
	c, budget := NewCache(), new(atomic.Int64)
	budget.Store(MaxBytes)
	builds := 0
	body := strings.Repeat("página ", 200)
	serve := func(target string, params url.Values, header http.Header) *httptest.ResponseRecorder {
		r := httptest.NewRequest("GET", target, nil)
		for k, v := range header {
			r.Header[k] = v
		}
		w := httptest.NewRecorder()
		err := Serve(w, r, c, budget, "es", params, "", "text/html; charset=utf-8", func(*http.Request) ([]byte, error) {
			builds++
			return []byte(body), nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return w
	}
	first := serve("/es/x?utm=1", nil, nil)
	if first.Code != 200 || first.Body.String() != body || builds != 1 || c.Len() != 1 {
		t.Fatalf("first: %d, %d builds, %d entries", first.Code, builds, c.Len())
	}
	etag := first.Header().Get("Etag")
	if again := serve("/es/x?other=2", nil, nil); again.Header().Get("Etag") != etag || builds != 1 || c.Len() != 1 {
		t.Errorf("an ignored parameter built again (%d builds) or made an entry (%d)", builds, c.Len())
	}
	if nm := serve("/es/x", nil, http.Header{"If-None-Match": {etag}}); nm.Code != http.StatusNotModified || nm.Body.Len() != 0 {
		t.Errorf("a matching ETag: %d with %d bytes; want 304 and none", nm.Code, nm.Body.Len())
	}
	if gz := serve("/es/x", nil, http.Header{"Accept-Encoding": {"gzip"}}); gz.Header().Get("Content-Encoding") != "gzip" || gz.Body.Len() >= len(body) {
		t.Errorf("gzip asked: Content-Encoding %q, %d bytes", gz.Header().Get("Content-Encoding"), gz.Body.Len())
	}
	if id := serve("/es/x", nil, http.Header{"Accept-Encoding": {"gzip;q=0"}}); id.Header().Get("Content-Encoding") != "" {
		t.Error("gzip refused (q=0) but sent")
	}
	a := serve("/es/x?b=2&a=1", url.Values{"a": {"1"}, "b": {"2"}}, nil)
	b := serve("/es/x?a=%31&b=2", url.Values{"b": {"2"}, "a": {"1"}}, nil)
	if a.Header().Get("Etag") != b.Header().Get("Etag") || c.Len() != 2 || builds != 2 {
		t.Errorf("the same parameters in another order: %d entries, %d builds; want 2 and 2", c.Len(), builds)
	}
}

// Over its bounds a cache serves without keeping: entries with a query up
// to MaxQueried, and nothing once the snapshot's budget is spent.
func TestServeKeepsWithinBounds(t *testing.T) {
	c, budget := NewCache(), new(atomic.Int64)
	budget.Store(MaxBytes)
	serve := func(path string, params url.Values) {
		r := httptest.NewRequest("GET", path, nil)
		if err := Serve(httptest.NewRecorder(), r, c, budget, "es", params, "", "text/plain", func(*http.Request) ([]byte, error) {
			return []byte("ok"), nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	for i := range MaxQueried + 10 {
		serve("/es/search", url.Values{"q": {strconv.Itoa(i)}})
	}
	if c.Len() != MaxQueried {
		t.Errorf("%d queries kept %d entries; want %d", MaxQueried+10, c.Len(), MaxQueried)
	}
	serve("/es/plain", nil)
	if c.Len() != MaxQueried+1 {
		t.Errorf("a page without a query over the query bound: %d entries; want %d", c.Len(), MaxQueried+1)
	}
	budget.Store(0)
	serve("/es/other", nil)
	if c.Len() != MaxQueried+1 {
		t.Errorf("a page with the budget spent was kept")
	}
}

// Hot names the responses most read, most read first, with what rebuilds
// them; one built again before anyone asked starts with half the reads of
// the one it replaced, so that what nobody reads any more drops out.
func TestHotAndRebuilding(t *testing.T) {
	c, budget := NewCache(), new(atomic.Int64)
	budget.Store(MaxBytes)
	serve := func(ctx context.Context, lang, target string) {
		r := httptest.NewRequest("GET", target, nil).WithContext(ctx)
		var params url.Values
		if r.URL.RawQuery != "" {
			params = r.URL.Query()
		}
		err := Serve(httptest.NewRecorder(), r, c, budget, lang, params, "", "text/html", func(*http.Request) ([]byte, error) {
			return []byte("page " + target), nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	ctx := context.Background()
	for range 3 {
		serve(ctx, "es", "/es/a")
	}
	serve(ctx, "en", "/en/b?q=x")
	serve(ctx, "en", "/en/b?q=x")
	serve(ctx, Neutral, "/api/c")
	got := c.Hot(2)
	want := []Request{{"es", "/es/a", 3}, {"en", "/en/b?q=x", 2}}
	if !slices.Equal(got, want) {
		t.Fatalf("Hot(2) = %v; want %v", got, want)
	}
	if all := c.Hot(10); len(all) != 3 || all[2] != (Request{Neutral, "/api/c", 1}) {
		t.Fatalf("Hot(10) = %v; want the API answer last, read once", all)
	}
	// Built again in a new cache, before anyone asked.
	c = NewCache()
	for _, r := range want {
		serve(Rebuilding(ctx, r), r.Lang, r.Target)
	}
	serve(Rebuilding(ctx, Request{Neutral, "/api/c", 1}), Neutral, "/api/c")
	if got := c.Hot(10); !slices.Equal(got, []Request{{"en", "/en/b?q=x", 1}, {"es", "/es/a", 1}}) {
		t.Fatalf("after the rebuild, Hot = %v; want half the reads, the API answer (1 read) left out", got)
	}
	if keys := c.Keys(); !slices.Equal(keys, []string{"*/api/c", "en/en/b?q=x", "es/es/a"}) {
		t.Fatalf("Keys = %q", keys)
	}
}
