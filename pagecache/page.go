// Package pagecache keeps rendered responses — pages, API answers — as
// bytes with their gzip form and ETag, so that a repeat costs no rendering
// and a client that holds a response gets a 304. Both faces (web and api)
// serve through it; the published read model holds its caches.
package pagecache

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/elac/bitacora/locale"
)

// Page is a rendered response, kept with its gzip form and its ETag so that
// a repeat visit costs a 304 and a cached page costs no rendering.
type Page struct {
	body, gz    []byte
	etag        string
	contentType []string
	etagHeader  []string
	lengths     [2][]string // Content-Length of body and gz
	// neutral is true for a response that is the same in every language
	// (the API's, the IATI file): caches need not vary it on
	// Accept-Language.
	neutral bool
	// lang and target are the request that built it, as Hot gives them
	// back to build it again; hits counts its reads (see Hot).
	lang, target string
	hits         atomic.Int64
}

// New prepares a response for serving. level is the gzip level:
// gzip.BestCompression for what is kept and served many times, a cheaper
// one for what may be served once.
func New(body []byte, contentType string, level int) *Page {
	sum := sha256.Sum256(body)
	p := &Page{body: body, etag: `"` + base64.RawURLEncoding.EncodeToString(sum[:12]) + `"`, contentType: []string{contentType}}
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
func (p *Page) size() int64 { return int64(len(p.body) + len(p.gz) + 256) }

// Write sends the page, or 304 when the client holds it already. Header
// values are shared slices, set without copying: this is the hot path.
func (p *Page) Write(w http.ResponseWriter, r *http.Request, status int, cacheControl []string) {
	p.write(w, r, status, cacheControl, true)
}

// WritePrivate sends a page rendered for one person (Private): without an
// ETag, since nothing keeps it to ask again, and never a 304.
func (p *Page) WritePrivate(w http.ResponseWriter, r *http.Request, status int) {
	p.write(w, r, status, Private, false)
}

func (p *Page) write(w http.ResponseWriter, r *http.Request, status int, cacheControl []string, etag bool) {
	h := w.Header()
	h["Content-Type"] = p.contentType
	if etag {
		h["Etag"] = p.etagHeader
	}
	h["Cache-Control"] = cacheControl
	if negotiated(r) && !p.neutral {
		h["Vary"] = varyNegotiated
	} else {
		h["Vary"] = varyEncoding
	}
	if etag && status == http.StatusOK && etagMatch(r.Header.Get("If-None-Match"), p.etag) {
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

// negotiated reports whether the request's language came from
// Accept-Language rather than the URL, so that caches must vary on it.
func negotiated(r *http.Request) bool {
	_, _, ok := locale.SplitPath(r.URL.Path)
	return !ok
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

// Cache-Control values. Pages ask browsers to revalidate every time
// (Revalidate): the ETag makes that a 304 when nothing changed, and a
// change shows at once.
var (
	Revalidate = []string{"public, no-cache"}
	NoStore    = []string{"no-store"}
	// Private is a page rendered for one person (signed in, or shown a
	// flash or a form's token): neither a shared cache nor the browser
	// keeps it.
	Private   = []string{"private, no-store"}
	Immutable = []string{"public, max-age=31536000, immutable"}
)
