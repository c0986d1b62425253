package web

import (
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"net/http"
)

//go:embed static/site.css
var staticFS embed.FS

// staticFiles are the site's assets, served under names that carry a hash
// of their content so that browsers may keep them for a year.
type staticFiles struct {
	cssURL string
	css    *cachedPage
}

func loadStatic() (*staticFiles, error) {
	css, err := staticFS.ReadFile("static/site.css")
	if err != nil {
		return nil, fmt.Errorf("web: static: %w", err)
	}
	sum := sha256.Sum256(css)
	return &staticFiles{
		cssURL: "/static/site." + hex.EncodeToString(sum[:6]) + ".css",
		css:    newCachedPage(css, "text/css; charset=utf-8", gzip.BestCompression),
	}, nil
}

func (s *Server) serveStatic(w http.ResponseWriter, r *http.Request) error {
	if r.URL.Path != s.static.cssURL {
		return s.notFound(r)
	}
	s.static.css.write(w, r, http.StatusOK, immutable)
	return nil
}
