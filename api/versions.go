package api

import (
	"net/http"

	"github.com/elac/bitacora/param"
	"github.com/elac/bitacora/published"
)

// versions lists a programme's approved versions.
func (a *API) versions(w http.ResponseWriter, r *http.Request) error {
	slug, err := param.Path(r, "slug", param.Slug)
	if err != nil {
		return err
	}
	vs, err := a.d.Store.Versions(r.Context(), slug)
	if err != nil {
		return err
	}
	WriteJSON(w, http.StatusOK, map[string]any{"versions": vs})
	return nil
}

// version answers a programme whole as it stood in one version.
func (a *API) version(w http.ResponseWriter, r *http.Request) error {
	slug, err := param.Path(r, "slug", param.Slug)
	if err != nil {
		return err
	}
	n, err := param.Int(r, "version")
	if err != nil {
		return err
	}
	ver, err := a.d.Store.VersionDocument(r.Context(), slug, n)
	if err != nil {
		return err
	}
	WriteJSON(w, http.StatusOK, map[string]any{"number": ver.Number, "approved_on": ver.ApprovedOn, "document": ver.Document, "identities": ver.Identities})
	return nil
}

// diff compares two versions (?from=1&to=2): the versions page's diff
// as JSON.
func (a *API) diff(w http.ResponseWriter, r *http.Request) error {
	slug, err := param.Path(r, "slug", param.Slug)
	if err != nil {
		return err
	}
	from, to, err := param.DiffVersions(r)
	if err != nil {
		return err
	}
	d, err := published.Diff(r.Context(), a.d.Store, slug, from, to)
	if err != nil {
		return err
	}
	WriteJSON(w, http.StatusOK, d)
	return nil
}
