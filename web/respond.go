package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strings"
)

// cachedPage is a rendered response, kept with its gzip form and its ETag so
// that a repeat visit costs a 304 and a cached page costs no rendering.
type cachedPage struct {
	body, gz    []byte
	etag        string
	contentType string
}

func newCachedPage(body []byte, contentType string) *cachedPage {
	sum := sha256.Sum256(body)
	p := &cachedPage{body: body, etag: `"` + base64.RawURLEncoding.EncodeToString(sum[:12]) + `"`, contentType: contentType}
	var b bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
	zw.Write(body)
	zw.Close()
	if b.Len() < len(body) {
		p.gz = b.Bytes()
	}
	return p
}

// write sends the page, or 304 when the client holds it already.
func (p *cachedPage) write(w http.ResponseWriter, r *http.Request, status int, cacheControl string) {
	h := w.Header()
	h.Set("Content-Type", p.contentType)
	h.Set("ETag", p.etag)
	h.Set("Cache-Control", cacheControl)
	vary := "Accept-Encoding"
	if negotiated(r) {
		vary += ", Accept-Language"
	}
	h.Set("Vary", vary)
	if status == http.StatusOK && etagMatch(r.Header.Get("If-None-Match"), p.etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	body := p.body
	if p.gz != nil && acceptsGzip(r) {
		h.Set("Content-Encoding", "gzip")
		body = p.gz
	}
	h.Set("Content-Length", itoa(len(body)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

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
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(name), "gzip") {
			return !strings.Contains(strings.ReplaceAll(params, " ", ""), "q=0") || strings.Contains(params, "q=0.")
		}
	}
	return false
}

// pageCacheControl asks browsers to revalidate every time: the ETag makes
// that a 304 when nothing changed, and a change shows at once.
const pageCacheControl = "public, no-cache"

// servePage answers with a cached rendering of the page, rendering it once
// per snapshot, language and URL.
func (s *Server) servePage(w http.ResponseWriter, r *http.Request, snap *snapshot, build func() ([]byte, error)) error {
	key := language(r) + " " + r.URL.Path + "?" + r.URL.RawQuery
	p := snap.pages.get(key)
	if p == nil {
		body, err := build()
		if err != nil {
			return err
		}
		p = newCachedPage(body, "text/html; charset=utf-8")
		snap.pages.put(key, p)
	}
	p.write(w, r, http.StatusOK, pageCacheControl)
	return nil
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[i:])
}

func lower(s string) string { return strings.ToLower(s) }
