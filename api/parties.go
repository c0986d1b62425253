package api

import (
	"net/http"

	"github.com/elac/bitacora/param"
)

// parties lists the party register.
func (a *API) parties(w http.ResponseWriter, r *http.Request) error {
	snap, err := a.d.Content.Get(r.Context())
	if err != nil {
		return err
	}
	return serveJSON(w, r, snap, nil, "", func(*http.Request) (any, error) {
		return map[string]any{"parties": snap.Parties}, nil
	})
}

// party reads the party's roles from the database when its answer is
// not kept yet: a party page's data is the register's, whose order the
// store's query gives.
func (a *API) party(w http.ResponseWriter, r *http.Request) error {
	id, err := param.Path(r, "id", param.Slug)
	if err != nil {
		return err
	}
	snap, err := a.d.Content.Get(r.Context())
	if err != nil {
		return err
	}
	if _, err := snap.Party(id); err != nil {
		return err
	}
	return serveJSON(w, r, snap, nil, "", func(r *http.Request) (any, error) {
		return a.d.Store.Party(r.Context(), id)
	})
}
