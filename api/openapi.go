package api

import (
	"compress/gzip"
	_ "embed"
	"net/http"

	"github.com/elac/bitacora/pagecache"
)

// The API's description is one OpenAPI 3.1 document kept beside the
// handlers (openapi.json): served as it is, listed on the site's API page,
// and checked in the tests against the route table and against every
// response the test suite receives, so that the two cannot drift.
//
//go:embed openapi.json
var openAPIJSON []byte

// openAPIPage is the document ready to serve, with its gzip form and ETag.
var openAPIPage = pagecache.New(openAPIJSON, "application/json; charset=utf-8", gzip.BestCompression)

// OpenAPI returns the API's OpenAPI document (not to be changed).
func OpenAPI() []byte { return openAPIJSON }

// openapi serves the description.
func (a *API) openapi(w http.ResponseWriter, r *http.Request) error {
	openAPIPage.Write(w, r, http.StatusOK, pagecache.Revalidate)
	return nil
}

// indexProgramme is a programme as the API's index lists it.
type indexProgramme struct {
	Slug  string `json:"slug"`
	Title string `json:"title"`
	Href  string `json:"href"`
}

// index answers /api/v1/: where to start — the description, the page
// that explains the API, the programmes.
func (a *API) index(w http.ResponseWriter, r *http.Request) error {
	snap, err := a.d.Content.Get(r.Context())
	if err != nil {
		return err
	}
	return serveJSON(w, r, snap, nil, "", func(*http.Request) (any, error) {
		list := make([]indexProgramme, 0, len(snap.Programmes))
		for _, p := range snap.Programmes {
			list = append(list, indexProgramme{Slug: p.Slug, Title: p.Title, Href: "/api/v1/programmes/" + p.Slug})
		}
		return map[string]any{"name": "Bitácora API", "version": "1", "openapi": "/api/v1/openapi.json",
			"documentation": "/en/api", "programmes": list}, nil
	})
}
