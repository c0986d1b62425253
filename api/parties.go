package api

import (
	"net/http"

	"github.com/elac/bitacora/param"
	"github.com/elac/bitacora/published"
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
		if to := published.Survivor(err); to != "" {
			// A party merged into another: the survivor answers, at its
			// own address (308: a client may repeat any request there).
			http.Redirect(w, r, "/api/v1/parties/"+to, http.StatusPermanentRedirect)
			return nil
		}
		return err
	}
	return serveJSON(w, r, snap, nil, "", func(r *http.Request) (any, error) {
		return a.d.Store.Party(r.Context(), id)
	})
}
