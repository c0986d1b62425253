package api

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/elac/bitacora/param"
	"github.com/elac/bitacora/published"
)

// The versions change only when a revision is approved, which is a change
// to the programme's document: their answers are kept in the programme's
// cache, read from the store once per change.

// versions lists a programme's approved versions.
func (a *API) versions(w http.ResponseWriter, r *http.Request) error {
	snap, doc, err := a.document(r)
	if err != nil {
		return err
	}
	return serveJSON(w, r, snap, nil, "", func(r *http.Request) (any, error) {
		vs, err := a.d.Store.Versions(r.Context(), doc.Programme.Slug)
		return map[string]any{"versions": vs}, err
	})
}

// version answers a programme whole as it stood in one version.
func (a *API) version(w http.ResponseWriter, r *http.Request) error {
	snap, doc, err := a.document(r)
	if err != nil {
		return err
	}
	n, err := param.Int(r, "version")
	if err != nil {
		return err
	}
	return serveJSON(w, r, snap, nil, "", func(r *http.Request) (any, error) {
		ver, err := a.d.Store.VersionDocument(r.Context(), doc.Programme.Slug, n)
		if err != nil {
			return nil, err
		}
		return map[string]any{"number": ver.Number, "approved_on": ver.ApprovedOn, "document": ver.Document, "identities": ver.Identities}, nil
	})
}

// diff compares two versions (?from=1&to=2): the versions page's diff
// as JSON.
func (a *API) diff(w http.ResponseWriter, r *http.Request) error {
	snap, doc, err := a.document(r)
	if err != nil {
		return err
	}
	from, to, err := param.DiffVersions(r)
	if err != nil {
		return err
	}
	q := url.Values{"from": {strconv.Itoa(from)}, "to": {strconv.Itoa(to)}}
	return serveJSON(w, r, snap, q, "", func(r *http.Request) (any, error) {
		return published.Diff(r.Context(), a.d.Store, doc.Programme.Slug, from, to)
	})
}
