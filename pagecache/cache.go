package pagecache

import (
	"compress/gzip"
	"net/http"
	"net/url"
	"sync"
	"sync/atomic"
)

// Cache holds rendered pages, by language, path and query: the site's
// own, or one programme's. It is bounded three times: entries with a query
// (searches, dashboard filters) take at most maxQueried places, so that
// they can never crowd out the pages themselves; all entries at most max;
// and the bytes of all the caches of a snapshot at most MaxBytes (the
// snapshot's budget). Over a bound a page is served without being kept:
// nothing is ever evicted, so a flood of queries cannot flush the real
// pages either.
type Cache struct {
	mu         *sync.Mutex
	max        int
	maxQueried int
	queried    *int   // entries with a query
	size       *int64 // bytes kept
	pages      map[string]*Page
}

// Cache bounds, per cache (the site's, and each programme's). The pages of
// eLAC2020 (programme, areas, objectives, activities, parties, in four
// languages) number about 1,500; a programme of 1,000 activities has 4,000
// activity pages. MaxBytes bounds all the caches of a snapshot together,
// so that memory does not grow with the number of programmes a crawler
// visits.
const (
	MaxPages   = 4096
	MaxQueried = 512
	MaxBytes   = 48 << 20
)

// NewCache returns an empty cache with the default bounds.
func NewCache() Cache {
	return Cache{mu: &sync.Mutex{}, max: MaxPages, maxQueried: MaxQueried, queried: new(int), size: new(int64), pages: map[string]*Page{}}
}

// Bytes is what the cache holds.
func (c Cache) Bytes() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return *c.size
}

func (c Cache) get(key string) *Page {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.pages[key]
}

// room tells whether an entry (with a query or not) would be kept, with
// budget bytes left to the snapshot's caches.
func (c Cache) room(queried bool, budget *atomic.Int64) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.pages) < c.max && (!queried || *c.queried < c.maxQueried) && budget.Load() > 0
}

// put keeps a page if there is room for it, and takes its bytes from the
// budget.
func (c Cache) put(key string, queried bool, p *Page, budget *atomic.Int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.pages[key]; ok || len(c.pages) >= c.max || queried && *c.queried >= c.maxQueried {
		return
	}
	n := p.size()
	if budget.Add(-n) < 0 {
		budget.Add(n)
		return
	}
	c.pages[key] = p
	*c.size += n
	if queried {
		*c.queried++
	}
}

// Len is the number of pages kept.
func (c Cache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.pages)
}

// Neutral is the language of a response that is the same in every
// language (the API's): one entry serves all of them.
const Neutral = "*"

// Serve answers with the cached rendering of a response, building it once
// per cache, language (or Neutral), path, the query parameters it reads
// and variant, and keeping it in c while c and the snapshot's budget have
// room.
//
// params are the query parameters the response reads, as it read and
// checked them (nil for one that reads none): they, and nothing else of
// the query, make the cache key, in their canonical encoding — so that
// parameters it ignores, and the order or escaping the client chose, never
// make a new entry. The response is built from a copy of the request
// whose query is that canonical one, so that what the cached page shows
// (its language links, say) is the same whoever asked first. variant
// tells apart responses that depend on more than the URL (the day, for
// the follow-up dashboard). Only successes are kept: build's error is
// returned, for the error handler.
func Serve(w http.ResponseWriter, r *http.Request, c Cache, budget *atomic.Int64, lang string, params url.Values, variant, contentType string, build func(r *http.Request) ([]byte, error)) error {
	query := CanonicalQuery(params)
	key := lang + r.URL.Path
	if query != "" {
		key += "?" + query
	}
	if variant != "" {
		key += "#" + variant
	}
	p := c.get(key)
	if p == nil {
		br := r
		if r.URL.RawQuery != query {
			u := *r.URL
			u.RawQuery = query
			br = r.WithContext(r.Context())
			br.URL = &u
		}
		body, err := build(br)
		if err != nil {
			return err
		}
		switch {
		case c.room(query != "", budget):
			// Kept, served many times: worth the best compression. A
			// page with a query (a search) may be asked once only.
			level := gzip.BestCompression
			if query != "" {
				level = gzip.DefaultCompression
			}
			p = New(body, contentType, level)
			p.neutral = lang == Neutral
			c.put(key, query != "", p, budget)
		default:
			// Over the bound: served, not kept, compressed cheaply.
			p = New(body, contentType, gzip.BestSpeed)
			p.neutral = lang == Neutral
		}
	}
	p.Write(w, r, http.StatusOK, Revalidate)
	return nil
}

// CanonicalQuery encodes a response's parameters: keys sorted, values
// escaped one way, empty values left out (a page reads an empty parameter
// as an absent one).
func CanonicalQuery(params url.Values) string {
	if len(params) == 0 {
		return ""
	}
	clean := url.Values{}
	for k, vs := range params {
		for _, v := range vs {
			if v != "" {
				clean.Add(k, v)
			}
		}
	}
	return clean.Encode()
}
