package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/published"
	"github.com/elac/bitacora/search"
)

type searchResult struct {
	Label, Href string
	Snippet     template.HTML
	LangAttr    template.HTMLAttr
}

type searchPage struct {
	page
	Results []searchResult
}

// search finds texts and parties; the matched words come back marked.
func (s *Server) search(w http.ResponseWriter, r *http.Request) error {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	if utf8.RuneCountInString(q) > search.MaxQuery {
		return bitacora.Errorf(bitacora.EINVALID, "search too long: at most %d characters", search.MaxQuery).WithKey("error_search_too_long", "Count", search.MaxQuery)
	}
	snap, err := s.content.Get(r.Context())
	if err != nil {
		return err
	}
	return s.servePage(w, r, snap, url.Values{"q": {q}}, func(r *http.Request) ([]byte, error) {
		l := s.localizer(r)
		data := searchPage{page: s.newPage(r, l.T("search_title"))}
		data.Query, data.OwnSearch = q, true
		data.Crumbs = []crumb{{Text: l.T("nav_programmes"), Href: localURL(l.Lang, "/")}, {Text: l.T("search_title")}}
		if q != "" {
			data.Title = l.T("search_title_query", "Query", q)
			for _, res := range snap.Index().SearchIn(q, l.Lang, 50) {
				data.Results = append(data.Results, s.searchResult(l.Lang, snap, res))
			}
		}
		return s.render("search", data)
	})
}

func (s *Server) searchResult(lang string, snap *published.Snapshot, res search.Result) searchResult {
	l := s.catalog.Localizer(lang)
	out := searchResult{LangAttr: langAttr(lang, res.Lang), Snippet: highlight(res.Snippet)}
	base := "/" + res.Programme
	switch res.Kind {
	case search.KindArea:
		out.Label = l.T("area_heading", "Number", res.Key) + " " + res.Title
		out.Href = localURL(lang, base+"/areas/"+res.Key)
	case search.KindObjective:
		out.Label = l.T("objective_heading", "Number", res.Key)
		out.Href = localURL(lang, base+"/objectives/"+res.Key)
	case search.KindActivity:
		out.Label = l.T("activity_heading", "Code", res.Key)
		out.Href = localURL(lang, base+"/activities/"+res.Key)
	case search.KindParty:
		out.Label = res.Title
		out.Href = localURL(lang, "/parties/"+res.Key)
		if p, ok := snap.PartyByID[res.Key]; ok {
			out.Label = l.T("kind_"+string(p.Kind)) + ": " + p.Name
		}
	}
	if len(snap.Programmes) > 1 && res.Programme != "" {
		if doc, ok := snap.Docs[res.Programme]; ok {
			out.Label += " · " + doc.Programme.Symbol
		}
	}
	return out
}

// highlight escapes a snippet and marks its matched words.
func highlight(spans []search.Span) template.HTML {
	var b strings.Builder
	for _, sp := range spans {
		if sp.Match {
			b.WriteString("<mark>")
			b.WriteString(template.HTMLEscapeString(sp.Text))
			b.WriteString("</mark>")
		} else {
			b.WriteString(template.HTMLEscapeString(sp.Text))
		}
	}
	return template.HTML(b.String())
}
