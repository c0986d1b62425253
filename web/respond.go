package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// cachedPage is a rendered response, kept with its gzip form and its ETag so
// that a repeat visit costs a 304 and a cached page costs no rendering.
type cachedPage struct {
	body, gz    []byte
	etag        string
	contentType []string
	etagHeader  []string
	lengths     [2][]string // Content-Length of body and gz
	// neutral is true for a response that is the same in every language
	// (the API's, the IATI file): caches need not vary it on
	// Accept-Language.
	neutral bool
}

// newCachedPage prepares a response for serving. level is the gzip level:
// gzip.BestCompression for what is kept and served many times, a cheaper
// one for what may be served once.
func newCachedPage(body []byte, contentType string, level int) *cachedPage {
	sum := sha256.Sum256(body)
	p := &cachedPage{body: body, etag: `"` + base64.RawURLEncoding.EncodeToString(sum[:12]) + `"`, contentType: []string{contentType}}
	p.etagHeader = []string{p.etag}
	p.lengths[0] = []string{strconv.Itoa(len(body))}
	var b bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&b, level)
	zw.Write(body)
	zw.Close()
	if b.Len() < len(body) {
		p.gz = b.Bytes()
		p.lengths[1] = []string{strconv.Itoa(len(p.gz))}
	}
	return p
}

// size is about what the page takes in memory.
func (p *cachedPage) size() int64 { return int64(len(p.body) + len(p.gz) + 256) }

// write sends the page, or 304 when the client holds it already. Header
// values are shared slices, set without copying: this is the hot path.
func (p *cachedPage) write(w http.ResponseWriter, r *http.Request, status int, cacheControl []string) {
	h := w.Header()
	h["Content-Type"] = p.contentType
	h["Etag"] = p.etagHeader
	h["Cache-Control"] = cacheControl
	if negotiated(r) && !p.neutral {
		h["Vary"] = varyNegotiated
	} else {
		h["Vary"] = varyEncoding
	}
	if status == http.StatusOK && etagMatch(r.Header.Get("If-None-Match"), p.etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	body, length := p.body, p.lengths[0]
	if p.gz != nil && acceptsGzip(r) {
		h["Content-Encoding"] = gzipEncoding
		body, length = p.gz, p.lengths[1]
	}
	h["Content-Length"] = length
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

var (
	varyNegotiated = []string{"Accept-Encoding, Accept-Language"}
	varyEncoding   = []string{"Accept-Encoding"}
	gzipEncoding   = []string{"gzip"}
)

func etagMatch(header, etag string) bool {
	if header == "" {
		return false
	}
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(t), "W/"))
		if t == etag || t == "*" {
			return true
		}
	}
	return false
}

func acceptsGzip(r *http.Request) bool {
	ae := r.Header.Get("Accept-Encoding")
	if ae == "" {
		return false
	}
	for _, part := range strings.Split(ae, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(name), "gzip") {
			return !strings.Contains(strings.ReplaceAll(params, " ", ""), "q=0") || strings.Contains(params, "q=0.")
		}
	}
	return false
}

// pageCacheControl asks browsers to revalidate every time: the ETag makes
// that a 304 when nothing changed, and a change shows at once.
var (
	pageCacheControl = []string{"public, no-cache"}
	noStore          = []string{"no-store"}
	immutable        = []string{"public, max-age=31536000, immutable"}
)

// servePage answers with a cached rendering of the page, rendering it once
// per snapshot, language, path and the query parameters the page reads.
func (s *Server) servePage(w http.ResponseWriter, r *http.Request, snap *snapshot, params url.Values, build func(r *http.Request) ([]byte, error)) error {
	return s.serveCached(w, r, snap, params, "", "text/html; charset=utf-8", build)
}

// serveCached is servePage for any content type, and for responses that
// depend on more than the URL: each variant (the day, for the follow-up
// dashboard) is rendered and kept apart.
//
// params are the query parameters the page reads, as it read and checked
// them (nil for a page that reads none): they, and nothing else of the
// query, make the cache key, in their canonical encoding — so that
// parameters the page ignores, and the order or escaping the client chose,
// never make a new entry. The page is built from a copy of the request
// whose query is that canonical one, so that what the cached page shows
// (its language links, say) is the same whoever asked first.
func (s *Server) serveCached(w http.ResponseWriter, r *http.Request, snap *snapshot, params url.Values, variant, contentType string, build func(r *http.Request) ([]byte, error)) error {
	return s.serveKeyed(w, r, snap, language(r), params, variant, contentType, build)
}

// serveNeutral is serveCached for a response that is the same in every
// language: one entry serves all of them.
func (s *Server) serveNeutral(w http.ResponseWriter, r *http.Request, snap *snapshot, params url.Values, variant, contentType string, build func(r *http.Request) ([]byte, error)) error {
	return s.serveKeyed(w, r, snap, "*", params, variant, contentType, build)
}

// serveJSON answers a public API request like a page: the JSON built once
// per snapshot (and parameters), then served from memory with its ETag
// (304 on a match) and gzip. What build returns is encoded as writeJSON
// encodes it. Only successes are kept: an error goes to the error handler.
func (s *Server) serveJSON(w http.ResponseWriter, r *http.Request, snap *snapshot, params url.Values, variant string, build func(r *http.Request) (any, error)) error {
	return s.serveNeutral(w, r, snap, params, variant, "application/json; charset=utf-8", func(r *http.Request) ([]byte, error) {
		v, err := build(r)
		if err != nil {
			return nil, err
		}
		return encodeJSON(v)
	})
}

// serveKeyed is serveCached with the language part of the key given: a
// language, or "*" for a language-neutral response.
func (s *Server) serveKeyed(w http.ResponseWriter, r *http.Request, snap *snapshot, lang string, params url.Values, variant, contentType string, build func(r *http.Request) ([]byte, error)) error {
	query := canonicalQuery(params)
	key := lang + r.URL.Path
	if query != "" {
		key += "?" + query
	}
	if variant != "" {
		key += "#" + variant
	}
	cache := snap.cacheFor(r)
	p := cache.get(key)
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
		case cache.room(query != "", snap.budget):
			// Kept, served many times: worth the best compression. A
			// page with a query (a search) may be asked once only.
			level := gzip.BestCompression
			if query != "" {
				level = gzip.DefaultCompression
			}
			p = newCachedPage(body, contentType, level)
			p.neutral = lang == "*"
			cache.put(key, query != "", p, snap.budget)
		default:
			// Over the bound: served, not kept, compressed cheaply.
			p = newCachedPage(body, contentType, gzip.BestSpeed)
			p.neutral = lang == "*"
		}
	}
	p.write(w, r, http.StatusOK, pageCacheControl)
	return nil
}

// canonicalQuery encodes a page's parameters: keys sorted, values escaped
// one way, empty values left out (a page reads an empty parameter as an
// absent one).
func canonicalQuery(params url.Values) string {
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

func lower(s string) string { return strings.ToLower(s) }
