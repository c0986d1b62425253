package web

import (
	"net/http"

	"github.com/elac/bitacora/locale"
)

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
