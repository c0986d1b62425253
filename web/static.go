package web

import (
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"net/http"
	"path"
	"strings"

	"github.com/elac/bitacora/pagecache"
)

//go:embed static/site.css static/favicon.svg static/favicon.ico
var staticFS embed.FS

// staticFiles are the site's assets, served under names that carry a hash
// of their content so that browsers may keep them for a year; and the icon
// at /favicon.ico, where browsers ask for it whatever the page says.
type staticFiles struct {
	cssURL, iconURL string
	byURL           map[string]*pagecache.Page
	favicon         *pagecache.Page
}

func loadStatic() (*staticFiles, error) {
	st := &staticFiles{byURL: map[string]*pagecache.Page{}}
	hashed := func(name, contentType string) (string, error) {
		b, err := staticFS.ReadFile("static/" + name)
		if err != nil {
			return "", fmt.Errorf("web: static: %w", err)
		}
		sum := sha256.Sum256(b)
		ext := path.Ext(name)
		url := "/static/" + strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:6]) + ext
		st.byURL[url] = pagecache.New(b, contentType, gzip.BestCompression)
		return url, nil
	}
	var err error
	if st.cssURL, err = hashed("site.css", "text/css; charset=utf-8"); err != nil {
		return nil, err
	}
	if st.iconURL, err = hashed("favicon.svg", "image/svg+xml"); err != nil {
		return nil, err
	}
	ico, err := staticFS.ReadFile("static/favicon.ico")
	if err != nil {
		return nil, fmt.Errorf("web: static: %w", err)
	}
	st.favicon = pagecache.New(ico, "image/x-icon", gzip.BestCompression)
	return st, nil
}

func (s *Server) serveStatic(w http.ResponseWriter, r *http.Request) error {
	p, ok := s.static.byURL[r.URL.Path]
	if !ok {
		return s.notFound(r)
	}
	p.Write(w, r, http.StatusOK, pagecache.Immutable)
	return nil
}

// faviconCacheControl: /favicon.ico keeps its name when it changes, so a
// day, not a year.
var faviconCacheControl = []string{"public, max-age=86400"}

// serveFavicon answers the browsers that ask for /favicon.ico before (or
// without) reading the page's <link rel="icon">.
func (s *Server) serveFavicon(w http.ResponseWriter, r *http.Request) error {
	s.static.favicon.Write(w, r, http.StatusOK, faviconCacheControl)
	return nil
}
