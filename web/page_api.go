package web

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"sync"

	"github.com/elac/bitacora/api"
)

// The API page explains the JSON API to someone who has never used it:
// what data there is, that reading needs no token, how to get one for
// writing and higher limits, the limits, curl examples, and every
// operation — listed from the same OpenAPI document the API serves, so the
// page cannot drift from it either.

// apiOperation is an operation of the description, as the page lists it.
type apiOperation struct {
	Method, Path, Summary string
	// Scope is the token scope it needs: "" (none), "read" or "write".
	Scope string
}

// apiOperations reads the operations from the description once.
var apiOperations = sync.OnceValues(func() ([]apiOperation, error) {
	var doc struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(api.OpenAPI(), &doc); err != nil {
		return nil, err
	}
	var list []apiOperation
	for path, item := range doc.Paths {
		for method, raw := range item {
			if method == "parameters" {
				continue
			}
			var op struct {
				Summary  string                `json:"summary"`
				Security []map[string][]string `json:"security"`
			}
			if err := json.Unmarshal(raw, &op); err != nil {
				return nil, err
			}
			o := apiOperation{Method: strings.ToUpper(method), Path: path, Summary: op.Summary, Scope: "read"}
			for _, req := range op.Security {
				if len(req) == 0 {
					o.Scope = "" // anonymous is one of the ways in
				} else if slices.Contains(req["bearerToken"], "write") && o.Scope != "" {
					o.Scope = "write"
				}
			}
			list = append(list, o)
		}
	}
	order := map[string]int{"GET": 0, "POST": 1, "PUT": 2}
	slices.SortFunc(list, func(a, b apiOperation) int {
		if c := strings.Compare(a.Path, b.Path); c != 0 {
			return c
		}
		return order[a.Method] - order[b.Method]
	})
	return list, nil
})

type apiPageOperation struct {
	apiOperation
	Token string // in the reader's words
}

type apiPageProgramme struct {
	Slug, Title, DataHref string
}

type apiPage struct {
	page
	Base                     string
	AnonymousRate, TokenRate string
	LicenceID                string // the open data's, as the operator set it
	Programmes               []apiPageProgramme
	Operations               []apiPageOperation
}

// apiDocs serves the API page.
func (s *Server) apiDocs(w http.ResponseWriter, r *http.Request) error {
	snap, err := s.content.Get(r.Context())
	if err != nil {
		return err
	}
	ops, err := apiOperations()
	if err != nil {
		return err
	}
	return s.servePage(w, r, snap, nil, func(r *http.Request) ([]byte, error) {
		l := s.localizer(r)
		data := apiPage{page: s.newPage(r, l.T("apidocs_title")), Base: s.baseURL}
		data.Description = l.T("apidocs_intro")
		data.Crumbs = []crumb{{Text: l.T("nav_programmes"), Href: localURL(l.Lang, "/")}, {Text: l.T("apidocs_title")}}
		data.LicenceID = s.licence.ID
		data.AnonymousRate, data.TokenRate = s.rateWords(r, s.anonLimit), s.rateWords(r, s.tokenLimit)
		for _, p := range snap.Programmes {
			data.Programmes = append(data.Programmes, apiPageProgramme{Slug: p.Slug, Title: displayTitle(snap.Docs[p.Slug], p.Title), DataHref: localURL(l.Lang, "/"+p.Slug+"/data")})
		}
		for _, op := range ops {
			token := l.T("apidocs_token_none")
			if op.Scope != "" {
				token = l.T("apidocs_token_" + op.Scope)
			}
			data.Operations = append(data.Operations, apiPageOperation{apiOperation: op, Token: token})
		}
		return s.render("apidocs", data)
	})
}

// rateWords says a limit in the reader's words.
func (s *Server) rateWords(r *http.Request, l *limiter) string {
	loc := s.localizer(r)
	if l == nil {
		return loc.T("apidocs_no_limit")
	}
	per := map[bool]string{true: "apidocs_per_minute", false: "apidocs_per_second"}[l.rate.Per >= 60e9]
	n := l.rate.N
	if l.rate.Per > 60e9 {
		n = int(float64(l.rate.N) * 60e9 / float64(l.rate.Per))
	} else if l.rate.Per > 1e9 && l.rate.Per < 60e9 {
		per = "apidocs_per_second"
		n = int(float64(l.rate.N) * 1e9 / float64(l.rate.Per))
	}
	return loc.N(per, n)
}

// The page's template joins the others here, not in pages.go's list, which
// other pages of issue 15 change at the same time.
func init() { pageNames = append(pageNames, "apidocs") }
