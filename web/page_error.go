package web

import (
	"compress/gzip"
	"net/http"
	"sort"
	"strconv"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/pagecache"
	"github.com/elac/bitacora/param"
)

type errorPage struct {
	page
	Heading, Message string
	Fields           []fieldMessage // what is wrong, field by field (a 422)
}

type fieldMessage struct{ Name, Message string }

// renderError shows a failed request in the visitor's language, with a
// search box: message (already translated; "" for the status's own) says
// what went wrong. Fields (field → translated message) are listed, so
// that a form refused before its handler could show it again still names
// what was wrong.
func (s *Server) renderError(w http.ResponseWriter, r *http.Request, status int, message string, fields ...map[string]string) {
	l := s.localizer(r)
	// Its header names who is signed in, as every page's does; if that
	// cannot be known (the error may be the database's), it names no one.
	if status == http.StatusServiceUnavailable {
		// Busy or the database is away: not asked again.
	} else if err := s.takeVisitor(w, r); err != nil {
		s.log.DebugContext(r.Context(), "error page: visitor unknown", "err", err)
	}
	key := "error_" + strconv.Itoa(status)
	heading := l.T(key + "_title")
	if heading == "⟦"+key+"_title⟧" {
		key = "error_500"
		if status < 500 {
			key = "error_400"
		}
		heading = l.T(key + "_title")
	}
	if message == "" {
		message = l.T(key)
	}
	data := errorPage{page: s.newPage(r, heading), Heading: heading, Message: message}
	data.OwnSearch = true
	for _, m := range fields {
		for k, v := range m {
			data.Fields = append(data.Fields, fieldMessage{k, v})
		}
	}
	sort.Slice(data.Fields, func(i, j int) bool { return data.Fields[i].Name < data.Fields[j].Name })
	body, err := s.render("error", data)
	if err != nil {
		s.log.ErrorContext(r.Context(), "error page", "err", err)
		http.Error(w, heading, status)
		return
	}
	pagecache.New(body, "text/html; charset=utf-8", gzip.BestSpeed).WritePrivate(w, r, status)
}

func (s *Server) notFound(r *http.Request) error {
	return bitacora.Errorf(bitacora.ENOTFOUND, "not found: %s", param.Truncate(r.URL.Path, 120)).WithKey("error_404")
}
