package pagecache

import (
	"cmp"
	"compress/gzip"
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
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

// Request is a response kept in a cache, as Hot names it: the language
// it was built in (or Neutral), the path and canonical query that built
// it, and how many times it was read.
type Request struct {
	Lang, Target string
	Hits         int64
}

// Hot returns at most n of the responses read most often, most read
// first: those worth building again before anyone asks, when a change has
// made them out of date. A response counts the read that built it and each
// one after; one built again by Rebuilding starts with half the count of
// the one it replaced, so that what nobody reads any more is soon left
// out.
func (c Cache) Hot(n int) []Request {
	c.mu.Lock()
	var hot []Request
	for _, p := range c.pages {
		if h := p.hits.Load(); h > 0 && p.target != "" {
			hot = append(hot, Request{p.lang, p.target, h})
		}
	}
	c.mu.Unlock()
	slices.SortFunc(hot, func(a, b Request) int {
		if a.Hits != b.Hits {
			return cmp.Compare(b.Hits, a.Hits)
		}
		return strings.Compare(a.Lang+a.Target, b.Lang+b.Target)
	})
	return hot[:min(n, len(hot))]
}

// Keys returns the keys of the responses kept (language, path, query and
// variant), sorted: what a test or a diagnosis wants to see.
func (c Cache) Keys() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	keys := make([]string, 0, len(c.pages))
	for k := range c.pages {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

type rebuildKey struct{}

// Rebuilding marks a request that builds r again before anyone asks for
// it: the response it builds starts with half of r's count of reads.
func Rebuilding(ctx context.Context, r Request) context.Context {
	return context.WithValue(ctx, rebuildKey{}, r.Hits)
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
	if p != nil {
		p.hits.Add(1)
	} else {
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
			p.hits.Store(1) // this read
			if h, ok := r.Context().Value(rebuildKey{}).(int64); ok {
				p.hits.Store(h / 2) // built before anyone asked: forgotten unless read
			}
			p.lang, p.target = lang, r.URL.Path
			if query != "" {
				p.target += "?" + query
			}
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
