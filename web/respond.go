package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/published"
)

// servePage answers with a cached rendering of the page, rendering it once
// per snapshot, language, path and the query parameters the page reads.
func (s *Server) servePage(w http.ResponseWriter, r *http.Request, snap *published.Snapshot, params url.Values, build func(r *http.Request) ([]byte, error)) error {
	return s.serveCached(w, r, snap, params, "", "text/html; charset=utf-8", build)
}

// serveCached is servePage for any content type, and for responses that
// depend on more than the URL: each variant (the day, for the follow-up
// dashboard) is rendered and kept apart. params are the query parameters
// the page reads, as it read and checked them (nil for a page that reads
// none): see pagecache.Serve.
func (s *Server) serveCached(w http.ResponseWriter, r *http.Request, snap *published.Snapshot, params url.Values, variant, contentType string, build func(r *http.Request) ([]byte, error)) error {
	// A page seen signed in names its reader in the header, and one with
	// a flash says what this browser just did: neither may be kept for
	// anyone else, nor served from what was kept.
	if ri := info(r.Context()); ri.flash != "" || ri.signedIn() {
		return s.servePersonal(w, r, contentType, build)
	}
	return snap.Serve(w, r, language(r), params, variant, contentType, build)
}

func lower(s string) string { return strings.ToLower(s) }

// collateKey sorts names as a reader expects: without regard to case or
// accents.
func collateKey(s string) string { return bitacora.FoldAccents(lower(s)) }
