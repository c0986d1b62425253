package web

import (
	"net/http"
	"net/url"

	"github.com/elac/bitacora"
)

// Limits on what a request may carry.
const (
	maxQueryBytes = 2048
	maxPathBytes  = 1024
)

// contentSecurityPolicy allows only this site's own stylesheet: no scripts,
// no inline styles, no third parties.
const contentSecurityPolicy = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

// secure sets the security headers and refuses absurd requests with a 400
// before any handler sees them.
func (s *Server) secure(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		if len(r.URL.RawQuery) > maxQueryBytes || len(r.URL.Path) > maxPathBytes {
			r = s.withLanguage(r, "")
			s.error(w, r, bitacora.Errorf(bitacora.EINVALID, "request too long"))
			return
		}
		if _, err := url.ParseQuery(r.URL.RawQuery); err != nil {
			r = s.withLanguage(r, "")
			s.error(w, r, bitacora.Errorf(bitacora.EINVALID, "malformed query string"))
			return
		}
		next.ServeHTTP(w, r)
	})
}
