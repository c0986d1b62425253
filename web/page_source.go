package web

import (
	"html/template"
	"net/http"
	"strings"
)

type sourceLine struct {
	N     int
	Cells []string
}

type sourcePage struct {
	page
	Symbol   string
	LangAttr template.HTMLAttr
	Lines    []sourceLine
}

// source shows the document as imported, line by line, so that anyone can
// check a reading against the text it came from ("line 29" links here).
func (s *Server) source(w http.ResponseWriter, r *http.Request) error {
	snap, doc, err := s.programmeDoc(r)
	if err != nil {
		return err
	}
	return s.servePage(w, r, snap, nil, func(r *http.Request) ([]byte, error) {
		text, err := s.store.SourceText(r.Context(), doc.Programme.Slug)
		if err != nil {
			return nil, err
		}
		v := viewer{l: s.localizer(r), snap: snap, doc: doc}
		sym := doc.Programme.Symbol
		data := sourcePage{page: s.newPage(r, v.l.T("source_title", "Symbol", sym)), Symbol: sym, LangAttr: v.langAttr()}
		data.Crumbs = v.crumbs(crumb{Text: v.l.T("programme_source")})
		text = strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n")
		for i, line := range strings.Split(text, "\n") {
			data.Lines = append(data.Lines, sourceLine{N: i + 1, Cells: strings.Split(line, "\t")})
		}
		return s.render("source", data)
	})
}
