package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
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
}

func newCachedPage(body []byte, contentType string) *cachedPage {
	sum := sha256.Sum256(body)
	p := &cachedPage{body: body, etag: `"` + base64.RawURLEncoding.EncodeToString(sum[:12]) + `"`, contentType: []string{contentType}}
	p.etagHeader = []string{p.etag}
	p.lengths[0] = []string{strconv.Itoa(len(body))}
	var b bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
	zw.Write(body)
	zw.Close()
	if b.Len() < len(body) {
		p.gz = b.Bytes()
		p.lengths[1] = []string{strconv.Itoa(len(p.gz))}
	}
	return p
}

// write sends the page, or 304 when the client holds it already. Header
// values are shared slices, set without copying: this is the hot path.
func (p *cachedPage) write(w http.ResponseWriter, r *http.Request, status int, cacheControl []string) {
	h := w.Header()
	h["Content-Type"] = p.contentType
	h["Etag"] = p.etagHeader
	h["Cache-Control"] = cacheControl
	if negotiated(r) {
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
// per snapshot, language and URL.
func (s *Server) servePage(w http.ResponseWriter, r *http.Request, snap *snapshot, build func() ([]byte, error)) error {
	return s.serveCached(w, r, snap, "", "text/html; charset=utf-8", build)
}

// serveCached is servePage for any content type, and for responses that
// depend on more than the URL: each variant (the day, for the follow-up
// dashboard) is rendered and kept apart.
func (s *Server) serveCached(w http.ResponseWriter, r *http.Request, snap *snapshot, variant, contentType string, build func() ([]byte, error)) error {
	key := language(r) + r.URL.Path
	if r.URL.RawQuery != "" {
		key += "?" + r.URL.RawQuery
	}
	if variant != "" {
		key += "#" + variant
	}
	p := snap.pages.get(key)
	if p == nil {
		body, err := build()
		if err != nil {
			return err
		}
		p = newCachedPage(body, contentType)
		snap.pages.put(key, p)
	}
	p.write(w, r, http.StatusOK, pageCacheControl)
	return nil
}

func lower(s string) string { return strings.ToLower(s) }
