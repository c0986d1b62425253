package api

import (
	"net/http"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/param"
)

// weights answers the weights the secretariat set for a programme's
// activities in its progress (absent: 1).
func (a *API) weights(w http.ResponseWriter, r *http.Request) error {
	snap, doc, err := a.document(r)
	if err != nil {
		return err
	}
	return serveJSON(w, r, snap, nil, "", func(*http.Request) (any, error) {
		return map[string]any{"weights": snap.Weights[doc.Programme.Slug]}, nil
	})
}

// setWeights replaces the weights of a programme's activities in its
// progress: {"weights": {"1.1": 2, "1.2": 0.5}}; activities not named
// weigh 1.
func (a *API) setWeights(w http.ResponseWriter, r *http.Request) error {
	slug, err := param.Path(r, "slug", param.Slug)
	if err != nil {
		return err
	}
	var in struct {
		Weights map[string]float64 `json:"weights"`
	}
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	p, err := a.d.Principal(r)
	if err != nil {
		return err
	}
	if err := a.d.Weights.Set(bitacora.WithPrincipal(r.Context(), p), slug, in.Weights); err != nil {
		return err
	}
	return a.weights(w, r)
}
