package api

import (
	"net/http"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/param"
)

// periods lists a programme's reporting periods.
func (a *API) periods(w http.ResponseWriter, r *http.Request) error {
	snap, doc, err := a.document(r)
	if err != nil {
		return err
	}
	return serveJSON(w, r, snap, nil, "", func(*http.Request) (any, error) {
		return map[string]any{"periods": snap.Periods[doc.Programme.Slug]}, nil
	})
}

// setPeriods replaces a programme's periods: {"periods": [...]}.
func (a *API) setPeriods(w http.ResponseWriter, r *http.Request) error {
	slug, err := param.Path(r, "slug", param.Slug)
	if err != nil {
		return err
	}
	var in struct {
		Periods []bitacora.Period `json:"periods"`
	}
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	p, err := a.d.Principal(r)
	if err != nil {
		return err
	}
	if err := a.d.Periods.Set(bitacora.WithPrincipal(r.Context(), p), slug, in.Periods); err != nil {
		return err
	}
	return a.periods(w, r)
}
