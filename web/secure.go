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

var securityHeaders = map[string][]string{
	"Content-Security-Policy":    {contentSecurityPolicy},
	"X-Content-Type-Options":     {"nosniff"},
	"Referrer-Policy":            {"strict-origin-when-cross-origin"},
	"X-Frame-Options":            {"DENY"},
	"Cross-Origin-Opener-Policy": {"same-origin"},
	"Permissions-Policy":         {"camera=(), microphone=(), geolocation=(), interest-cohort=()"},
}

var hsts = []string{"max-age=31536000; includeSubDomains"}

// secure sets the security headers and refuses absurd requests with a 400
// before any handler sees them.
func (s *Server) secure(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		for k, v := range securityHeaders {
			h[k] = v // shared, never modified
		}
		if s.secureCookies {
			// Served over TLS: browsers should never come back over HTTP.
			h["Strict-Transport-Security"] = hsts
		}
		if len(r.URL.RawQuery) > maxQueryBytes || len(r.URL.Path) > maxPathBytes {
			s.setLanguage(r, "")
			s.error(w, r, bitacora.Errorf(bitacora.EINVALID, "request too long").WithKey("error_request_too_long"))
			return
		}
		if r.URL.RawQuery != "" {
			if _, err := url.ParseQuery(r.URL.RawQuery); err != nil {
				s.setLanguage(r, "")
				s.error(w, r, bitacora.Errorf(bitacora.EINVALID, "malformed query string").WithKey("error_malformed_query"))
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}
