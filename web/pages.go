package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"net/http"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/locale"
	"github.com/elac/bitacora/opendata"
)

//go:embed templates/*.html
var templateFS embed.FS

// pageNames are the page templates; each is parsed with the layout and the
// shared partials.
var pageNames = []string{"sitehome", "programme", "area", "objective", "activity", "full", "parties", "party", "search", "source", "error",
	"login", "password_set", "account", "admin_users", "admin_user", "my_activities", "report", "versions", "diff", "revisions", "revision", "periods", "reports_import", "dashboard", "resume", "reviews", "cycle",
	"forgot", "mail_preferences", "outbox", "admin_parties", "admin_party",
	"translations", "translation_editor", "weights", "programme_import", "followup", "operations",
	"indicators", "indicator", "country", "admin_indicators", "admin_indicator",
	"opendata", "opendata_site"}

// pages holds the parsed templates, parsed once at start.
type pages struct {
	byName map[string]*template.Template
}

var templateFuncs = template.FuncMap{
	"t":   func(l *locale.Localizer, id string, kv ...any) string { return l.T(id, kv...) },
	"n":   func(l *locale.Localizer, id string, count int, kv ...any) string { return l.N(id, count, kv...) },
	"num": func(l *locale.Localizer, n int) string { return l.Number(n) },
	"date": func(l *locale.Localizer, iso string) string {
		return l.Date(iso)
	},
	"url":    func(l *locale.Localizer, path string) string { return localURL(l.Lang, path) },
	"period": periodText,
	"langAttr": func(l *locale.Localizer, contentLang string) template.HTMLAttr {
		return langAttr(l.Lang, contentLang)
	},
	"field": newField,
	"reportArgs": func(p reportPage, v *reportView) reportArgs {
		return reportArgs{L: p.L, V: v, LangAttr: p.LangAttr}
	},
	"select": newSelect,
	"list":   func(s ...string) []string { return s },
	"pagerArgs": func(l *locale.Localizer, p *pager) pagerArgs {
		return pagerArgs{L: l, P: p}
	},
	"resumeArgs": func(p resumePage, prefix string) resumeArgs {
		return resumeArgs{L: p.L, Fields: p.Fields, Prefix: prefix}
	},
	"optional": func(l *locale.Localizer, errs, values map[string]string, name, typ, labelKey string) fieldView {
		f := newField(l, errs, values, name, typ, labelKey, "off")
		f.Required = false
		return f
	},
}

func loadPages() (*pages, error) {
	p := &pages{byName: map[string]*template.Template{}}
	for _, name := range pageNames {
		t, err := template.New("layout.html").Funcs(templateFuncs).ParseFS(templateFS,
			"templates/layout.html", "templates/activities.html", "templates/forms.html", "templates/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("web: template %s: %w", name, err)
		}
		p.byName[name] = t
	}
	return p, nil
}

// periodText says a reporting period as people say it in the page's
// language ("1.er semestre de 2019"): from a Period, by its dates, or
// from a key alone ("2019-H1"). The key itself is for data, URLs and
// files only.
func periodText(l *locale.Localizer, p any) string {
	switch p := p.(type) {
	case bitacora.Period:
		return l.Period(p.Key, p.StartsOn, p.EndsOn)
	case *bitacora.Period:
		return l.Period(p.Key, p.StartsOn, p.EndsOn)
	case string:
		return l.Period(p, "", "")
	}
	return fmt.Sprint(p)
}

// periodOf says the period key names among a programme's periods, by its
// dates when it is one of them.
func periodOf(l *locale.Localizer, periods []bitacora.Period, key string) string {
	for _, p := range periods {
		if p.Key == key {
			return l.Period(p.Key, p.StartsOn, p.EndsOn)
		}
	}
	return l.Period(key, "", "")
}

// pagerArgs is what the pager template needs.
type pagerArgs struct {
	L *locale.Localizer
	P *pager
}

// localURL returns path in the given interface language.
func localURL(lang, path string) string {
	if path == "/" {
		return "/" + lang + "/"
	}
	return "/" + lang + path
}

// langAttr marks content whose language is not the page's.
func langAttr(pageLang, contentLang string) template.HTMLAttr {
	if contentLang == "" || contentLang == pageLang {
		return ""
	}
	return template.HTMLAttr(` lang="` + template.HTMLEscapeString(contentLang) + `"`)
}

// page is what every page gives the layout.
type page struct {
	L           *locale.Localizer
	Lang        string
	Title       string
	Description string
	CSS         string
	Icon        string // the site icon (SVG)
	Query       string // the search box's value
	OwnSearch   bool   // the page has its own search form: no second one in the header
	Flash       string // what the change that led here did (flash.go)
	// Visitor is who is signed in, for the header; nil for the public,
	// whose pages are the shared cache's.
	Visitor    *visitor
	Feed       *feedLink
	Crumbs     []crumb
	Alternates []alternate
	// DataLicence is the open data's licence, which the footer names.
	DataLicence *opendata.Licence
}

type crumb struct{ Text, Href string }

// visitor is the person a page is rendered for: the header names them and
// holds the sign-out form (with its anti-forgery token).
type visitor struct{ Name, CSRF string }

// alternate is the same page in another interface language.
type alternate struct {
	Lang, Name, Href string
	Current          bool
}

// newPage fills the parts of a page that come from the request.
func (s *Server) newPage(r *http.Request, title string) page {
	l := s.localizer(r)
	p := page{L: l, Lang: l.Lang, Title: title, CSS: s.static.cssURL, Icon: s.static.iconURL, Flash: s.flashText(r), DataLicence: &s.licence}
	if ri := info(r.Context()); ri.signedIn() {
		p.Visitor = &visitor{Name: ri.principal.User.Name}
		if c, err := r.Cookie(csrfCookie); err == nil {
			p.Visitor.CSRF = c.Value
		}
	}
	path := r.URL.Path
	if _, rest, ok := locale.SplitPath(path); ok {
		path = rest
	}
	q := ""
	if r.URL.RawQuery != "" {
		q = "?" + r.URL.RawQuery
	}
	for _, lang := range locale.Supported {
		p.Alternates = append(p.Alternates, alternate{Lang: lang, Name: s.catalog.Localizer(lang).T("language_name"),
			Href: localURL(lang, path) + q, Current: lang == l.Lang})
	}
	return p
}

// render executes a page into a buffer: a template error becomes the error
// page, never half a page.
func (s *Server) render(name string, data any) ([]byte, error) {
	var b bytes.Buffer
	if err := s.pages.byName[name].Execute(&b, data); err != nil {
		return nil, fmt.Errorf("web: render %s: %w", name, err)
	}
	return b.Bytes(), nil
}
