package web

import (
	"net/http"
	"strings"

	"github.com/elac/bitacora/locale"
)

// splitLanguage splits "/en/parties" into "en" and "/parties".
func splitLanguage(path string) (lang, rest string, ok bool) {
	if len(path) < 3 || path[0] != '/' {
		return "", path, false
	}
	seg, after, _ := strings.Cut(path[1:], "/")
	if !locale.IsSupported(seg) {
		return "", path, false
	}
	return seg, "/" + after, true
}

// setLanguage records the request's interface language: the URL's prefix
// when there is one, else the best match for Accept-Language.
func (s *Server) setLanguage(r *http.Request, prefix string) {
	lang := prefix
	if lang == "" {
		lang = s.catalog.Match(r.Header.Get("Accept-Language"))
	}
	info(r.Context()).lang = lang
}

// language returns the request's interface language.
func language(r *http.Request) string {
	if l := info(r.Context()).lang; l != "" {
		return l
	}
	return locale.Default
}

func (s *Server) localizer(r *http.Request) *locale.Localizer {
	return s.catalog.Localizer(language(r))
}

// negotiated reports whether the request's language came from
// Accept-Language rather than the URL, so that caches must vary on it.
func negotiated(r *http.Request) bool {
	_, _, ok := splitLanguage(r.URL.Path)
	return !ok
}
