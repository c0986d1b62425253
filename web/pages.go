package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"net/http"

	"github.com/elac/bitacora"
)

//go:embed templates/*.html
var templateFS embed.FS

// pages holds the parsed templates: each page is the layout plus its own
// file, parsed once at start.
type pages struct {
	byName map[string]*template.Template
}

var templateFuncs = template.FuncMap{
	"party": func(doc *bitacora.Document, id string) *bitacora.Party { return doc.Party(id) },
}

func loadPages() (*pages, error) {
	p := &pages{byName: map[string]*template.Template{}}
	for _, name := range []string{"home", "error"} {
		t, err := template.New("layout.html").Funcs(templateFuncs).ParseFS(templateFS, "templates/layout.html", "templates/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("web: template %s: %w", name, err)
		}
		p.byName[name] = t
	}
	return p, nil
}

// page is what every page gives the layout.
type page struct {
	Title string
	Lang  string
}

// render writes a page whole or not at all: a template error becomes the
// error page, never half a page.
func (s *Server) render(w http.ResponseWriter, status int, name string, data any) error {
	var b bytes.Buffer
	if err := s.pages.byName[name].Execute(&b, data); err != nil {
		return fmt.Errorf("web: render %s: %w", name, err)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(b.Bytes())
	return nil
}

type homePage struct {
	page
	Programmes []*bitacora.Document
}

// home lists every programme with its areas, objectives and activities and
// who leads each.
func (s *Server) home(w http.ResponseWriter, r *http.Request) error {
	list, err := s.store.Programmes(r.Context())
	if err != nil {
		return err
	}
	data := homePage{page: page{Title: "Bitácora", Lang: "es"}}
	for _, p := range list {
		doc, err := s.store.Document(r.Context(), p.Slug)
		if err != nil {
			return err
		}
		data.Programmes = append(data.Programmes, doc)
	}
	return s.render(w, http.StatusOK, "home", data)
}

type errorPage struct {
	page
	Status  int
	Message string
}

func (s *Server) renderError(w http.ResponseWriter, r *http.Request, status int, msg string) {
	data := errorPage{page: page{Title: http.StatusText(status), Lang: "es"}, Status: status, Message: msg}
	if err := s.render(w, status, "error", data); err != nil {
		s.log.ErrorContext(r.Context(), "error page", "err", err)
		http.Error(w, msg, status)
	}
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) error {
	return bitacora.Errorf(bitacora.ENOTFOUND, "Página no encontrada: %s", truncate(r.URL.Path, 120))
}
