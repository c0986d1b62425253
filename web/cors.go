package web

import (
	"net/http"
	"strings"
)

// Public reads are open to pages of any origin (a data journalist's
// notebook, another site's chart): publicCORS marks a public GET or HEAD
// answer with Access-Control-Allow-Origin: *, and answers the preflight a
// browser sends first for such a read. It never opens a request that
// carries credentials — an Authorization header or the session cookie —
// and never sends Allow-Credentials: what an account may read stays with
// the pages of this site. The API calls it for every /api/v1 request; the
// open data downloads may call it too.
//
// It returns true when it answered the request (a preflight).
func publicCORS(w http.ResponseWriter, r *http.Request) bool {
	if carriesCredentials(r) {
		return false
	}
	h := w.Header()
	switch r.Method {
	case http.MethodGet, http.MethodHead:
		h.Set("Access-Control-Allow-Origin", "*")
		h.Set("Access-Control-Expose-Headers", corsExposed)
		return false
	case http.MethodOptions:
		// A preflight: only for a read, with headers a read may carry.
		want := r.Header.Get("Access-Control-Request-Method")
		if r.Header.Get("Origin") == "" || want != http.MethodGet && want != http.MethodHead || !corsHeadersAllowed(r.Header.Get("Access-Control-Request-Headers")) {
			return false
		}
		h.Set("Access-Control-Allow-Origin", "*")
		h.Set("Access-Control-Allow-Methods", "GET, HEAD")
		h.Set("Access-Control-Allow-Headers", "Accept-Language, If-None-Match, If-Modified-Since")
		h.Set("Access-Control-Max-Age", "86400")
		w.WriteHeader(http.StatusNoContent)
		return true
	}
	return false
}

// corsExposed are the answer's headers a page of another origin may read.
const corsExposed = "ETag, Retry-After, RateLimit, RateLimit-Policy, X-Request-Id"

// carriesCredentials reports whether a request speaks for an account.
func carriesCredentials(r *http.Request) bool {
	if r.Header.Get("Authorization") != "" {
		return true
	}
	c, err := r.Cookie(sessionCookie)
	return err == nil && c.Value != ""
}

// corsHeadersAllowed reports whether a preflight asks only for headers a
// public read may carry (never Authorization).
func corsHeadersAllowed(list string) bool {
	for _, name := range strings.Split(list, ",") {
		switch strings.ToLower(strings.TrimSpace(name)) {
		case "", "accept-language", "if-none-match", "if-modified-since":
		default:
			return false
		}
	}
	return true
}
